"""The content read from real MIME structures: parts, images, links, attachments, phrases."""

from __future__ import annotations

from email.message import EmailMessage

from deliverability.message._content import content_facts


def message(text: str | None, html: str | None, attachment: str | None = None) -> EmailMessage:
    built = EmailMessage()
    built["From"] = "devis@example.com"
    built["Subject"] = "Votre devis"
    if text is not None:
        built.set_content(text)
    if html is not None:
        if text is None:
            built.set_content(html, subtype="html")
        else:
            built.add_alternative(html, subtype="html")
    if attachment is not None:
        built.add_attachment(
            b"MZ", maintype="application", subtype="octet-stream", filename=attachment
        )
    return built


def test_a_plain_and_html_message_that_agree() -> None:
    found = content_facts(
        message("Bonjour, voici le devis.", "<p>Bonjour, voici le devis.</p>"), "Votre devis", False
    )
    assert (found.has_text_part, found.has_html_part) == (True, True)
    assert found.text_html_similarity == 1.0
    assert not found.mismatched_links and not found.shorteners


def test_links_images_and_hidden_text() -> None:
    html = (
        "<html><head><title>hidden</title><style>p{}</style></head><body>"
        '<a href="https://bit.ly/abc">https://www.example.com/devis</a>'
        '<a href="https://track.example.net/c?u=1">Voir sur example.com</a>'
        '<a href="https://www.example.com/">www.example.com</a>'
        '<img src="cid:logo"><img src="https://example.com/p.png"></body></html>'
    )
    found = content_facts(message(None, html), "OFFRE EXCEPTIONNELLE !!!", False)
    assert found.shorteners == ["bit.ly"]
    assert {(link.href_domain, link.text_domain) for link in found.mismatched_links} == {
        ("bit.ly", "www.example.com"),
        ("track.example.net", "example.com"),
    }
    assert found.images == 2
    assert "hidden" not in str(found.html_chars) and found.html_chars < 80
    assert found.subject_capitals == 1.0 and found.subject_exclamations == 3
    assert found.phrases == ["offre exceptionnelle"]


def test_an_executable_attachment_is_named() -> None:
    found = content_facts(message("Ci-joint.", None, attachment="devis.pdf.exe"), "Devis", False)
    assert found.executable_attachments == ["devis.pdf.exe"]


def test_headers_only_say_nothing_of_the_body() -> None:
    found = content_facts(message("x", None), "Devis", True)
    assert not found.has_body

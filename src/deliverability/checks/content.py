"""A message's content, weighted as filters weigh it: structure first, words last. Pure."""

from __future__ import annotations

from collections.abc import Iterator

from deliverability.advice.platform import Platform
from deliverability.codes import content as content_codes
from deliverability.codes import finding
from deliverability.facts import Facts
from deliverability.facts.message import ContentFacts
from deliverability.report import Finding

IMAGE_TEXT_CHARS = 400
"""Fewer visible characters than this beside an image is "image only" (SpamAssassin's
HTML_IMAGE_ONLY_04 counts 0–400 bytes of words)."""
SIMILARITY_FLOOR = 0.5
"""Text and HTML parts sharing less than half their words "differ"."""
CAPITALS_SHARE = 0.7
EXCLAMATIONS = 2


def check(facts: Facts, platform: Platform | None) -> list[Finding]:
    message = facts.message
    if message is None:
        return []
    return list(_findings(message.content))


def _findings(content: ContentFacts) -> Iterator[Finding]:
    if content.subject_capitals >= CAPITALS_SHARE or content.subject_exclamations >= EXCLAMATIONS:
        yield finding(
            content_codes.SUBJECT_SHOUTING,
            {
                "capitals": round(content.subject_capitals * 100),
                "exclamations": content.subject_exclamations,
            },
        )
    if not content.has_body:
        return
    if content.has_html_part and not content.has_text_part:
        yield finding(content_codes.HTML_ONLY)
    if content.images and content.html_chars < IMAGE_TEXT_CHARS and content.has_html_part:
        yield finding(
            content_codes.IMAGE_ONLY, {"images": content.images, "chars": content.html_chars}
        )
    similarity = content.text_html_similarity
    if similarity is not None and similarity < SIMILARITY_FLOOR:
        yield finding(content_codes.TEXT_HTML_DIFFER, {"similarity": round(similarity * 100)})
    if content.shorteners:
        yield finding(content_codes.URL_SHORTENER, {"domains": content.shorteners})
    for link in content.mismatched_links[:3]:
        yield finding(
            content_codes.LINK_TEXT_MISMATCH,
            {"text_domain": link.text_domain, "href_domain": link.href_domain},
        )
    if content.executable_attachments:
        yield finding(
            content_codes.EXECUTABLE_ATTACHMENT, {"names": content.executable_attachments}
        )
    if content.phrases:
        yield finding(content_codes.PHRASES, {"phrases": content.phrases})

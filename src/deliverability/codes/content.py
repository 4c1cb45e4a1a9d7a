"""Finding codes of a message's content, weighted as filters weigh it (SpamAssassin's
rule names and default scores are cited in each; docs/findings.md lists them)."""

from deliverability.codes._code import Code
from deliverability.i18n import N_
from deliverability.report import Severity

_SCORES = "https://github.com/apache/spamassassin/blob/trunk/rules/50_scores.cf"

HTML_ONLY = Code(
    "content.html_only",
    Severity.INFO,
    title=N_("HTML only, no plain-text part"),
    detail=N_(
        "The message has an HTML part and no text/plain alternative. SpamAssassin scores it "
        "(MIME_HTML_ONLY, 0.1 point by default): a small weight, but free to avoid."
    ),
    fix=N_("Send multipart/alternative with a plain-text version of the same content."),
    references=("SpamAssassin MIME_HTML_ONLY (score 0.1)", _SCORES),
)

IMAGE_ONLY = Code(
    "content.image_only",
    Severity.WARNING,
    title=N_("Mostly images, little text"),
    detail=N_(
        "The HTML part shows {images} image(s) and only {chars} characters of text. Filters read text; "
        "a message made of images looks like an attempt to hide it (SpamAssassin HTML_IMAGE_ONLY_04, up to 1.8 points)."
    ),
    fix=N_("Put the message in text, with images as illustration only."),
    references=("SpamAssassin HTML_IMAGE_ONLY_04 (score 1.680 0.342 1.799 1.172)", _SCORES),
)

TEXT_HTML_DIFFER = Code(
    "content.text_html_differ",
    Severity.WARNING,
    title=N_("The text and HTML parts say different things"),
    detail=N_(
        "Only {similarity}% of the words are shared between the plain-text and HTML parts. Filters score "
        "parts that differ (SpamAssassin MPART_ALT_DIFF, up to 2.2 points): a stale text part is the usual cause."
    ),
    fix=N_("Generate the plain-text part from the same content as the HTML part."),
    references=("SpamAssassin MPART_ALT_DIFF (score 2.246 0.724 0.595 0.790)", _SCORES),
)

URL_SHORTENER = Code(
    "content.url_shortener",
    Severity.WARNING,
    title=N_("Links go through a shortener ({domains})"),
    detail=N_(
        "A shortened link hides where it goes, and spammers use them for that reason; SpamAssassin keeps "
        "a list of shorteners and scores a short subject with one (PDS_TINYSUBJ_URISHRT, 1.5 points)."
    ),
    fix=N_("Link to your own domain directly."),
    references=(
        "SpamAssassin 25_url_shortener.cf, PDS_TINYSUBJ_URISHRT (score 1.5)",
        "https://github.com/apache/spamassassin/blob/trunk/rules/25_url_shortener.cf",
    ),
)

LINK_TEXT_MISMATCH = Code(
    "content.link_text_mismatch",
    Severity.WARNING,
    title=N_("A link shows {text_domain} but goes to {href_domain}"),
    detail=N_(
        "The visible text of a link names {text_domain}, and the link goes to {href_domain}. This is the "
        "pattern of phishing, and receivers' phishing filters flag it; a click-tracking domain is the "
        "usual innocent cause (SpamAssassin's nearest default rule is HTTPS_HTTP_MISMATCH, 0.1 point)."
    ),
    fix=N_(
        "Do not write a domain as a link's text unless the link goes there; use a tracking domain under your own domain."
    ),
    references=("SpamAssassin HTTPS_HTTP_MISMATCH (score 0.1)", _SCORES),
)

SUBJECT_SHOUTING = Code(
    "content.subject_shouting",
    Severity.INFO,
    title=N_("The subject shouts"),
    detail=N_(
        "The subject is {capitals}% capitals with {exclamations} exclamation mark(s). Filters score it "
        "(SpamAssassin SUBJ_ALL_CAPS, 0.5 point; PLING_QUERY, 0.1) and readers distrust it."
    ),
    fix=N_("Write the subject in sentence case, without exclamation marks."),
    references=(
        "SpamAssassin SUBJ_ALL_CAPS (score 0.5)",
        "SpamAssassin PLING_QUERY (score 0.1)",
        _SCORES,
    ),
)

EXECUTABLE_ATTACHMENT = Code(
    "content.executable_attachment",
    Severity.ERROR,
    title=N_("Executable attachment: {names}"),
    detail=N_(
        "Gmail and Outlook.com block attachments that can run code, and filters score them (SpamAssassin "
        "MICROSOFT_EXECUTABLE, MALW_ATTACH up to 2.7 points)."
    ),
    fix=N_("Send a link to the file on your own site instead, or a PDF."),
    references=(
        "https://support.google.com/mail/answer/6590",
        "SpamAssassin MICROSOFT_EXECUTABLE (score 0.1), MALW_ATTACH (score 2.699 2.499 2.699 2.499)",
    ),
)

PHRASES = Code(
    "content.phrases",
    Severity.INFO,
    title=N_("Phrases often listed as spam triggers: {phrases}"),
    detail=N_(
        "Marketing guides list these phrases as ones filters are sensitive to. Today's filters weigh the "
        "sender's reputation and authentication far more than words: fix those first; a phrase alone "
        "rarely sends a message to spam."
    ),
    fix=N_("Nothing needs to change for these words alone; prefer plain, factual wording."),
    references=("deliverability/message/data/phrases.toml (a source per phrase)",),
)

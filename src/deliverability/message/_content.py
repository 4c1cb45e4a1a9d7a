"""The shape of a message's content, as spam filters still score it: text and HTML parts,
images, links, the subject, attachments, listed phrases. Facts only; the content rules
weigh them. Pure, bounded: at most :data:`MAX_PARTS` parts and :data:`MAX_TEXT_CHARS`
characters of each are read.
"""

from __future__ import annotations

import functools
import re
import tomllib
from collections.abc import Iterator
from email.message import EmailMessage, Message
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

from deliverability.domains import organizational_domain
from deliverability.facts.message import ContentFacts, LinkFact

DATA = Path(__file__).parent / "data"
MAX_PARTS = 100
MAX_TEXT_CHARS = 1_000_000
MAX_LINKS = 500
MAX_LINK_DOMAINS = 100

_EXECUTABLE = frozenset(
    {
        "exe", "scr", "com", "bat", "cmd", "pif", "vbs", "vbe", "js", "jse", "wsf", "wsh",
        "msi", "jar", "cpl", "hta", "lnk", "ps1", "reg", "iso", "img", "dll",
    }
)  # fmt: skip
_DOMAIN_IN_TEXT = re.compile(r"\b((?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,24})\b", re.I)
_URL_IN_TEXT = re.compile(r"\bhttps?://[^\s<>\"'()]{1,2000}", re.I)
_WORD = re.compile(r"\w+", re.U)


def content_facts(message: EmailMessage, subject: str | None, headers_only: bool) -> ContentFacts:
    """What the content is made of; an empty fact when only headers were given."""
    capitals, exclamations = _subject(subject or "")
    if headers_only:
        return ContentFacts.model_construct(
            subject_capitals=capitals, subject_exclamations=exclamations
        )
    text_parts: list[str] = []
    html_parts: list[str] = []
    images = 0
    attachments: list[str] = []
    for part in _parts(message):
        kind = part.get_content_type()
        filename = _filename(part)
        if filename is not None:
            if filename.rpartition(".")[2].lower() in _EXECUTABLE:
                attachments.append(filename[:200])
            if kind.startswith("image/"):
                images += 1
            continue
        if kind == "text/plain":
            text_parts.append(_text(part))
        elif kind == "text/html":
            html_parts.append(_text(part))
        elif kind.startswith("image/"):
            images += 1
    page = _Page()
    for html in html_parts:
        page.read(html)
    text = " ".join(text_parts)
    visible = " ".join(page.text)
    links = page.links[:MAX_LINKS]
    return ContentFacts.model_construct(
        has_body=True,
        text_chars=len(text.strip()),
        html_chars=len(visible.strip()),
        has_text_part=bool(text_parts),
        has_html_part=bool(html_parts),
        images=images + page.images,
        text_html_similarity=_similarity(text, visible) if text_parts and html_parts else None,
        link_domains=_link_domains(links, text),
        shorteners=sorted({domain for domain, _ in links if domain in _shorteners()})[:20],
        mismatched_links=_mismatched(links)[:20],
        subject_capitals=capitals,
        subject_exclamations=exclamations,
        executable_attachments=attachments[:20],
        phrases=_phrases(f"{subject or ''} {text} {visible}"),
    )


def _parts(message: Message) -> Iterator[Message]:
    for count, part in enumerate(message.walk()):
        if count >= MAX_PARTS:
            return
        if not part.is_multipart():
            yield part


def _filename(part: Message) -> str | None:
    try:
        name = part.get_filename()
    except Exception:  # noqa: BLE001 - a hostile Content-Disposition
        return None
    disposition = (part.get("content-disposition") or "").lower()
    if name is None and not disposition.startswith("attachment"):
        return None
    return str(name or "")


def _text(part: Message) -> str:
    try:
        payload = part.get_payload(decode=True)
    except Exception:  # noqa: BLE001 - a hostile transfer encoding
        return ""
    if not isinstance(payload, bytes):
        return ""
    charset = part.get_content_charset() or "utf-8"
    try:
        text = payload[: MAX_TEXT_CHARS * 4].decode(charset, "replace")
    except LookupError:
        text = payload[: MAX_TEXT_CHARS * 4].decode("utf-8", "replace")
    return text[:MAX_TEXT_CHARS]


class _Page(HTMLParser):
    """Visible text, images and links (target domain, text) of HTML parts."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.text: list[str] = []
        self.links: list[tuple[str, str]] = []
        self.images = 0
        self._href: str | None = None
        self._anchor: list[str] = []
        self._hidden = 0

    def read(self, html: str) -> None:
        try:
            self.feed(html)
            self.close()
        except Exception:  # noqa: BLE001, S110 - html.parser is lenient; keep what was read
            pass

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("style", "script", "head", "title"):
            self._hidden += 1
        elif tag == "img":
            self.images += 1
        elif tag == "a":
            href = dict(attrs).get("href") or ""
            self._href, self._anchor = _link_domain(href), []

    def handle_endtag(self, tag: str) -> None:
        if tag in ("style", "script", "head", "title") and self._hidden:
            self._hidden -= 1
        elif tag == "a" and self._href is not None:
            if len(self.links) < MAX_LINKS:
                self.links.append((self._href, " ".join(self._anchor)))
            self._href = None

    def handle_data(self, data: str) -> None:
        if self._hidden:
            return
        if sum(len(t) for t in self.text) < MAX_TEXT_CHARS:
            self.text.append(data)
        if self._href is not None:
            self._anchor.append(data[:500])


def _link_domain(href: str) -> str | None:
    try:
        parts = urlsplit(href.strip())
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return None
    return parts.hostname.lower().rstrip(".")


def _link_domains(links: list[tuple[str, str]], text: str) -> list[str]:
    """Where the HTML links and the plain text's URLs go: distinct hosts, bounded."""
    in_text = (
        _link_domain(match.group(0)) for match in _URL_IN_TEXT.finditer(text, 0, MAX_TEXT_CHARS)
    )
    hosts = [domain for domain, _ in links] + [host for host in in_text if host]
    return [host[:255] for host in dict.fromkeys(hosts)][:MAX_LINK_DOMAINS]


def _mismatched(links: list[tuple[str, str]]) -> list[LinkFact]:
    """Links whose visible text names a domain other than the one the link goes to."""
    found: list[LinkFact] = []
    for href_domain, text in links:
        match = _DOMAIN_IN_TEXT.search(text)
        if match is None:
            continue
        shown = match.group(1).lower()
        if organizational_domain(shown) != organizational_domain(href_domain):
            found.append(
                LinkFact.model_construct(href_domain=href_domain[:255], text_domain=shown[:255])
            )
    return found


def _similarity(text: str, html: str) -> float:
    """Share of words the two parts have in common (Jaccard over word sets)."""
    first = set(_WORD.findall(text.lower()))
    second = set(_WORD.findall(html.lower()))
    if not first and not second:
        return 1.0
    return round(len(first & second) / len(first | second), 2)


def _subject(subject: str) -> tuple[float, int]:
    letters = [char for char in subject if char.isalpha()]
    capitals = sum(1 for char in letters if char.isupper())
    share = round(capitals / len(letters), 2) if len(letters) >= 10 else 0.0
    return share, subject.count("!")


def _phrases(text: str) -> list[str]:
    lowered = " ".join(text.lower().split())
    return [phrase for phrase in _phrase_list() if phrase in lowered][:20]


@functools.cache
def _phrase_list() -> tuple[str, ...]:
    data = tomllib.loads((DATA / "phrases.toml").read_text(encoding="utf-8"))
    return tuple(entry["phrase"].lower() for entry in data["phrase"])


@functools.cache
def _shorteners() -> frozenset[str]:
    data = tomllib.loads((DATA / "shorteners.toml").read_text(encoding="utf-8"))
    return frozenset(data["domains"])

"""Text from the outside world made safe to print: one place, for every human-readable format.

A TXT record, an SMTP reply or a pasted bounce may hold characters that change what a reader
sees rather than what is written: a line feed or carriage return starts a line the tool did
not write (a forged ``✔ OK`` at finding indentation), ESC and the other C0/C1 controls move
the cursor or recolour the terminal, bidirectional controls reorder the text around them
(``example.com`` shown where ``moc.elpmaxe`` is written), and zero-width or line-separator
characters hide or split text. :func:`safe` shows each of them as an escape (``\\n``,
``\\x1b``, ``\\u202e``), so the text stays on its line and reads as it is written.
"""

from __future__ import annotations

import re

_UNSAFE = re.compile(
    "["
    "\x00-\x1f\x7f-\x9f"  # C0 (with TAB, LF, CR), DEL and C1 controls
    "\u061c"  # ARABIC LETTER MARK: a bidirectional mark
    "\u200b-\u200f"  # zero-width space, non-joiner, joiner; LEFT-TO-RIGHT and RIGHT-TO-LEFT MARK
    "\u2028-\u202e"  # LINE and PARAGRAPH SEPARATOR; bidirectional embeddings and overrides
    "\u2060-\u2064"  # WORD JOINER and the invisible operators
    "\u2066-\u2069"  # bidirectional isolates
    "\ufeff"  # ZERO WIDTH NO-BREAK SPACE (byte order mark)
    "\ufff9-\ufffb"  # interlinear annotation marks: hide the text between them
    "]"
)
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def safe(text: str) -> str:
    """``text`` with every character of :data:`_UNSAFE` shown as an escape, on one line."""
    return _UNSAFE.sub(_escape, text)


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    code = ord(char)
    return _NAMED.get(char) or (f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")

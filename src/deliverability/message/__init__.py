"""A message analysed: "why did THIS mail land in spam?"

    report = await deliverability.analyse_message(raw_bytes, platform=platform)

Reading a message is pure (``_parse``, ``_received``, ``_content``); its DKIM keys are
fetched through the project's resolver (``_keys``) and verified with dkimpy without further
I/O (``_dkim``); the receiver's headers are read only where the receiver is trusted
(``_receiver``); ``_analysis`` runs the whole pipeline. dkimpy and authres load only when
a message is analysed.

The test inbox passes what the receiving server itself knows through :class:`Envelope`:

    report = await deliverability.message.analyse(raw, envelope=Envelope(client_ip=..., helo=...))
"""

from __future__ import annotations

from deliverability.errors import MessageTooLarge
from deliverability.message._analysis import (
    UNKNOWN_SENDER,
    analyse,
    analyse_message,
    analyse_message_sync,
)
from deliverability.message._parse import MAX_MESSAGE_BYTES, MAX_RECEIVED, Envelope

__all__ = [
    "MAX_MESSAGE_BYTES",
    "MAX_RECEIVED",
    "UNKNOWN_SENDER",
    "Envelope",
    "MessageTooLarge",
    "analyse",
    "analyse_message",
    "analyse_message_sync",
]

"""Refuse any network traffic beyond loopback, for test suites (ours and users').

An audit hook (PEP 578) sees every ``connect``, ``sendto`` and ``getaddrinfo`` in the
process; while the guard is on, any of them aimed beyond loopback raises
:class:`NetworkBlocked` before a packet leaves.
"""

from __future__ import annotations

import ipaddress
import sys
from typing import Any

_LOOPBACK_NAMES = frozenset({"localhost", "localhost.", "ip6-localhost"})
_state = {"installed": False, "on": False}


class NetworkBlocked(RuntimeError):
    """A test tried to reach an address beyond loopback."""

    def __init__(self, event: str, target: object) -> None:
        self.event = event
        self.target = target
        super().__init__(f"{event} to {target!r} refused: tests may only use loopback")


def _is_loopback(host: object) -> bool:
    if isinstance(host, bytes):
        host = host.decode("ascii", "replace")
    if not isinstance(host, str):
        return True  # AF_UNIX paths and the like never leave the machine
    if host in _LOOPBACK_NAMES or host == "":
        return True
    try:
        return ipaddress.ip_address(host.split("%")[0]).is_loopback
    except ValueError:
        return False


def _hook(event: str, args: tuple[Any, ...]) -> None:
    if not _state["on"]:
        return
    if event in ("socket.connect", "socket.sendto", "socket.sendmsg"):
        address = args[1] if len(args) > 1 else None
        if isinstance(address, tuple) and address and not _is_loopback(address[0]):
            raise NetworkBlocked(event, address)
    elif (
        event == "socket.getaddrinfo" and args and args[0] is not None and not _is_loopback(args[0])
    ):
        raise NetworkBlocked(event, args[0])


def enable() -> None:
    """Turn the guard on (installing the audit hook once per process)."""
    if not _state["installed"]:
        sys.addaudithook(_hook)
        _state["installed"] = True
    _state["on"] = True


def disable() -> None:
    """Turn the guard off (the hook stays, inert: audit hooks cannot be removed)."""
    _state["on"] = False

"""Hostile SMTP servers written with raw asyncio streams: they say what no well-behaved server says.

Each runs in its own thread on loopback like the library's test servers: a
:class:`StreamServer` runs one script per connection, and the script does what no
well-behaved server does.
"""

from __future__ import annotations

import asyncio
import ssl
from collections.abc import Awaitable, Callable

import trustme

from deliverability._background import BackgroundServer

Handler = Callable[[asyncio.StreamReader, asyncio.StreamWriter], Awaitable[None]]


class StreamServer(BackgroundServer):
    """A loopback TCP (or TLS from the first byte) server that runs ``handler`` per connection."""

    def __init__(self, handler: Handler, *, tls: ssl.SSLContext | None = None) -> None:
        super().__init__()
        self._handler = handler
        self._tls = tls
        self._server: asyncio.base_events.Server | None = None

    async def _open(self) -> None:
        self._server = await asyncio.start_server(self._serve, self.host, self.port, ssl=self._tls)
        self.port = self._server.sockets[0].getsockname()[1]

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            await self._handler(reader, writer)
        except (ConnectionError, ssl.SSLError, asyncio.IncompleteReadError):
            pass  # the client went away: that is its right
        finally:
            writer.close()

    async def _close(self) -> None:
        if self._server is not None:
            self._server.close()


def server_context(leaf: trustme.LeafCert) -> ssl.SSLContext:
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    leaf.configure_cert(context)
    return context


async def huge_banner(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    """A greeting of 10 MB with no line end."""
    chunk = b"220 " + b"x" * (1024 * 1024)
    for _ in range(10):
        writer.write(chunk)
        await writer.drain()
    await reader.read()


async def endless_banner(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    """A multi-line greeting whose last line never comes: one continuation line every 50 ms."""
    while not writer.is_closing():  # until the client gives up
        writer.write(b"220-still greeting you\r\n")
        await writer.drain()
        await asyncio.sleep(0.05)


def slow(delay: float):
    """A server that answers every command correctly, each after ``delay`` seconds."""

    async def script(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        replies = {"EHLO": "250-slow.smtp-submit.test\r\n250 AUTH PLAIN", "AUTH": "235 2.7.0 OK"}
        line = b"greeting"
        while line:
            verb = line.split(b" ", 1)[0].decode("ascii", "replace").upper()
            await asyncio.sleep(delay)
            if verb == "QUIT":
                writer.write(b"221 2.0.0 Bye\r\n")
                return
            reply = "220 slow.smtp-submit.test ESMTP" if verb == "GREETING" else replies.get(verb)
            writer.write(f"{reply or '250 2.0.0 OK'}\r\n".encode())
            await writer.drain()
            line = await reader.readline()

    return script


def wordy(lines: int, width: int):
    """A server whose every reply is ``lines`` lines of ``width`` bytes and more: the greeting,
    the EHLO keywords and the AUTH refusal."""

    def reply(code: int, text: str, last: str) -> bytes:
        body = "".join(f"{code}-{text}{number:06} {'y' * width}\r\n" for number in range(lines))
        return f"{body}{code} {last}\r\n".encode()

    async def script(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        writer.write(reply(220, "greeting", "wordy.smtp-submit.test ESMTP"))
        while line := await reader.readline():
            verb = line.split(b" ", 1)[0].decode("ascii", "replace").upper()
            if verb == "QUIT":
                writer.write(b"221 2.0.0 Bye\r\n")
                return
            if verb == "EHLO":
                writer.write(reply(250, "X-EXTENSION", "AUTH PLAIN LOGIN"))
            elif verb == "AUTH":
                writer.write(reply(535, "5.7.8 refused", "5.7.8 Authentication failed"))
            else:
                writer.write(b"250 2.0.0 OK\r\n")
            await writer.drain()

    return script

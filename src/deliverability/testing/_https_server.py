"""A real HTTPS server on loopback (trustme certificates) that serves given paths.

For the MTA-STS policy and BIMI documents in tests, demos and users' own CI::

    ca = trustme.CA()
    with HttpsServer(certificate=ca.issue_cert("mta-sts.example.test"),
                     routes={"/.well-known/mta-sts.txt": b"version: STSv1\\n..."}) as server:
        client = HttpsClient(policy=AddressPolicy(allow_private=True), port=server.port,
                             ca_file=ca_path)   # loopback is private: tests opt in explicitly

A route is the body (status 200) or a :class:`Page` (any status, headers), keyed by path
(``/logo.svg``) or by host and path (``bimi.example.test/logo.svg``, tried first, so one server
can stand for several hosts). Unknown paths get 404. Each request's ``Host`` header and path are recorded in :attr:`HttpsServer.requests`.
"""

from __future__ import annotations

import asyncio
import ssl
from collections.abc import Mapping
from dataclasses import dataclass, field

import trustme

from deliverability._background import BackgroundServer

_MAX_REQUEST = 16 * 1024


@dataclass(frozen=True, slots=True)
class Page:
    """What the server answers for a path."""

    body: bytes = b""
    status: int = 200
    headers: Mapping[str, str] = field(default_factory=dict)


class HttpsServer(BackgroundServer):
    """HTTP/1.1 over TLS on loopback; one request per connection."""

    def __init__(
        self,
        *,
        certificate: trustme.LeafCert,
        routes: Mapping[str, bytes | Page],
        host: str = "127.0.0.1",
        port: int = 0,
    ) -> None:
        super().__init__(host=host, port=port)
        self._context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        certificate.configure_cert(self._context)
        self.routes = {
            path: page if isinstance(page, Page) else Page(body=page)
            for path, page in routes.items()
        }
        self.requests: list[tuple[str, str]] = []
        """``(host header, path)`` of each request received."""
        self._server: asyncio.base_events.Server | None = None

    async def _open(self) -> None:
        self._server = await asyncio.start_server(
            self._serve, self.host, self.port, ssl=self._context
        )
        self.port = self._server.sockets[0].getsockname()[1]

    async def _close(self) -> None:
        if self._server is not None:
            self._server.close()
            self._server = None

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            head = await reader.readuntil(b"\r\n\r\n")
        except (asyncio.IncompleteReadError, asyncio.LimitOverrunError, ConnectionError):
            writer.close()
            return
        lines = head[:_MAX_REQUEST].decode("latin-1").split("\r\n")
        parts = lines[0].split(" ")
        path = parts[1] if len(parts) == 3 else "/"
        host = next(
            (
                line.split(":", 1)[1].strip()
                for line in lines[1:]
                if line.lower().startswith("host:")
            ),
            "",
        )
        self.requests.append((host, path))
        page = self.routes.get(host.split(":")[0] + path) or self.routes.get(path)
        page = page or Page(b"not found", 404)
        headers = {"Content-Length": str(len(page.body)), "Connection": "close", **page.headers}
        writer.write(
            f"HTTP/1.1 {page.status} X\r\n".encode()
            + "".join(f"{name}: {value}\r\n" for name, value in headers.items()).encode()
            + b"\r\n"
            + page.body
        )
        try:
            await writer.drain()
            writer.close()
            await writer.wait_closed()
        except (ConnectionError, ssl.SSLError):
            pass

"""A server running its own event loop in a daemon thread: the loopback test peers, and the
test inbox's SMTP listener beside the dashboard (whose WSGI server owns the main thread).

Sync tests, async tests, the CLI and the dashboard all use such a server the same way, as a
context manager; a subclass binds its sockets in :meth:`_open` and releases them in
:meth:`_close`.
"""

from __future__ import annotations

import asyncio
import threading
from typing import Self


class BackgroundServer:
    """Base of the background servers: start() binds in the server's own thread, stop() ends it."""

    def __init__(self, *, host: str = "127.0.0.1", port: int = 0) -> None:
        self.host = host
        self.port = port
        """The bound port (an ephemeral one when 0 was asked for), known once started."""
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None

    @property
    def address(self) -> str:
        """``host:port`` (IPv6 in brackets)."""
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"{host}:{self.port}"

    def start(self) -> Self:
        """Bind, then serve in a daemon thread; raises what binding raised."""
        ready = threading.Event()
        errors: list[BaseException] = []

        def serve() -> None:
            loop = asyncio.new_event_loop()
            self._loop = loop
            try:
                loop.run_until_complete(self._open())
            except BaseException as exc:  # handed to the caller of start()
                errors.append(exc)
                loop.run_until_complete(self._close())
                loop.close()
                ready.set()
                return
            ready.set()
            loop.run_forever()
            loop.run_until_complete(self._shutdown())
            loop.close()

        self._thread = threading.Thread(
            target=serve, name=f"loopback-{type(self).__name__}", daemon=True
        )
        self._thread.start()
        ready.wait()
        if errors:
            self._loop = self._thread = None
            raise errors[0]
        return self

    def stop(self) -> None:
        if self._loop is not None and self._thread is not None:
            self._loop.call_soon_threadsafe(self._loop.stop)
            self._thread.join(timeout=5)
        self._loop = self._thread = None

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    async def _open(self) -> None:
        """Bind the sockets and set ``self.port``."""
        raise NotImplementedError

    async def _close(self) -> None:
        """Release the sockets (also called after a failed :meth:`_open`)."""

    async def _shutdown(self) -> None:
        await self._close()
        tasks = [task for task in asyncio.all_tasks() if task is not asyncio.current_task()]
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)

"""The base of the stand-ins for services this machine cannot reach: an aiohttp app on a free local port.

    class MoodleStandIn(LocalServer):
        def app(self) -> web.Application: ...    # the service's routes
    async with MoodleStandIn() as moodle:        # started on a free port (moodle.url), stopped on the way out

A stand-in whose address ends in a slash (a Connector's serviceUrl) sets `path = "/"`; one served over TLS returns
its context from `tls()`.
"""

from __future__ import annotations

import ssl
from types import TracebackType
from typing import Self

from aiohttp import web


class LocalServer:
    url: str = ""
    path: str = ""  # what `url` ends in after the port
    _runner: web.AppRunner | None = None

    def app(self) -> web.Application:
        raise NotImplementedError

    def tls(self) -> ssl.SSLContext | None:
        """The server's TLS context; None serves plain HTTP."""
        return None

    async def start(self) -> None:
        tls = self.tls()
        self._runner = web.AppRunner(self.app(), access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0, ssl_context=tls)
        await site.start()
        port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]  # pyright: ignore
        self.url = f"{'https' if tls else 'http'}://127.0.0.1:{port}{self.path}"

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()

    async def __aenter__(self) -> Self:
        await self.start()
        return self

    async def __aexit__(self, kind: type[BaseException] | None, error: BaseException | None,
                        traceback: TracebackType | None) -> None:
        await self.stop()

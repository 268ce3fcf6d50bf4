"""A OneDrive upload session stand-in for Teams' file consent flow: takes the PUT of the file and keeps it.

    async with UploadStandIn() as onedrive:   # started on a free port, stopped on the way out
        await chat.file_consent(context, onedrive.info("report.xlsx", file_type="xlsx", unique_id="1D2F-0002"))
        onedrive.files["report.xlsx"]         # the bytes the bot uploaded
"""

from __future__ import annotations

from typing import Any

from aiohttp import web

from tests.support.local_server import LocalServer


class UploadStandIn(LocalServer):
    """Takes the PUT of an upload session (as OneDrive does for Teams' file consent) and keeps the bytes and
    the request headers, by file name."""

    def __init__(self) -> None:
        self.files: dict[str, bytes] = {}
        self.headers: dict[str, dict[str, str]] = {}

    async def _put(self, request: web.Request) -> web.Response:
        name = request.match_info["name"]
        self.files[name] = await request.read()
        self.headers[name] = dict(request.headers)
        return web.json_response({"id": name, "name": name}, status=201)

    def app(self) -> web.Application:
        app = web.Application(client_max_size=20 * 1024 * 1024)
        app.router.add_put("/upload/{name}", self._put)
        return app

    def info(self, name: str, file_type: str, unique_id: str) -> dict[str, Any]:
        """The uploadInfo Teams sends when the user allows the file (fileConsent/invoke, action accept)."""
        return {"name": name, "uploadUrl": f"{self.url}/upload/{name}", "contentUrl": f"https://onedrive.example/{name}",
                "uniqueId": unique_id, "fileType": file_type}

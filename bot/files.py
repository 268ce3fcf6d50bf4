"""Files to a user in Teams: the file consent flow.

A bot cannot attach a document to a chat message. It sends a file consent card; when the user allows it,
Teams sends the invoke `fileConsent/invoke` with an `uploadInfo.uploadUrl` (a OneDrive upload session); the
bot PUTs the bytes there and then posts a file info card pointing at the stored file. The app manifest needs
`supportsFiles: true`; this works in the personal chat with the bot.
"""

from __future__ import annotations

import aiohttp

from bot.delivery import with_retries

FILE_CONSENT_INVOKE = "fileConsent/invoke"
UPLOAD_TIMEOUT_S = 60


async def upload_file(upload_url: str, content: bytes) -> None:
    """PUT the whole file in one range, as OneDrive upload sessions take it; 429 / 5xx retried."""
    size = len(content)
    headers = {"Content-Length": str(size), "Content-Range": f"bytes 0-{size - 1}/{size}"}

    async def put() -> None:
        timeout = aiohttp.ClientTimeout(total=UPLOAD_TIMEOUT_S)
        async with aiohttp.ClientSession(timeout=timeout) as session, \
                session.put(upload_url, data=content, headers=headers) as response:
            response.raise_for_status()

    await with_retries(put, what="file upload")

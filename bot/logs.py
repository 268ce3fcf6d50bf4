"""Logging: one line per turn from the bot, the SDK kept quiet, secrets never printed."""

from __future__ import annotations

import logging
import re

_SECRET = re.compile(r"(?i)(bearer\s+|password=|secret=|token=)[^\s&\"']+")


class _Quiet(logging.Filter):
    """Drops the SDK's per-turn notice in local mode and masks anything that looks like a credential."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if "App ID is not provided" in message:
            return False
        if _SECRET.search(message):
            record.msg = _SECRET.sub(r"\1***", message)
            record.args = None
        return True


def configure_logging(level: int = logging.INFO) -> None:
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.addFilter(_Quiet())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    # The SDK logs every request at INFO; ours is the one line per turn.
    for noisy in ("microsoft_agents", "aiohttp.access", "azure", "httpx", "msal", "alembic.runtime.plugins", "apscheduler"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    # Without MicrosoftAppId (local mode, by design) the SDK warns "App ID is not provided" on every turn.
    logging.getLogger("microsoft_agents.hosting.core.connector.client.user_token_client").setLevel(logging.ERROR)

"""Logging: one line per turn from the bot, the SDK kept quiet, secrets never printed."""

from __future__ import annotations

import logging
import re

_SECRET = re.compile(r"(?i)(bearer\s+|password=|secret=|token=)[^\s&\"']+")
_URL_PASSWORD = re.compile(r"(://[^/?#@:\s]*:)[^/?#\s]*@")  # scheme://user:password@host


def mask_secrets(text: str) -> str:
    """Bearer tokens, password= / secret= / token= values and URL passwords replaced by ***."""
    return _URL_PASSWORD.sub(r"\1***@", _SECRET.sub(r"\1***", text))


class _Quiet(logging.Filter):
    """Drops the SDK's per-turn notice in local mode."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "App ID is not provided" not in record.getMessage()


class MaskingFormatter(logging.Formatter):
    """Masks credentials in the whole line, tracebacks included (a driver's error may quote a DSN)."""

    def format(self, record: logging.LogRecord) -> str:
        return mask_secrets(super().format(record))


def configure_logging(level: int = logging.INFO) -> None:
    handler = logging.StreamHandler()
    handler.setFormatter(MaskingFormatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.addFilter(_Quiet())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    # The SDK logs every request at INFO; ours is the one line per turn.
    for noisy in ("microsoft_agents", "aiohttp.access", "azure", "httpx", "msal", "alembic.runtime.plugins", "apscheduler"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    # Without MicrosoftAppId (local mode, by design) the SDK warns "App ID is not provided" on every turn.
    logging.getLogger("microsoft_agents.hosting.core.connector.client.user_token_client").setLevel(logging.ERROR)

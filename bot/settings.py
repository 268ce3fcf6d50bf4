"""Process settings from the environment and an optional `.env` file (CONTRACT §2, §3)."""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, fields
from pathlib import Path

from dotenv import dotenv_values
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

from bot.trust import parse_trusted_entry

DEFAULT_DATABASE_URL = "sqlite+aiosqlite:///data/tutorbot.db"
DEFAULT_GRAPH_BASE_URL = "https://graph.microsoft.com/v1.0"
# Where the Bot Framework publishes the keys that sign its tokens to bots (public cloud; CONTRACT §2).
DEFAULT_BOT_OPENID_METADATA_URL = "https://login.botframework.com/v1/.well-known/openidconfiguration"
# Where the bot gets its own token for the Connector (Microsoft Entra ID, public cloud).
DEFAULT_BOT_LOGIN_URL = "https://login.microsoftonline.com"
SINGLE_TENANT = "SingleTenant"
MULTI_TENANT = "MultiTenant"
_APP_TYPES = {t.lower(): t for t in (SINGLE_TENANT, MULTI_TENANT)}
_URL_PASSWORD = re.compile(r"(://[^/?#@:]*:)[^/?#]*@")
_QUERY_SECRET = re.compile(r"(?i)([?&](?:password|passwd|pwd|secret|token)=)[^&#]*")


def mask_url(url: str) -> str:
    """The URL with any password (user:password@ or ?password=) replaced by ***, for logs and messages."""
    return _QUERY_SECRET.sub(r"\1***", _URL_PASSWORD.sub(r"\1***@", url))


@dataclass(frozen=True)
class Settings:
    host: str = "127.0.0.1"
    port: int = 3978
    database_url: str = DEFAULT_DATABASE_URL
    tz_name: str = "Asia/Almaty"
    app_id: str = ""
    app_password: str = field(default="", repr=False)
    app_type: str = SINGLE_TENANT
    app_tenant_id: str = ""
    allowed_tenant_ids: frozenset[str] = frozenset()
    trusted_service_urls: tuple[str, ...] = ()
    bot_openid_metadata_url: str = DEFAULT_BOT_OPENID_METADATA_URL
    bot_login_url: str = DEFAULT_BOT_LOGIN_URL
    graph_tenant_id: str = ""
    graph_client_id: str = ""
    graph_client_secret: str = field(default="", repr=False)
    graph_access_token: str = field(default="", repr=False)
    graph_base_url: str = DEFAULT_GRAPH_BASE_URL
    teams_app_catalog_id: str = ""  # the org catalog's id of the app (else looked up by the manifest id)
    calendar_backend: str = "local"
    proctoring_api_key: str = field(default="", repr=False)  # PROCTORING_API_KEY: unset, /api/proctoring is 404
    moodle_url: str = ""  # MOODLE_URL: the site (its web services, CONTRACT §9); unset, no Moodle
    moodle_token: str = field(default="", repr=False)  # MOODLE_TOKEN: a web service token, with MOODLE_URL
    gradesheet_days: int = 3  # GRADESHEET_DAYS: working days after a control point to fill the AIS grade sheet
    import_demo_roster: bool = True
    workers: int = 1  # processes serving one port (SO_REUSEPORT), WORKERS
    scheduler_enabled: bool = True

    def __repr__(self) -> str:
        # Secrets are left out (repr=False); the database URL is shown without its password.
        shown = [
            f"{f.name}={mask_url(self.database_url)!r}" if f.name == "database_url" else f"{f.name}={getattr(self, f.name)!r}"
            for f in fields(self)
            if f.repr
        ]
        return f"Settings({', '.join(shown)})"

    @property
    def auth_enabled(self) -> bool:
        return bool(self.app_id)

    @property
    def single_tenant(self) -> bool:
        return self.app_type.lower() == SINGLE_TENANT.lower()

    @property
    def accepted_tenant_ids(self) -> frozenset[str]:
        """Tenants whose activities are served, lower-case; empty means any (local mode without a list)."""
        if self.allowed_tenant_ids:
            return frozenset(t.lower() for t in self.allowed_tenant_ids)
        if self.auth_enabled and self.single_tenant:
            return frozenset({self.app_tenant_id.lower()})
        return frozenset()

    def auth_problem(self) -> str | None:
        """Why the Bot Framework settings cannot be served, or None. Local mode (no MicrosoftAppId) has none."""
        if not self.auth_enabled:
            return None
        if self.app_type.lower() not in _APP_TYPES:
            return f"MicrosoftAppType must be SingleTenant or MultiTenant, not {self.app_type!r}"
        if not self.app_password:
            return "MicrosoftAppPassword (the bot's client secret) is required when MicrosoftAppId is set"
        for name, url in (("BOT_OPENID_METADATA_URL", self.bot_openid_metadata_url), ("BOT_LOGIN_URL", self.bot_login_url)):
            if not url.startswith("https://"):
                return f"{name} must be an https URL, not {mask_url(url)!r}"
        if self.single_tenant and not self.app_tenant_id:
            return ("MicrosoftAppType=SingleTenant (the default) needs MicrosoftAppTenantId, the bot's Entra tenant id; "
                    "or set MicrosoftAppType=MultiTenant with ALLOWED_TENANT_IDS")
        if not self.single_tenant and not self.allowed_tenant_ids:
            return ("MicrosoftAppType=MultiTenant needs ALLOWED_TENANT_IDS (comma list of the tenant ids that may use "
                    "the bot): without it a token from any tenant would be served")
        return None

    @classmethod
    def load(cls, env: Mapping[str, str] | None = None, env_file: Path | None = Path(".env")) -> Settings:
        """Real environment wins over `.env`, which wins over defaults."""
        values: dict[str, str] = {}
        if env_file is not None and env_file.is_file():
            values.update({k: v for k, v in dotenv_values(env_file).items() if v is not None})
        values.update(os.environ if env is None else env)

        def get(name: str, default: str = "") -> str:
            return values.get(name, default).strip()

        app_type = get("MicrosoftAppType") or SINGLE_TENANT
        trusted_service_urls = tuple(u.strip() for u in get("TRUSTED_SERVICE_URLS").split(",") if u.strip())
        for entry in trusted_service_urls:
            parse_trusted_entry(entry)  # a typo is refused at start, not discovered when a reply goes nowhere
        moodle_url, moodle_token = _moodle(get("MOODLE_URL"), get("MOODLE_TOKEN"))
        settings = cls(
            workers=_whole("WORKERS", get("WORKERS", "1"), 1, 64, "a number of processes from 1 to 64"),
            host=get("HOST", "127.0.0.1"),
            port=_whole("PORT", get("PORT", "3978"), 1, 65535, "a TCP port number"),
            database_url=_database_url(get("DATABASE_URL") or DEFAULT_DATABASE_URL),
            tz_name=get("TZ_NAME") or "Asia/Almaty",
            app_id=get("MicrosoftAppId"),
            app_password=get("MicrosoftAppPassword"),
            app_type=_APP_TYPES.get(app_type.lower(), app_type),
            app_tenant_id=get("MicrosoftAppTenantId"),
            allowed_tenant_ids=frozenset(t.strip() for t in get("ALLOWED_TENANT_IDS").split(",") if t.strip()),
            trusted_service_urls=trusted_service_urls,
            bot_openid_metadata_url=get("BOT_OPENID_METADATA_URL") or DEFAULT_BOT_OPENID_METADATA_URL,
            bot_login_url=(get("BOT_LOGIN_URL") or DEFAULT_BOT_LOGIN_URL).rstrip("/"),
            graph_tenant_id=get("GRAPH_TENANT_ID"),
            graph_client_id=get("GRAPH_CLIENT_ID"),
            graph_client_secret=get("GRAPH_CLIENT_SECRET"),
            graph_access_token=get("GRAPH_ACCESS_TOKEN"),
            graph_base_url=(get("GRAPH_BASE_URL") or DEFAULT_GRAPH_BASE_URL).rstrip("/"),
            teams_app_catalog_id=get("TEAMS_APP_CATALOG_ID"),
            calendar_backend=_calendar_backend(get),
            gradesheet_days=_days(get("GRADESHEET_DAYS", "3")),
            proctoring_api_key=get("PROCTORING_API_KEY"),
            moodle_url=moodle_url,
            moodle_token=moodle_token,
            import_demo_roster=get("TUTORBOT_DEMO_ROSTER", "1") not in {"0", "false", "no"},
            scheduler_enabled=get("TUTORBOT_SCHEDULER", "1") not in {"0", "false", "no"},
        )
        # An incomplete Bot Framework configuration does not stop the process: it serves nobody (every activity
        # gets 401, bot/app.py) and says why in the log, so the CLI and /healthz still work while it is fixed.
        return settings


def _whole(name: str, text: str, low: int, high: int, what: str) -> int:
    if not text.isdigit() or not low <= int(text) <= high:
        raise ValueError(f"{name} must be {what}, not {text!r}")
    return int(text)


def _database_url(url: str) -> str:
    try:
        make_url(url)
    except (ArgumentError, ValueError):
        # Not echoed: a URL that does not parse may hide its password where no mask finds it.
        raise ValueError("DATABASE_URL is not a database URL such as "
                         "postgresql+asyncpg://user:password@host/tutorbot or sqlite+aiosqlite:///data/tutorbot.db"
                         ) from None
    return url


def _calendar_backend(get: Callable[[str], str]) -> str:
    """`graph` when Graph is configured (a token, or tenant + client + secret), else `local`, unless set."""
    configured = bool(get("GRAPH_ACCESS_TOKEN")
                      or (get("GRAPH_TENANT_ID") and get("GRAPH_CLIENT_ID") and get("GRAPH_CLIENT_SECRET")))
    backend = get("CALENDAR_BACKEND").lower() or ("graph" if configured else "local")
    if backend not in {"graph", "local"}:
        raise ValueError(f"CALENDAR_BACKEND must be 'graph' or 'local', not {backend!r}")
    return backend


def _days(text: str) -> int:
    if not text.isdigit() or not 1 <= int(text) <= 30:
        raise ValueError(f"GRADESHEET_DAYS must be a number of working days from 1 to 30, not {text!r}")
    return int(text)


def _moodle(url: str, token: str) -> tuple[str, str]:
    """MOODLE_URL and MOODLE_TOKEN: both (Moodle's web services are read) or neither (submissions from a CSV)."""
    if bool(url) != bool(token):
        given, missing = ("MOODLE_URL", "MOODLE_TOKEN") if url else ("MOODLE_TOKEN", "MOODLE_URL")
        raise ValueError(f"{given} is set but {missing} is not: set both (Moodle web services) or neither")
    if url and not url.lower().startswith(("https://", "http://")):
        raise ValueError(f"MOODLE_URL must be the site's address such as https://moodle.example.edu, "
                         f"not {mask_url(url)!r}")
    return url.rstrip("/"), token

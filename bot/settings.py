"""Process settings from the environment and an optional `.env` file (CONTRACT §2, §3)."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from dotenv import dotenv_values

DEFAULT_DATABASE_URL = "sqlite+aiosqlite:///data/tutorbot.db"
DEFAULT_GRAPH_BASE_URL = "https://graph.microsoft.com/v1.0"


@dataclass(frozen=True)
class Settings:
    host: str = "127.0.0.1"
    port: int = 3978
    database_url: str = DEFAULT_DATABASE_URL
    tz_name: str = "Asia/Almaty"
    app_id: str = ""
    app_password: str = field(default="", repr=False)
    app_type: str = "MultiTenant"
    app_tenant_id: str = ""
    allowed_tenant_ids: frozenset[str] = frozenset()
    graph_tenant_id: str = ""
    graph_client_id: str = ""
    graph_client_secret: str = field(default="", repr=False)
    graph_access_token: str = field(default="", repr=False)
    graph_base_url: str = DEFAULT_GRAPH_BASE_URL
    calendar_backend: str = "local"
    import_demo_roster: bool = True
    scheduler_enabled: bool = True

    @property
    def auth_enabled(self) -> bool:
        return bool(self.app_id)

    @classmethod
    def load(cls, env: Mapping[str, str] | None = None, env_file: Path | None = Path(".env")) -> Settings:
        """Real environment wins over `.env`, which wins over defaults."""
        values: dict[str, str] = {}
        if env_file is not None and env_file.is_file():
            values.update({k: v for k, v in dotenv_values(env_file).items() if v is not None})
        values.update(os.environ if env is None else env)

        def get(name: str, default: str = "") -> str:
            return values.get(name, default).strip()

        graph_configured = bool(
            get("GRAPH_ACCESS_TOKEN")
            or (get("GRAPH_TENANT_ID") and get("GRAPH_CLIENT_ID") and get("GRAPH_CLIENT_SECRET"))
        )
        backend = get("CALENDAR_BACKEND").lower() or ("graph" if graph_configured else "local")
        if backend not in {"graph", "local"}:
            raise ValueError(f"CALENDAR_BACKEND must be 'graph' or 'local', not {backend!r}")
        port_text = get("PORT", "3978")
        if not port_text.isdigit() or not 0 < int(port_text) < 65536:
            raise ValueError(f"PORT must be a TCP port number, not {port_text!r}")
        return cls(
            host=get("HOST", "127.0.0.1"),
            port=int(port_text),
            database_url=get("DATABASE_URL") or DEFAULT_DATABASE_URL,
            tz_name=get("TZ_NAME") or "Asia/Almaty",
            app_id=get("MicrosoftAppId"),
            app_password=get("MicrosoftAppPassword"),
            app_type=get("MicrosoftAppType") or "MultiTenant",
            app_tenant_id=get("MicrosoftAppTenantId"),
            allowed_tenant_ids=frozenset(t.strip() for t in get("ALLOWED_TENANT_IDS").split(",") if t.strip()),
            graph_tenant_id=get("GRAPH_TENANT_ID"),
            graph_client_id=get("GRAPH_CLIENT_ID"),
            graph_client_secret=get("GRAPH_CLIENT_SECRET"),
            graph_access_token=get("GRAPH_ACCESS_TOKEN"),
            graph_base_url=(get("GRAPH_BASE_URL") or DEFAULT_GRAPH_BASE_URL).rstrip("/"),
            calendar_backend=backend,
            import_demo_roster=get("TUTORBOT_DEMO_ROSTER", "1") not in {"0", "false", "no"},
            scheduler_enabled=get("TUTORBOT_SCHEDULER", "1") not in {"0", "false", "no"},
        )

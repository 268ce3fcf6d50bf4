"""Calendar backends behind `tutoring.calendar.Calendar` (CONTRACT §3): Microsoft Graph, or local for the embedded default."""

from __future__ import annotations

from bot.calendar.local import LocalCalendar
from bot.settings import Settings
from tutoring.calendar import Calendar


def build_calendar(settings: Settings) -> Calendar:
    """The backend the settings ask for. Graph is imported only when used (msgraph is big)."""
    if settings.calendar_backend != "graph":
        return LocalCalendar()
    from bot.calendar.graph import GraphCalendar

    if settings.graph_access_token:
        return GraphCalendar(settings.graph_base_url, access_token=settings.graph_access_token)
    if settings.graph_tenant_id and settings.graph_client_id and settings.graph_client_secret:
        return GraphCalendar(
            settings.graph_base_url,
            tenant_id=settings.graph_tenant_id,
            client_id=settings.graph_client_id,
            client_secret=settings.graph_client_secret,
        )
    raise ValueError(
        "CALENDAR_BACKEND=graph needs GRAPH_ACCESS_TOKEN, or GRAPH_TENANT_ID, GRAPH_CLIENT_ID and GRAPH_CLIENT_SECRET"
    )


__all__ = ["LocalCalendar", "build_calendar"]

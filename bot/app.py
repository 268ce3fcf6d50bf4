"""The aiohttp application: /api/messages (token, body, service URL and tenant checks, then the SDK) and /healthz."""

from __future__ import annotations

import json
import logging
import os
import warnings
from collections.abc import Awaitable, Callable
from typing import Any

from aiohttp import web
from microsoft_agents.activity import Activity
from microsoft_agents.hosting.core.authorization import ClaimsIdentity
from pydantic import ValidationError

from bot import metrics
from bot.adapter import TutorAdapter, build_adapter
from bot.agent import TutorAgent
from bot.calendar import build_calendar
from bot.demo import import_demo_roster_if_empty
from bot.jobs import register_jobs
from bot.outbox import Deliverer
from bot.proctoring import add_routes as add_proctoring_routes
from bot.reach import personal_chats
from bot.scheduler import Scheduler
from bot.services import Services
from bot.sessions_worker import SessionsWorker
from bot.settings import Settings
from bot.tokens import InboundAuth, Refused, VerifiedToken, activity_tenant
from bot.trust import UntrustedServiceUrl
from storage import Database
from storage.models import utcnow
from tutoring.clock import Clock, SystemClock, local_today

log = logging.getLogger("tutorbot.http")

DATABASE: web.AppKey[Database] = web.AppKey("database", Database)
SETTINGS: web.AppKey[Settings] = web.AppKey("settings", Settings)
DELIVERER: web.AppKey[Deliverer] = web.AppKey("deliverer", Deliverer)
SCHEDULER: web.AppKey[Scheduler] = web.AppKey("scheduler", Scheduler)
SERVICES: web.AppKey[Services] = web.AppKey("services", Services)
SESSIONS_WORKER: web.AppKey[SessionsWorker] = web.AppKey("sessions_worker", SessionsWorker)
Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]
MAX_BODY = 1024 * 1024  # Teams activities are far smaller; anything bigger is not Teams.


def _error(status: int, message: str) -> web.Response:
    return web.json_response({"error": message}, status=status)


def create_app(settings: Settings, database: Database | None = None, clock: Clock | None = None) -> web.Application:
    db = database or Database(settings.database_url)
    adapter, _outbound = build_adapter(settings)
    inbound = InboundAuth(settings, adapter.service_hosts) if settings.auth_enabled else None
    deliverer = Deliverer(db, adapter, settings.app_id, reach=personal_chats(settings, db))
    services = Services(settings=settings, database=db, deliverer=deliverer, clock=clock or SystemClock(),
                        calendar=build_calendar(settings))
    sessions_worker = SessionsWorker(db, services.calendar, services.clock, deliverer.kick)
    services.sessions = sessions_worker
    agent = TutorAgent(db, on_enqueued=deliverer.kick, clock=services.clock, gradesheet_days=settings.gradesheet_days,
                       after_commit=[sessions_worker.after_turn])
    scheduler = Scheduler(settings.tz_name)
    app = web.Application(client_max_size=MAX_BODY)
    app[DATABASE] = db
    app[SETTINGS] = settings
    app[DELIVERER] = deliverer
    app[SCHEDULER] = scheduler
    app[SERVICES] = services
    app[SESSIONS_WORKER] = sessions_worker

    auth_problem = settings.auth_problem()
    if auth_problem:
        log.error("Bot Framework settings are incomplete, every activity will get 401 until fixed: %s", auth_problem)
    app.router.add_post("/api/messages", _messages(settings, adapter, inbound, agent, auth_problem))
    add_proctoring_routes(app, api_key=settings.proctoring_api_key, database=db, clock=services.clock,
                          kick=deliverer.kick)
    app.router.add_get("/healthz", _healthz(db, settings, auth_problem))
    app.router.add_get("/metrics", _metrics_page(db))

    async def start(_app: web.Application) -> None:
        metrics.worker_started()
        await db.migrate()
        if settings.import_demo_roster:
            await import_demo_roster_if_empty(db, local_today(services.clock))
        deliverer.start()
        sessions_worker.kick()  # sessions left pending before a restart
        if settings.scheduler_enabled:
            register_jobs(scheduler, services)
            scheduler.start()

    async def stop(_app: web.Application) -> None:
        scheduler.shutdown()
        await sessions_worker.stop()
        await deliverer.stop()
        await adapter.close()  # the pooled Connector connections
        await services.calendar.close()  # the Graph client's connection pool
        await db.close()

    app.on_startup.append(start)
    app.on_cleanup.append(stop)
    return app


def _messages(settings: Settings, adapter: TutorAdapter, inbound: InboundAuth | None, agent: TutorAgent,
              auth_problem: str | None) -> Handler:
    """POST /api/messages: the token, the body, the tenant and the service URL are checked, then the SDK runs."""

    async def messages(request: web.Request) -> web.StreamResponse:
        # Authentication comes first: an unauthenticated caller learns nothing about body parsing.
        if auth_problem:  # fail closed: nobody can be authenticated safely with these settings
            log.warning("refused a request (401): %s", auth_problem)
            return _error(401, "unauthorized")
        verified: VerifiedToken | None = None
        try:
            if inbound is not None:
                verified = await inbound.verify(request.headers.get("Authorization"))
            body = await _read_activity(request)
            if isinstance(body, web.Response):
                return body
            activity, _raw = body
            if inbound is not None and verified is not None:
                inbound.admit(verified, activity)
            else:
                _admit_local(activity, settings.accepted_tenant_ids)
        except Refused as refusal:
            log.warning("refused a request (%d): %s", refusal.status, refusal.reason)
            return _error(refusal.status, "unauthorized" if refusal.status == 401 else "forbidden")
        # Local mode: anonymous. Otherwise the verified claims, which the SDK reads for the outbound audience.
        identity = ClaimsIdentity(verified.claims, security_token=verified.token) if verified else ClaimsIdentity()
        with warnings.catch_warnings():
            # The SDK reads the identity under this plain string key; aiohttp prefers typed keys.
            warnings.simplefilter("ignore")
            request["claims_identity"] = identity
        try:
            response = await adapter.process(request, agent)
        except ValidationError:
            return _error(400, "not a Bot Framework activity")
        except UntrustedServiceUrl as error:  # admit() already refuses these; kept so it can never be a 500
            log.warning("refused a request (403): %s", error)
            return _error(403, "forbidden")
        return response or web.Response(status=202)

    return messages


def _healthz(db: Database, settings: Settings, auth_problem: str | None) -> Handler:
    async def healthz(_request: web.Request) -> web.StreamResponse:
        # Ready only when the database answers with this code's schema (an upgrade in progress is not ready).
        ok = await db.at_head()
        return web.json_response(
            {"status": "ok" if ok else "degraded", "database": db.dialect, "auth": settings.auth_enabled,
             "process": os.getpid(), **({"auth_problem": auth_problem} if auth_problem else {})},
            status=200 if ok else 503,
        )

    return healthz


def _metrics_page(db: Database) -> Handler:
    async def metrics_page(_request: web.Request) -> web.StreamResponse:
        try:
            async with db.unit_of_work() as uow:
                depth, oldest = await uow.outbox.depth(utcnow())
            metrics.OUTBOX_DEPTH.set(depth)
            metrics.OUTBOX_OLDEST.set(oldest)
        except Exception:  # the database is away: the other metrics still answer
            log.warning("metrics: outbox depth unavailable", exc_info=True)
        body, content_type = metrics.exposition()
        return web.Response(body=body, headers={"Content-Type": content_type})

    return metrics_page


def _admit_local(activity: Activity, accepted_tenants: frozenset[str]) -> None:
    """Local mode (no MicrosoftAppId): nothing is signed; the allow-list, when set, still holds."""
    if accepted_tenants:
        tenant = activity_tenant({}, activity)
        if tenant is None or tenant not in accepted_tenants:
            raise Refused(403, f"tenant not allowed: {(tenant or '(none)')[:80]!r}")


async def _read_activity(request: web.Request) -> tuple[Activity, dict[str, Any]] | web.Response:
    try:
        raw = json.loads(await request.read())
    except (ValueError, UnicodeDecodeError):
        return _error(400, "malformed JSON")
    except web.HTTPRequestEntityTooLarge:
        return _error(413, "request too large")
    if not isinstance(raw, dict) or not isinstance(raw.get("type"), str) or not raw["type"]:
        return _error(400, "an activity must be a JSON object with a type")
    conversation = raw.get("conversation")
    if not isinstance(conversation, dict) or not conversation.get("id"):
        return _error(400, "an activity must have conversation.id")
    try:
        activity = Activity.model_validate(raw)
    except ValidationError as error:
        return _error(400, f"not a Bot Framework activity: {error.error_count()} invalid field(s)")
    return activity, raw

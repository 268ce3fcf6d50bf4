"""What the bot is doing, for Prometheus (`GET /metrics`, CONTRACT §10): prometheus-client's own exposition.

The metrics are the process's (the client's default registry); with WORKERS=N each process answers for itself,
labelled by the scrape target. Outbox depth is read from the database at scrape time: it is the bot's, not the
process's.
"""

from __future__ import annotations

from prometheus_client import CONTENT_TYPE_LATEST, REGISTRY, Counter, Gauge, Histogram, generate_latest

TURNS = Counter("tutorbot_turns_total", "Turns handled", ["kind", "outcome"])
TURN_SECONDS = Histogram("tutorbot_turn_seconds", "Time inside the bot's turn handler", ["kind"],
                         buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0))
OUTBOX_DEPTH = Gauge("tutorbot_outbox_depth", "Outbox rows waiting to be delivered (pending or sending)")
OUTBOX_OLDEST = Gauge("tutorbot_outbox_oldest_seconds", "Age of the oldest outbox row waiting to be delivered")
DELIVERIES = Counter("tutorbot_deliveries_total", "Outbox delivery attempts by outcome", ["outcome"])
THROTTLED = Counter("tutorbot_teams_throttled_total", "429 answers from the Bot Connector")
THROTTLE_WAIT = Counter("tutorbot_send_budget_wait_seconds_total", "Time sends waited for the shared rate budget")
GRAPH_CALLS = Counter("tutorbot_graph_calls_total", "Microsoft Graph calls by area and outcome", ["area", "outcome"])
JOB_RUNS = Counter("tutorbot_job_runs_total", "Scheduled job runs by outcome", ["job", "outcome"])


def exposition() -> tuple[bytes, str]:
    return generate_latest(REGISTRY), CONTENT_TYPE_LATEST


def graph_outcome(status: int | None) -> str:
    if status is None:
        return "unreachable"
    return "ok" if status < 400 else str(status)

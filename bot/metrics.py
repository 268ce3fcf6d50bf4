"""What the bot is doing, for Prometheus (`GET /metrics`, CONTRACT §10): prometheus-client's own exposition.

One process: the client's default registry. WORKERS=N: prometheus-client's multiprocess mode (the way it documents
for pre-forked servers): the parent gives every worker one PROMETHEUS_MULTIPROC_DIR before they start, each writes
its values there, and whichever worker answers a scrape sums them all, so one scrape sees the whole bot. Outbox
depth is read from the database at scrape time: it is the bot's, not a process's.
"""

from __future__ import annotations

import os

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
    multiprocess,
)

MULTIPROCESS_DIR = "PROMETHEUS_MULTIPROC_DIR"  # read by prometheus-client when it is imported

TURNS = Counter("tutorbot_turns_total", "Turns handled", ["kind", "outcome"])
TURN_SECONDS = Histogram("tutorbot_turn_seconds", "Time inside the bot's turn handler", ["kind"],
                         buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0))
OUTBOX_DEPTH = Gauge("tutorbot_outbox_depth", "Outbox rows waiting to be delivered (pending or sending)",
                     multiprocess_mode="mostrecent")
OUTBOX_OLDEST = Gauge("tutorbot_outbox_oldest_seconds", "Age of the oldest outbox row waiting to be delivered",
                      multiprocess_mode="mostrecent")
WORKERS_UP = Gauge("tutorbot_worker_up", "1 per serving process (WORKERS=N: one sample per live process id)",
                   multiprocess_mode="liveall")
DELIVERIES = Counter("tutorbot_deliveries_total", "Outbox delivery attempts by outcome", ["outcome"])
THROTTLED = Counter("tutorbot_teams_throttled_total", "429 answers from the Bot Connector")
THROTTLE_WAIT = Counter("tutorbot_send_budget_wait_seconds_total", "Time sends waited for the shared rate budget")
GRAPH_CALLS = Counter("tutorbot_graph_calls_total", "Microsoft Graph calls by area and outcome", ["area", "outcome"])
JOB_RUNS = Counter("tutorbot_job_runs_total", "Scheduled job runs by outcome", ["job", "outcome"])


def exposition() -> tuple[bytes, str]:
    if os.environ.get(MULTIPROCESS_DIR):
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)  # every worker's values, summed per mode
        return generate_latest(registry), CONTENT_TYPE_LATEST
    return generate_latest(REGISTRY), CONTENT_TYPE_LATEST


def worker_started() -> None:
    WORKERS_UP.set(1)


def worker_gone(pid: int) -> None:
    """The WORKERS parent, when a worker exits: its live gauges leave the sums."""
    if os.environ.get(MULTIPROCESS_DIR):
        multiprocess.mark_process_dead(pid)


def graph_outcome(status: int | None) -> str:
    if status is None:
        return "unreachable"
    return "ok" if status < 400 else str(status)

"""Optional OpenTelemetry traces: off unless OTEL_EXPORTER_OTLP_ENDPOINT (or ..._TRACES_ENDPOINT) is set.

Set, the process gets a tracer provider whose spans (the Agents SDK's own turn and Connector spans, the outbox's
deliveries) go to `{endpoint}/v1/traces` over OTLP/HTTP, batched on a background thread (`bot/otlp.py`). Unset,
neither the SDK's tracer nor the exporter is imported, so the start does not grow: `trace.get_tracer` hands out
no-op spans.
"""

from __future__ import annotations

import os
from collections.abc import Mapping

from opentelemetry import trace

TRACER = trace.get_tracer("tutorbot")  # a proxy: real once a provider is set, a no-op before


def endpoint(env: Mapping[str, str]) -> str | None:
    """Where traces go, per OpenTelemetry's environment variables (the per-signal one wins)."""
    if env.get("OTEL_SDK_DISABLED", "").lower() == "true":
        return None
    if traces := env.get("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "").strip():
        return traces
    if base := env.get("OTEL_EXPORTER_OTLP_ENDPOINT", "").strip():
        return base.rstrip("/") + "/v1/traces"
    return None


def configure(env: Mapping[str, str] | None = None) -> bool:
    """Install the exporting tracer provider when an endpoint is configured; True if it did."""
    env = os.environ if env is None else env
    url = endpoint(env)
    if url is None:
        return False
    from bot.otlp import tracer_provider  # only now: the SDK's tracer and the exporter

    trace.set_tracer_provider(tracer_provider(url, env.get("OTEL_SERVICE_NAME") or "tutorbot"))
    return True

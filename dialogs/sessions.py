"""`schedule, sessions: webinars and consultations as Teams meetings`."""

from __future__ import annotations

from dialogs.router import Router

router = Router("sessions")

"""`map: the SPOC/MOOC integration map of Appendix 1`."""

from __future__ import annotations

from dialogs.router import Router

router = Router("integration_map")

"""The map as stored: canonical JSON of `MapContent` (equal maps give equal strings)."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from typing import Any, cast

from tutoring.integration_map.content import (
    ROW_KINDS,
    WEEKS,
    ControlRow,
    CoursePart,
    IntegrationModel,
    MapContent,
    Mooc,
    WeekPlan,
)


def _dec(value: Decimal | None) -> str | None:
    return None if value is None else format(value.normalize(), "f")


def _undec(value: Any) -> Decimal | None:
    return None if value in (None, "") else Decimal(str(value))


def _undate(value: Any) -> dt.date | None:
    return dt.date.fromisoformat(str(value)) if value else None


def content_to_dict(content: MapContent) -> dict[str, Any]:
    c = content.course
    return {
        "course": {
            "discipline": c.discipline, "spoc_name": c.spoc_name, "platform_url": c.platform_url,
            "hours": _dec(c.hours), "credits": _dec(c.credits), "study_form": c.study_form, "level": c.level,
            "language": c.language, "semester": c.semester, "attestation": c.attestation,
        },
        "moocs": [{"name": m.name, "url": m.url, "match": m.match} for m in content.moocs],
        "model": content.model.value if content.model else None,
        "weeks": [
            {"week": w.week, "topic": w.topic, "hours": _dec(w.hours), "assignments": w.assignments,
             "assessment": w.assessment, "forms": list(w.forms), "platform": w.platform, "link": w.link}
            for w in content.weeks
        ],
        "controls": [
            {"kind": r.kind.value, "date": r.date.isoformat() if r.date else None, "hours": _dec(r.hours),
             "assessment": r.assessment, "forms": list(r.forms), "platform": r.platform, "link": r.link}
            for r in content.controls
        ],
    }


def content_to_json(content: MapContent) -> str:
    """Canonical JSON: equal maps give equal strings (so "changed since version N" is a string compare)."""
    return json.dumps(content_to_dict(content), ensure_ascii=False, sort_keys=True)


def _obj(value: Any) -> dict[str, Any]:
    return cast(dict[str, Any], value) if isinstance(value, dict) else {}


def _objs(value: Any) -> list[dict[str, Any]]:
    items = cast(list[Any], value) if isinstance(value, list) else []
    return [_obj(item) for item in items]


def _str(value: Any) -> str:
    return "" if value is None else str(value)


def _strs(value: Any) -> tuple[str, ...]:
    items = cast(list[Any], value) if isinstance(value, list) else []
    return tuple(str(item) for item in items)


def content_from_json(text: str) -> MapContent:
    raw = _obj(json.loads(text))
    c = _obj(raw.get("course"))
    course = CoursePart(
        discipline=_str(c.get("discipline")), spoc_name=_str(c.get("spoc_name")),
        platform_url=_str(c.get("platform_url")), hours=_undec(c.get("hours")), credits=_undec(c.get("credits")),
        study_form=_str(c.get("study_form")), level=_str(c.get("level")), language=_str(c.get("language")),
        semester=_str(c.get("semester")), attestation=_str(c.get("attestation")),
    )
    moocs = tuple(
        Mooc(_str(m.get("name")), _str(m.get("url")), None if m.get("match") is None else int(m["match"]))
        for m in _objs(raw.get("moocs"))
    )
    model = IntegrationModel(str(raw["model"])) if raw.get("model") else None
    by_week = {int(w["week"]): w for w in _objs(raw.get("weeks")) if w.get("week") is not None}
    weeks: list[WeekPlan] = []
    for n in range(1, WEEKS + 1):
        w = by_week.get(n, {})
        weeks.append(WeekPlan(
            n, topic=_str(w.get("topic")), hours=_undec(w.get("hours")), assignments=_str(w.get("assignments")),
            assessment=_str(w.get("assessment")), forms=_strs(w.get("forms")), platform=_str(w.get("platform")),
            link=_str(w.get("link")),
        ))
    by_kind = {_str(r.get("kind")): r for r in _objs(raw.get("controls"))}
    controls: list[ControlRow] = []
    for k in ROW_KINDS:
        r = by_kind.get(k.value, {})
        controls.append(ControlRow(
            k, date=_undate(r.get("date")), hours=_undec(r.get("hours")), assessment=_str(r.get("assessment")),
            forms=_strs(r.get("forms")), platform=_str(r.get("platform")), link=_str(r.get("link")),
        ))
    return MapContent(course=course, moocs=moocs, model=model, weeks=tuple(weeks), controls=tuple(controls))

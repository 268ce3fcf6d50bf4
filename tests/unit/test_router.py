"""The one way a dialog takes a card and refuses (dialogs/router.py, dialogs/submission.py, dialogs/guards.py):
typed submissions whose field ids are the card's input ids, and `Refusal` turned into the localized reply."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from pydantic import Field

from cards.appointments import ProposalView, proposal_form, review_card
from cards.i18n import text
from cards.questions import SUPPORT_TEXTS, SimilarItem, question_card, similar_card
from cards.training import TrainingView, training_card, training_session_card
from dialogs import build_dispatch
from dialogs.router import Refusal, Reply, Router, Turn
from dialogs.submission import Flag, Id, NoInputs, Submission, Text
from storage.models import Person
from tests.unit import test_hours_cards, test_session_cards
from tutoring.roles import Command, Role

ROOT = Path(__file__).resolve().parents[2]
MAP_ACTIONS = "integration_map."  # the integration map's submissions move to typed models separately (issue 12.7)


def _turn(data: dict[str, Any], lang: str = "en") -> Turn:
    person = Person(id=1, name="Tutor", email="t@example.edu", role=Role.TUTOR.value)
    return Turn(person=person, role=Role.TUTOR, lang=lang, uow=None, data=data)  # type: ignore[arg-type]


class Sample(Submission):
    course: Text = Field("", alias="course")
    entry: Id = None
    anonymous: Flag = False


async def test_an_action_gets_its_typed_submission_and_a_refusal_becomes_the_localized_reply() -> None:
    router = Router("sample")
    seen: list[Sample] = []

    @router.action("sample.go", command=Command.HOURS, model=Sample)
    async def go(turn: Turn, form: Sample) -> list[Reply]:
        seen.append(form)
        if form.entry is None:
            raise Refusal("hours.not_correctable", id=0, days=14)
        return [Reply(text="ok")]

    route = router.actions["sample.go"]
    assert route.model is Sample
    said = await route.handler(_turn({"action": "sample.go", "course": "  10 ", "entry": 7, "anonymous": "true"}))
    assert [r.text for r in said] == ["ok"]
    assert seen[-1] == Sample(course="10", entry=7, anonymous=True)
    # Whatever a forged card sends reads as "not given", never as an exception: the handler's rules answer.
    said = await route.handler(_turn({"course": {"x": 1}, "entry": "1e9999", "anonymous": ["true"]}, lang="ru"))
    assert seen[-1] == Sample(course="", entry=None, anonymous=False)
    assert [r.text for r in said] == [text("ru", "hours.not_correctable", id=0, days=14)]


async def test_a_typed_command_refuses_through_the_same_path() -> None:
    router = Router("sample")

    @router.command(Command.HOURS)
    async def hours(turn: Turn) -> list[Reply]:
        raise Refusal("hours.tutors_only")

    said = await router.commands[0].handler(_turn({}, lang="kk"))
    assert [r.text for r in said] == [text("kk", "hours.tutors_only")]


def test_every_card_action_outside_the_map_declares_its_inputs() -> None:
    untyped = sorted(name for name, route in build_dispatch().by_action.items()
                     if route.model is None and not name.startswith(MAP_ACTIONS))
    assert untyped == []


def _sent_ids(card: dict[str, Any]) -> list[tuple[str, set[str]]]:
    """(action name, the ids its submission carries: the inputs of its card and the cards around it, and its data)."""
    found: list[tuple[str, set[str]]] = []

    def inputs_of(node: Any) -> set[str]:
        ids: set[str] = set()
        if isinstance(node, dict):
            if str(node.get("type", "")).startswith("Input."):
                ids.add(str(node["id"]))
            for key, value in node.items():
                if key not in ("card", "actions"):  # a ShowCard's inputs go with its own buttons only
                    ids |= inputs_of(value)
        elif isinstance(node, list):
            for item in node:
                ids |= inputs_of(item)
        return ids

    def walk(node: Any, around: set[str]) -> None:
        if isinstance(node, dict):
            if node.get("type") == "AdaptiveCard":
                around = around | inputs_of(node.get("body", []))
            if node.get("type") in ("Action.Submit", "Action.Execute"):
                data = dict(node.get("data") or {})
                name = str(data.pop("action", None) or node.get("verb") or "")
                if name:  # (a command button sends a typed command instead)
                    found.append((name, around | set(data)))
            for value in node.values():
                walk(value, around)
        elif isinstance(node, list):
            for item in node:
                walk(item, around)

    walk(card, set())
    return found


def _cards() -> list[dict[str, Any]]:
    cards: list[dict[str, Any]] = [*test_hours_cards.all_cards("ru"), *test_session_cards.all_cards()]
    cards.append(question_card("ru", [("MGT2101", "Менеджмент"), ("FIN2204", "Финансы")], sid="s1"))
    cards.append(similar_card("ru", "MGT2101", "draft", [SimilarItem(3, "q", "a")], sid="s2", course_code="MGT2101",
                              anonymous=True))
    cards.append(question_card("ru", [], sid="s4", texts=SUPPORT_TEXTS))  # a tutor's question to the УОО
    cards.append(training_card("ru", [("SOM", "Школа менеджмента")], "s5", dt.date(2026, 11, 20)))
    cards.append(training_session_card("ru", TrainingView(5, None, dt.datetime(2026, 12, 1, 10, tzinfo=dt.UTC), 60,
                                                          "teams", "Алия"), organizer=True, submission="s6"))
    cards.append(proposal_form("ru", [], [], sid="s3"))
    cards.append(review_card("ru", ProposalView(4, "MGT2101", "2026-fall", "A", "B", "proposed"),
                             today=dt.date(2026, 11, 20)))
    return cards


@pytest.mark.parametrize("card", _cards(), ids=lambda c: "card")
def test_a_cards_input_ids_are_the_fields_of_its_actions_model(card: dict[str, Any]) -> None:
    """The card builder and the model take the ids from one place: nothing a card sends is unread, nothing a model
    reads is missing from every card."""
    actions = build_dispatch().by_action
    for name, sent in _sent_ids(card):
        model = actions[name].model
        assert model is not None, name
        if model is NoInputs:
            continue  # a button (History) on a form: the form's values come along, unread
        known = {f.alias or n for n, f in model.model_fields.items()}
        assert sent <= known | {"consent", "upload"}, (name, sorted(sent - known))


def test_no_dialog_reads_card_data_by_hand_or_imports_by_name() -> None:
    for path in sorted((ROOT / "dialogs").glob("*.py")):
        source = path.read_text(encoding="utf-8")
        assert "importlib" not in source, path.name
        if path.name not in ("router.py", "integration_map.py"):
            assert "turn.data" not in source, path.name

"""The card validator itself: it must reject broken cards, or card tests elsewhere prove nothing."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from tests.support.adaptive_cards import (
    CardsNotValidated,
    assert_cards_valid,
    card_problems,
    card_problems_many,
    cards_in_activity,
    node_tools_available,
)


@pytest.fixture
def node_tools() -> None:
    if not node_tools_available():
        pytest.skip("node or node_modules/adaptivecards missing (run `npm ci`): Adaptive Card validation skipped")


def good_card() -> dict[str, Any]:
    """A 1.5 card using every input and action kind the bot's cards use (CONTRACT §7)."""
    return {
        "type": "AdaptiveCard",
        "$schema": "http://adaptivecards.io/schemas/adaptive-card.json",
        "version": "1.5",
        "body": [
            {"type": "TextBlock", "text": "Ask your tutor", "weight": "Bolder", "wrap": True},
            {
                "type": "Input.ChoiceSet",
                "id": "course",
                "label": "Course",
                "style": "compact",
                "choices": [{"title": "Economics", "value": "ECO101"}, {"title": "Law", "value": "LAW201"}],
            },
            {
                "type": "Container",
                "items": [
                    {
                        "type": "Input.Text",
                        "id": "question",
                        "label": "Question",
                        "isMultiline": True,
                        "isRequired": True,
                        "errorMessage": "Type your question",
                    },
                    {"type": "Input.Toggle", "id": "anonymous", "title": "Ask anonymously", "value": "false"},
                ],
            },
        ],
        "actions": [
            {"type": "Action.Submit", "title": "Send", "data": {"action": "ask"}},
            {"type": "Action.Execute", "title": "Send (universal)", "verb": "ask", "data": {"action": "ask"}},
        ],
    }


def test_good_card_has_no_problems(node_tools: None) -> None:
    assert card_problems(good_card()) == []


def test_submit_data_is_not_mistaken_for_inputs(node_tools: None) -> None:
    # `data` is free-form; an "Input.*"-looking object in it is not an input.
    card = good_card()
    card["actions"][0]["data"] = {"type": "Input.Text"}
    assert card_problems(card) == []


def _broken(mutate: str) -> dict[str, Any]:
    card = copy.deepcopy(good_card())
    body: list[dict[str, Any]] = card["body"]
    match mutate:
        case "unknown element":
            body.append({"type": "Input.Slider", "id": "level"})
        case "unknown action":
            card["actions"].append({"type": "Action.Teleport", "title": "Go"})
        case "openurl without url":
            card["actions"].append({"type": "Action.OpenUrl", "title": "Join"})
        case "choice without value":
            body[1]["choices"].append({"title": "History"})
        case "version 1.6":
            card["version"] = "1.6"
        case "version 1.10":
            card["version"] = "1.10"
        case "version not a number":
            card["version"] = "latest"
        case "version missing":
            del card["version"]
        case "type missing":
            del card["type"]
        case "duplicate input id":
            body[2]["items"].append({"type": "Input.Text", "id": "question"})
        case "duplicate id inside ShowCard":
            card["actions"].append(
                {
                    "type": "Action.ShowCard",
                    "title": "More",
                    "card": {"type": "AdaptiveCard", "body": [{"type": "Input.Text", "id": "course"}]},
                }
            )
        case "input without id":
            body[2]["items"].append({"type": "Input.Number", "label": "Hours"})
        case "input with empty id":
            body.append({"type": "Input.Date", "id": " "})
        case "execute in a 1.2 card":
            card["version"] = "1.2"
            for element in [body[1], *body[2]["items"]]:
                element.pop("label", None)  # labels are 1.3: keep this case about Action.Execute only
        case _:
            raise AssertionError(mutate)
    return card


# (mutation, a fragment the problem list must contain)
BROKEN = [
    ("unknown element", 'Unknown element type "Input.Slider"'),
    ("unknown action", 'Unknown action type "Action.Teleport"'),
    ("openurl without url", 'Property "url" must be set'),
    ("choice without value", "title and value properties set"),
    ("version 1.6", "newer than 1.5"),
    ("version 1.10", "newer than 1.5"),
    ("version not a number", "not a version number"),
    ("version missing", "version is missing"),
    ("type missing", 'type must be "AdaptiveCard"'),
    ("duplicate input id", "'question' is used by 2 inputs"),
    ("duplicate id inside ShowCard", "'course' is used by 2 inputs"),
    ("input without id", "Input.Number at $.body[2].items[2] has no id"),
    ("input with empty id", "has no id"),
    ("execute in a 1.2 card", "Action.Execute needs card version 1.4"),
]


@pytest.mark.parametrize(("mutate", "expected"), BROKEN, ids=[m for m, _ in BROKEN])
def test_broken_card_is_rejected(node_tools: None, mutate: str, expected: str) -> None:
    problems = card_problems(_broken(mutate))
    assert any(expected in p for p in problems), problems


def test_batch_keeps_order(node_tools: None) -> None:
    cards = [good_card(), _broken("unknown element"), good_card(), _broken("version 1.6")]
    results = card_problems_many(cards)
    assert [bool(r) for r in results] == [False, True, False, True]
    assert card_problems_many([]) == []


def test_cards_in_activity() -> None:
    card = good_card()
    activity: dict[str, Any] = {
        "type": "message",
        "text": "hello",
        "attachments": [
            {"contentType": "application/vnd.microsoft.card.hero", "content": {"title": "not adaptive"}},
            {"contentType": "application/vnd.microsoft.card.adaptive", "content": card},
        ],
    }
    assert cards_in_activity(activity) == [card]
    assert cards_in_activity({"type": "message", "text": "no cards"}) == []


def test_without_node_cards_are_reported_not_silently_passed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", "")  # no node on this machine, as on a fresh checkout without `npm ci`
    assert not node_tools_available()
    with pytest.warns(CardsNotValidated, match="1 card"):
        assert_cards_valid([good_card()])


def test_assert_cards_valid_fails_a_broken_card(node_tools: None) -> None:
    broken = good_card()
    broken["version"] = "1.6"
    with pytest.raises(AssertionError):
        assert_cards_valid([good_card(), broken])

"""Typed card submissions: each action declares a `Submission` model next to its handler
(`@router.action(ACTION, command=…, model=HoursSubmission)`), and the router hands the handler the parsed model.

Fields take what a card may send back (Teams sends every input as a string; a card's own data may hold numbers)
and never fail on a person's input: a value no record or rule can take reads as empty / None, and the feature's
pure rules then say which field is wrong in the person's language. The field names (or aliases) are the card's
input ids, taken from the constants of `cards/<feature>.py`, which the card builder uses too.
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict

from tutoring.text import parse_id


def _text(value: object) -> str:
    """A text input, trimmed; "" for nothing, a flag or a structure (no input sends those)."""
    if value is None or isinstance(value, bool | dict | list):
        return ""
    return str(value).strip()


def _flag(value: object) -> bool:
    """An Input.Toggle ("true" / "false") or a button's yes / no."""
    if isinstance(value, bool):
        return value
    return _text(value).lower() in ("true", "yes", "1")


def _raw(value: object) -> Any:
    return value


Text = Annotated[str, BeforeValidator(_text)]
Id = Annotated[int | None, BeforeValidator(parse_id)]  # a record id from a card: None for anything no record has
Flag = Annotated[bool, BeforeValidator(_flag)]
Raw = Annotated[Any, BeforeValidator(_raw)]  # passed on as sent (e.g. Teams' file consent `uploadInfo`)


class Submission(BaseModel):
    """A card's submitted values. Other keys (the action, Teams' own) are ignored."""

    model_config = ConfigDict(extra="ignore", frozen=True, populate_by_name=True)


class NoInputs(Submission):
    """An action whose card sends nothing but its name (a button)."""

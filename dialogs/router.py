"""Command and card routing, one router per dialog module, included into one root (as aiogram's routers).

A dialog handler gets a `Turn` and returns `Reply`s. It never sees HTTP, the SDK or SQL: it calls the
repositories on `turn.uow`, which the bot commits before any reply is sent.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, TypeVar, overload

from pydantic import ValidationError

from cards.base import Json
from cards.i18n import text
from dialogs.submission import Submission
from storage import UnitOfWork
from storage.models import Person
from tutoring.clock import local_date
from tutoring.locale import Lang
from tutoring.roles import Command, Role


@dataclass
class Turn:
    person: Person
    role: Role
    lang: Lang
    uow: UnitOfWork
    args: str = ""  # what follows the command word
    data: dict[str, Any] = field(default_factory=lambda: {})  # a card's submitted values
    conversation_type: str = "personal"
    conversation_id: str = ""
    activity_id: str = ""  # Teams keeps it on a retry: the idempotency key of a submission
    now: dt.datetime = field(default_factory=lambda: dt.datetime.now(dt.UTC))  # aware, UTC, from the bot's clock
    # An anonymous question's turn (from the card's data, or set by the dialog): the bot's log names no one.
    anonymous: bool = False
    gradesheet_days: int = 3  # working days to fill an AIS grade sheet after a control point (GRADESHEET_DAYS)

    @property
    def today(self) -> dt.date:
        """The local (Almaty) date of this turn."""
        return local_date(self.now)


@dataclass(frozen=True)
class FileUpload:
    """A file for Teams' file consent flow: the bot PUTs `content` to the `uploadUrl` the accepted consent gave,
    then posts `done_text` with `info` (the file card), or `failed_text` when the upload fails."""

    upload_url: str
    content: bytes
    info: Json
    done_text: str
    failed_text: str


@dataclass
class Reply:
    text: str | None = None
    card: Json | None = None
    # Replace the card the submission came from (so it cannot be sent again) instead of posting a new one.
    update: bool = False
    # Attachments other than an Adaptive Card (e.g. Teams' file consent card), sent with this message.
    attachments: list[Json] = field(default_factory=lambda: [])
    upload: FileUpload | None = None


class Refusal(Exception):  # an answer, raised from any depth of a handler
    """Raised by a guard (dialogs/guards.py) or a handler: the router answers with the localized text `key` and
    the handler stops. Raise it before writing anything: the turn's transaction still commits."""

    def __init__(self, key: str, **values: object) -> None:
        super().__init__(key)
        self.key = key
        self.values = values

    def reply(self, lang: Lang) -> Reply:
        return Reply(text=text(lang, self.key, **self.values))


Handler = Callable[[Turn], Awaitable[list[Reply]]]
M = TypeVar("M", bound=Submission)
FormHandler = Callable[[Turn, M], Awaitable[list[Reply]]]


def _refusing(handler: Handler) -> Handler:
    """The one refusal path: a `Refusal` raised anywhere below a handler becomes its localized reply."""

    async def run(turn: Turn) -> list[Reply]:
        try:
            return await handler(turn)
        except Refusal as refusal:
            return [refusal.reply(turn.lang)]

    return run


def _parsing(model: type[M], handler: FormHandler[M]) -> Handler:
    """Parse the card's data into `model` before the handler sees it."""

    async def run(turn: Turn) -> list[Reply]:
        try:
            form = model.model_validate(turn.data)
        except ValidationError:
            raise Refusal("bad_submission") from None
        return await handler(turn, form)

    return run


@dataclass(frozen=True)
class CommandRoute:
    command: Command
    handler: Handler
    words: tuple[str, ...]


@dataclass(frozen=True)
class ActionRoute:
    """A card submission and the one command it belongs to: who may use that command may submit it."""

    name: str
    command: Command
    handler: Handler
    model: type[Submission] | None = None  # the typed inputs of the card


class Router:
    def __init__(self, name: str) -> None:
        self.name = name
        self.commands: list[CommandRoute] = []
        self.actions: dict[str, ActionRoute] = {}
        self._children: list[Router] = []

    def command(self, command: Command, *aliases: str) -> Callable[[Handler], Handler]:
        """Register a typed command; English word always, Russian / Kazakh aliases welcome."""

        def register(handler: Handler) -> Handler:
            words = tuple(w.lower() for w in (command.value, *aliases))
            self.commands.append(CommandRoute(command, _refusing(handler), words))
            return handler

        return register

    @overload
    def action(self, name: str, *, command: Command) -> Callable[[Handler], Handler]: ...

    @overload
    def action(self, name: str, *, command: Command, model: type[M]) -> Callable[[FormHandler[M]], FormHandler[M]]: ...

    def action(self, name: str, *, command: Command, model: type[M] | None = None) -> Callable[[Any], Any]:
        """Register a card submission by its `action` (Action.Submit data) or verb (Action.Execute). `command`:
        the command it belongs to; the bot refuses it, before the handler runs, to a role that may not use it.
        `model`: the card's inputs; the handler is then called as `handler(turn, form)` with the parsed model."""

        def register(handler: Any) -> Any:
            if name in self.actions:
                raise ValueError(f"card action {name!r} registered twice")
            run: Handler = handler if model is None else _parsing(model, handler)
            self.actions[name] = ActionRoute(name, command, _refusing(run), model)
            return handler

        return register

    def include(self, *routers: Router) -> None:
        self._children.extend(routers)

    def all_commands(self) -> Iterable[CommandRoute]:
        yield from self.commands
        for child in self._children:
            yield from child.all_commands()

    def all_actions(self) -> Iterable[ActionRoute]:
        yield from self.actions.values()
        for child in self._children:
            yield from child.all_actions()


@dataclass
class Dispatch:
    """The flattened lookup built once from the root router."""

    by_word: dict[str, CommandRoute]
    by_action: dict[str, ActionRoute]

    @classmethod
    def build(cls, root: Router) -> Dispatch:
        by_word: dict[str, CommandRoute] = {}
        for route in root.all_commands():
            for word in route.words:
                if word in by_word:
                    raise ValueError(f"command word {word!r} registered twice")
                by_word[word] = route
        by_action: dict[str, ActionRoute] = {}
        for action in root.all_actions():
            if action.name in by_action:
                raise ValueError(f"card action {action.name!r} registered twice")
            by_action[action.name] = action
        return cls(by_word, by_action)

    def match(self, text: str) -> tuple[CommandRoute | None, str, str]:
        """Split typed text into (route, the command word as typed, the rest)."""
        stripped = text.strip()
        word, _, rest = stripped.partition(" ")
        word = word.strip().lower().rstrip(".!?")
        return self.by_word.get(word), word, rest.strip()

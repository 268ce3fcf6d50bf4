"""Command and card routing, one router per dialog module, included into one root (as aiogram's routers).

A dialog handler gets a `Turn` and returns `Reply`s. It never sees HTTP, the SDK or SQL: it calls the
repositories on `turn.uow`, which the bot commits before any reply is sent.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from cards.base import Json
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


Handler = Callable[[Turn], Awaitable[list[Reply]]]


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
            self.commands.append(CommandRoute(command, handler, words))
            return handler

        return register

    def action(self, name: str, *, command: Command) -> Callable[[Handler], Handler]:
        """Register a card submission by its `action` (Action.Submit data) or verb (Action.Execute). `command`:
        the command it belongs to; the bot refuses it, before the handler runs, to a role that may not use it."""

        def register(handler: Handler) -> Handler:
            if name in self.actions:
                raise ValueError(f"card action {name!r} registered twice")
            self.actions[name] = ActionRoute(name, command, handler)
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

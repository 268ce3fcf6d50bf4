"""The bot learns the migration heads without importing Alembic (a third of its start): it must find Alembic's."""

from __future__ import annotations

from alembic.config import Config
from alembic.script import ScriptDirectory

from storage.database import MIGRATIONS, migration_heads


def test_the_heads_read_from_the_files_are_alembics() -> None:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    assert migration_heads() == frozenset(ScriptDirectory.from_config(config).get_heads())


def test_every_revision_file_was_read() -> None:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    revisions = list(ScriptDirectory.from_config(config).walk_revisions())
    assert len(revisions) == len(list((MIGRATIONS / "versions").glob("*.py")))

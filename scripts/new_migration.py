"""Write an Alembic revision for a feature's new tables: `python scripts/new_migration.py 0003 "hours ledger" storage.hours`.

Each feature's migration branches from the outbox revision (0002); the app applies all heads at start.
"""

from __future__ import annotations

import importlib
import sys
import tempfile
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import create_engine

REPO = Path(__file__).resolve().parents[1]


def main() -> None:
    rev, message, *modules = sys.argv[1:]
    sys.path.insert(0, str(REPO))
    tables: set[str] = set()
    for module in modules:
        imported = importlib.import_module(module)
        tables |= {
            obj.__table__.name for obj in vars(imported).values()
            if isinstance(obj, type) and hasattr(obj, "__table__") and obj.__module__ == module
        }
    print(f"tables of {', '.join(modules)}: {', '.join(sorted(tables))}")
    with tempfile.TemporaryDirectory() as tmp:
        engine = create_engine(f"sqlite:///{tmp}/schema.db")
        for step in ("upgrade", "revision"):
            with engine.begin() as conn:
                config = Config()
                config.set_main_option("script_location", str(REPO / "storage" / "migrations"))
                config.attributes["connection"] = conn
                config.attributes["only_tables"] = tables
                if step == "upgrade":
                    command.upgrade(config, "heads")
                else:
                    command.revision(config, message=message, autogenerate=True, rev_id=rev, head="0002",
                                     splice=True)


if __name__ == "__main__":
    main()

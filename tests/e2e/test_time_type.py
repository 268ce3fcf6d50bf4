"""One time type: every moment column stores UTC and reads back aware UTC, on SQLite and PostgreSQL alike."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import Column, Integer, MetaData, Table, insert, select
from sqlalchemy.exc import StatementError

from storage import Database
from storage.types import UtcDateTime
from tutoring.clock import ALMATY, local_date, to_local

MOMENTS = Table("t_moments", MetaData(), Column("id", Integer, primary_key=True), Column("at", UtcDateTime()))


async def _roundtrip(database: Database, value: dt.datetime) -> tuple[dt.datetime, int]:
    async with database.engine.begin() as conn:
        await conn.run_sync(MOMENTS.create)
        await conn.execute(insert(MOMENTS).values(id=1, at=value))
        read = (await conn.execute(select(MOMENTS.c.at))).scalar_one()
        # A comparison binds through the same type: an Almaty-zoned bound finds the row stored as UTC.
        found = len((await conn.execute(select(MOMENTS.c.id).where(MOMENTS.c.at >= value))).all())
        await conn.run_sync(MOMENTS.drop)
    return read, found


async def test_a_zoned_moment_comes_back_as_the_same_instant_in_utc(database: Database) -> None:
    almaty_morning = dt.datetime(2026, 9, 1, 9, 30, tzinfo=ALMATY)
    read, found = await _roundtrip(database, almaty_morning)
    assert read.tzinfo is not None and read.utcoffset() == dt.timedelta(0)
    assert read == almaty_morning and read.hour == 4  # 09:30 in Almaty is 04:30 UTC, whatever SQLite keeps
    assert found == 1


async def test_a_naive_moment_is_refused(database: Database) -> None:
    with pytest.raises(StatementError, match="naive datetime"):
        await _roundtrip(database, dt.datetime(2026, 9, 1, 9, 30))


def test_local_dates_come_from_one_helper() -> None:
    late_utc = dt.datetime(2026, 8, 31, 20, 0, tzinfo=dt.UTC)  # already 1 September in Almaty
    assert local_date(late_utc) == dt.date(2026, 9, 1)
    assert to_local(late_utc).tzinfo == ALMATY
    assert local_date(late_utc, ZoneInfo("Europe/London")) == dt.date(2026, 8, 31)
    with pytest.raises(ValueError):
        to_local(dt.datetime(2026, 9, 1))

"""`python -m bot import-roster DIR` (CONTRACT §4): all or nothing, idempotent, every bad row named."""

from __future__ import annotations

from pathlib import Path

from storage import Database
from tests.support.roster import append, copy_demo, counts, imported, refused, write


async def test_import_is_idempotent(database_url: str, database: Database, tmp_path: Path) -> None:
    roster = copy_demo(tmp_path)
    assert "18 created, 0 updated" in imported(database_url, roster)
    after_first = await counts(database)
    assert after_first == {"schools": 1, "people": 8, "courses": 2, "enrollments": 5, "tutor_assignments": 2}
    assert "0 created, 0 updated" in imported(database_url, roster)
    assert await counts(database) == after_first


async def test_columns_in_any_order_extra_columns_and_case_insensitive_emails(
    database_url: str, database: Database, roster: Path
) -> None:
    write(roster, "enrollments.csv", "comment,student_email,course\nfrom AIS,M.OSPANOVA@demo.almau.edu.kz,MGT2101\n")
    for name in ("schools.csv", "people.csv", "courses.csv", "tutors.csv"):
        (roster / name).unlink()
    assert "1 created" in imported(database_url, roster)
    assert (await counts(database))["enrollments"] == 6


async def test_bad_rows_are_all_named_and_nothing_is_written(
    database_url: str, database: Database, tmp_path: Path
) -> None:
    roster = copy_demo(tmp_path)
    append(roster, "people.csv",
           "not-an-email,Кто-то,student,SOM,\nnew@demo.almau.edu.kz,Новый,professor,SOM,\n")
    append(roster, "courses.csv",
           "BAD1,Плохой курс,SOM,2026-fall,ru,2026-13-01,2026-10-24,2026-12-12,2026-12-26,\n"
           "BAD2,Даты наоборот,SOM,2026-fall,de,2026-09-01,2026-12-24,2026-10-12,2026-12-26,ftp://x\n")
    write(roster, "enrollments.csv",
          "course,student_email\nMGT2101,a.kassymova@demo.almau.edu.kz\nNOPE,e.zhumabayev@demo.almau.edu.kz\n")
    lines = refused(database_url, roster).splitlines()
    assert "people.csv:10: email 'not-an-email' is not an e-mail address" in lines
    assert "people.csv:11: role 'professor' is not one of student, tutor, dean, admin, uoo" in lines
    assert "courses.csv:4: start_date '2026-13-01' is not a date YYYY-MM-DD" in lines
    assert "courses.csv:5: language 'de' is not one of ru, kk, en" in lines
    assert "courses.csv:5: dates must run start_date < rk1_date < rk2_date <= exam_date" in lines
    assert "courses.csv:5: mooc_url 'ftp://x' is not an http(s) link" in lines
    assert await counts(database) == {
        "schools": 0, "people": 0, "courses": 0, "enrollments": 0, "tutor_assignments": 0
    }


async def test_unresolved_references_reject_the_whole_import(
    database_url: str, database: Database, tmp_path: Path
) -> None:
    roster = copy_demo(tmp_path)
    write(roster, "enrollments.csv",
          "course,student_email\nMGT2101,a.kassymova@demo.almau.edu.kz\nNOPE,e.zhumabayev@demo.almau.edu.kz\n"
          "MGT2101,ghost@demo.almau.edu.kz\n")
    lines = refused(database_url, roster).splitlines()
    assert "enrollments.csv:2: student_email 'a.kassymova@demo.almau.edu.kz' is a tutor, not a student" in lines
    assert "enrollments.csv:3: course 'NOPE' is not in courses.csv nor in the database" in lines
    assert "enrollments.csv:4: student_email 'ghost@demo.almau.edu.kz' is not in people.csv nor in the database" in lines
    assert (await counts(database))["people"] == 0


async def test_missing_column_and_not_utf8(database_url: str, database: Database, tmp_path: Path) -> None:
    roster = tmp_path / "r"
    roster.mkdir()
    write(roster, "schools.csv", "code,name\nSOM,Школа\n")
    (roster / "people.csv").write_bytes("email,name,role,school\nx@y.kz,Школа,student,SOM\n".encode("cp1251"))
    errors = refused(database_url, roster)
    assert "schools.csv:1: missing column(s): dean_email" in errors
    assert "people.csv:2: not UTF-8 text (save the CSV as UTF-8)" in errors


async def test_the_office_of_online_education_imports_without_a_school(
    database_url: str, database: Database, tmp_path: Path
) -> None:
    roster = copy_demo(tmp_path)
    append(roster, "people.csv", "a.bekova@demo.almau.edu.kz,Алия Бекова,uoo,,\n")
    imported(database_url, roster)
    async with database.unit_of_work() as uow:
        person = await uow.people.by_email("a.bekova@demo.almau.edu.kz")
    assert person is not None and person.role == "uoo" and person.school_id is None

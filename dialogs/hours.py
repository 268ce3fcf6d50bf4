"""`hours`, `report`, `export hours`: the hours ledger against the Section 7 norms (issue 5).

* `hours` (tutor): the hours card, pre-filled (today in Almaty, the tutor's only course); `hours history` (or the
  card's History button): the latest entries, with Correct / Undo on the tutor's own recent ones.
* Card submissions (`hours.submit`, `hours.correct`, `hours.undo`, `hours.edit`, `hours.history`): tutors only —
  they belong to `hours`, so the bot's central role rule refuses them to others (the handlers check again).
  A successful submission answers with the progress card *replacing* the submitted card (`Reply(update=True)`).
  Exactly once: the key is the submission id the card carries (else the activity id); a replay records nothing.
* `report`: one command word, one handler, two audiences.
  - tutor: the progress of all the tutor's courses in one card;
  - dean / admin: the weekly summary of their school(s) so far, `dialogs.summary.dean_report(turn)`.
* `export hours [SCHOOL] [SEMESTER]` (dean: their school; admin: all schools or the one named): a card with the
  figures and Teams' file consent card; on "Allow" the bot uploads the XLSX of `python -m bot export hours` to the
  person's OneDrive (`Reply.upload`, the shared file consent flow of `bot/files.py`) and shows the file card.
  Personal chat only (Teams gives bots files there only).
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from decimal import Decimal

from pydantic import Field

from cards.formats import fmt_date, fmt_hours
from cards.hours import (
    ACTION_CORRECT,
    ACTION_EDIT,
    ACTION_EXPORT_FILE,
    ACTION_HISTORY,
    ACTION_SUBMIT,
    ACTION_UNDO,
    CourseChoice,
    HistoryLine,
    HoursDefaults,
    HoursInput,
    export_card,
    export_consent_attachment,
    export_file_info,
    history_card,
    hours_card,
    progress_card,
)
from cards.i18n import text
from dialogs import deadlines
from dialogs.guards import roles_only, tutor_only
from dialogs.router import FileUpload, Refusal, Reply, Router, Turn
from dialogs.semesters import semester_named
from dialogs.submission import Id, NoInputs, Raw, Submission, Text
from dialogs.summary import dean_report
from storage import UnitOfWork
from storage.hours import HoursEntry
from storage.models import Course, School
from tutoring.clock import local_date, to_local
from tutoring.hours_rules import CourseWindow, EntryProblem, check_entry
from tutoring.locale import Lang
from tutoring.norms import Category, category_label
from tutoring.progress import CourseProgress, compute_progress
from tutoring.roles import Command, Role

router = Router("hours")

RECENT_DAYS = 14  # a tutor may correct or undo their own entries this many days after entering them
HISTORY_WORDS = {"history", "история", "тарих"}
EXPORT_WORDS = {"hours", "часы", "сағат", ""}


def _today(turn: Turn) -> dt.date:
    return local_date(turn.now)


class EntryButton(Submission):
    """A Correct / Undo / Edit button of the history card: the entry it names."""

    entry: Id = Field(None, alias=HoursInput.ENTRY)


class HoursSubmission(Submission):
    """The hours card (a new entry; with `entry`, the correction of that entry). `check_entry` says which field
    is wrong."""

    course: Text = Field("", alias=HoursInput.COURSE)
    category: Text = Field("", alias=HoursInput.CATEGORY)
    hours: Text = Field("", alias=HoursInput.HOURS)
    date: Text = Field("", alias=HoursInput.DATE)
    note: Text = Field("", alias=HoursInput.NOTE)
    submission: Text = Field("", alias=HoursInput.SUBMISSION)
    entry: Id = Field(None, alias=HoursInput.ENTRY)

    def fields(self) -> dict[str, object]:
        return {"course": self.course, "category": self.category, "hours": self.hours, "date": self.date,
                "note": self.note}


class ExportConsent(Submission):
    """Teams' file consent answer on the export card: the card's context and Teams' `uploadInfo`."""

    consent: Text = ""  # "accept" / "decline" (bot/agent.py reads Teams' answer)
    school: Text = Field("", alias=HoursInput.SCHOOL)
    semester: Text = Field("", alias=HoursInput.SEMESTER)
    upload: Raw = None


def _submission_key(turn: Turn, form: HoursSubmission) -> str:
    submission = form.submission[:100]
    if submission:
        return f"card:{turn.person.id}:{submission}"
    if turn.activity_id:
        return f"activity:{turn.person.id}:{turn.activity_id}"
    return f"once:{uuid.uuid4().hex}"


def _problems_text(lang: Lang, problems: list[EntryProblem]) -> str:
    def show(value: object) -> object:
        if isinstance(value, dt.date):
            return fmt_date(value, lang)
        if isinstance(value, Decimal):
            return fmt_hours(value, lang)
        return value

    lines = [text(lang, "hours.error.header")]
    lines += [f"• {text(lang, p.key, **{k: show(v) for k, v in p.values.items()})}" for p in problems]
    return "\n\n".join(lines)


async def _tutor_progress(turn: Turn, course_ids: list[int] | None = None,
                          semester: str | None = None) -> list[CourseProgress]:
    """The tutor's progress in one semester: the current one unless named (`report 2026-fall`)."""
    semester = semester or await turn.uow.people.current_semester(turn.today) or ""
    load, lines = await turn.uow.hours.progress_inputs(tutor_id=turn.person.id, course_ids=course_ids,
                                                       semester=semester)
    return compute_progress(load, lines, _today(turn))


async def _progress_reply(turn: Turn, course_id: int, headline: str) -> Reply:
    progress = await _tutor_progress(turn, [course_id])
    card = progress_card(turn.lang, turn.person.name, _today(turn), progress, headline=headline)
    return Reply(card=card, update=True)


def _recorded(lang: Lang, entry: HoursEntry, course: Course | None) -> str:
    return text(lang, "hours.recorded", hours=fmt_hours(entry.hours, lang),
                label=category_label(Category(entry.category), lang), date=fmt_date(entry.date, lang),
                course=course.code if course else "")


# --- the hours card --------------------------------------------------------------------------------------
async def _hours_card(turn: Turn, *, correcting: HoursEntry | None = None) -> list[Reply]:
    courses = await turn.uow.people.courses_of(turn.person, turn.today)
    if not courses:
        return [Reply(text=text(turn.lang, "hours.no_courses"))]
    if correcting is not None:
        defaults = HoursDefaults(correcting.course_id, correcting.date, Category(correcting.category),
                                 correcting.hours, correcting.note)
        preselected = next((c for c in courses if c.id == correcting.course_id), courses[0])
    else:
        only = courses[0] if len(courses) == 1 else None
        defaults = HoursDefaults(only.id if only else None, _today(turn))
        preselected = only or courses[0]
    norms = await turn.uow.hours.norms_for(preselected.semester)
    progress = await _tutor_progress(turn)
    choices = [CourseChoice(c.id, c.code, c.name, c.semester) for c in courses]
    line = (await _history_lines(turn, [correcting]))[0] if correcting is not None else None
    card = hours_card(turn.lang, choices, defaults, norms, progress, submission=uuid.uuid4().hex, correcting=line)
    return [Reply(card=card)]


@router.command(Command.HOURS, "часы", "сағат")
async def show_hours(turn: Turn) -> list[Reply]:
    if turn.args.strip().lower() in HISTORY_WORDS:
        return await show_history(turn, NoInputs())
    return await _hours_card(turn)


async def _taken(turn: Turn, form: HoursSubmission) -> tuple[str, list[Reply]]:
    """A tutor's hours card: its key, and if this submission was already taken (Teams retry, double click) its
    result again (else [])."""
    tutor_only(turn, "hours.tutors_only")
    key = _submission_key(turn, form)
    existing = await turn.uow.hours.by_key(key)
    if existing is None:
        return key, []
    return key, [await _progress_reply(turn, existing.course_id, text(turn.lang, "hours.replay"))]


async def _my_courses(turn: Turn) -> tuple[dict[int, Course], dict[int, CourseWindow]]:
    courses = {c.id: c for c in await turn.uow.people.courses_of(turn.person, turn.today)}
    return courses, {c.id: CourseWindow(c.id, c.start_date, c.exam_date) for c in courses.values()}


@router.action(ACTION_SUBMIT, command=Command.HOURS, model=HoursSubmission)
async def submit_hours(turn: Turn, form: HoursSubmission) -> list[Reply]:
    return await _add_entry(turn, form, correcting=False)


async def _add_entry(turn: Turn, form: HoursSubmission, *, correcting: bool) -> list[Reply]:
    """The hours card's entry, checked and added; `correcting`: in place of the entry the card names, which is
    reversed (and its hours no longer count towards its day). A replay answers again; a wrong field writes nothing."""
    key, replayed = await _taken(turn, form)
    if replayed:
        return replayed
    uow, lang = turn.uow, turn.lang
    old: HoursEntry | None = None
    if correcting:
        old = await _own_recent_entry(turn, form.entry)
        await _not_reversed(turn, old)
    courses, windows = await _my_courses(turn)
    day_totals = await uow.hours.day_totals(turn.person.id)
    if old is not None:
        day_totals[old.date] = day_totals.get(old.date, Decimal(0)) - old.hours  # the old entry goes away
    draft, problems = check_entry(form.fields(), courses=windows, today=_today(turn), logged_that_day=day_totals)
    if draft is None:
        return [Reply(text=_problems_text(lang, problems))]
    if old is not None:
        await uow.hours.reverse(old, by_id=turn.person.id, now=turn.now)
    entry, created = await uow.hours.add(
        key=key, tutor_id=turn.person.id, course_id=draft.course_id, category=draft.category, hours=draft.hours,
        date=draft.date, note=draft.note, entered_by_id=turn.person.id, now=turn.now,
        replaces_entry_id=old.id if old is not None else None,
    )
    if old is not None:
        headline = text(lang, "hours.corrected", id=old.id, old=fmt_hours(old.hours, lang),
                        new=fmt_hours(entry.hours, lang), new_id=entry.id)
    else:
        headline = _recorded(lang, entry, courses.get(entry.course_id)) if created else text(lang, "hours.replay")
    return [await _progress_reply(turn, entry.course_id, headline)]


# --- corrections -------------------------------------------------------------------------------------------
async def _own_recent_entry(turn: Turn, entry_id: int | None) -> HoursEntry:
    """The entry a Correct / Undo button names, if the tutor may still change it (else a refusal)."""
    entry = await turn.uow.hours.by_id(entry_id) if entry_id else None
    if (entry is None or entry.tutor_id != turn.person.id or entry.reverses_entry_id is not None
            or turn.now - entry.created_at > dt.timedelta(days=RECENT_DAYS)):
        raise Refusal("hours.not_correctable", id=entry_id or 0, days=RECENT_DAYS)
    return entry


async def _not_reversed(turn: Turn, entry: HoursEntry) -> None:
    if (await turn.uow.hours.reversal_of([entry.id])).get(entry.id) is not None:
        raise Refusal("hours.already_reversed", id=entry.id)


@router.action(ACTION_EDIT, command=Command.HOURS, model=EntryButton)
async def edit_entry(turn: Turn, form: EntryButton) -> list[Reply]:
    tutor_only(turn, "hours.tutors_only")
    entry = await _own_recent_entry(turn, form.entry)
    await _not_reversed(turn, entry)
    return await _hours_card(turn, correcting=entry)


@router.action(ACTION_CORRECT, command=Command.HOURS, model=HoursSubmission)
async def correct_entry(turn: Turn, form: HoursSubmission) -> list[Reply]:
    return await _add_entry(turn, form, correcting=True)


@router.action(ACTION_UNDO, command=Command.HOURS, model=EntryButton)
async def undo_entry(turn: Turn, form: EntryButton) -> list[Reply]:
    tutor_only(turn, "hours.tutors_only")
    entry = await _own_recent_entry(turn, form.entry)
    reversal, created = await turn.uow.hours.reverse(entry, by_id=turn.person.id, now=turn.now)
    if created:
        headline = text(turn.lang, "hours.undone", id=entry.id, hours=fmt_hours(entry.hours, turn.lang),
                        reversal=reversal.id)
    else:
        headline = text(turn.lang, "hours.already_reversed", id=entry.id)
    return [await _progress_reply(turn, entry.course_id, headline)]


# --- history ---------------------------------------------------------------------------------------------------
async def _history_lines(turn: Turn, entries: list[HoursEntry]) -> list[HistoryLine]:
    uow = turn.uow
    reversals = await uow.hours.reversal_of([e.id for e in entries])
    people = await uow.hours.people_by_id({e.entered_by_id for e in entries}
                                          | {r.entered_by_id for r in reversals.values()})
    courses = await uow.hours.courses_by_id({e.course_id for e in entries})
    lines: list[HistoryLine] = []
    for e in entries:
        reversal = reversals.get(e.id)
        reversed_by = None
        if reversal is not None:
            reversed_by = (reversal.id, people[reversal.entered_by_id].name, reversal.created_at)
        correctable = (
            e.reverses_entry_id is None and reversal is None and e.tutor_id == turn.person.id
            and turn.now - e.created_at <= dt.timedelta(days=RECENT_DAYS)
        )
        lines.append(HistoryLine(
            id=e.id, date=e.date, course_code=courses[e.course_id].code, category=Category(e.category),
            hours=e.hours, source=e.source, session_id=e.session_id, entered_by=people[e.entered_by_id].name,
            created_at=e.created_at, reverses_id=e.reverses_entry_id, replaces_id=e.replaces_entry_id,
            reversed_by=reversed_by, correctable=correctable,
        ))
    return lines


@router.action(ACTION_HISTORY, command=Command.HOURS, model=NoInputs)
async def show_history(turn: Turn, form: NoInputs) -> list[Reply]:
    tutor_only(turn, "hours.tutors_only")
    entries = await turn.uow.hours.history(turn.person.id)
    lines = await _history_lines(turn, entries)
    return [Reply(card=history_card(turn.lang, lines, recent_days=RECENT_DAYS))]


# --- report -------------------------------------------------------------------------------------------------------
@router.command(Command.REPORT, "отчёт", "отчет", "нагрузка", "есеп")
async def report(turn: Turn) -> list[Reply]:
    """Tutor: my load by course and category. Dean / admin / УОО: the summary of their school(s) this week."""
    if turn.role is Role.TUTOR:
        semester = await semester_named(turn)
        progress = await _tutor_progress(turn, semester=semester)
        behind = None if semester else await deadlines.tutor_report(turn, turn.person)  # 7.3: students behind
        return [Reply(card=progress_card(turn.lang, turn.person.name, _today(turn), progress))] + (
            [behind] if behind else [])
    return await dean_report(turn)


# --- export -------------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class HoursExport:
    scope: str
    content: bytes
    rows: int
    entries: int
    progress: list[CourseProgress]


class UnknownSchool(ValueError):
    pass


async def collect_hours_export(
    uow: UnitOfWork, *, school: str | None, semester: str | None, today: dt.date, lang: Lang = "ru"
) -> HoursExport:
    """The XLSX of the hours for load accounting: the same figures as the progress card (one progress function).
    `school`: a school code (case-insensitive) or None for all; `semester`: e.g. "2026-fall" or None for all."""
    from cards.hours_xlsx import LedgerSheetRow, hours_workbook  # openpyxl: when a file is made, not at start

    school_row: School | None = None
    if school:
        school_row = next((s for s in await uow.hours.schools() if s.code.lower() == school.strip().lower()), None)
        if school_row is None:
            raise UnknownSchool(school)
    school_id = school_row.id if school_row else None
    load, lines = await uow.hours.progress_inputs(school_id=school_id, semester=semester)
    progress = compute_progress(load, lines, today)
    ledger = await uow.hours.ledger(school_id=school_id, semester=semester)
    sheet_rows = [
        LedgerSheetRow(
            id=r.entry.id, created_at=to_local(r.entry.created_at).replace(tzinfo=None),
            school=r.school_code, semester=r.course.semester, tutor=r.tutor.name, tutor_email=r.tutor.email,
            course=r.course.code, category=Category(r.entry.category), hours=r.entry.hours, date=r.entry.date,
            note=r.entry.note, source=r.entry.source, session_id=r.entry.session_id, entered_by=r.entered_by.name,
            reverses_id=r.entry.reverses_entry_id, replaces_id=r.entry.replaces_entry_id,
        )
        for r in ledger
    ]
    semesters = sorted({i.item.semester for i in progress} | {r.semester for r in sheet_rows})
    norms = {name: await uow.hours.norms_with_source(name) for name in semesters}
    scope = ", ".join(p for p in (school_row.code if school_row else text(lang, "hours.school.all"), semester) if p)
    content = hours_workbook(lang, scope=scope, today=today, progress=progress, ledger=sheet_rows, norms=norms)
    return HoursExport(scope, content, len(progress), len(sheet_rows), progress)


def _export_scope(turn: Turn, words: list[str], schools: list[School]) -> tuple[str | None, str | None]:
    """(school code, semester) from the words after `export hours`: a school code (a dean: only their own, also
    when not given; another is refused) and/or a semester."""
    codes = {s.code.lower(): s.code for s in schools}
    school: str | None = None
    semester: str | None = None
    for word in words:
        if word.lower() in codes:
            school = codes[word.lower()]
        else:
            semester = word
    if turn.role is Role.DEAN:
        own = turn.person.school.code if turn.person.school else None
        if own is None or (school is not None and school != own):
            raise Refusal("hours.export.no_school")
        school = own
    return school, semester


def _file_name(school: str | None, semester: str | None, today: dt.date) -> str:
    return f"hours-{school or 'all'}-{semester or 'all'}-{today:%Y%m%d}.xlsx"


@router.command(Command.EXPORT, "экспорт", "выгрузка")
async def export(turn: Turn) -> list[Reply]:
    """`export hours [SCHOOL] [SEMESTER]`: the figures in a card and the XLSX through Teams' file consent card
    (personal chat only: that is where Teams lets a bot hand over a file)."""
    words = turn.args.split()
    if (words[0].lower() if words else "") not in EXPORT_WORDS:
        return [Reply(text=text(turn.lang, "hours.export.only_hours"))]
    school, semester = _export_scope(turn, words[1:], await turn.uow.hours.schools())
    if turn.conversation_type != "personal":
        return [Reply(text=text(turn.lang, "hours.export.personal_only"))]
    today = _today(turn)
    result = await collect_hours_export(turn.uow, school=school, semester=semester, today=today, lang=turn.lang)
    name = _file_name(school, semester, today)
    command = " ".join(["python -m bot export hours"] + ([f"--school {school}"] if school else [])
                       + ([f"--semester {semester}"] if semester else []) + [f"-o {name}"])
    card = export_card(turn.lang, scope=result.scope, command=command, rows=result.rows, entries=result.entries)
    context = {"action": ACTION_EXPORT_FILE, HoursInput.SCHOOL: school or "", HoursInput.SEMESTER: semester or ""}
    consent = export_consent_attachment(turn.lang, name=name, size=len(result.content), scope=result.scope,
                                        context=context)
    return [Reply(card=card, attachments=[consent])]


@router.action(ACTION_EXPORT_FILE, command=Command.EXPORT, model=ExportConsent)
async def send_export(turn: Turn, form: ExportConsent) -> list[Reply]:
    """`fileConsent/invoke` on the export's consent card: allowed -> the XLSX (built now) goes to the upload URL
    Teams gave; declined -> nothing."""
    roles_only(turn, Command.EXPORT, Role.DEAN, Role.ADMIN, Role.UOO)
    if form.consent != "accept":
        return [Reply(text=text(turn.lang, "hours.export.declined"))]
    words = [w for w in (form.school, form.semester) if w]
    school, semester = _export_scope(turn, words, await turn.uow.hours.schools())
    upload: dict[str, object] = form.upload if isinstance(form.upload, dict) else {}
    url = str(upload.get("uploadUrl") or "")
    if not url:
        raise Refusal("bad_submission")
    today = _today(turn)
    result = await collect_hours_export(turn.uow, school=school, semester=semester, today=today, lang=turn.lang)
    name = str(upload.get("name") or _file_name(school, semester, today))
    return [Reply(upload=FileUpload(
        upload_url=url,
        content=result.content,
        info=export_file_info(upload),
        done_text=text(turn.lang, "hours.export.sent", name=name),
        failed_text=text(turn.lang, "hours.export.failed"),
    ))]

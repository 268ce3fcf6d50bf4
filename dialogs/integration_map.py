"""`map`: the SPOC/MOOC integration map of Appendix 1 (clause 7.4), filled in Teams, approved, exported as DOCX.

* Tutor: `map [COURSE]` opens the map of one of their assigned courses (a choice card when they have several).
  The overview card leads to one card per part: Part 1, Part 2, Part 3, Part 4 as three cards of five weeks and
  one card of consultations and control rows. Each card is saved on its own ("Save and continue" walks through
  all of them) and replaces itself in the chat with the next one. Week topics can be pasted as one list.
  A value that breaks a rule is refused field by field and nothing of that card is stored.
  "Submit" keeps the draft as a new version (every version is kept) and notifies the dean; a new version of an
  approved map (a syllabus update) needs a note of what changed.
* Reviewers (`dialogs/integration_map_review.py`): the dean of the course's school signs first, then a uoo person;
  a return at either step goes to the tutor with the comment; an admin reads every map and signs none. An approved
  update tells the course's students about the changed weeks still ahead.
* "Download DOCX" (anyone who may see the map): Teams' file consent card; on "Allow" the bot uploads the DOCX
  to the user's OneDrive (`Reply.upload`, done by the bot after the commit) and shows the file card.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from cards.formats import fmt_date
from cards.i18n import text
from cards.integration_map import (
    course_choice_card,
    docx_file_name,
    file_consent_attachment,
    file_info_attachment,
    overview_card,
)
from cards.integration_map_pieces import problems_message, state_name
from cards.integration_map_steps import next_step, step_card
from dialogs.integration_map_access import (
    ACTION,
    MapCourse,
    MapFile,
    MapStep,
    MapSubmission,
    MapTopics,
    Refusal,
    action,
    course_of,
    courses_text,
    editable_course,
    lang_of,
    map_of,
    may_edit,
    may_review,
    not_your_course,
    router,
    scheduled_consultations,
    view_of,
)
from dialogs.integration_map_review import notify_school, review, reviewer_command
from dialogs.router import FileUpload, Reply, Turn
from storage import UnitOfWork
from storage.integration_map import course_facts
from storage.models import Course
from tutoring.integration_map import (
    STEP_WEEKS,
    MapDocument,
    MapState,
    Step,
    apply_step,
    apply_topics,
    check_change_note,
    content_to_json,
    default_content,
    missing_for_submission,
    with_course_dates,
)
from tutoring.locale import Lang
from tutoring.roles import MAP_REVIEWERS, Command

# --- the command -------------------------------------------------------------------------------------------


@router.command(Command.MAP, "карта", "карта-интеграции", "карта_интеграции", "картасы")
async def map_command(turn: Turn) -> list[Reply]:
    if turn.role in MAP_REVIEWERS:
        return await reviewer_command(turn)
    courses = await turn.uow.people.courses_of(turn.person, turn.today)
    if not courses:
        return [Reply(text=text(turn.lang, ACTION + "no_courses"))]
    wanted = turn.args.split()[0].lower() if turn.args.split() else ""
    if wanted:
        chosen = next((c for c in courses if c.code.lower() == wanted), None)
        if chosen is None:
            return [Reply(text=text(turn.lang, ACTION + "not_your_course", code=turn.args.split()[0],
                                    courses=courses_text(courses)))]
        return [await _overview(turn, chosen)]
    if len(courses) == 1:
        return [await _overview(turn, courses[0])]
    return [Reply(card=course_choice_card(turn.lang, [(c.id, c.code, c.name) for c in courses]))]


async def _overview(turn: Turn, course: Course, *, notice: str | None = None, problems: list[str] | None = None,
                    update: bool = False) -> Reply:
    map_ = await map_of(turn, course, create=True)
    view = await view_of(turn, course, map_)
    copy_from = None
    if map_ is not None and await turn.uow.maps.is_untouched(map_) and await may_edit(turn, course):
        earlier = await turn.uow.maps.earlier_content(course)
        copy_from = earlier[0] if earlier else None
    return Reply(card=overview_card(turn.lang, view, notice=notice, problems=problems, copy_from=copy_from),
                 update=update)


@action("copy", Command.MAP_EDIT, MapCourse)
async def copy_earlier(turn: Turn, submission: MapCourse) -> list[Reply]:
    """Start this term's map from the last term's: its content, with this offering's dates and consultations."""
    course = await editable_course(turn, submission)
    map_ = await map_of(turn, course, create=True)
    assert map_ is not None
    if not await turn.uow.maps.is_untouched(map_):
        raise Refusal(ACTION + "copy.not_new")
    earlier = await turn.uow.maps.earlier_content(course)
    if earlier is None:
        raise Refusal(ACTION + "copy.none")
    semester, content = earlier
    facts = course_facts(course)
    fresh = default_content(facts, await scheduled_consultations(turn, course))
    # Part 1 is this offering's (semester, dates); weeks, MOOCs and the model carry over; dates follow this term.
    copied = replace(content, course=replace(content.course, semester=fresh.course.semester), controls=tuple(
        replace(old, date=new.date) for old, new in zip(content.controls, fresh.controls, strict=True)))
    key = f"map:copy:{map_.id}"  # once per map: a replayed click finds the map touched and copies nothing
    await turn.uow.maps.save(map_, with_course_dates(copied, facts), step="copy", key=key, person=turn.person,
                             now=turn.now)
    return [await _overview(turn, course, notice=text(turn.lang, ACTION + "copied", semester=semester), update=True)]


@action("open", Command.MAP, MapCourse)
async def open_map(turn: Turn, submission: MapCourse) -> list[Reply]:
    course = await course_of(turn, submission)
    if await may_edit(turn, course):
        return [await _overview(turn, course, update=True)]
    if may_review(turn, course):
        return await review(turn, course)
    raise await not_your_course(turn, course)


@action("edit", Command.MAP_EDIT, MapStep)
async def edit_part(turn: Turn, submission: MapStep) -> list[Reply]:
    course = await editable_course(turn, submission)
    map_ = await map_of(turn, course, create=True)
    view = await view_of(turn, course, map_)
    return [Reply(card=step_card(turn.lang, view, submission.step), update=True)]


def _part_name(lang: Lang, step: Step) -> str:
    """The part's title (its button says only "1–5" to fit a phone)."""
    if step in STEP_WEEKS:
        weeks = STEP_WEEKS[step]
        return text(lang, ACTION + "step.weeks", a=weeks.start, b=weeks.stop - 1)
    return text(lang, ACTION + f"step.{step.value}")


@action("save", Command.MAP_EDIT, MapStep)
async def save_part(turn: Turn, submission: MapStep) -> list[Reply]:
    """One card's values into the draft; all or nothing: a refused value keeps the stored draft as it was."""
    course = await editable_course(turn, submission)
    step = submission.step
    map_ = await map_of(turn, course, create=True)
    assert map_ is not None
    view = await view_of(turn, course, map_)
    content, problems = apply_step(view.content, step, turn.data, view.facts)
    if problems:
        message = problems_message(turn.lang, "problems.save", problems)
        card = step_card(turn.lang, view, step, values=turn.data, problems=problems)
        return [Reply(text=message), Reply(card=card, update=True)]
    saved = await turn.uow.maps.save(map_, content, step=step.value, key=_key(turn, "save"), person=turn.person,
                                     now=turn.now)
    notice = text(turn.lang, ACTION + "saved", part=_part_name(turn.lang, step)) if saved \
        else text(turn.lang, ACTION + "replayed")
    following = next_step(step) if submission.then == "next" else None
    view = await view_of(turn, course, map_)
    if following is None:
        return [Reply(card=overview_card(turn.lang, view, notice=notice), update=True)]
    return [Reply(card=step_card(turn.lang, view, following, notice=notice), update=True)]


@action("topics", Command.MAP_EDIT, MapTopics)
async def paste_topics(turn: Turn, submission: MapTopics) -> list[Reply]:
    course = await editable_course(turn, submission)
    map_ = await map_of(turn, course, create=True)
    assert map_ is not None
    view = await view_of(turn, course, map_)
    pasted = submission.topics
    content, problems = apply_topics(view.content, pasted)
    if problems:
        message = problems_message(turn.lang, "problems.save", problems)
        return [Reply(text=message), await _overview(turn, course, problems=message.splitlines(), update=True)]
    saved = await turn.uow.maps.save(map_, content, step="topics", key=_key(turn, "topics"), person=turn.person,
                                     now=turn.now)
    filled = sum(1 for line in pasted.splitlines() if line.strip())
    notice = text(turn.lang, ACTION + "topics_saved", n=filled) if saved else text(turn.lang, ACTION + "replayed")
    return [await _overview(turn, course, notice=notice, update=True)]


def _key(turn: Turn, verb: str) -> str:
    return f"map:{verb}:{turn.person.id}:{turn.activity_id}" if turn.activity_id else ""


# --- submission and review ---------------------------------------------------------------------------------


@action("submit", Command.MAP_EDIT, MapSubmission)
async def submit_map(turn: Turn, submission: MapSubmission) -> list[Reply]:
    course = await editable_course(turn, submission)
    key = _key(turn, "submit") or f"map:submit:{turn.person.id}:{turn.now.isoformat()}"
    replayed = await turn.uow.maps.by_submission_key(key)
    if replayed is not None:
        return [Reply(text=text(turn.lang, ACTION + "already_submitted", n=replayed.number))]
    map_ = await map_of(turn, course, create=True)
    assert map_ is not None
    view = await view_of(turn, course, map_)
    latest = await turn.uow.maps.latest(map_)
    if latest is not None and not view.changed and latest.state in (MapState.SUBMITTED, MapState.SCHOOL_APPROVED,
                                                                     MapState.APPROVED):
        return [Reply(text=text(turn.lang, ACTION + "unchanged", n=latest.number,
                                state=state_name(turn.lang, MapState(latest.state))))]
    note = submission.note.strip()
    missing = missing_for_submission(view.content)
    if view.approved_version:  # a syllabus update: reviewers and students read what changed
        missing += check_change_note(note)
    if missing:
        message = problems_message(turn.lang, "problems.submit", missing)
        return [Reply(text=message), await _overview(turn, course, problems=message.splitlines(), update=True)]
    map_.draft_json = content_to_json(view.content)  # with the roster's current control dates
    version = await turn.uow.maps.submit(map_, key=key, person=turn.person, now=turn.now,
                                         note=note if view.approved_version else None)
    lines = [text(turn.lang, ACTION + "submitted", code=course.code, n=version.number)]
    lines.append(await notify_school(turn, course, version))
    return [Reply(text="\n".join(lines)), await _overview(turn, course, update=True)]


async def calendar_changed(uow: UnitOfWork, course_ids: set[int]) -> int:
    """The AIS moved a course's dates after its map was approved: the approved version keeps its dates (the DOCX
    shows them), and the course's tutors and dean are told the map needs a look. Once per new calendar."""
    told = 0
    for course, version in await uow.maps.approved_of_courses(course_ids):
        dates = f"{course.start_date}/{course.rk1_date}/{course.rk2_date}/{course.exam_date}"
        people = [*await uow.maps.tutors_of(course.id)]
        dean = await uow.maps.dean_of(course)
        if dean is not None:
            people.append(dean)
        for person in people:
            lang = lang_of(person)
            shown = ", ".join(f"{text(lang, ACTION + 'control.' + label)} {fmt_date(getattr(course, k + '_date'), lang)}"
                              for k, label in (("rk1", "rk1"), ("rk2", "rk2"), ("exam", "exam")))
            line = text(lang, ACTION + "notify.calendar_changed", code=course.code, name=course.name, dates=shown,
                        n=version.number)
            await uow.outbox.to_person(person, f"map:{course.id}:calendar:{dates}:{person.id}",
                                       {"type": "message", "text": line})
            told += 1
    return told


# --- the DOCX ----------------------------------------------------------------------------------------------


async def _may_see(turn: Turn, course: Course) -> bool:
    return await may_edit(turn, course) or may_review(turn, course)


@action("docx", Command.MAP, MapFile)
async def offer_docx(turn: Turn, submission: MapFile) -> list[Reply]:
    """Teams' file consent card: the bot may only put a file in the user's OneDrive once they allow it."""
    course = await course_of(turn, submission)
    number = submission.version
    if not await _may_see(turn, course):
        raise Refusal(ACTION + "review.not_reviewer")
    if turn.conversation_type != "personal":
        raise Refusal(ACTION + "docx.personal_only")
    document = await turn.uow.maps.document(course, number)
    if document is None:
        raise Refusal(ACTION + "review.nothing")
    size = len(_render_docx(document, turn.now))
    name = docx_file_name(course.code, number)
    context = {"action": ACTION + "file", "course": course.id, "version": number}
    attachment = file_consent_attachment(turn.lang, name=name, size=size, code=course.code, context=context)
    return [Reply(text=text(turn.lang, ACTION + "docx.offer"), attachments=[attachment])]


@action("file", Command.MAP, MapFile)
async def send_docx(turn: Turn, submission: MapFile) -> list[Reply]:
    """`fileConsent/invoke`: allowed -> the DOCX goes to the upload URL Teams gave; declined -> nothing."""
    course = await course_of(turn, submission)
    number, upload = submission.version, submission.upload
    if submission.consent != "accept":
        raise Refusal(ACTION + "docx.declined")
    if not await _may_see(turn, course):
        raise Refusal(ACTION + "review.not_reviewer")
    url = str(upload.get("uploadUrl") or "")
    document = await turn.uow.maps.document(course, number)
    if document is None or not url:
        raise Refusal("bad_submission")
    name = str(upload.get("name") or docx_file_name(course.code, number))
    lang = turn.lang
    return [Reply(upload=FileUpload(
        upload_url=url,
        content=_render_docx(document, turn.now),
        info=file_info_attachment(upload),
        done_text=text(lang, ACTION + "docx.sent", name=name),
        failed_text=text(lang, ACTION + "docx.failed"),
    ))]


def _render_docx(document: MapDocument, now: dt.datetime) -> bytes:
    from cards.integration_map_docx import render_map_docx  # python-docx: when a file is made, not at start

    return render_map_docx(document, now=now)

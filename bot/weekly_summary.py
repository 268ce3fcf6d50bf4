"""The weekly summary job: one post per subscribed channel and ISO week, whatever triggers it.

The scheduler (Monday 09:00 Almaty), the catch-up at start, the CLI and every replica all go through
`send_weekly_summaries`; the unique key of `summary_posts` decides who posts, the others find it done.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from bot.services import Services
from cards.base import CARD_CONTENT_TYPE
from cards.summary import summary_card
from dialogs.deadlines import control_lines
from dialogs.gradesheets import overdue_lines
from tutoring.clock import local_date
from tutoring.locale import lang_from_locale
from tutoring.weekly import IsoWeek, compose, week_due

log = logging.getLogger("tutorbot.summary")


@dataclass
class SummaryRun:
    week: IsoWeek
    posted: int = 0
    already: int = 0
    missing: int = 0  # subscriptions whose channel reference is gone: not posted, not marked


async def send_weekly_summaries(
    services: Services, *, week: IsoWeek | None = None, force: bool = False, school_code: str | None = None
) -> SummaryRun:
    """Post the summary of `week` (default: the last one due) to every subscribed channel that has not had it."""
    now = services.clock.now()
    run = SummaryRun(week or week_due(now))
    today = local_date(now)
    async with services.database.unit_of_work() as uow:
        summaries = {}
        controls: dict[tuple[int, str], list[str]] = {}
        for subscription in await uow.summary.active_subscriptions(school_code):
            ref = await uow.summary.ref(subscription.conversation_ref_id)
            school = await uow.summary.school(subscription.school_id)
            if ref is None or school is None:
                # Nowhere to post: the week is not claimed, so it goes out once the channel is known again.
                log.warning("weekly summary %s: subscription %d has no channel reference; not posted",
                            run.week, subscription.id)
                run.missing += 1
                continue
            edition = await uow.summary.claim_post(subscription, str(run.week), force)
            if edition is None:
                run.already += 1
                continue
            lang = lang_from_locale(subscription.lang)
            if (school.id, lang) not in summaries:
                rows = await uow.summary.rows(school.id, run.week, now)
                untutored = await uow.summary.untutored(school.id, run.week)
                term = await uow.people.current_semester(run.week.sunday)
                sheets = await overdue_lines(uow, school.id, term, today, lang, services.settings.gradesheet_days)
                summaries[(school.id, lang)] = compose(school.name, run.week, rows, today, untutored, sheets)
                controls[(school.id, lang)] = await control_lines(uow, school.id, term, now, lang)
            card = summary_card(summaries[(school.id, lang)], lang, today,
                                export_command=f"export hours {school.code}", control=controls[(school.id, lang)])
            activity = {"type": "message", "attachments": [{"contentType": CARD_CONTENT_TYPE, "content": card}]}
            key = f"summary:{subscription.id}:{run.week}:{edition}"
            await uow.outbox.to_conversation(ref, key, activity, new_thread=True)
            run.posted += 1
    if run.posted:
        services.deliverer.kick()
    log.info("weekly summary %s: %d posted, %d already sent", run.week, run.posted, run.already)
    return run


async def scheduled_weekly_summaries(services: Services) -> SummaryRun:
    """Monday 09:00, and once at start to catch up a Monday the bot missed (the unique key keeps it to one)."""
    return await send_weekly_summaries(services)

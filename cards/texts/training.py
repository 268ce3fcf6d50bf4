"""Texts of trainings for tutors (6.2): the УОО schedules them, tutors are invited."""

from __future__ import annotations

from tutoring.locale import Lang

TEXTS: dict[str, dict[Lang, str]] = {
    "cmd.training": {
        "ru": "назначить обучение тьюторов: одной школы или всех (Teams-встреча с приглашениями)",
        "kk": "тьюторларды оқытуды тағайындау: бір мектептің немесе барлығының (шақырулары бар Teams кездесуі)",
        "en": "schedule a training for tutors: of one school or all (a Teams meeting with invitations)",
    },
    # --- the УОО's card -----------------------------------------------------------
    "training.card.title": {"ru": "Обучение тьюторов", "kk": "Тьюторларды оқыту", "en": "Training for tutors"},
    "training.card.intro": {
        "ru": "Управление онлайн-образования обучает тьюторов (п. 6.2). Приглашение получат тьюторы выбранной "
        "школы или все тьюторы; встреча Teams создаётся в вашем календаре.",
        "kk": "Онлайн білім беру басқармасы тьюторларды оқытады (6.2-т.). Шақыруды таңдалған мектептің немесе "
        "барлық тьюторлар алады; Teams кездесуі сіздің күнтізбеңізде жасалады.",
        "en": "The Online Education Office trains tutors (6.2). The tutors of the chosen school, or all tutors, "
        "are invited; the Teams meeting is made in your calendar.",
    },
    "training.card.submit": {"ru": "Назначить обучение", "kk": "Оқытуды тағайындау", "en": "Schedule the training"},
    "training.field.school": {"ru": "Для кого", "kk": "Кімге арналған", "en": "For whom"},
    "training.field.organizer": {"ru": "Проводит", "kk": "Өткізеді", "en": "Run by"},
    "training.all_schools": {"ru": "Все тьюторы (все школы)", "kk": "Барлық тьюторлар (барлық мектептер)",
                             "en": "All tutors (every school)"},
    "training.subject": {"ru": "Обучение тьюторов (6.2): {audience}", "kk": "Тьюторларды оқыту (6.2): {audience}",
                         "en": "Training for tutors (6.2): {audience}"},
    "training.bad.school": {
        "ru": "Поле «Для кого»: выберите школу из списка или «Все тьюторы». Ничего не назначено.",
        "kk": "«Кімге арналған» өрісі: тізімнен мектепті немесе «Барлық тьюторлар» таңдаңыз. Ештеңе тағайындалмады.",
        "en": "Field “For whom”: choose a school from the list or “All tutors”. Nothing was scheduled.",
    },
    "training.tutors_cannot": {
        "ru": "Обучение тьюторов назначает Управление онлайн-образования, не тьютор. Ничего не назначено; "
        "для своего курса выберите вебинар или консультацию.",
        "kk": "Тьюторларды оқытуды тьютор емес, Онлайн білім беру басқармасы тағайындайды. Ештеңе тағайындалмады; "
        "курсыңыз үшін вебинар немесе кеңес таңдаңыз.",
        "en": "Trainings for tutors are scheduled by the Online Education Office, not by tutors. Nothing was "
        "scheduled; for your course choose a webinar or a consultation.",
    },
    "training.scheduled": {
        "ru": "Обучение назначено. Приглашения получат тьюторы: {count}.",
        "kk": "Оқыту тағайындалды. Шақыруларды тьюторлар алады: {count}.",
        "en": "The training is scheduled. Tutors to be invited: {count}.",
    },
    "training.not_found": {
        "ru": "Не нашёл это обучение среди назначенных вами. Ничего не изменилось.",
        "kk": "Бұл оқыту сіз тағайындағандардың арасынан табылмады. Ештеңе өзгерген жоқ.",
        "en": "I could not find this training among those you scheduled. Nothing changed.",
    },
    "training.cancel_confirm_text": {
        "ru": "Отменить обучение? Приглашённые тьюторы получат уведомление.",
        "kk": "Оқытуды болдырмау керек пе? Шақырылған тьюторлар хабарлама алады.",
        "en": "Cancel the training? The invited tutors will be told.",
    },
    "training.cancelled": {"ru": "Обучение отменено.", "kk": "Оқыту болдырылмады.", "en": "The training is cancelled."},
    # --- what tutors get ------------------------------------------------------------
    "training.notice.new": {"ru": "Приглашение на обучение тьюторов", "kk": "Тьюторларды оқытуға шақыру",
                            "en": "You are invited to a training for tutors"},
    "training.notice.changed": {"ru": "Обучение тьюторов перенесено", "kk": "Тьюторларды оқыту ауыстырылды",
                                "en": "A training for tutors has moved"},
    "training.notice.cancelled": {"ru": "Обучение тьюторов отменено", "kk": "Тьюторларды оқыту болдырылмады",
                                  "en": "A training for tutors is cancelled"},
    "training.organizer.done": {
        "ru": "Календарь обновлён; тьюторы уведомлены: {sent} из {total}.",
        "kk": "Күнтізбе жаңартылды; тьюторларға хабарланды: {total} ішінен {sent}.",
        "en": "The calendar is up to date; tutors told: {sent} of {total}.",
    },
    "training.organizer.pending": {
        "ru": "Microsoft Graph сейчас недоступен ({error}). Обучение сохранено, я повторю попытку.",
        "kk": "Microsoft Graph қазір қолжетімсіз ({error}). Оқыту сақталды, әрекетті қайталаймын.",
        "en": "Microsoft Graph is unreachable now ({error}). The training is saved; I will try again.",
    },
    "training.organizer.failed": {
        "ru": "Microsoft Graph отказал (HTTP {status}): {error}. Тьюторы не приглашены.",
        "kk": "Microsoft Graph бас тартты (HTTP {status}): {error}. Тьюторлар шақырылмады.",
        "en": "Microsoft Graph refused (HTTP {status}): {error}. No tutor was invited.",
    },
    # --- `sessions` -------------------------------------------------------------------
    "training.list.title": {"ru": "Обучение тьюторов (УОО)", "kk": "Тьюторларды оқыту (ОБО)",
                            "en": "Trainings for tutors (the Office)"},
}

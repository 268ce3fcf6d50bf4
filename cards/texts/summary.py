"""Texts of the weekly summary feature."""

from __future__ import annotations

from tutoring.locale import Lang

TEXTS: dict[str, dict[Lang, str]] = {
    "summary.subscribe.only_channel": {
        "ru": "Подписка оформляется в канале команды: упомяните меня там (@Tutorbot subscribe).",
        "kk": "Жазылу команда арнасында рәсімделеді: мені сонда атаңыз (@Tutorbot subscribe).",
        "en": "Subscribe in a team channel: @mention me there (@Tutorbot subscribe).",
    },
    "summary.subscribe.no_school": {
        "ru": "В списках вы не закреплены за школой, поэтому мне нечего присылать. Обратитесь в УОО.",
        "kk": "Тізімде сіз мектепке бекітілмегенсіз, сондықтан жіберетін ештеңе жоқ. ОБО-ға хабарласыңыз.",
        "en": "The roster has no school for you, so there is nothing to send. Please contact the Online Education Office.",
    },
    "summary.subscribed": {
        "ru": "Готово: этот канал будет получать сводку школы «{school}» каждый понедельник в 09:00 (Алматы).",
        "kk": "Дайын: бұл арна «{school}» мектебінің есебін әр дүйсенбі сағат 09:00-де (Алматы) алады.",
        "en": "Done: this channel will receive the summary of {school} every Monday at 09:00 (Almaty time).",
    },
    "summary.already_subscribed": {
        "ru": "Этот канал уже получает сводку школы «{school}».",
        "kk": "Бұл арна «{school}» мектебінің есебін бұрыннан алады.",
        "en": "This channel already receives the summary of {school}.",
    },
    "summary.unsubscribed": {
        "ru": "Этот канал больше не будет получать сводку школы «{school}».",
        "kk": "Бұл арна енді «{school}» мектебінің есебін алмайды.",
        "en": "This channel will no longer receive the summary of {school}.",
    },
    "summary.not_subscribed": {
        "ru": "Этот канал и не был подписан на сводку.",
        "kk": "Бұл арна есепке жазылмаған еді.",
        "en": "This channel was not subscribed.",
    },
}

TEXTS.update({
    "summary.title": {
        "ru": "Тьюторская служба: {school}",
        "kk": "Тьюторлық қызмет: {school}",
        "en": "Tutoring service: {school}",
    },
    "summary.period": {
        "ru": "Неделя {week} ({monday} – {sunday}), данные на {asof}",
        "kk": "{week} апта ({monday} – {sunday}), {asof} жағдайы бойынша",
        "en": "Week {week} ({monday} – {sunday}), figures as of {asof}",
    },
    "summary.fact.hours_week": {"ru": "Часы за неделю", "kk": "Аптадағы сағаттар", "en": "Hours this week"},
    "summary.fact.hours_semester": {
        "ru": "Часы за семестр", "kk": "Семестрдегі сағаттар", "en": "Hours this semester",
    },
    "summary.value.hours_semester": {
        "ru": "{delivered} из {norm} ч по нормам", "kk": "нормадағы {norm} сағаттың {delivered}",
        "en": "{delivered} of {norm} h of the norms",
    },
    "summary.fact.sessions": {"ru": "Проведено занятий", "kk": "Өткізілген сабақтар", "en": "Sessions held"},
    "summary.fact.questions": {"ru": "Вопросы студентов", "kk": "Студенттердің сұрақтары", "en": "Students' questions"},
    "summary.value.questions": {
        "ru": "получено {received}, отвечено {answered}, просрочено {overdue}",
        "kk": "алынды {received}, жауап берілді {answered}, мерзімі өтті {overdue}",
        "en": "received {received}, answered {answered}, overdue {overdue}",
    },
    "summary.fact.median": {"ru": "Медиана ответа", "kk": "Жауаптың медианасы", "en": "Median response"},
    "summary.value.hours": {"ru": "{hours} ч", "kk": "{hours} сағ", "en": "{hours} h"},
    "summary.none": {"ru": "—", "kk": "—", "en": "—"},
    "summary.problems": {"ru": "Требует внимания", "kk": "Назар аударуды қажет етеді", "en": "Needs attention"},
    "summary.no_problems": {
        "ru": "Проблем нет: все обязательные занятия назначены, просроченных вопросов нет.",
        "kk": "Мәселе жоқ: барлық міндетті сабақтар тағайындалған, мерзімі өткен сұрақтар жоқ.",
        "en": "No problems: every mandatory session is scheduled and no question is overdue.",
    },
    "summary.problem.consultation_missing": {
        "ru": "{control} через {days} дн., консультация не назначена",
        "kk": "{control} {days} күннен кейін, кеңес тағайындалмаған",
        "en": "{control} in {days} days, no consultation scheduled",
    },
    "summary.problem.intro_missing": {
        "ru": "вводное занятие (7.1) не назначено",
        "kk": "кіріспе сабақ (7.1) тағайындалмаған",
        "en": "no intro session (7.1) scheduled",
    },
    "summary.problem.questions_overdue": {
        "ru": "просроченных вопросов (> 48 ч): {count}",
        "kk": "мерзімі өткен сұрақтар (> 48 сағ): {count}",
        "en": "{count} question(s) overdue (> 48 h)",
    },
    "summary.problem.hours_behind": {
        "ru": "до {control} не хватает {hours} ч",
        "kk": "{control} дейін {hours} сағ жетпейді",
        "en": "{hours} h short before {control}",
    },
    "summary.more_problems": {
        "ru": "…и ещё {count} в выгрузке.", "kk": "…тағы {count} жүктемеде.", "en": "…and {count} more in the export.",
    },
    "summary.table": {"ru": "По тьюторам и курсам", "kk": "Тьюторлар мен курстар бойынша", "en": "By tutor and course"},
    "summary.row": {
        "ru": "{delivered}/{norm} ч · за неделю {week_hours} ч · занятий {sessions} · вопросов {received}, просрочено {overdue}",
        "kk": "{delivered}/{norm} сағ · аптада {week_hours} сағ · сабақ {sessions} · сұрақ {received}, мерзімі өткен {overdue}",
        "en": "{delivered}/{norm} h · this week {week_hours} h · sessions {sessions} · questions {received}, overdue {overdue}",
    },
    "summary.more_rows": {
        "ru": "…и ещё {count} строк в выгрузке XLSX.",
        "kk": "…тағы {count} жол XLSX жүктемесінде.",
        "en": "…and {count} more rows in the XLSX export.",
    },
    "summary.export": {"ru": "Выгрузка часов (XLSX)", "kk": "Сағаттар жүктемесі (XLSX)", "en": "Hours export (XLSX)"},
    "summary.empty": {
        "ru": "В школе пока нет назначенных тьюторов.",
        "kk": "Мектепте әзірге тағайындалған тьюторлар жоқ.",
        "en": "The school has no tutors assigned yet.",
    },
    "summary.control.rk1": {"ru": "РК1", "kk": "АБ1", "en": "RK1"},
    "summary.control.rk2": {"ru": "РК2", "kk": "АБ2", "en": "RK2"},
    "summary.control.exam": {"ru": "экзамен", "kk": "емтихан", "en": "the exam"},
    "summary.sent": {
        "ru": "Сводка за {week} отправлена в {count} канал(ов).",
        "kk": "{week} есебі {count} арнаға жіберілді.",
        "en": "The {week} summary went to {count} channel(s).",
    },
})

TEXTS.update({
    # "до РК1 / до экзамена": the genitive the hours problem needs.
    "summary.control_before.rk1": {"ru": "РК1", "kk": "АБ1", "en": "RK1"},
    "summary.control_before.rk2": {"ru": "РК2", "kk": "АБ2", "en": "RK2"},
    "summary.control_before.exam": {"ru": "экзамена", "kk": "емтиханға", "en": "the exam"},
})

TEXTS.update({
    # `report` by a dean in a channel or group chat: the figures name tutors, so they go to the personal chat.
    "summary.report.personal": {
        "ru": "Сводка школы «{school}» на сегодня",
        "kk": "«{school}» мектебінің бүгінгі есебі",
        "en": "Today's summary of {school}",
    },
    "summary.report.sent_personally": {
        "ru": "Отчёт отправлен вам в личный чат с Tutorbot: в нём цифры по каждому тьютору, поэтому здесь я их "
        "не публикую.",
        "kk": "Есеп сізге Tutorbot-пен жеке чатқа жіберілді: онда әр тьютордың көрсеткіштері бар, сондықтан "
        "мұнда жарияламаймын.",
        "en": "The report went to your personal chat with Tutorbot: it has figures for each tutor, so I do not post "
        "it here.",
    },
    "summary.report.unreachable": {
        "ru": "Отчёт содержит цифры по каждому тьютору, поэтому здесь я его не публикую, а написать вам лично пока "
        "не могу: вы ещё не открывали чат с Tutorbot. Откройте личный чат с Tutorbot и напишите там «report».",
        "kk": "Есепте әр тьютордың көрсеткіштері бар, сондықтан мұнда жарияламаймын, ал сізге жеке жаза алмаймын: "
        "сіз Tutorbot-пен чатты әлі ашпағансыз. Tutorbot-пен жеке чатты ашып, сонда «report» деп жазыңыз.",
        "en": "The report has figures for each tutor, so I do not post it here, and I cannot write to you "
        "personally yet: you have not opened a chat with Tutorbot. Open a personal chat with Tutorbot and type "
        "“report” there.",
    },
})

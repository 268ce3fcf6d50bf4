"""Texts of the sessions feature: scheduling, notices to students, reminders, the tutor's plan."""

from __future__ import annotations

from tutoring.locale import Lang

TEXTS: dict[str, dict[Lang, str]] = {
    # --- kinds and states ---------------------------------------------------
    "sessions.kind.intro": {
        "ru": "Вводное занятие",
        "kk": "Кіріспе сабақ",
        "en": "Introductory session",
    },
    "sessions.kind.consultation_rk1": {
        "ru": "Консультация перед РК1",
        "kk": "АБ1 алдындағы кеңес",
        "en": "Consultation before RK1",
    },
    "sessions.kind.consultation_rk2": {
        "ru": "Консультация перед РК2",
        "kk": "АБ2 алдындағы кеңес",
        "en": "Consultation before RK2",
    },
    "sessions.kind.consultation_exam": {
        "ru": "Консультация перед экзаменом",
        "kk": "Емтихан алдындағы кеңес",
        "en": "Consultation before the exam",
    },
    "sessions.kind.webinar": {
        "ru": "Вебинар",
        "kk": "Вебинар",
        "en": "Webinar",
    },
    "sessions.state.scheduled": {"ru": "назначено", "kk": "тағайындалды", "en": "scheduled"},
    "sessions.state.held": {"ru": "проведено", "kk": "өтті", "en": "held"},
    "sessions.state.cancelled": {"ru": "отменено", "kk": "болдырылмады", "en": "cancelled"},
    "sessions.state.not_held": {"ru": "не состоялось", "kk": "өтпеді", "en": "not held"},
    "sessions.platform.teams": {"ru": "Microsoft Teams", "kk": "Microsoft Teams", "en": "Microsoft Teams"},
    "sessions.platform.zoom": {"ru": "Zoom", "kk": "Zoom", "en": "Zoom"},
    "sessions.minutes": {"ru": "{minutes} мин", "kk": "{minutes} мин", "en": "{minutes} min"},
    "sessions.tz_note": {"ru": "время Алматы", "kk": "Алматы уақыты", "en": "Almaty time"},
    # --- the schedule card --------------------------------------------------
    "sessions.schedule.title": {
        "ru": "Назначить вебинар или консультацию",
        "kk": "Вебинар немесе кеңес тағайындау",
        "en": "Schedule a webinar or consultation",
    },
    "sessions.schedule.proposal": {
        "ru": "Следующее по положению: {kind} — не позднее {due}. Дата и время ниже уже предложены.",
        "kk": "Ереже бойынша келесісі: {kind} — {due} кешіктірмей. Төмендегі күн мен уақыт ұсынылған.",
        "en": "Next under the regulation: {kind}, by {due} at the latest. The date and time below are proposed.",
    },
    "sessions.schedule.proposal_late": {
        "ru": "Пропущено: {kind} — срок был {due}. Назначьте как можно скорее.",
        "kk": "Өткізілмеді: {kind} — мерзімі {due} болды. Мүмкіндігінше тезірек тағайындаңыз.",
        "en": "Missed: {kind}, due by {due}. Schedule it as soon as you can.",
    },
    "sessions.schedule.proposal_webinar": {
        "ru": "Обязательные занятия назначены. Предлагаю очередной вебинар.",
        "kk": "Міндетті сабақтар тағайындалды. Кезекті вебинарды ұсынамын.",
        "en": "The required sessions are scheduled. Here is the next webinar.",
    },
    "sessions.schedule.plan": {
        "ru": "План курса {course}",
        "kk": "{course} курсының жоспары",
        "en": "Plan of {course}",
    },
    "sessions.schedule.other_course": {
        "ru": "Предложение для другого курса: «schedule КОД_КУРСА».",
        "kk": "Басқа курсқа ұсыныс: «schedule КУРС_КОДЫ».",
        "en": "For another course's proposal: “schedule COURSE_CODE”.",
    },
    "sessions.field.course": {"ru": "Курс", "kk": "Курс", "en": "Course"},
    "sessions.field.kind": {"ru": "Вид занятия", "kk": "Сабақ түрі", "en": "Kind of session"},
    "sessions.field.date": {"ru": "Дата", "kk": "Күні", "en": "Date"},
    "sessions.field.time": {
        "ru": "Время начала (Алматы)",
        "kk": "Басталу уақыты (Алматы)",
        "en": "Start time (Almaty)",
    },
    "sessions.field.duration": {
        "ru": "Длительность, минут",
        "kk": "Ұзақтығы, минут",
        "en": "Duration, minutes",
    },
    "sessions.field.platform": {"ru": "Платформа", "kk": "Платформа", "en": "Platform"},
    "sessions.field.link": {
        "ru": "Ссылка (для Zoom обязательна)",
        "kk": "Сілтеме (Zoom үшін міндетті)",
        "en": "Link (required for Zoom)",
    },
    "sessions.field.title": {
        "ru": "Тема (необязательно)",
        "kk": "Тақырып (міндетті емес)",
        "en": "Topic (optional)",
    },
    "sessions.field.required": {
        "ru": "Заполните это поле",
        "kk": "Бұл өрісті толтырыңыз",
        "en": "Please fill this in",
    },
    "sessions.platform.teams_choice": {
        "ru": "Teams — встреча создаётся автоматически",
        "kk": "Teams — кездесу автоматты түрде құрылады",
        "en": "Teams — the meeting is created for you",
    },
    "sessions.platform.zoom_choice": {
        "ru": "Zoom — по вашей ссылке",
        "kk": "Zoom — сіздің сілтемеңіз бойынша",
        "en": "Zoom — with your link",
    },
    "sessions.schedule.submit": {"ru": "Назначить", "kk": "Тағайындау", "en": "Schedule"},
    "sessions.schedule.no_courses": {
        "ru": "За вами пока не закреплён ни один курс, поэтому назначать занятия не для кого. "
        "Закрепление тьютора рассматривает Совет школы (п. 8.3).",
        "kk": "Сізге әзірге бірде-бір курс бекітілмеген, сондықтан сабақ тағайындайтын ешкім жоқ. "
        "Тьюторды бекітуді Мектеп кеңесі қарайды (8.3-т.).",
        "en": "No course is assigned to you yet, so there is no one to schedule for. "
        "The School Council assigns tutors (8.3).",
    },
    # --- plan statuses ------------------------------------------------------
    "sessions.plan.held": {"ru": "проведено {date}", "kk": "{date} өтті", "en": "held on {date}"},
    "sessions.plan.scheduled": {"ru": "назначено на {date}", "kk": "{date} күнге тағайындалды", "en": "scheduled for {date}"},
    "sessions.plan.scheduled_late": {
        "ru": "назначено на {date} — позже срока {due}",
        "kk": "{date} күнге тағайындалды — {due} мерзімінен кеш",
        "en": "scheduled for {date}, after its deadline {due}",
    },
    "sessions.plan.missing": {
        "ru": "не назначено, срок — {due}",
        "kk": "тағайындалмаған, мерзімі — {due}",
        "en": "not scheduled, due by {due}",
    },
    "sessions.plan.overdue": {
        "ru": "не проведено, срок {due} прошёл",
        "kk": "өткізілмеді, {due} мерзімі өтті",
        "en": "missing, its deadline {due} has passed",
    },
    "sessions.plan.webinars": {
        "ru": "Вебинары (7.2, норма {norm} ч)",
        "kk": "Вебинарлар (7.2, нормасы {norm} сағ)",
        "en": "Webinars (7.2, norm {norm} h)",
    },
    "sessions.plan.webinar_hours": {
        "ru": "проведено {held} ч, назначено {scheduled} ч",
        "kk": "{held} сағ өтті, {scheduled} сағ тағайындалды",
        "en": "{held} h held, {scheduled} h scheduled",
    },
    # --- bad input ----------------------------------------------------------
    "sessions.bad.course": {
        "ru": "Поле «Курс»: выберите один из ваших курсов.",
        "kk": "«Курс» өрісі: өз курстарыңыздың бірін таңдаңыз.",
        "en": "Course: choose one of your courses.",
    },
    "sessions.bad.kind": {
        "ru": "Поле «Вид занятия»: выберите вид из списка.",
        "kk": "«Сабақ түрі» өрісі: тізімнен таңдаңыз.",
        "en": "Kind of session: choose one from the list.",
    },
    "sessions.bad.platform": {
        "ru": "Поле «Платформа»: выберите Teams или Zoom.",
        "kk": "«Платформа» өрісі: Teams немесе Zoom таңдаңыз.",
        "en": "Platform: choose Teams or Zoom.",
    },
    "sessions.bad.date": {
        "ru": "Поле «Дата»: укажите дату в формате ГГГГ-ММ-ДД.",
        "kk": "«Күні» өрісі: күнді ЖЖЖЖ-АА-КК пішімінде көрсетіңіз.",
        "en": "Date: give a date as YYYY-MM-DD.",
    },
    "sessions.bad.date.past": {
        "ru": "Поле «Дата»: это время уже прошло — выберите будущие дату и время.",
        "kk": "«Күні» өрісі: бұл уақыт өтіп кетті — болашақ күн мен уақытты таңдаңыз.",
        "en": "Date: that time has passed; choose a date and time in the future.",
    },
    "sessions.bad.date.too_far": {
        "ru": "Поле «Дата»: не дальше чем на год вперёд.",
        "kk": "«Күні» өрісі: бір жылдан аспауы керек.",
        "en": "Date: no more than a year ahead.",
    },
    "sessions.bad.time": {
        "ru": "Поле «Время начала»: укажите время в формате ЧЧ:ММ, например 18:00.",
        "kk": "«Басталу уақыты» өрісі: уақытты СС:ММ пішімінде көрсетіңіз, мысалы 18:00.",
        "en": "Start time: give a time as HH:MM, for example 18:00.",
    },
    "sessions.bad.duration": {
        "ru": "Поле «Длительность»: целое число минут от {min} до {max}.",
        "kk": "«Ұзақтығы» өрісі: {min}-ден {max}-ге дейінгі бүтін минут саны.",
        "en": "Duration: a whole number of minutes from {min} to {max}.",
    },
    "sessions.bad.link": {
        "ru": "Поле «Ссылка»: нужна ссылка, начинающаяся с https://.",
        "kk": "«Сілтеме» өрісі: https:// басталатын сілтеме қажет.",
        "en": "Link: it must be a web link starting with https://.",
    },
    "sessions.bad.link.zoom_link": {
        "ru": "Поле «Ссылка»: для занятия в Zoom укажите ссылку на встречу Zoom.",
        "kk": "«Сілтеме» өрісі: Zoom сабағы үшін Zoom кездесуінің сілтемесін көрсетіңіз.",
        "en": "Link: a Zoom session needs the Zoom meeting link.",
    },
    "sessions.bad.link.too_long": {
        "ru": "Поле «Ссылка»: не длиннее {max} символов.",
        "kk": "«Сілтеме» өрісі: {max} таңбадан аспауы керек.",
        "en": "Link: at most {max} characters.",
    },
    "sessions.bad.title": {
        "ru": "Поле «Тема»: не длиннее {max} символов.",
        "kk": "«Тақырып» өрісі: {max} таңбадан аспауы керек.",
        "en": "Topic: at most {max} characters.",
    },
    # --- replies to the tutor -----------------------------------------------
    "sessions.scheduled.teams": {
        "ru": "Занятие записано. Создаю встречу Teams в вашем календаре и сообщу студентам курса ({count}).",
        "kk": "Сабақ жазылды. Күнтізбеңізде Teams кездесуін құрып, курс студенттеріне ({count}) хабарлаймын.",
        "en": "Session recorded. I am creating the Teams meeting in your calendar and will tell the course's "
        "students ({count}).",
    },
    "sessions.scheduled.zoom": {
        "ru": "Занятие записано. Отправлю студентам курса ({count}) время и вашу ссылку Zoom.",
        "kk": "Сабақ жазылды. Курс студенттеріне ({count}) уақыт пен Zoom сілтемеңізді жіберемін.",
        "en": "Session recorded. I will send the course's students ({count}) the time and your Zoom link.",
    },
    "sessions.scheduled.late": {
        "ru": "Обратите внимание: по положению это занятие нужно провести не позднее {due}.",
        "kk": "Назар аударыңыз: ереже бойынша бұл сабақ {due} кешіктірмей өтуі керек.",
        "en": "Note: under the regulation this session is due by {due}.",
    },
    "sessions.replay": {
        "ru": "Это уже сделано — повторная отправка ничего не изменила.",
        "kk": "Бұл жасалып қойған — қайта жіберу ештеңені өзгертпеді.",
        "en": "Already done: sending it again changed nothing.",
    },
    "sessions.changed": {
        "ru": "Изменения сохранены. Обновляю встречу в календаре и сообщу студентам.",
        "kk": "Өзгерістер сақталды. Күнтізбедегі кездесуді жаңартып, студенттерге хабарлаймын.",
        "en": "Changes saved. I am updating the calendar and will tell the students.",
    },
    "sessions.unchanged": {
        "ru": "Ничего не изменилось: дата, время и длительность те же.",
        "kk": "Ештеңе өзгерген жоқ: күні, уақыты және ұзақтығы бұрынғыдай.",
        "en": "Nothing changed: same date, time and duration.",
    },
    "sessions.cancelled": {
        "ru": "Занятие отменено. Отменяю встречу в календаре и сообщу студентам.",
        "kk": "Сабақ болдырылмады. Күнтізбедегі кездесуді болдырмай, студенттерге хабарлаймын.",
        "en": "Session cancelled. I am cancelling the calendar event and will tell the students.",
    },
    "sessions.retrying": {
        "ru": "Повторяю создание встречи в календаре.",
        "kk": "Күнтізбеде кездесу құруды қайталаймын.",
        "en": "Trying the calendar again.",
    },
    "sessions.not_found": {
        "ru": "Такого занятия нет.",
        "kk": "Мұндай сабақ жоқ.",
        "en": "There is no such session.",
    },
    "sessions.not_yours": {
        "ru": "Это занятие назначено другим тьютором: изменить его может только он.",
        "kk": "Бұл сабақты басқа тьютор тағайындаған: оны тек сол өзгерте алады.",
        "en": "Another tutor scheduled this session; only they can change it.",
    },
    "sessions.not_changeable": {
        "ru": "Это занятие уже {state} или началось — изменить или отменить его нельзя.",
        "kk": "Бұл сабақ {state} немесе басталып кетті — оны өзгертуге не болдырмауға болмайды.",
        "en": "This session is already {state} or has started; it can no longer be changed or cancelled.",
    },
    # --- the session card ---------------------------------------------------
    "sessions.card.when": {"ru": "Когда", "kk": "Қашан", "en": "When"},
    "sessions.card.course": {"ru": "Курс", "kk": "Курс", "en": "Course"},
    "sessions.card.tutor": {"ru": "Тьютор", "kk": "Тьютор", "en": "Tutor"},
    "sessions.card.platform": {"ru": "Платформа", "kk": "Платформа", "en": "Platform"},
    "sessions.card.state": {"ru": "Статус", "kk": "Күйі", "en": "Status"},
    "sessions.card.attendance": {"ru": "Пришли студентов", "kk": "Қатысқан студенттер", "en": "Students attended"},
    "sessions.card.calendar": {"ru": "Календарь", "kk": "Күнтізбе", "en": "Calendar"},
    "sessions.sync.pending": {
        "ru": "встреча ещё создаётся",
        "kk": "кездесу әлі құрылуда",
        "en": "the meeting is still being set up",
    },
    "sessions.sync.failed": {
        "ru": "не удалось: {error}",
        "kk": "сәтсіз: {error}",
        "en": "failed: {error}",
    },
    "sessions.sync.synced": {"ru": "готово", "kk": "дайын", "en": "done"},
    "sessions.join.teams": {"ru": "Войти во встречу Teams", "kk": "Teams кездесуіне кіру", "en": "Join the Teams meeting"},
    "sessions.join.external": {"ru": "Открыть ссылку на встречу", "kk": "Кездесу сілтемесін ашу", "en": "Open the meeting link"},
    "sessions.join.local": {
        "ru": "Локальная ссылка (демо, не Teams)",
        "kk": "Жергілікті сілтеме (демо, Teams емес)",
        "en": "Local link (demo, not Teams)",
    },
    "sessions.note.local": {
        "ru": "Локальный календарь (демо-режим без Microsoft 365): это не настоящая встреча Teams, ссылка — заглушка.",
        "kk": "Жергілікті күнтізбе (Microsoft 365-сіз демо режимі): бұл нақты Teams кездесуі емес, сілтеме — бос орын.",
        "en": "Local calendar (demo mode without Microsoft 365): this is not a real Teams meeting; the link is a "
        "placeholder.",
    },
    "sessions.note.no_teams": {
        "ru": "Ссылки Teams нет: почтовый ящик тьютора не разрешает встречи Teams. Тьютор сообщит ссылку отдельно.",
        "kk": "Teams сілтемесі жоқ: тьютордың пошта жәшігі Teams кездесулеріне рұқсат бермейді. Тьютор сілтемені "
        "бөлек хабарлайды.",
        "en": "No Teams link: the tutor's mailbox does not allow Teams meetings. The tutor will send a link "
        "separately.",
    },
    "sessions.note.pending": {
        "ru": "Ссылка появится, когда встреча будет создана.",
        "kk": "Кездесу құрылғанда сілтеме пайда болады.",
        "en": "The link appears once the meeting is created.",
    },
    "sessions.action.change": {"ru": "Перенести или изменить", "kk": "Ауыстыру немесе өзгерту", "en": "Move or change"},
    "sessions.action.change_submit": {"ru": "Сохранить", "kk": "Сақтау", "en": "Save"},
    "sessions.action.cancel": {"ru": "Отменить занятие", "kk": "Сабақты болдырмау", "en": "Cancel the session"},
    "sessions.action.cancel_confirm_text": {
        "ru": "Отменить занятие? Студенты получат уведомление, встреча будет отменена.",
        "kk": "Сабақты болдырмау керек пе? Студенттер хабарлама алады, кездесу болдырылмайды.",
        "en": "Cancel this session? The students are told and the meeting is cancelled.",
    },
    "sessions.action.cancel_confirm": {"ru": "Да, отменить", "kk": "Иә, болдырмау", "en": "Yes, cancel it"},
    "sessions.action.retry": {
        "ru": "Повторить создание встречи",
        "kk": "Кездесу құруды қайталау",
        "en": "Try the calendar again",
    },
    "sessions.action.open": {"ru": "Открыть", "kk": "Ашу", "en": "Open"},
    # --- notices to students (and reminders) --------------------------------
    "sessions.notice.new": {
        "ru": "Новое занятие: {kind}",
        "kk": "Жаңа сабақ: {kind}",
        "en": "New session: {kind}",
    },
    "sessions.notice.changed": {
        "ru": "Занятие перенесено или изменено: {kind}",
        "kk": "Сабақ ауыстырылды немесе өзгертілді: {kind}",
        "en": "Session moved or changed: {kind}",
    },
    "sessions.notice.cancelled": {
        "ru": "Занятие отменено: {kind}",
        "kk": "Сабақ болдырылмады: {kind}",
        "en": "Session cancelled: {kind}",
    },
    "sessions.notice.remind_24h": {
        "ru": "Напоминание: завтра занятие — {kind}",
        "kk": "Еске салу: ертең сабақ — {kind}",
        "en": "Reminder: session tomorrow — {kind}",
    },
    "sessions.notice.remind_1h": {
        "ru": "Напоминание: через час занятие — {kind}",
        "kk": "Еске салу: бір сағаттан кейін сабақ — {kind}",
        "en": "Reminder: session in an hour — {kind}",
    },
    "sessions.notice.cancelled_text": {
        "ru": "Занятие {when} не состоится.",
        "kk": "{when} сабағы өтпейді.",
        "en": "The session on {when} will not take place.",
    },
    # --- messages to the tutor after the calendar answered -------------------
    "sessions.tutor.created.teams": {
        "ru": "Встреча Teams создана в вашем календаре, студенты приглашены.",
        "kk": "Teams кездесуі күнтізбеңізде құрылды, студенттер шақырылды.",
        "en": "The Teams meeting is in your calendar and the students are invited.",
    },
    "sessions.tutor.created.local": {
        "ru": "Занятие записано в локальный календарь (демо-режим без Microsoft 365): настоящей встречи Teams нет.",
        "kk": "Сабақ жергілікті күнтізбеге жазылды (Microsoft 365-сіз демо режимі): нақты Teams кездесуі жоқ.",
        "en": "The session is in the local calendar (demo mode without Microsoft 365): there is no real Teams "
        "meeting.",
    },
    "sessions.tutor.created.no_teams": {
        "ru": "Событие создано в вашем календаре, но без ссылки Teams: ваш почтовый ящик не разрешает встречи Teams. "
        "Студенты получили время без ссылки. Попросите ИТ-службу включить встречи Teams для вашего ящика "
        "или перенесите занятие в Zoom и отправьте ссылку.",
        "kk": "Оқиға күнтізбеңізде құрылды, бірақ Teams сілтемесінсіз: пошта жәшігіңіз Teams кездесулеріне рұқсат "
        "бермейді. Студенттер уақытты сілтемесіз алды. IT қызметінен жәшігіңізге Teams кездесулерін қосуды "
        "сұраңыз немесе сабақты Zoom-ға ауыстырып, сілтеме жіберіңіз.",
        "en": "The event is in your calendar but has no Teams link: your mailbox does not allow Teams meetings. "
        "The students got the time without a link. Ask IT to enable Teams meetings for your mailbox, or hold it "
        "in Zoom and send the link.",
    },
    "sessions.tutor.created.zoom": {
        "ru": "Студентам отправлены время и ваша ссылка Zoom.",
        "kk": "Студенттерге уақыт пен Zoom сілтемеңіз жіберілді.",
        "en": "The students have the time and your Zoom link.",
    },
    "sessions.tutor.changed": {
        "ru": "Изменения внесены в календарь, студенты уведомлены.",
        "kk": "Өзгерістер күнтізбеге енгізілді, студенттерге хабарланды.",
        "en": "The calendar is updated and the students are told.",
    },
    "sessions.tutor.cancelled": {
        "ru": "Встреча отменена, студенты уведомлены.",
        "kk": "Кездесу болдырылмады, студенттерге хабарланды.",
        "en": "The meeting is cancelled and the students are told.",
    },
    "sessions.tutor.reach": {
        "ru": "Сообщение получат студентов: {sent} из {total}.",
        "kk": "Хабарламаны алатын студенттер: {total}-ден {sent}.",
        "en": "Students reached: {sent} of {total}.",
    },
    "sessions.tutor.unreachable": {
        "ru": "Не могу написать: {names} — у них не установлен Tutorbot в Teams. Сообщите им сами.",
        "kk": "Жаза алмаймын: {names} — оларда Teams-те Tutorbot орнатылмаған. Өзіңіз хабарлаңыз.",
        "en": "I cannot write to {names}: they have not installed Tutorbot in Teams. Please tell them yourself.",
    },
    "sessions.tutor.pending": {
        "ru": "Microsoft Graph сейчас недоступен ({error}). Занятие сохранено, я повторю попытку и сообщу вам, "
        "когда встреча будет создана; студенты получат приглашение после этого.",
        "kk": "Microsoft Graph қазір қолжетімсіз ({error}). Сабақ сақталды, мен қайталап көріп, кездесу "
        "құрылғанда сізге хабарлаймын; студенттер шақыруды содан кейін алады.",
        "en": "Microsoft Graph is unreachable right now ({error}). The session is saved; I will retry and tell you "
        "when the meeting is created. The students get their invitation then.",
    },
    "sessions.tutor.pending_change": {
        "ru": "Студенты уведомлены, но календарь Outlook пока не обновлён: Microsoft Graph недоступен ({error}). "
        "Я повторю попытку и сообщу вам.",
        "kk": "Студенттерге хабарланды, бірақ Outlook күнтізбесі әлі жаңартылмады: Microsoft Graph қолжетімсіз "
        "({error}). Қайталап көріп, сізге хабарлаймын.",
        "en": "The students are told, but your Outlook calendar is not updated yet: Microsoft Graph is unreachable "
        "({error}). I will retry and tell you.",
    },
    "sessions.tutor.gave_up": {
        "ru": "Встречу не удалось создать до начала занятия: Microsoft Graph был недоступен ({error}). "
        "Студенты не получили ссылку — отправьте её сами или назначьте занятие заново.",
        "kk": "Сабақ басталғанға дейін кездесу құрылмады: Microsoft Graph қолжетімсіз болды ({error}). "
        "Студенттер сілтеме алмады — оны өзіңіз жіберіңіз немесе сабақты қайта тағайындаңыз.",
        "en": "The meeting could not be created before the session started: Microsoft Graph was unreachable "
        "({error}). The students have no link; send one yourself or schedule the session again.",
    },
    "sessions.tutor.failed": {
        "ru": "Microsoft Graph отказал (HTTP {status}): {reason} Занятие сохранено в боте, но встречи в календаре нет.",
        "kk": "Microsoft Graph бас тартты (HTTP {status}): {reason} Сабақ ботта сақталды, бірақ күнтізбеде кездесу жоқ.",
        "en": "Microsoft Graph refused (HTTP {status}): {reason} The session is saved in the bot, but there is no "
        "calendar event.",
    },
    "sessions.tutor.failed_change": {
        "ru": "Студенты уведомлены, но календарь Outlook не обновлён: Microsoft Graph отказал (HTTP {status}): "
        "{reason} Измените событие в Outlook вручную.",
        "kk": "Студенттерге хабарланды, бірақ Outlook күнтізбесі жаңартылмады: Microsoft Graph бас тартты "
        "(HTTP {status}): {reason} Outlook-тағы оқиғаны қолмен өзгертіңіз.",
        "en": "The students are told, but your Outlook calendar is not updated: Microsoft Graph refused "
        "(HTTP {status}): {reason} Please change the event in Outlook yourself.",
    },
    "sessions.graph.400": {
        "ru": "запрос отклонён как неверный ({message}).",
        "kk": "сұрау қате деп қабылданбады ({message}).",
        "en": "the request was rejected as invalid ({message}).",
    },
    "sessions.graph.401": {
        "ru": "бот не вошёл в Microsoft 365 — токен недействителен или истёк. Сообщите администратору.",
        "kk": "бот Microsoft 365-ке кірмеді — токен жарамсыз немесе мерзімі өткен. Әкімшіге хабарлаңыз.",
        "en": "the bot is not signed in to Microsoft 365: its token is invalid or expired. Tell the administrator.",
    },
    "sessions.graph.403": {
        "ru": "у приложения бота нет права Calendars.ReadWrite на ваш календарь. Сообщите администратору.",
        "kk": "бот қосымшасында күнтізбеңізге Calendars.ReadWrite құқығы жоқ. Әкімшіге хабарлаңыз.",
        "en": "the bot's app lacks the Calendars.ReadWrite permission on your calendar. Tell the administrator.",
    },
    "sessions.graph.404": {
        "ru": "почтовый ящик или событие не найдены в Microsoft 365 (проверьте адрес в списках АИС).",
        "kk": "пошта жәшігі немесе оқиға Microsoft 365-те табылмады (АЖЖ тізімдеріндегі мекенжайды тексеріңіз).",
        "en": "the mailbox or the event was not found in Microsoft 365 (check the address in the AIS roster).",
    },
    "sessions.graph.other": {
        "ru": "{message}.",
        "kk": "{message}.",
        "en": "{message}.",
    },
    "sessions.graph.unreachable": {
        "ru": "нет ответа",
        "kk": "жауап жоқ",
        "en": "no answer",
    },
    # --- after the session ----------------------------------------------------
    "sessions.held.title": {
        "ru": "Состоялось ли занятие?",
        "kk": "Сабақ өтті ме?",
        "en": "Did the session take place?",
    },
    "sessions.held.text": {
        "ru": "Если да, я внесу {hours} ч в учёт часов по категории «{category}».",
        "kk": "Иә болса, {hours} сағатты «{category}» санаты бойынша сағат есебіне енгіземін.",
        "en": "If it did, I will log {hours} h in the “{category}” category.",
    },
    "sessions.held.yes": {"ru": "Да, проведено", "kk": "Иә, өтті", "en": "Yes, it was held"},
    "sessions.held.no": {"ru": "Нет, не состоялось", "kk": "Жоқ, өтпеді", "en": "No, it did not happen"},
    "sessions.held.recorded": {
        "ru": "Отмечено как проведённое: {hours} ч внесены в учёт по категории «{category}».",
        "kk": "Өтті деп белгіленді: {hours} сағат «{category}» санаты бойынша есепке енгізілді.",
        "en": "Marked as held: {hours} h logged in the “{category}” category.",
    },
    "sessions.held.not_held": {
        "ru": "Отмечено: занятие не состоялось. В плане курса оно снова значится как непроведённое.",
        "kk": "Белгіленді: сабақ өтпеді. Курс жоспарында ол қайтадан өткізілмеген болып тұр.",
        "en": "Noted: the session did not take place. The course plan shows it as missing again.",
    },
    "sessions.held.already": {
        "ru": "Уже отмечено: {state}.",
        "kk": "Белгіленіп қойған: {state}.",
        "en": "Already answered: {state}.",
    },
    "sessions.held.too_early": {
        "ru": "Занятие ещё не закончилось — отметить его можно после окончания.",
        "kk": "Сабақ әлі аяқталған жоқ — оны аяқталғаннан кейін белгілеуге болады.",
        "en": "The session has not ended yet; you can answer once it has.",
    },
    "sessions.held.attendance": {
        "ru": "По отчёту Teams пришли студентов: {count} из {total}.",
        "kk": "Teams есебі бойынша қатысқан студенттер: {total}-ден {count}.",
        "en": "Teams' attendance report: {count} of {total} students attended.",
    },
    # --- the sessions list ----------------------------------------------------
    "sessions.list.student_title": {
        "ru": "Ваши ближайшие занятия",
        "kk": "Жақын сабақтарыңыз",
        "en": "Your upcoming sessions",
    },
    "sessions.list.student_empty": {
        "ru": "Ближайших вебинаров и консультаций пока нет. Я сообщу, когда тьютор их назначит.",
        "kk": "Жақын вебинарлар мен кеңестер әзірге жоқ. Тьютор тағайындағанда хабарлаймын.",
        "en": "No upcoming webinars or consultations yet. I will tell you when your tutor schedules one.",
    },
    "sessions.list.tutor_title": {
        "ru": "Занятия и план по курсам",
        "kk": "Курстар бойынша сабақтар мен жоспар",
        "en": "Sessions and the plan, by course",
    },
    "sessions.list.upcoming": {"ru": "Ближайшие занятия", "kk": "Жақын сабақтар", "en": "Upcoming sessions"},
    "sessions.list.none_upcoming": {
        "ru": "Ближайших занятий нет.",
        "kk": "Жақын сабақтар жоқ.",
        "en": "No upcoming sessions.",
    },
    "sessions.list.no_courses": {
        "ru": "Курсов для показа нет.",
        "kk": "Көрсетілетін курстар жоқ.",
        "en": "No courses to show.",
    },
    "sessions.list.more_courses": {
        "ru": "И ещё курсов: {count}.",
        "kk": "Тағы курстар: {count}.",
        "en": "And {count} more courses.",
    },
    "sessions.list.schedule": {"ru": "Назначить занятие", "kk": "Сабақ тағайындау", "en": "Schedule a session"},
}

"""Texts of tutors' questions to the Office of Online Education (6.2): `support` and the УОО's answers.

The same cards as students' questions (cards/questions.py); these keys stand in where the words differ.
"""

from __future__ import annotations

from tutoring.locale import Lang

TEXTS: dict[str, dict[Lang, str]] = {
    # --- the help card (the УОО's commands and the tutor's `support`) ---------------
    "cmd.support": {
        "ru": "вопрос в Управление онлайн-образования (можно сразу: «support текст вопроса»)",
        "kk": "Онлайн білім беру басқармасына сұрақ (бірден: «support сұрақ мәтіні»)",
        "en": "ask the Online Education Office (or straight away: “support your question”)",
    },
    "cmd.questions.uoo": {
        "ru": "открытые вопросы тьюторов в УОО",
        "kk": "тьюторлардың ОБО-ға ашық сұрақтары",
        "en": "tutors' open questions to the Office",
    },
    "cmd.report.uoo": {
        "ru": "сводка по всем школам или по одной: «report КОД_ШКОЛЫ» (только просмотр)",
        "kk": "барлық мектеп немесе біреуі бойынша есеп: «report МЕКТЕП_КОДЫ» (тек қарау)",
        "en": "the summary of every school, or one: “report SCHOOL_CODE” (read-only)",
    },
    # --- the tutor's question card ------------------------------------------
    "support.ask.title": {"ru": "Вопрос в УОО", "kk": "ОБО-ға сұрақ", "en": "Ask the Online Education Office"},
    "support.ask.intro": {
        "ru": "Управление онлайн-образования консультирует тьюторов по методике, технике и регламенту П-УОО-04 "
        "(п. 6.2). Ответит первый свободный сотрудник УОО здесь, в этом чате, обычно в течение 24 часов.",
        "kk": "Онлайн білім беру басқармасы тьюторларға әдістеме, техника және П-УОО-04 регламенті бойынша кеңес "
        "береді (6.2-т.). ОБО-ның бірінші бос қызметкері осы чатта, әдетте 24 сағат ішінде жауап береді.",
        "en": "The Online Education Office advises tutors on methods, technology and regulation P-UOO-04 (6.2). "
        "The first free member of the office answers here, in this chat, usually within 24 hours.",
    },
    "support.subject": {
        "ru": "вопрос тьютора в УОО ({school})",
        "kk": "тьютордың ОБО-ға сұрағы ({school})",
        "en": "a tutor's question to the Office ({school})",
    },
    # --- confirmation to the tutor ----------------------------------------------
    "support.sent.title": {"ru": "Вопрос №{id} отправлен в УОО", "kk": "№{id} сұрақ ОБО-ға жіберілді",
                           "en": "Question #{id} sent to the Office"},
    "support.sent.to": {
        "ru": "Получатели ({course}): {tutors}.",
        "kk": "Алушылар ({course}): {tutors}.",
        "en": "Sent to ({course}): {tutors}.",
    },
    "support.sent.next": {
        "ru": "Что дальше: ответит один из сотрудников УОО, ответ придёт сюда до {deadline} (суббота и "
        "воскресенье не считаются). Если никто не ответит за это время, я напомню им.",
        "kk": "Әрі қарай: ОБО қызметкерлерінің бірі жауап береді, жауап осында {deadline} дейін келеді (сенбі мен "
        "жексенбі есептелмейді). Ешкім жауап бермесе, оларға еске саламын.",
        "en": "What happens next: one of the Office answers, here, by {deadline} (Saturdays and Sundays not "
        "counted). If nobody has answered by then, I will remind them.",
    },
    "support.sent.no_tutor": {
        "ru": "В реестре пока нет сотрудников УОО ({course}). Вопрос сохранён и появится у них, как только их "
        "добавят.",
        "kk": "Тізімде әлі ОБО қызметкерлері жоқ ({course}). Сұрақ сақталды, олар қосылған бойда көрінеді.",
        "en": "The roster has no Office staff yet ({course}). The question is saved and they will see it once "
        "they are added.",
    },
    # --- the УОО's card ------------------------------------------------------------
    "support.new.title": {"ru": "Вопрос тьютора №{id} — {course}", "kk": "Тьютор сұрағы №{id} — {course}",
                          "en": "A tutor's question #{id} — {course}"},
    "support.followup.title": {"ru": "Вопрос тьютора №{id} — {course}", "kk": "Тьютор сұрағы №{id} — {course}",
                               "en": "A tutor's question #{id} — {course}"},
    "support.reminder.title": {
        "ru": "Напоминание: вопрос тьютора №{id} ждёт ответа больше 24 часов — {course}",
        "kk": "Еске салу: тьютордың №{id} сұрағы 24 сағаттан астам жауап күтуде — {course}",
        "en": "Reminder: a tutor's question #{id} has waited over 24 hours — {course}",
    },
    "support.new.summary": {"ru": "Новый вопрос тьютора: {course}", "kk": "Тьютордың жаңа сұрағы: {course}",
                            "en": "A new question from a tutor: {course}"},
    "support.reminder.summary": {"ru": "Напоминание: {course} ждёт ответа",
                                 "kk": "Еске салу: {course} жауап күтуде",
                                 "en": "Reminder: {course} is waiting for an answer"},
    "support.answer.done": {"ru": "Ответ отправлен тьютору {when}.", "kk": "Жауап тьюторға {when} жіберілді.",
                            "en": "Answer sent to the tutor on {when}."},
    "support.answer.done_by": {
        "ru": "На вопрос уже ответил(а) {name} ({when}); отвечать не нужно.",
        "kk": "Сұраққа {name} жауап берді ({when}); жауап берудің қажеті жоқ.",
        "en": "{name} has answered this question ({when}); nothing more to do.",
    },
    "support.answer.sent": {"ru": "Ответ на вопрос №{id} отправлен тьютору.",
                            "kk": "№{id} сұраққа жауап тьюторға жіберілді.",
                            "en": "The answer to question #{id} was sent to the tutor."},
    "support.answer.student_unreachable": {
        "ru": "Ответ на вопрос №{id} сохранён, но доставить его тьютору в Teams сейчас невозможно.",
        "kk": "№{id} сұраққа жауап сақталды, бірақ оны тьюторға Teams-те қазір жеткізу мүмкін емес.",
        "en": "The answer to question #{id} is saved, but it cannot be delivered to the tutor in Teams now.",
    },
    "support.already_answered": {
        "ru": "На вопрос №{id} уже ответил(а) {name}; ваш ответ не отправлен, ничего не изменилось.",
        "kk": "№{id} сұраққа {name} жауап берген; сіздің жауабыңыз жіберілмеді, ештеңе өзгерген жоқ.",
        "en": "{name} has already answered question #{id}; your answer was not sent and nothing changed.",
    },
    "support.answered_by_other.summary": {
        "ru": "На вопрос тьютора №{id} ответил(а) {name}",
        "kk": "Тьютордың №{id} сұрағына {name} жауап берді",
        "en": "{name} answered a tutor's question #{id}",
    },
    # --- the answer, to the tutor -------------------------------------------
    "support.answered.title": {"ru": "Ответ УОО — {course}", "kk": "ОБО жауабы — {course}",
                               "en": "The Office's answer — {course}"},
    "support.answered.summary": {"ru": "Ответ УОО на ваш вопрос ({course})",
                                 "kk": "ОБО-ның сұрағыңызға жауабы ({course})",
                                 "en": "The Office's answer to your question ({course})"},
    "support.answered.by": {"ru": "{tutor} (УОО) отвечает:", "kk": "{tutor} (ОБО) жауабы:",
                            "en": "{tutor} (the Office) answers:"},
    # --- the УОО's list ---------------------------------------------------------------
    "support.list.header": {
        "ru": "Открытых вопросов тьюторов: {count}. Сначала самые старые; ответить можно прямо в карточке.",
        "kk": "Тьюторлардың ашық сұрақтары: {count}. Алдымен ең ескілері; жауапты карточкада жазуға болады.",
        "en": "Tutors' open questions: {count}. Oldest first; answer right in the card.",
    },
    "support.list.none": {
        "ru": "Открытых вопросов тьюторов нет.",
        "kk": "Тьюторлардың ашық сұрақтары жоқ.",
        "en": "No open questions from tutors.",
    },
    "support.error.channel": {
        "ru": "Вопросы в УОО задаются в личном чате со мной, не в канале. Напишите мне «{command}» в личном чате.",
        "kk": "ОБО-ға сұрақтар арнада емес, менімен жеке чатта қойылады. Жеке чатта «{command}» деп жазыңыз.",
        "en": "Questions to the Office are asked in a personal chat with me, not in a channel. Type “{command}” "
        "in a personal chat.",
    },
}

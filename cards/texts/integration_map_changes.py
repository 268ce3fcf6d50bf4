"""Texts of the integration map's syllabus updates (7.4): the change note of a new version of an approved map, the
week-by-week changes a reviewer sees, and what the course's students are told. Keys: integration_map.<what>."""

from __future__ import annotations

from tutoring.locale import Lang

P = "integration_map."

TEXTS: dict[str, dict[Lang, str]] = {
    P + "field.note": {"ru": "Что изменилось и почему", "kk": "Не өзгерді және неге", "en": "What changed and why"},
    P + "note.hint": {
        "ru": "Карта уже согласована: новая версия снова пойдёт на согласование. Опишите изменения — их увидят декан, "
              "УОО и студенты курса.",
        "kk": "Карта келісілген: жаңа нұсқа қайта келісуге жіберіледі. Өзгерістерді сипаттаңыз — оларды декан, ОБО "
              "және курс студенттері көреді.",
        "en": "The map is approved: a new version goes through approval again. Say what changed: the dean, the "
              "Online Education Office and the course's students will read it.",
    },
    P + "btn.submit_send": {"ru": "Отправить", "kk": "Жіберу", "en": "Send"},
    P + "changes.title": {"ru": "Изменения недель с версии {n}", "kk": "{n}-нұсқадан бергі апталар өзгерістері",
                          "en": "Changes to the weeks since version {n}"},
    P + "changes.none": {"ru": "План недель не изменился.", "kk": "Апталар жоспары өзгерген жоқ.",
                         "en": "The week plan is unchanged."},
    P + "fact.note": {"ru": "Что изменилось", "kk": "Не өзгерді", "en": "What changed"},
    P + "change.added": {"ru": "Неделя {n} ({dates}): новая тема «{new}»", "kk": "{n}-апта ({dates}): жаңа тақырып «{new}»",
                         "en": "Week {n} ({dates}): new topic “{new}”"},
    P + "change.removed": {"ru": "Неделя {n} ({dates}): тема «{old}» убрана",
                           "kk": "{n}-апта ({dates}): «{old}» тақырыбы алынып тасталды",
                           "en": "Week {n} ({dates}): topic “{old}” removed"},
    P + "change.renamed": {"ru": "Неделя {n} ({dates}): «{old}» → «{new}»", "kk": "{n}-апта ({dates}): «{old}» → «{new}»",
                           "en": "Week {n} ({dates}): “{old}” → “{new}”"},
    P + "change.moved": {"ru": "Неделя {n} ({dates}): «{new}» (была неделя {m})",
                         "kk": "{n}-апта ({dates}): «{new}» (бұрын {m}-апта)",
                         "en": "Week {n} ({dates}): “{new}” (was week {m})"},
    P + "change.details": {"ru": "Неделя {n} ({dates}): «{new}» — изменены часы, задания, оценка, форма или ссылки",
                           "kk": "{n}-апта ({dates}): «{new}» — сағат, тапсырма, бағалау, формасы немесе сілтеме өзгерді",
                           "en": "Week {n} ({dates}): “{new}”: hours, assignments, assessment, form or links changed"},
    P + "notify.syllabus": {
        "ru": "План курса {code} {name} обновлён: {note}",
        "kk": "{code} {name} курсының жоспары жаңартылды: {note}",
        "en": "The plan of {code} {name} is updated: {note}",
    },
    P + "notify.syllabus_told": {
        "ru": "Об изменениях предстоящих недель сообщено студентам курса: {n}.",
        "kk": "Алдағы апталардың өзгерістері туралы курс студенттеріне хабарланды: {n}.",
        "en": "Students of the course told about the changes to the weeks ahead: {n}.",
    },
}

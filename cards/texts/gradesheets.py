"""Texts of the AIS grade sheets (7.4)."""

from __future__ import annotations

from tutoring.locale import Lang

P = "gradesheets."
TEXTS: dict[str, dict[Lang, str]] = {
    P + "title": {"ru": "Ведомости в АИС", "kk": "АЖЖ-дағы ведомостар", "en": "AIS grade sheets"},
    P + "hint": {
        "ru": "После РК1, РК2 и экзамена ведомость заполняется в АИС в течение {days} рабочих дней (п. 7.4). "
              "Заполнили — нажмите кнопку; время можно сразу записать в часы (документация).",
        "kk": "АБ1, АБ2 және емтиханнан кейін ведомость АЖЖ-да {days} жұмыс күні ішінде толтырылады (7.4-т.). "
              "Толтырсаңыз — батырманы басыңыз; уақытты бірден сағаттарға жазуға болады (құжаттама).",
        "en": "After RK1, RK2 and the exam the grade sheet is filled in the AIS within {days} working days (7.4). "
              "Filled it? Press its button; the time can be logged as hours (documentation) at once.",
    },
    P + "none": {"ru": "Ведомостей к заполнению нет.", "kk": "Толтыратын ведомость жоқ.",
                 "en": "No grade sheets are due."},
    P + "control.rk1": {"ru": "РК 1", "kk": "АБ 1", "en": "RK 1"},
    P + "control.rk2": {"ru": "РК 2", "kk": "АБ 2", "en": "RK 2"},
    P + "control.exam": {"ru": "Экзамен", "kk": "Емтихан", "en": "Exam"},
    P + "line": {"ru": "{control} {date}, заполнить до {due}", "kk": "{control} {date}, {due} дейін толтыру",
                 "en": "{control} {date}, fill in by {due}"},
    P + "overdue": {"ru": "просрочено", "kk": "мерзімі өтті", "en": "overdue"},
    P + "button": {"ru": "Заполнено в АИС: {course} {control}", "kk": "АЖЖ-да толтырылды: {course} {control}",
                   "en": "Filled in the AIS: {course} {control}"},
    P + "field.hours": {"ru": "Время на ведомость, ч (необязательно; запишется как документация 7.4)",
                        "kk": "Ведомостқа кеткен уақыт, сағ (міндетті емес; 7.4 құжаттама ретінде жазылады)",
                        "en": "Time spent on the sheet, h (optional; logged as 7.4 documentation)"},
    P + "marked": {"ru": "Отмечено: ведомость {control} по курсу {course} заполнена в АИС.",
                   "kk": "Белгіленді: {course} курсы бойынша {control} ведомосы АЖЖ-да толтырылды.",
                   "en": "Marked: the {control} grade sheet of {course} is filled in the AIS."},
    P + "marked.hours": {"ru": " Записано {hours} ч (документация).", "kk": " {hours} сағ жазылды (құжаттама).",
                         "en": " {hours} h logged (documentation)."},
    P + "already": {"ru": "Ведомость {control} по курсу {course} уже отмечена: {who}, {when}.",
                    "kk": "{course} курсы бойынша {control} ведомосы белгіленген: {who}, {when}.",
                    "en": "The {control} grade sheet of {course} was already marked by {who}, {when}."},
    P + "error.sheet": {"ru": "Такой ведомости к заполнению нет среди ваших курсов этого семестра.",
                        "kk": "Мұндай толтырылатын ведомость осы семестрдегі курстарыңызда жоқ.",
                        "en": "No such grade sheet is due among your courses this semester."},
    P + "reminder": {
        "ru": "Ведомость {control} по курсу {course} нужно было заполнить в АИС до {due}. Заполните и отметьте: "
              "«gradesheets».",
        "kk": "{course} курсы бойынша {control} ведомосын АЖЖ-да {due} дейін толтыру керек еді. Толтырып, "
              "белгілеңіз: «gradesheets».",
        "en": "The {control} grade sheet of {course} was due in the AIS by {due}. Fill it in and mark it: "
              "“gradesheets”.",
    },
    P + "summary.title": {"ru": "Просроченные ведомости в АИС", "kk": "Мерзімі өткен АЖЖ ведомостары",
                          "en": "Overdue AIS grade sheets"},
    P + "summary.line": {"ru": "{course} · {control} · {tutors} (срок {due})",
                         "kk": "{course} · {control} · {tutors} (мерзімі {due})",
                         "en": "{course} · {control} · {tutors} (due {due})"},
    P + "no_tutor": {"ru": "нет тьютора", "kk": "тьютор жоқ", "en": "no tutor"},
}

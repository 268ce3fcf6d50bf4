"""Texts of the hours feature."""

from __future__ import annotations

from tutoring.locale import Lang

TEXTS: dict[str, dict[Lang, str]] = {
    # --- the hours card --------------------------------------------------
    "hours.card.title": {
        "ru": "Учёт тьюторских часов",
        "kk": "Тьюторлық сағаттарды есепке алу",
        "en": "Log tutoring hours",
    },
    "hours.card.intro": {
        "ru": "Положение П-УОО-04, раздел 7. Виды работ и нормы на курс в семестре:",
        "kk": "П-УОО-04 ережесі, 7-бөлім. Жұмыс түрлері және семестрдегі бір курсқа нормалар:",
        "en": "Regulation P-UOO-04, Section 7. Categories of work and their norms per course and semester:",
    },
    "hours.correct.title": {
        "ru": "Исправить запись #{id}",
        "kk": "#{id} жазбасын түзету",
        "en": "Correct entry #{id}",
    },
    "hours.correct.intro": {
        "ru": "Было: {hours} ч — {label}, {date}. Исправленная запись заменит старую; старая останется в истории "
        "со сторнирующей записью.",
        "kk": "Болды: {hours} сағ — {label}, {date}. Түзетілген жазба ескісін алмастырады; ескісі тарихта "
        "сторнолаушы жазбамен бірге қалады.",
        "en": "Was: {hours} h — {label}, {date}. The corrected entry replaces it; the old one stays in the history "
        "with the entry that reverses it.",
    },
    "hours.field.course": {"ru": "Курс", "kk": "Курс", "en": "Course"},
    "hours.field.category": {"ru": "Вид работы", "kk": "Жұмыс түрі", "en": "Category"},
    "hours.field.hours": {"ru": "Часы", "kk": "Сағат", "en": "Hours"},
    "hours.field.date": {"ru": "Дата", "kk": "Күні", "en": "Date"},
    "hours.field.note": {"ru": "Комментарий", "kk": "Түсініктеме", "en": "Note"},
    "hours.hours.placeholder": {
        "ru": "например 1,5 (шаг 0,25 ч)",
        "kk": "мысалы 1,5 (қадамы 0,25 сағ)",
        "en": "e.g. 1.5 (steps of 0.25 h)",
    },
    "hours.note.placeholder": {
        "ru": "что сделано (необязательно)",
        "kk": "не істелді (міндетті емес)",
        "en": "what was done (optional)",
    },
    "hours.norm": {"ru": "норма {norm} ч", "kk": "нормасы {norm} сағ", "en": "norm {norm} h"},
    "hours.norm.none": {"ru": "норма не установлена", "kk": "норма белгіленбеген", "en": "no norm set"},
    "hours.button.submit": {"ru": "Учесть часы", "kk": "Сағатты есепке алу", "en": "Record hours"},
    "hours.button.correct_submit": {"ru": "Сохранить исправление", "kk": "Түзетуді сақтау", "en": "Save correction"},
    "hours.button.more": {"ru": "Учесть ещё", "kk": "Тағы есепке алу", "en": "Log more"},
    "hours.button.history": {"ru": "История", "kk": "Тарих", "en": "History"},
    "hours.button.undo": {"ru": "Отменить #{id}", "kk": "#{id} болдырмау", "en": "Undo #{id}"},
    "hours.button.correct": {"ru": "Исправить #{id}", "kk": "#{id} түзету", "en": "Correct #{id}"},
    "hours.button.report": {"ru": "Моя нагрузка", "kk": "Менің жүктемем", "en": "My load"},
    # Section 7 clauses, said short, per category.
    "hours.clause.intro": {
        "ru": "вводное занятие об основных аспектах курса, помощь в организации учебного процесса, вовлечение и "
        "мотивация студентов",
        "kk": "курстың негізгі аспектілері туралы кіріспе сабақ, оқу процесін ұйымдастыруға көмек, студенттерді "
        "тарту және ынталандыру",
        "en": "an introductory session on the main aspects of the course, help organising the studies, engaging "
        "and motivating students",
    },
    "hours.clause.consultation_rk1": {
        "ru": "консультация перед рубежным контролем 1",
        "kk": "1-аралық бақылау алдындағы кеңес",
        "en": "a consultation before the first midterm control (RK1)",
    },
    "hours.clause.consultation_rk2": {
        "ru": "консультация перед рубежным контролем 2",
        "kk": "2-аралық бақылау алдындағы кеңес",
        "en": "a consultation before the second midterm control (RK2)",
    },
    "hours.clause.consultation_exam": {
        "ru": "консультация перед экзаменом",
        "kk": "емтихан алдындағы кеңес",
        "en": "a consultation before the exam",
    },
    "hours.clause.sessions": {
        "ru": "онлайн-вебинары (Teams/Zoom), занятия и поддержка студентов в решении возникающих вопросов",
        "kk": "онлайн-вебинарлар (Teams/Zoom), сабақтар және студенттерге туындаған сұрақтар бойынша қолдау",
        "en": "online webinars (Teams/Zoom), sessions and support with the questions students have",
    },
    "hours.clause.assessment": {
        "ru": "контроль сроков сдачи заданий по силлабусу, текущий, промежуточный и итоговый контроль, отчёты "
        "прокторинга",
        "kk": "силлабус бойынша тапсырмалардың мерзімін бақылау, ағымдағы, аралық және қорытынды бақылау, "
        "прокторинг есептері",
        "en": "keeping assignments on the syllabus schedule, current, midterm and final control, proctoring reports",
    },
    "hours.clause.documentation": {
        "ru": "ведомости в АИС, обновление силлабуса, карта интеграции SPOC/MOOC (Приложение 1)",
        "kk": "АЖЖ-дағы ведомостар, силлабусты жаңарту, SPOC/MOOC интеграция картасы (1-қосымша)",
        "en": "AIS grade sheets, updating the syllabus, the SPOC/MOOC integration map (Appendix 1)",
    },
    # --- validation --------------------------------------------------------
    "hours.error.header": {
        "ru": "Ничего не записано. Исправьте, пожалуйста:",
        "kk": "Ештеңе жазылмады. Түзетіңізші:",
        "en": "Nothing was recorded. Please fix:",
    },
    "hours.error.course.missing": {
        "ru": "«Курс»: выберите курс.",
        "kk": "«Курс»: курсты таңдаңыз.",
        "en": "“Course”: choose a course.",
    },
    "hours.error.course.not_yours": {
        "ru": "«Курс»: это не ваш курс — часы учитываются только по курсам, где вы тьютор.",
        "kk": "«Курс»: бұл сіздің курсыңыз емес — сағаттар тек сіз тьютор болған курстар бойынша есептеледі.",
        "en": "“Course”: this is not one of your courses — you can log hours only for the courses you tutor.",
    },
    "hours.error.category": {
        "ru": "«Вид работы»: выберите один из видов работ раздела 7.",
        "kk": "«Жұмыс түрі»: 7-бөлімдегі жұмыс түрлерінің бірін таңдаңыз.",
        "en": "“Category”: choose one of the Section 7 categories.",
    },
    "hours.error.hours.missing": {
        "ru": "«Часы»: укажите, сколько часов, например 1,5.",
        "kk": "«Сағат»: неше сағат екенін көрсетіңіз, мысалы 1,5.",
        "en": "“Hours”: enter how many hours, e.g. 1.5.",
    },
    "hours.error.hours.not_number": {
        "ru": "«Часы»: «{value}» — не число. Введите, например, 1,5.",
        "kk": "«Сағат»: «{value}» — сан емес. Мысалы, 1,5 деп енгізіңіз.",
        "en": "“Hours”: “{value}” is not a number. Enter, e.g., 1.5.",
    },
    "hours.error.hours.not_positive": {
        "ru": "«Часы»: должно быть больше нуля.",
        "kk": "«Сағат»: нөлден үлкен болуы керек.",
        "en": "“Hours”: must be more than zero.",
    },
    "hours.error.hours.step": {
        "ru": "«Часы»: {value} — часы учитываются с шагом 0,25 (0,25; 0,5; 0,75; 1 …).",
        "kk": "«Сағат»: {value} — сағаттар 0,25 қадаммен есептеледі (0,25; 0,5; 0,75; 1 …).",
        "en": "“Hours”: {value} — hours are logged in steps of 0.25 (0.25, 0.5, 0.75, 1 …).",
    },
    "hours.error.hours.too_large": {
        "ru": "«Часы»: не больше {max} ч в день.",
        "kk": "«Сағат»: күніне {max} сағаттан аспауы керек.",
        "en": "“Hours”: at most {max} h a day.",
    },
    "hours.error.hours.day_limit": {
        "ru": "«Часы»: не больше {max} ч в день. За {date} уже учтено {already} ч, можно добавить не больше {left} ч.",
        "kk": "«Сағат»: күніне {max} сағаттан аспауы керек. {date} күні {already} сағ есептелген, тағы ең көбі "
        "{left} сағ қосуға болады.",
        "en": "“Hours”: at most {max} h a day. {already} h are already logged for {date}; you can add at most "
        "{left} h.",
    },
    "hours.error.date.missing": {
        "ru": "«Дата»: выберите дату.",
        "kk": "«Күні»: күнді таңдаңыз.",
        "en": "“Date”: pick a date.",
    },
    "hours.error.date.invalid": {
        "ru": "«Дата»: «{value}» — не дата. Выберите дату в календаре.",
        "kk": "«Күні»: «{value}» — күн емес. Күнтізбеден күнді таңдаңыз.",
        "en": "“Date”: “{value}” is not a date. Pick one in the calendar.",
    },
    "hours.error.date.future": {
        "ru": "«Дата»: {date} ещё не наступила — учитываются только проведённые часы.",
        "kk": "«Күні»: {date} әлі келген жоқ — тек өткізілген сағаттар есептеледі.",
        "en": "“Date”: {date} is in the future — only hours already delivered can be logged.",
    },
    "hours.error.date.outside": {
        "ru": "«Дата»: {date} — вне семестра курса ({start} — {end}).",
        "kk": "«Күні»: {date} — курс семестрінен тыс ({start} — {end}).",
        "en": "“Date”: {date} is outside the course's semester ({start} — {end}).",
    },
    "hours.error.date.after_exam": {
        "ru": "«Дата»: {date} — после экзамена ({exam}). После экзамена учитываются только 7.3 контроль и "
        "оценивание и 7.4 документация, до {until}.",
        "kk": "«Күні»: {date} — емтиханнан кейін ({exam}). Емтиханнан кейін тек 7.3 бақылау және бағалау мен "
        "7.4 құжаттама есептеледі, {until} дейін.",
        "en": "“Date”: {date} is after the exam ({exam}). After the exam only 7.3 control and assessment and "
        "7.4 documentation can be logged, until {until}.",
    },
    "hours.error.date.after_grace": {
        "ru": "«Дата»: {date} — слишком поздно. Часы 7.3 и 7.4 после экзамена учитываются до {until} "
        "(ведомость за экзамен — до {due}, и ещё неделя).",
        "kk": "«Күні»: {date} — тым кеш. Емтиханнан кейінгі 7.3 және 7.4 сағаттары {until} дейін есептеледі "
        "(емтихан ведомосы — {due} дейін, тағы бір апта).",
        "en": "“Date”: {date} is too late. 7.3 and 7.4 hours after the exam can be logged until {until} "
        "(the exam's grade sheet is due by {due}, plus a week).",
    },
    "hours.error.note.long": {
        "ru": "«Комментарий»: не длиннее {max} символов.",
        "kk": "«Түсініктеме»: {max} таңбадан аспауы керек.",
        "en": "“Note”: at most {max} characters.",
    },
    "hours.tutors_only": {
        "ru": "Учитывать тьюторские часы могут только тьюторы. Ничего не записано.",
        "kk": "Тьюторлық сағаттарды тек тьюторлар есепке ала алады. Ештеңе жазылмады.",
        "en": "Only tutors can log tutoring hours. Nothing was recorded.",
    },
    "hours.no_courses": {
        "ru": "За вами пока не закреплён ни один курс, поэтому часы учитывать не по чему. Если это ошибка, "
        "обратитесь в Управление онлайн-образования.",
        "kk": "Сізге әзірге бірде-бір курс бекітілмеген, сондықтан сағаттарды есепке алатын ештеңе жоқ. Егер бұл "
        "қате болса, Онлайн білім беру басқармасына хабарласыңыз.",
        "en": "No course is assigned to you yet, so there is nothing to log hours for. If this is a mistake, "
        "please contact the Online Education Office.",
    },
    # --- outcomes ----------------------------------------------------------
    "hours.recorded": {
        "ru": "Учтено: {hours} ч — {label}, {date}, {course}.",
        "kk": "Есепке алынды: {hours} сағ — {label}, {date}, {course}.",
        "en": "Recorded: {hours} h — {label}, {date}, {course}.",
    },
    "hours.replay": {
        "ru": "Эта отправка уже учтена; повторно ничего не записано.",
        "kk": "Бұл жіберу бұрын есепке алынған; қайта ештеңе жазылмады.",
        "en": "This submission was already recorded; nothing was recorded twice.",
    },
    "hours.undone": {
        "ru": "Запись #{id} ({hours} ч) отменена сторнирующей записью #{reversal}.",
        "kk": "#{id} жазбасы ({hours} сағ) #{reversal} сторнолаушы жазбамен болдырылмады.",
        "en": "Entry #{id} ({hours} h) was undone by the reversing entry #{reversal}.",
    },
    "hours.corrected": {
        "ru": "Запись #{id} исправлена: было {old} ч, стало {new} ч (запись #{new_id}).",
        "kk": "#{id} жазбасы түзетілді: {old} сағ болды, {new} сағ болды (#{new_id} жазба).",
        "en": "Entry #{id} was corrected: {old} h before, {new} h now (entry #{new_id}).",
    },
    "hours.already_reversed": {
        "ru": "Запись #{id} уже отменена или исправлена; ничего не изменено.",
        "kk": "#{id} жазбасы бұрын болдырылмаған немесе түзетілген; ештеңе өзгертілмеді.",
        "en": "Entry #{id} was already undone or corrected; nothing changed.",
    },
    "hours.not_correctable": {
        "ru": "Запись #{id} нельзя изменить: исправлять и отменять можно только свои записи за последние {days} дн.",
        "kk": "#{id} жазбасын өзгертуге болмайды: тек соңғы {days} күндегі өз жазбаларыңызды түзетуге немесе "
        "болдырмауға болады.",
        "en": "Entry #{id} cannot be changed: you can correct or undo only your own entries of the last {days} days.",
    },
    # --- progress ----------------------------------------------------------
    "hours.progress.title": {
        "ru": "Тьюторские часы по нормам раздела 7",
        "kk": "7-бөлім нормалары бойынша тьюторлық сағаттар",
        "en": "Tutoring hours against the Section 7 norms",
    },
    "hours.progress.as_of": {
        "ru": "На {date}, {name}",
        "kk": "{date} жағдайы бойынша, {name}",
        "en": "As of {date}, {name}",
    },
    "hours.progress.course": {
        "ru": "{code} {name} · {semester}",
        "kk": "{code} {name} · {semester}",
        "en": "{code} {name} · {semester}",
    },
    "hours.progress.line": {
        "ru": "{label}: {delivered} из {norm} ч",
        "kk": "{label}: {delivered} / {norm} сағ",
        "en": "{label}: {delivered} of {norm} h",
    },
    "hours.progress.line.no_norm": {
        "ru": "{label}: {delivered} ч (норма не установлена)",
        "kk": "{label}: {delivered} сағ (норма белгіленбеген)",
        "en": "{label}: {delivered} h (no norm set)",
    },
    "hours.progress.over": {
        "ru": "⚠ сверх нормы на {over} ч",
        "kk": "⚠ нормадан {over} сағ артық",
        "en": "⚠ {over} h over the norm",
    },
    "hours.progress.total": {
        "ru": "Итого: {delivered} из {norm} ч",
        "kk": "Барлығы: {delivered} / {norm} сағ",
        "en": "Total: {delivered} of {norm} h",
    },
    "hours.progress.gap": {
        "ru": "до нормы не хватает {gap} ч",
        "kk": "нормаға дейін {gap} сағ жетіспейді",
        "en": "{gap} h short of the norms",
    },
    "hours.progress.done": {
        "ru": "нормы выполнены ✓",
        "kk": "нормалар орындалды ✓",
        "en": "norms met ✓",
    },
    "hours.progress.next": {
        "ru": "До {point} ({date}) не хватает:",
        "kk": "{point} дейін ({date}) жетіспейді:",
        "en": "Still missing before {point} ({date}):",
    },
    "hours.progress.next.ok": {
        "ru": "До {point} ({date}) всё по плану ✓",
        "kk": "{point} дейін ({date}) бәрі жоспар бойынша ✓",
        "en": "On track for {point} ({date}) ✓",
    },
    "hours.progress.missing": {
        "ru": "• {label} — {hours} ч",
        "kk": "• {label} — {hours} сағ",
        "en": "• {label} — {hours} h",
    },
    "hours.progress.finished": {
        "ru": "Семестр завершён (экзамен {date}). Часы 7.3 контроль и оценивание и 7.4 документация после "
        "экзамена можно учесть до {until}.",
        "kk": "Семестр аяқталды (емтихан {date}). Емтиханнан кейінгі 7.3 бақылау және бағалау мен 7.4 құжаттама "
        "сағаттарын {until} дейін есепке алуға болады.",
        "en": "The semester is over (exam on {date}). 7.3 control and assessment and 7.4 documentation hours after "
        "the exam can be logged until {until}.",
    },
    "hours.progress.none": {
        "ru": "Пока нет курсов, по которым можно показать часы.",
        "kk": "Әзірге сағаттарды көрсететін курстар жоқ.",
        "en": "There are no courses to show hours for yet.",
    },
    "hours.point.rk1": {"ru": "РК1", "kk": "АБ1", "en": "RK1"},
    "hours.point.rk2": {"ru": "РК2", "kk": "АБ2", "en": "RK2"},
    "hours.point.exam": {"ru": "экзамена", "kk": "емтиханға", "en": "the exam"},
    # --- history -------------------------------------------------------------
    "hours.history.title": {
        "ru": "История записей о часах",
        "kk": "Сағаттар туралы жазбалар тарихы",
        "en": "History of hours entries",
    },
    "hours.history.hint": {
        "ru": "Свои записи за последние {days} дн. можно исправить или отменить; старая запись остаётся в истории.",
        "kk": "Соңғы {days} күндегі өз жазбаларыңызды түзетуге немесе болдырмауға болады; ескі жазба тарихта қалады.",
        "en": "Your entries of the last {days} days can be corrected or undone; the old entry stays in the history.",
    },
    "hours.history.empty": {
        "ru": "Записей пока нет.",
        "kk": "Әзірге жазбалар жоқ.",
        "en": "No entries yet.",
    },
    "hours.history.entry": {
        "ru": "#{id} · {date} · {course} · {label}: {hours} ч",
        "kk": "#{id} · {date} · {course} · {label}: {hours} сағ",
        "en": "#{id} · {date} · {course} · {label}: {hours} h",
    },
    "hours.history.meta": {
        "ru": "{source}; внёс(ла) {who}, {when}",
        "kk": "{source}; енгізген {who}, {when}",
        "en": "{source}; entered by {who}, {when}",
    },
    "hours.history.reverses": {
        "ru": "↩ сторно записи #{id}",
        "kk": "↩ #{id} жазбасының сторносы",
        "en": "↩ reverses entry #{id}",
    },
    "hours.history.replaces": {
        "ru": "исправление записи #{id}",
        "kk": "#{id} жазбасын түзету",
        "en": "corrects entry #{id}",
    },
    "hours.history.reversed_by": {
        "ru": "отменена записью #{id} ({who}, {when})",
        "kk": "#{id} жазбасымен болдырылмады ({who}, {when})",
        "en": "undone by entry #{id} ({who}, {when})",
    },
    "hours.source.card": {"ru": "карточка", "kk": "карточка", "en": "card"},
    "hours.source.session": {"ru": "занятие #{id}", "kk": "сабақ #{id}", "en": "session #{id}"},
    # --- schools (dean / admin) and the export -------------------------------
    "hours.school.title": {
        "ru": "Тьюторские часы: {scope}",
        "kk": "Тьюторлық сағаттар: {scope}",
        "en": "Tutoring hours: {scope}",
    },
    "hours.school.all": {"ru": "все школы", "kk": "барлық мектептер", "en": "all schools"},
    "hours.school.row": {
        "ru": "{tutor} — {course}: {delivered} из {norm} ч",
        "kk": "{tutor} — {course}: {delivered} / {norm} сағ",
        "en": "{tutor} — {course}: {delivered} of {norm} h",
    },
    "hours.school.hint": {
        "ru": "Таблица для учёта нагрузки: «export hours».",
        "kk": "Жүктемені есепке алу кестесі: «export hours».",
        "en": "The spreadsheet for load accounting: “export hours”.",
    },
    "hours.export.title": {
        "ru": "Выгрузка тьюторских часов готова",
        "kk": "Тьюторлық сағаттардың үзіндісі дайын",
        "en": "The tutoring hours export is ready",
    },
    "hours.export.allow": {
        "ru": "Файл XLSX — ниже: нажмите «Разрешить», и я положу его в ваш OneDrive.",
        "kk": "XLSX файлы төменде: «Рұқсат ету» батырмасын басыңыз, мен оны OneDrive-ыңызға саламын.",
        "en": "The XLSX file is below: press “Allow” and I will put it in your OneDrive.",
    },
    "hours.export.console": {
        "ru": "Та же выгрузка из консоли: {command}",
        "kk": "Консольден дәл осы үзінді: {command}",
        "en": "The same export from the console: {command}",
    },
    "hours.export.description": {
        "ru": "Тьюторские часы по нормам раздела 7 (П-УОО-04): {scope}",
        "kk": "7-бөлім нормалары бойынша тьюторлық сағаттар (П-УОО-04): {scope}",
        "en": "Tutoring hours against the Section 7 norms (P-UOO-04): {scope}",
    },
    "hours.export.sent": {
        "ru": "Готово: {name} в вашем OneDrive.",
        "kk": "Дайын: {name} сіздің OneDrive-ыңызда.",
        "en": "Done: {name} is in your OneDrive.",
    },
    "hours.export.failed": {
        "ru": "Не удалось загрузить файл в OneDrive. Попробуйте ещё раз: «export hours».",
        "kk": "Файлды OneDrive-қа жүктеу мүмкін болмады. Қайталап көріңіз: «export hours».",
        "en": "I could not upload the file to OneDrive. Please try again: “export hours”.",
    },
    "hours.export.declined": {
        "ru": "Хорошо, файл не отправлен.",
        "kk": "Жарайды, файл жіберілмеді.",
        "en": "All right, the file was not sent.",
    },
    "hours.export.personal_only": {
        "ru": "Файл выгрузки я могу передать только в личном чате со мной: напишите «export hours» там.",
        "kk": "Үзінді файлын тек менімен жеке чатта бере аламын: сонда «export hours» деп жазыңыз.",
        "en": "I can hand over the export file only in a personal chat with me: type “export hours” there.",
    },
    "hours.export.rows": {"ru": "Строк (тьютор × курс)", "kk": "Жолдар (тьютор × курс)", "en": "Rows (tutor × course)"},
    "hours.export.entries": {"ru": "Записей в журнале", "kk": "Журналдағы жазбалар", "en": "Ledger entries"},
    "hours.export.scope": {"ru": "Охват", "kk": "Қамту", "en": "Scope"},
    "hours.export.only_hours": {
        "ru": "Могу выгрузить только часы: напишите «export hours» (можно добавить семестр, например "
        "«export hours 2026-fall»).",
        "kk": "Тек сағаттарды шығара аламын: «export hours» деп жазыңыз (семестрді қосуға болады, мысалы "
        "«export hours 2026-fall»).",
        "en": "I can export hours only: type “export hours” (a semester may follow, e.g. “export hours 2026-fall”).",
    },
    "hours.no_school": {
        "ru": "За вами не закреплена школа.",
        "kk": "Сізге мектеп бекітілмеген.",
        "en": "No school is assigned to you.",
    },
    "hours.export.no_school": {
        "ru": "Выгрузить можно только часы своей школы.",
        "kk": "Тек өз мектебіңіздің сағаттарын шығаруға болады.",
        "en": "You can export the hours of your own school only.",
    },
    # --- the XLSX --------------------------------------------------------------
    "hours.xlsx.sheet.load": {"ru": "Нагрузка", "kk": "Жүктеме", "en": "Load"},
    "hours.xlsx.sheet.ledger": {"ru": "Журнал", "kk": "Журнал", "en": "Ledger"},
    "hours.xlsx.sheet.norms": {"ru": "Нормы", "kk": "Нормалар", "en": "Norms"},
    "hours.xlsx.title": {
        "ru": "Тьюторская нагрузка по разделу 7 положения П-УОО-04 — {scope}, на {date}",
        "kk": "П-УОО-04 ережесінің 7-бөлімі бойынша тьюторлық жүктеме — {scope}, {date} жағдайы бойынша",
        "en": "Tutoring load under Section 7 of regulation P-UOO-04 — {scope}, as of {date}",
    },
    "hours.xlsx.school": {"ru": "Школа", "kk": "Мектеп", "en": "School"},
    "hours.unknown_semester": {
        "ru": "Семестр «{semester}» не найден. Известные семестры: {known}.",
        "kk": "«{semester}» семестрі табылмады. Белгілі семестрлер: {known}.",
        "en": "Semester '{semester}' is not known. Known semesters: {known}.",
    },
    "hours.xlsx.semester": {"ru": "Семестр", "kk": "Семестр", "en": "Semester"},
    "hours.xlsx.tutor": {"ru": "Тьютор", "kk": "Тьютор", "en": "Tutor"},
    "hours.xlsx.email": {"ru": "E-mail", "kk": "E-mail", "en": "E-mail"},
    "hours.xlsx.course": {"ru": "Курс", "kk": "Курс", "en": "Course"},
    "hours.xlsx.course_name": {"ru": "Название курса", "kk": "Курс атауы", "en": "Course name"},
    "hours.xlsx.delivered": {"ru": "факт", "kk": "нақты", "en": "done"},
    "hours.xlsx.norm": {"ru": "норма", "kk": "норма", "en": "norm"},
    "hours.xlsx.total": {"ru": "Итого, ч", "kk": "Барлығы, сағ", "en": "Total, h"},
    "hours.xlsx.norm_total": {"ru": "Норма, ч", "kk": "Норма, сағ", "en": "Norm, h"},
    "hours.xlsx.gap": {"ru": "Не хватает до нормы, ч", "kk": "Нормаға дейін жетіспейді, сағ", "en": "Short of norms, h"},
    "hours.xlsx.over": {"ru": "Сверх нормы", "kk": "Нормадан артық", "en": "Over the norm"},
    "hours.xlsx.next": {"ru": "Следующий контроль", "kk": "Келесі бақылау", "en": "Next control point"},
    "hours.xlsx.missing": {
        "ru": "Не хватает до контроля, ч",
        "kk": "Бақылауға дейін жетіспейді, сағ",
        "en": "Missing before it, h",
    },
    "hours.xlsx.id": {"ru": "№ записи", "kk": "Жазба №", "en": "Entry #"},
    "hours.xlsx.created": {"ru": "Внесено (Алматы)", "kk": "Енгізілді (Алматы)", "en": "Entered (Almaty)"},
    "hours.xlsx.category": {"ru": "Вид работы", "kk": "Жұмыс түрі", "en": "Category"},
    "hours.xlsx.clause": {"ru": "Пункт", "kk": "Тармақ", "en": "Clause"},
    "hours.xlsx.hours": {"ru": "Часы", "kk": "Сағат", "en": "Hours"},
    "hours.xlsx.date": {"ru": "Дата", "kk": "Күні", "en": "Date"},
    "hours.xlsx.note": {"ru": "Комментарий", "kk": "Түсініктеме", "en": "Note"},
    "hours.xlsx.source": {"ru": "Источник", "kk": "Дереккөз", "en": "Source"},
    "hours.xlsx.session": {"ru": "Занятие", "kk": "Сабақ", "en": "Session"},
    "hours.xlsx.entered_by": {"ru": "Внёс(ла)", "kk": "Енгізген", "en": "Entered by"},
    "hours.xlsx.reverses": {"ru": "Сторно записи", "kk": "Жазба сторносы", "en": "Reverses entry"},
    "hours.xlsx.replaces": {"ru": "Исправляет запись", "kk": "Жазбаны түзетеді", "en": "Corrects entry"},
    "hours.xlsx.set_by": {"ru": "Установил(а)", "kk": "Белгілеген", "en": "Set by"},
    "hours.xlsx.none": {"ru": "—", "kk": "—", "en": "—"},
}

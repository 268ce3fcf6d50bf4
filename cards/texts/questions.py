"""Texts of the questions feature."""

from __future__ import annotations

from tutoring.locale import Lang

TEXTS: dict[str, dict[Lang, str]] = {
    # --- the student's question card -------------------------------------
    "questions.ask.title": {
        "ru": "Вопрос тьютору",
        "kk": "Тьюторға сұрақ",
        "en": "Ask your tutor",
    },
    "questions.ask.intro": {
        "ru": "Тьютор курса ответит здесь, в этом чате, обычно в течение 24 часов (суббота и воскресенье не "
        "считаются). Сначала я покажу похожие вопросы, на которые тьютор уже ответил.",
        "kk": "Курс тьюторы осы чатта, әдетте 24 сағат ішінде жауап береді (сенбі мен жексенбі есептелмейді). "
        "Алдымен тьютор жауап берген ұқсас сұрақтарды көрсетемін.",
        "en": "The course's tutor answers here, in this chat, usually within 24 hours (Saturdays and Sundays do "
        "not count). First I will show similar questions the tutor has already answered.",
    },
    "questions.field.course": {"ru": "Курс", "kk": "Курс", "en": "Course"},
    "questions.field.question": {"ru": "Вопрос", "kk": "Сұрақ", "en": "Question"},
    "questions.field.question.placeholder": {
        "ru": "Например: когда консультация перед РК1? (до {max} символов)",
        "kk": "Мысалы: АБ1 алдындағы кеңес қашан? ({max} таңбаға дейін)",
        "en": "For example: when is the consultation before RK1? (up to {max} characters)",
    },
    "questions.field.anonymous": {
        "ru": "Спросить анонимно: тьютор не увидит моё имя",
        "kk": "Жасырын сұрау: тьютор атымды көрмейді",
        "en": "Ask anonymously: the tutor will not see my name",
    },
    "questions.ask.submit": {"ru": "Отправить", "kk": "Жіберу", "en": "Send"},
    # --- similar answered questions ---------------------------------------
    "questions.similar.title": {
        "ru": "Похожие вопросы уже отвечены",
        "kk": "Ұқсас сұрақтарға жауап берілген",
        "en": "Similar questions have answers",
    },
    "questions.similar.intro": {
        "ru": "Прежде чем отправить: тьютор курса {course} уже ответил на похожие вопросы. Возможно, ответ уже здесь.",
        "kk": "Жібермес бұрын: {course} курсының тьюторы ұқсас сұрақтарға жауап берген. Жауап осында болуы мүмкін.",
        "en": "Before you send it: the tutor of {course} has answered similar questions. The answer may be here.",
    },
    "questions.similar.yours": {"ru": "Ваш вопрос", "kk": "Сіздің сұрағыңыз", "en": "Your question"},
    "questions.similar.asked": {"ru": "Вопрос", "kk": "Сұрақ", "en": "Question"},
    "questions.similar.answer": {"ru": "Ответ тьютора", "kk": "Тьютор жауабы", "en": "Tutor's answer"},
    "questions.similar.answers_it": {
        "ru": "Это отвечает на мой вопрос",
        "kk": "Бұл менің сұрағыма жауап береді",
        "en": "That answers it",
    },
    "questions.similar.send_anyway": {
        "ru": "Всё равно отправить мой вопрос",
        "kk": "Бәрібір сұрағымды жіберу",
        "en": "Send mine anyway",
    },
    "questions.deflected": {
        "ru": "Хорошо, ваш вопрос не отправлен. Если понадобится что-то ещё, напишите «ask».",
        "kk": "Жақсы, сұрағыңыз жіберілмеді. Тағы бірдеңе керек болса, «ask» деп жазыңыз.",
        "en": "Good, your question was not sent. If you need anything else, type “ask”.",
    },
    # --- confirmation to the student ---------------------------------------
    "questions.sent.title": {
        "ru": "Вопрос №{id} отправлен",
        "kk": "№{id} сұрақ жіберілді",
        "en": "Question #{id} sent",
    },
    "questions.sent.to": {
        "ru": "Курс {course}. Тьютор: {tutors}.",
        "kk": "Курс {course}. Тьютор: {tutors}.",
        "en": "Course {course}. Tutor: {tutors}.",
    },
    "questions.sent.next": {
        "ru": "Что дальше: ответ придёт сюда, в этот чат. Тьютор отвечает в течение 24 часов, суббота и "
        "воскресенье не считаются, то есть до {deadline}. Если тьютор не ответит за это время, я напомню ему.",
        "kk": "Әрі қарай: жауап осы чатқа келеді. Тьютор 24 сағат ішінде жауап береді, сенбі мен жексенбі "
        "есептелмейді, яғни {deadline} дейін. Осы уақытта жауап бермесе, оған еске саламын.",
        "en": "What happens next: the answer comes here, to this chat. Tutors answer within 24 hours, Saturdays "
        "and Sundays not counted, so by {deadline}. If the tutor has not answered by then, I will remind them.",
    },
    "questions.sent.anonymous": {
        "ru": "Вопрос анонимный: тьютор не увидит ваше имя.",
        "kk": "Сұрақ жасырын: тьютор атыңызды көрмейді.",
        "en": "The question is anonymous: the tutor will not see your name.",
    },
    "questions.sent.unreachable": {
        "ru": "Внимание: {tutors} ещё не открывал(а) Tutorbot в Teams, поэтому сообщить о вопросе сразу не "
        "получилось. Вопрос сохранён и виден тьютору в списке «questions».",
        "kk": "Назар аударыңыз: {tutors} Teams-те Tutorbot-ты әлі ашпаған, сондықтан сұрақ туралы бірден хабарлау "
        "мүмкін болмады. Сұрақ сақталды және тьюторға «questions» тізімінде көрінеді.",
        "en": "Note: {tutors} has not opened Tutorbot in Teams yet, so I could not tell them right away. The "
        "question is saved and the tutor sees it in their “questions” list.",
    },
    "questions.sent.no_tutor": {
        "ru": "У курса {course} пока нет назначенного тьютора. Вопрос сохранён и появится у тьютора, как только "
        "его назначат. Если вопрос срочный, обратитесь в Управление онлайн-образования.",
        "kk": "{course} курсына әлі тьютор тағайындалмаған. Сұрақ сақталды, тьютор тағайындалған бойда оған "
        "көрінеді. Сұрақ шұғыл болса, Онлайн білім беру басқармасына хабарласыңыз.",
        "en": "The course {course} has no tutor assigned yet. The question is saved and the tutor will see it as "
        "soon as one is assigned. If it is urgent, contact the Online Education Office.",
    },
    # --- the tutor's card -----------------------------------------------------
    "questions.new.title": {
        "ru": "Новый вопрос №{id} — {course}",
        "kk": "Жаңа сұрақ №{id} — {course}",
        "en": "New question #{id} — {course}",
    },
    "questions.followup.title": {
        "ru": "Уточняющий вопрос №{id} — {course}",
        "kk": "Нақтылау сұрағы №{id} — {course}",
        "en": "Follow-up question #{id} — {course}",
    },
    "questions.reminder.title": {
        "ru": "Напоминание: вопрос №{id} ждёт ответа больше 24 часов — {course}",
        "kk": "Еске салу: №{id} сұрақ 24 сағаттан астам жауап күтуде — {course}",
        "en": "Reminder: question #{id} has waited over 24 hours — {course}",
    },
    "questions.handover": {
        "ru": "По курсу {course} сменился тьютор. На ваш вопрос теперь ответит: {tutors}.",
        "kk": "{course} курсының тьюторы ауысты. Сұрағыңызға енді жауап береді: {tutors}.",
        "en": "The tutor of {course} has changed. Your question will now be answered by {tutors}.",
    },
    "questions.new.summary": {
        "ru": "Новый вопрос по курсу {course}",
        "kk": "{course} курсы бойынша жаңа сұрақ",
        "en": "New question for {course}",
    },
    "questions.reminder.summary": {
        "ru": "Напоминание: вопрос по курсу {course} ждёт ответа",
        "kk": "Еске салу: {course} курсы бойынша сұрақ жауап күтуде",
        "en": "Reminder: a question for {course} is waiting for your answer",
    },
    "questions.fact.from": {"ru": "От", "kk": "Кімнен", "en": "From"},
    "questions.fact.anonymous": {
        "ru": "анонимный студент",
        "kk": "жасырын студент",
        "en": "an anonymous student",
    },
    "questions.fact.asked": {"ru": "Задан", "kk": "Қойылды", "en": "Asked"},
    "questions.fact.due": {"ru": "Ответить до", "kk": "Жауап беру мерзімі", "en": "Answer by"},
    "questions.overdue": {
        "ru": "Просрочен: больше 48 рабочих часов без ответа.",
        "kk": "Мерзімі өтті: 48 жұмыс сағатынан астам жауапсыз.",
        "en": "Overdue: more than 48 working hours without an answer.",
    },
    "questions.thread.earlier": {
        "ru": "Ранее в этой переписке",
        "kk": "Осы хат алмасуда бұрын",
        "en": "Earlier in this thread",
    },
    "questions.thread.q": {"ru": "Вопрос: {text}", "kk": "Сұрақ: {text}", "en": "Question: {text}"},
    "questions.thread.a": {"ru": "Ответ: {text}", "kk": "Жауап: {text}", "en": "Answer: {text}"},
    "questions.field.answer": {"ru": "Ответ", "kk": "Жауап", "en": "Answer"},
    "questions.field.answer.placeholder": {
        "ru": "Ваш ответ студенту (до {max} символов)",
        "kk": "Студентке жауабыңыз ({max} таңбаға дейін)",
        "en": "Your answer to the student (up to {max} characters)",
    },
    "questions.answer.submit": {"ru": "Отправить ответ", "kk": "Жауапты жіберу", "en": "Send the answer"},
    "questions.answer.done": {
        "ru": "Ответ отправлен студенту {when}.",
        "kk": "Жауап студентке {when} жіберілді.",
        "en": "Answer sent to the student on {when}.",
    },
    "questions.answer.sent": {
        "ru": "Ответ на вопрос №{id} отправлен студенту.",
        "kk": "№{id} сұраққа жауап студентке жіберілді.",
        "en": "Your answer to question #{id} is on its way to the student.",
    },
    "questions.answer.student_unreachable": {
        "ru": "Ответ на вопрос №{id} сохранён, но доставить его студенту в Teams сейчас невозможно.",
        "kk": "№{id} сұраққа жауап сақталды, бірақ оны студентке Teams арқылы қазір жеткізу мүмкін емес.",
        "en": "Your answer to question #{id} is saved, but it cannot be delivered to the student in Teams now.",
    },
    # --- the tutor's list -----------------------------------------------------
    "questions.list.header": {
        "ru": "Открытых вопросов по вашим курсам: {count}. Сначала самые старые; ответить можно прямо в карточке.",
        "kk": "Курстарыңыз бойынша ашық сұрақтар: {count}. Алдымен ең ескілері; жауапты карточкада жазуға болады.",
        "en": "Open questions for your courses: {count}. Oldest first; answer right in the card.",
    },
    "questions.list.more": {
        "ru": "Показаны {shown} самых старых из {count}. Ответьте на них и напишите «questions» ещё раз.",
        "kk": "{count} сұрақтың ең ескі {shown} сұрағы көрсетілді. Оларға жауап беріп, «questions» деп қайта жазыңыз.",
        "en": "Showing the {shown} oldest of {count}. Answer them and type “questions” again.",
    },
    "questions.list.none": {
        "ru": "Открытых вопросов по вашим курсам нет.",
        "kk": "Курстарыңыз бойынша ашық сұрақтар жоқ.",
        "en": "No open questions for your courses.",
    },
    # --- the answer, to the student -------------------------------------------
    "questions.answered.title": {
        "ru": "Ответ тьютора — {course}",
        "kk": "Тьютор жауабы — {course}",
        "en": "Your tutor's answer — {course}",
    },
    "questions.answered.summary": {
        "ru": "Ответ тьютора на ваш вопрос по курсу {course}",
        "kk": "{course} курсы бойынша сұрағыңызға тьютор жауабы",
        "en": "Your tutor answered your question for {course}",
    },
    "questions.answered.yours": {"ru": "Ваш вопрос", "kk": "Сіздің сұрағыңыз", "en": "Your question"},
    "questions.answered.by": {"ru": "{tutor} отвечает:", "kk": "{tutor} жауабы:", "en": "{tutor} answers:"},
    "questions.resolve": {"ru": "Вопрос решён", "kk": "Сұрақ шешілді", "en": "Resolved"},
    "questions.followup": {
        "ru": "Уточнить",
        "kk": "Нақтылау",
        "en": "Ask a follow-up",
    },
    "questions.followup.submit": {"ru": "Отправить уточнение", "kk": "Нақтылауды жіберу", "en": "Send the follow-up"},
    "questions.resolved": {
        "ru": "Отмечено: вопрос решён. Спасибо!",
        "kk": "Белгіленді: сұрақ шешілді. Рақмет!",
        "en": "Marked as resolved. Thank you!",
    },
    "questions.followup.sent": {
        "ru": "Уточнение №{id} отправлено тьютору: «{text}»",
        "kk": "№{id} нақтылау тьюторға жіберілді: «{text}»",
        "en": "Follow-up #{id} sent to the tutor: “{text}”",
    },
    # --- bad input and replays ------------------------------------------------
    "questions.error.channel": {
        "ru": "Вопросы тьюторам задаются и разбираются в личном чате со мной, не в канале: здесь их увидели бы "
        "все. Откройте чат с Tutorbot и напишите «{command}».",
        "kk": "Тьюторларға сұрақтар арнада емес, менімен жеке чатта қойылады: мұнда оларды бәрі көреді. "
        "Tutorbot-пен чатты ашып, «{command}» деп жазыңыз.",
        "en": "Questions to tutors are asked and answered in a personal chat with me, not in a channel, where "
        "everyone would see them. Open the chat with Tutorbot and type “{command}”.",
    },
    "questions.error.empty": {
        "ru": "Поле «Вопрос» пустое: напишите, что вы хотите спросить.",
        "kk": "«Сұрақ» өрісі бос: не сұрағыңыз келетінін жазыңыз.",
        "en": "The “Question” field is empty: write what you want to ask.",
    },
    "questions.error.too_long": {
        "ru": "Поле «Вопрос» слишком длинное: {length} символов, можно не больше {max}. Сократите вопрос или "
        "разбейте его на несколько. Ничего не отправлено.",
        "kk": "«Сұрақ» өрісі тым ұзын: {length} таңба, {max} таңбадан аспауы керек. Сұрақты қысқартыңыз немесе "
        "бірнешеге бөліңіз. Ештеңе жіберілмеді.",
        "en": "The “Question” field is too long: {length} characters, at most {max}. Shorten it or split it into "
        "several questions. Nothing was sent.",
    },
    "questions.error.no_courses": {
        "ru": "Вы не записаны ни на один онлайн-курс, поэтому вопрос некому отправить. Если это ошибка, "
        "обратитесь в Управление онлайн-образования.",
        "kk": "Сіз ешбір онлайн-курсқа жазылмағансыз, сондықтан сұрақты жіберетін ешкім жоқ. Қате болса, Онлайн "
        "білім беру басқармасына хабарласыңыз.",
        "en": "You are not enrolled in any online course, so there is no tutor to ask. If that is wrong, contact "
        "the Online Education Office.",
    },
    "questions.error.choose_course": {
        "ru": "Выберите курс в поле «Курс»: у вас их несколько ({courses}). Ничего не отправлено.",
        "kk": "«Курс» өрісінде курсты таңдаңыз: сізде бірнеше курс бар ({courses}). Ештеңе жіберілмеді.",
        "en": "Choose a course in the “Course” field: you have several ({courses}). Nothing was sent.",
    },
    "questions.error.not_enrolled": {
        "ru": "Поле «Курс»: вы не записаны на курс «{course}». Ваши курсы: {courses}. Ничего не отправлено.",
        "kk": "«Курс» өрісі: сіз «{course}» курсына жазылмағансыз. Сіздің курстарыңыз: {courses}. Ештеңе жіберілмеді.",
        "en": "The “Course” field: you are not enrolled in “{course}”. Your courses: {courses}. Nothing was sent.",
    },
    "questions.error.answer_empty": {
        "ru": "Поле «Ответ» пустое: напишите ответ студенту. Ничего не отправлено.",
        "kk": "«Жауап» өрісі бос: студентке жауап жазыңыз. Ештеңе жіберілмеді.",
        "en": "The “Answer” field is empty: write your answer to the student. Nothing was sent.",
    },
    "questions.error.answer_too_long": {
        "ru": "Поле «Ответ» слишком длинное: {length} символов, можно не больше {max}. Ничего не отправлено.",
        "kk": "«Жауап» өрісі тым ұзын: {length} таңба, {max} таңбадан аспауы керек. Ештеңе жіберілмеді.",
        "en": "The “Answer” field is too long: {length} characters, at most {max}. Nothing was sent.",
    },
    "questions.error.unknown": {
        "ru": "Не нашёл этот вопрос. Возможно, карточка устарела: напишите «{command}», чтобы получить новую.",
        "kk": "Бұл сұрақты таппадым. Карточка ескірген болуы мүмкін: жаңасын алу үшін «{command}» деп жазыңыз.",
        "en": "I could not find this question. The card may be out of date: type “{command}” for a fresh one.",
    },
    "questions.error.not_your_course": {
        "ru": "Вопрос №{id} относится к курсу {course}, который вы не ведёте: ответить может только его тьютор. "
        "Ничего не отправлено.",
        "kk": "№{id} сұрақ сіз жүргізбейтін {course} курсына қатысты: оған тек сол курстың тьюторы жауап бере "
        "алады. Ештеңе жіберілмеді.",
        "en": "Question #{id} belongs to {course}, a course you do not tutor: only its tutor can answer it. "
        "Nothing was sent.",
    },
    "questions.error.not_yours": {
        "ru": "Это не ваш вопрос, поэтому изменить его нельзя.",
        "kk": "Бұл сіздің сұрағыңыз емес, сондықтан оны өзгертуге болмайды.",
        "en": "This is not your question, so you cannot change it.",
    },
    "questions.error.closed": {
        "ru": "Студент уже отметил вопрос №{id} как решённый; ответ не отправлен.",
        "kk": "Студент №{id} сұрақты шешілді деп белгілеген; жауап жіберілмеді.",
        "en": "The student has already marked question #{id} as resolved; your answer was not sent.",
    },
    "questions.replay.asked": {
        "ru": "Этот вопрос уже отправлен (№{id}); повторно ничего не отправлено.",
        "kk": "Бұл сұрақ жіберілген (№{id}); қайта ештеңе жіберілмеді.",
        "en": "This question was already sent (#{id}); nothing was sent again.",
    },
    "questions.replay.deflected": {
        "ru": "Вы уже отметили, что похожий вопрос отвечает на ваш; ничего не отправлено. Чтобы всё же спросить, "
        "напишите «ask».",
        "kk": "Ұқсас сұрақ сіздің сұрағыңызға жауап беретінін белгілегенсіз; ештеңе жіберілмеді. Бәрібір сұрау "
        "үшін «ask» деп жазыңыз.",
        "en": "You already said a similar question answers yours; nothing was sent. To ask after all, type “ask”.",
    },
    "questions.replay.answer": {
        "ru": "Этот ответ уже отправлен; повторно ничего не отправлено.",
        "kk": "Бұл жауап жіберілген; қайта ештеңе жіберілмеді.",
        "en": "This answer was already sent; nothing was sent again.",
    },
    "questions.replay.resolved": {
        "ru": "Вопрос уже отмечен как решённый; ничего не изменилось.",
        "kk": "Сұрақ шешілді деп белгіленген; ештеңе өзгермеді.",
        "en": "The question is already marked as resolved; nothing changed.",
    },
}

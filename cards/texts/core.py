"""Texts shared by every role: help, welcome, refusals."""

from __future__ import annotations

from tutoring.locale import Lang

TEXTS: dict[str, dict[Lang, str]] = {
    "help.title": {
        "ru": "Tutorbot — тьюторская служба",
        "kk": "Tutorbot — тьюторлық қызмет",
        "en": "Tutorbot — the tutoring service",
    },
    "help.greeting": {
        "ru": "Здравствуйте, {name}! Вы вошли как {role}. Вот что можно сделать:",
        "kk": "Сәлеметсіз бе, {name}! Сіз {role} ретінде кірдіңіз. Мұнда не істеуге болады:",
        "en": "Hello, {name}! You are signed in as {role}. Here is what you can do:",
    },
    "help.hint": {
        "ru": "Напишите команду в чат или нажмите кнопку. В канале сначала упомяните бота (@Tutorbot).",
        "kk": "Командаты чатқа жазыңыз немесе батырманы басыңыз. Арнада алдымен ботты атаңыз (@Tutorbot).",
        "en": "Type a command in the chat or tap a button. In a channel, @mention the bot first.",
    },
    "welcome.title": {
        "ru": "Добро пожаловать в Tutorbot",
        "kk": "Tutorbot-қа қош келдіңіз",
        "en": "Welcome to Tutorbot",
    },
    "welcome.text": {
        "ru": "Я помогаю тьюторской службе Almaty Management University по положению П-УОО-04: вопросы тьютору, "
        "вебинары и консультации перед РК1, РК2 и экзаменом, учёт тьюторских часов и еженедельная сводка деканам.",
        "kk": "Мен Almaty Management University тьюторлық қызметіне П-УОО-04 ережесі бойынша көмектесемін: "
        "тьюторға сұрақтар, АБ1, АБ2 және емтихан алдындағы вебинарлар мен кеңестер, тьютор сағаттарын есепке алу "
        "және декандарға апталық есеп.",
        "en": "I run the tutoring service of Almaty Management University under regulation P-UOO-04: questions to "
        "your tutor, webinars and consultations before RK1, RK2 and the exam, tutors' hours, and a weekly "
        "summary for deans.",
    },
    "welcome.start": {
        "ru": "Напишите «help», чтобы увидеть, что доступно вам.",
        "kk": "Сізге не қолжетімді екенін көру үшін «help» деп жазыңыз.",
        "en": "Type “help” to see what you can do.",
    },
    "role.student": {"ru": "студент", "kk": "студент", "en": "student"},
    "role.tutor": {"ru": "тьютор", "kk": "тьютор", "en": "tutor"},
    "role.dean": {"ru": "декан", "kk": "декан", "en": "dean"},
    "role.uoo": {"ru": "сотрудник УОО", "kk": "ОБО қызметкері", "en": "Online Education Office staff"},
    "role.admin": {"ru": "администратор УОО", "kk": "ОБО әкімшісі", "en": "Online Education Office admin"},
    "cmd.help": {
        "ru": "что я умею",
        "kk": "не істей аламын",
        "en": "what I can do",
    },
    "cmd.ask": {
        "ru": "задать вопрос тьютору (можно сразу: «ask текст вопроса»)",
        "kk": "тьюторға сұрақ қою (бірден: «ask сұрақ мәтіні»)",
        "en": "ask your tutor a question (or straight away: “ask your question”)",
    },
    "cmd.questions": {
        "ru": "открытые вопросы студентов по моим курсам",
        "kk": "менің курстарым бойынша студенттердің ашық сұрақтары",
        "en": "students' open questions for my courses",
    },
    "cmd.schedule": {
        "ru": "назначить вебинар или консультацию (встреча Teams)",
        "kk": "вебинар немесе кеңес тағайындау (Teams кездесуі)",
        "en": "schedule a webinar or consultation (a Teams meeting)",
    },
    "cmd.sessions": {
        "ru": "ближайшие занятия и ссылки для входа",
        "kk": "жақын сабақтар және кіру сілтемелері",
        "en": "upcoming sessions with join links",
    },
    "cmd.hours": {
        "ru": "учесть проведённые часы по нормам раздела 7",
        "kk": "7-бөлім нормалары бойынша өткізілген сағаттарды есепке алу",
        "en": "log delivered hours against the Section 7 norms",
    },
    "cmd.report.tutor": {
        "ru": "моя нагрузка по курсам и видам работ",
        "kk": "курстар мен жұмыс түрлері бойынша жүктемем",
        "en": "my load by course and category",
    },
    "cmd.report.dean": {
        "ru": "сводка по школе сейчас",
        "kk": "мектеп бойынша қазіргі есеп",
        "en": "the school summary now",
    },
    "cmd.subscribe": {
        "ru": "в канале: получать еженедельную сводку школы по понедельникам",
        "kk": "арнада: мектептің апталық есебін дүйсенбі сайын алу",
        "en": "in a channel: receive the school's weekly summary every Monday",
    },
    "cmd.unsubscribe": {
        "ru": "в канале: больше не получать сводку",
        "kk": "арнада: есепті енді алмау",
        "en": "in a channel: stop the weekly summary",
    },
    "cmd.export": {
        "ru": "«export hours»: таблица XLSX тьюторских часов для учёта нагрузки",
        "kk": "«export hours»: жүктемені есепке алу үшін тьюторлық сағаттардың XLSX кестесі",
        "en": "“export hours”: the XLSX of tutoring hours for load accounting",
    },
    "cmd.map": {
        "ru": "карта интеграции SPOC/MOOC курса (Приложение 1)",
        "kk": "курстың SPOC/MOOC интеграция картасы (1-қосымша)",
        "en": "the course's SPOC/MOOC integration map (Appendix 1)",
    },
    "cmd.reviews": {
        "ru": "отчёты прокторинга, которые ждут вашего решения (п. 7.3)",
        "kk": "шешіміңізді күтетін прокторинг есептері (7.3-т.)",
        "en": "proctoring reports waiting for your decision (7.3)",
    },
    "cmd.gradesheets": {
        "ru": "ведомости в АИС после РК1, РК2 и экзамена: что заполнить и до какого дня (п. 7.4)",
        "kk": "АБ1, АБ2 және емтиханнан кейінгі АЖЖ ведомостары: не толтыру керек және қай күнге дейін (7.4-т.)",
        "en": "AIS grade sheets after RK1, RK2 and the exam: what to fill in, and by when (7.4)",
    },
    "cmd.deadlines": {
        "ru": "сроки работ по силлабусу: студенту — свои и их статус, тьютору — кто не сдал; «deadlines off» / «on»",
        "kk": "силлабус бойынша жұмыс мерзімдері: студентке — өзінікі, тьюторға — кім тапсырмады; «deadlines off» / «on»",
        "en": "syllabus deadlines: a student's own with their status, a tutor's students behind; “deadlines off” / “on”",
    },
    "cmd.appoint": {
        "ru": "предложить тьютора курса на согласование декану (п. 8.2, 8.3)",
        "kk": "курс тьюторын деканның келісуіне ұсыну (8.2, 8.3-т.)",
        "en": "propose a course tutor for the dean's approval (8.2, 8.3)",
    },
    "unknown_person": {
        "ru": "Извините, я не нашёл вас в списках тьюторской службы, поэтому не могу помочь. "
        "Если вы студент, тьютор или сотрудник школы, обратитесь в Управление онлайн-образования.",
        "kk": "Кешіріңіз, сізді тьюторлық қызметтің тізімдерінен таппадым, сондықтан көмектесе алмаймын. "
        "Студент, тьютор немесе мектеп қызметкері болсаңыз, Онлайн білім беру басқармасына хабарласыңыз.",
        "en": "Sorry, I could not find you in the tutoring service's roster, so I cannot help. "
        "If you are a student, tutor or school staff, please contact the Online Education Office.",
    },
    "unknown_command": {
        "ru": "Не понял команду «{text}». Напишите «help», чтобы увидеть, что доступно.",
        "kk": "«{text}» командасын түсінбедім. Не қолжетімді екенін көру үшін «help» деп жазыңыз.",
        "en": "I did not understand “{text}”. Type “help” to see what you can do.",
    },
    "not_allowed": {
        "ru": "Команда «{command}» недоступна для роли «{role}». Напишите «help», чтобы увидеть свои команды.",
        "kk": "«{command}» командасы «{role}» рөлі үшін қолжетімсіз. Өз командаларыңызды көру үшін «help» деп жазыңыз.",
        "en": "The “{command}” command is not available to a {role}. Type “help” to see yours.",
    },
    "not_ready": {
        "ru": "Команда «{command}» скоро заработает.",
        "kk": "«{command}» командасы жақында іске қосылады.",
        "en": "The “{command}” command is coming soon.",
    },
    "turn_failed": {
        "ru": "Извините, у меня что-то сломалось. Попробуйте ещё раз через минуту; если не выйдет — напишите в УОО.",
        "kk": "Кешіріңіз, менде ақау болды. Бір минуттан кейін қайталап көріңіз; болмаса — ОБО-ға жазыңыз.",
        "en": "Sorry, something went wrong on my side. Please try again in a minute, or contact the Online Education Office.",
    },
    "bad_submission": {
        "ru": "Не удалось прочитать отправленную карточку. Попробуйте ещё раз с новой карточкой.",
        "kk": "Жіберілген карточканы оқу мүмкін болмады. Жаңа карточкамен қайталап көріңіз.",
        "en": "I could not read the submitted card. Please try again with a fresh card.",
    },
}


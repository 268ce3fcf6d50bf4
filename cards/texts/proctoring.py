"""Texts of proctoring reviews (7.3)."""

from __future__ import annotations

from tutoring.locale import Lang

P = "proctoring."
TEXTS: dict[str, dict[Lang, str]] = {
    P + "title": {"ru": "Отчёт прокторинга", "kk": "Прокторинг есебі", "en": "Proctoring report"},
    P + "summary": {"ru": "Отчёт прокторинга на проверку: {course}", "kk": "Тексеруге прокторинг есебі: {course}",
                    "en": "A proctoring report to review: {course}"},
    P + "fact.course": {"ru": "Курс", "kk": "Курс", "en": "Course"},
    P + "fact.student": {"ru": "Студент", "kk": "Студент", "en": "Student"},
    P + "fact.exam": {"ru": "Контроль", "kk": "Бақылау", "en": "Control"},
    P + "fact.started": {"ru": "Начало", "kk": "Басталуы", "en": "Started"},
    P + "fact.score": {"ru": "Балл подозрительности (0–100)", "kk": "Күдік балы (0–100)",
                       "en": "Suspicion score (0–100)"},
    P + "fact.video": {"ru": "Видео", "kk": "Бейне", "en": "Video"},
    P + "violations": {"ru": "Нарушения", "kk": "Бұзушылықтар", "en": "Violations"},
    P + "no_violations": {"ru": "Нарушений не отмечено.", "kk": "Бұзушылық белгіленбеген.",
                          "en": "No violations were flagged."},
    P + "open_video": {"ru": "Открыть видео", "kk": "Бейнені ашу", "en": "Open the video"},
    P + "field.verdict": {"ru": "Решение", "kk": "Шешім", "en": "Decision"},
    P + "verdict.approve": {"ru": "Подтвердить результат", "kk": "Нәтижені растау", "en": "Approve the result"},
    P + "verdict.decline": {"ru": "Отклонить результат", "kk": "Нәтижені қабылдамау", "en": "Decline the result"},
    P + "field.comment": {"ru": "Комментарий (обязателен при отклонении)",
                          "kk": "Түсініктеме (қабылдамағанда міндетті)", "en": "Comment (required to decline)"},
    P + "button": {"ru": "Сохранить решение", "kk": "Шешімді сақтау", "en": "Save the decision"},
    P + "state.approved": {"ru": "Подтверждено: {who}, {when}", "kk": "Расталды: {who}, {when}",
                           "en": "Approved by {who}, {when}"},
    P + "state.declined": {"ru": "Отклонено: {who}, {when}", "kk": "Қабылданбады: {who}, {when}",
                           "en": "Declined by {who}, {when}"},
    P + "error.verdict": {"ru": "Выберите решение: подтвердить или отклонить.",
                          "kk": "Шешімді таңдаңыз: растау немесе қабылдамау.",
                          "en": "Choose a decision: approve or decline."},
    P + "error.comment": {"ru": "Чтобы отклонить, напишите комментарий (до 2000 знаков).",
                          "kk": "Қабылдамау үшін түсініктеме жазыңыз (2000 таңбаға дейін).",
                          "en": "To decline, write a comment (up to 2000 characters)."},
    P + "error.unknown": {"ru": "Этот отчёт не найден среди отчётов ваших курсов.",
                          "kk": "Бұл есеп курстарыңыздың есептерінің арасында табылмады.",
                          "en": "This report is not among your courses' reports."},
    P + "none": {"ru": "Отчётов прокторинга на проверку нет.", "kk": "Тексеретін прокторинг есебі жоқ.",
                 "en": "No proctoring reports wait for your review."},
    P + "header": {"ru": "Ждут вашего решения: {count}", "kk": "Шешіміңізді күтуде: {count}",
                   "en": "Waiting for your decision: {count}"},
}

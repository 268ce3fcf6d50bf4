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

"""The Moodle client (CONTRACT §9) over real HTTP against a stand-in that speaks Moodle's web service shapes:
dates as aware UTC, who submitted and when, extensions, Moodle's HTTP-200 errors, 503s, timeouts, and a token
that never shows up in a message or a log line."""

from __future__ import annotations

import logging
import socket
from collections.abc import AsyncIterator
from datetime import UTC, datetime

import pytest

from bot.moodle import MoodleAssignment, MoodleClient, MoodleError, MoodleParticipant, moodle_client
from bot.settings import Settings
from tests.support.moodle import TOKEN, MoodleStandIn

DUE = datetime(2026, 12, 4, 18, 0, tzinfo=UTC)  # 23:59 in Almaty is 18:59 UTC; any exact instant will do
CUTOFF = datetime(2026, 12, 6, 18, 0, tzinfo=UTC)
EXTENDED = datetime(2026, 12, 9, 18, 0, tzinfo=UTC)
HANDED_IN = datetime(2026, 12, 3, 9, 15, 42, tzinfo=UTC)


@pytest.fixture
async def moodle() -> AsyncIterator[MoodleStandIn]:
    async with MoodleStandIn() as stand_in:
        stand_in.add_course(7, "CS101", "Programming 1")
        stand_in.add_assignment(7, assign_id=31, cmid=501, name="Essay 1", due=DUE, cutoff=CUTOFF)
        stand_in.add_assignment(7, assign_id=32, cmid=502, name="Reading notes")  # no dates at all
        stand_in.add_course(8, "MA201")
        stand_in.add_assignment(8, assign_id=41, cmid=601, name="Problem set", due=DUE)
        stand_in.add_participant(31, user_id=9, email="A.Nurlanova@Uni.kz", status="submitted", submitted_at=HANDED_IN)
        stand_in.add_participant(31, user_id=10, email="b.sarsenov@uni.kz", status="draft", extension=EXTENDED)
        stand_in.add_participant(31, user_id=11, email="c.ospanov@uni.kz")  # nothing handed in yet
        yield stand_in


def client(moodle: MoodleStandIn, **options: float) -> MoodleClient:
    return MoodleClient(moodle.url, TOKEN, **{"backoff": 0.0, **options})  # type: ignore[arg-type]


async def test_assignments_of_the_asked_courses_with_their_dates_as_aware_utc(moodle: MoodleStandIn) -> None:
    async with client(moodle) as lms:
        found = await lms.assignments([7, 8])
    assert found == [
        MoodleAssignment(moodle_course_id=7, assign_id=31, cmid=501, name="Essay 1", due=DUE, cutoff=CUTOFF),
        MoodleAssignment(moodle_course_id=7, assign_id=32, cmid=502, name="Reading notes", due=None, cutoff=None),
        MoodleAssignment(moodle_course_id=8, assign_id=41, cmid=601, name="Problem set", due=DUE, cutoff=None),
    ]
    assert all(a.due is None or a.due.utcoffset() is not None for a in found)
    sent = moodle.calls("mod_assign_get_assignments")[0]
    assert (sent["courseids[0]"], sent["courseids[1]"], sent["moodlewsrestformat"]) == ("7", "8", "json")


async def test_no_course_asks_nothing_and_a_course_moodle_hides_is_left_out(
        moodle: MoodleStandIn, caplog: pytest.LogCaptureFixture) -> None:
    moodle.hidden_courses.add(8)
    async with client(moodle) as lms:
        assert await lms.assignments([]) == []
        assert moodle.requests == []  # Moodle would read an empty list as "every course of the token's user"
        with caplog.at_level(logging.WARNING, logger="tutorbot.moodle"):
            found = await lms.assignments([7, 8, 99])
    assert {a.moodle_course_id for a in found} == {7}
    assert "course 8" in caplog.text and "course 99" in caplog.text


async def test_participants_say_who_submitted_when_and_who_has_an_extension(moodle: MoodleStandIn) -> None:
    async with client(moodle) as lms:
        people = await lms.participants(31)
    assert people == [
        MoodleParticipant(email="a.nurlanova@uni.kz", submitted=True, submitted_at=HANDED_IN, extension_due=None),
        MoodleParticipant(email="b.sarsenov@uni.kz", submitted=False, submitted_at=None, extension_due=EXTENDED),
        MoodleParticipant(email="c.ospanov@uni.kz", submitted=False, submitted_at=None, extension_due=None),
    ]
    listed = moodle.calls("mod_assign_list_participants")[0]
    assert (listed["assignid"], listed["groupid"], listed["filter"]) == ("31", "0", "")
    assert moodle.calls("mod_assign_get_submissions")[0]["assignmentids[0]"] == "31"
    assert moodle.calls("mod_assign_get_user_flags")[0]["assignmentids[0]"] == "31"


async def test_nobody_submitted_nor_extended_costs_one_call(moodle: MoodleStandIn) -> None:
    moodle.add_assignment(7, assign_id=33, cmid=503, name="Quiz prep")
    moodle.add_participant(33, user_id=11, email="c.ospanov@uni.kz", status="new")
    async with client(moodle) as lms:
        people = await lms.participants(33)
    assert people == [MoodleParticipant("c.ospanov@uni.kz", False, None, None)]
    assert [r["wsfunction"] for r in moodle.requests] == ["mod_assign_list_participants"]


async def test_participants_without_emails_are_an_error_naming_the_capability(moodle: MoodleStandIn) -> None:
    moodle.show_emails = False
    async with client(moodle) as lms:
        with pytest.raises(MoodleError, match="viewuseridentity"):
            await lms.participants(31)


@pytest.mark.parametrize(("errorcode", "exception", "message"), [
    ("invalidparameter", "invalid_parameter_exception", "Invalid parameter value detected"),
    ("nopermissions", "required_capability_exception", "Sorry, but you do not currently have permissions"),
])
async def test_moodle_error_shape_raises_at_once_without_retry(
        moodle: MoodleStandIn, errorcode: str, exception: str, message: str) -> None:
    moodle.raise_next(errorcode, message, exception)
    async with client(moodle) as lms:
        with pytest.raises(MoodleError) as raised:
            await lms.assignments([7])
    assert raised.value.errorcode == errorcode and raised.value.wsfunction == "mod_assign_get_assignments"
    assert message in str(raised.value)
    assert len(moodle.requests) == 1


async def test_a_function_missing_from_the_service_is_accessexception(moodle: MoodleStandIn) -> None:
    moodle.functions.discard("mod_assign_get_user_flags")
    async with client(moodle) as lms:
        with pytest.raises(MoodleError) as raised:
            await lms.participants(31)
    assert (raised.value.errorcode, raised.value.wsfunction) == ("accessexception", "mod_assign_get_user_flags")
    assert len(moodle.calls("mod_assign_get_user_flags")) == 1


async def test_503_twice_then_an_answer_is_retried(moodle: MoodleStandIn, caplog: pytest.LogCaptureFixture) -> None:
    moodle.fail_next(2, status=503)
    async with client(moodle, retries=3) as lms:
        with caplog.at_level(logging.WARNING, logger="tutorbot.moodle"):
            found = await lms.assignments([8])
    assert [a.assign_id for a in found] == [41]
    assert len(moodle.requests) == 3
    assert caplog.text.count("HTTP 503") == 2


async def test_5xx_beyond_the_retries_is_a_moodle_error(moodle: MoodleStandIn) -> None:
    moodle.fail_next(5, status=502)
    async with client(moodle, retries=2) as lms:
        with pytest.raises(MoodleError, match="HTTP 502") as raised:
            await lms.assignments([8])
    assert raised.value.status == 502
    assert len(moodle.requests) == 3  # the first attempt and two retries


async def test_a_database_hiccup_is_retried_as_moodle_would_answer_the_next_time(moodle: MoodleStandIn) -> None:
    moodle.raise_next("dmlreadexception", "Error reading from database", "dml_read_exception")
    async with client(moodle) as lms:
        assert len(await lms.assignments([7])) == 2
    assert len(moodle.requests) == 2


async def test_a_slow_moodle_times_out_into_a_moodle_error(moodle: MoodleStandIn) -> None:
    moodle.delay_next(2.0)
    moodle.delay_next(2.0)
    async with client(moodle, timeout=0.2, retries=1) as lms:
        with pytest.raises(MoodleError, match=r"no answer within 0\.2 s"):
            await lms.assignments([7])
    assert len(moodle.requests) == 2


async def test_a_slow_answer_then_a_quick_one_is_retried(moodle: MoodleStandIn) -> None:
    moodle.delay_next(2.0)
    async with client(moodle, timeout=0.3, retries=1) as lms:
        assert len(await lms.assignments([8])) == 1


async def test_an_unreachable_moodle_is_a_moodle_error_after_the_retries() -> None:
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    async with MoodleClient(f"http://127.0.0.1:{port}", TOKEN, retries=1, backoff=0.0) as lms:
        with pytest.raises(MoodleError, match="unreachable"):
            await lms.assignments([7])


async def test_wrong_url_and_disabled_web_services_say_so(moodle: MoodleStandIn) -> None:
    async with MoodleClient(moodle.url + "/moodle", TOKEN, retries=0) as lms:
        with pytest.raises(MoodleError, match="HTTP 404") as raised:
            await lms.assignments([7])
    assert raised.value.status == 404


async def test_the_token_never_reaches_a_message_or_a_log_line(
        moodle: MoodleStandIn, caplog: pytest.LogCaptureFixture) -> None:
    secret = "s3cret-wstoken-0123456789abcdef"
    # Moodle's invalidtoken answer, a server that quotes the token back, retried 5xx: none may repeat it.
    moodle.fail_next(1)
    moodle.raise_next("invalidtoken", f"Invalid token {secret}", "moodle_exception")
    moodle.token = secret
    errors: list[str] = []
    with caplog.at_level(logging.DEBUG):
        async with MoodleClient(moodle.url, secret, backoff=0.0) as lms:
            for _ in range(2):
                try:
                    await lms.assignments([7])
                except MoodleError as error:
                    errors.append(f"{error} {error!r} {error.args}")
            assert secret not in repr(lms)
        async with MoodleClient(moodle.url, "not-the-token", retries=0) as stranger:
            with pytest.raises(MoodleError) as refused:
                await stranger.assignments([7])
    assert refused.value.errorcode == "invalidtoken"
    assert len(errors) == 1 and "invalidtoken" in errors[0] and "***" in errors[0]
    assert secret not in " ".join(errors) and secret not in caplog.text
    assert all(r["wstoken"] in {secret, "not-the-token"} for r in moodle.requests)  # sent in the body, not the URL


def test_settings_take_both_or_neither_and_keep_the_token_out_of_repr() -> None:
    def load(**env: str) -> Settings:
        return Settings.load(env=env, env_file=None)

    assert moodle_client(load()) is None
    settings = load(MOODLE_URL="https://moodle.uni.kz/", MOODLE_TOKEN="tok-123456")
    assert settings.moodle_url == "https://moodle.uni.kz" and "tok-123456" not in repr(settings)
    made = moodle_client(settings)
    assert made is not None and made.endpoint == "https://moodle.uni.kz/webservice/rest/server.php"
    for env, named in (({"MOODLE_URL": "https://moodle.uni.kz"}, "MOODLE_TOKEN"),
                       ({"MOODLE_TOKEN": "tok-123456"}, "MOODLE_URL"),
                       ({"MOODLE_URL": "moodle.uni.kz", "MOODLE_TOKEN": "tok-123456"}, "https://")):
        with pytest.raises(ValueError, match=named) as refused:
            load(**env)
        assert "tok-123456" not in str(refused.value)

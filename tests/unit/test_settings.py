"""Settings: the Bot Framework configurations the bot refuses, and secrets that never reach a printout (issue 10)."""

from __future__ import annotations

import io
import logging

import pytest

from bot.logs import MaskingFormatter
from bot.settings import Settings

APP = {"MicrosoftAppId": "11111111-2222-3333-4444-555555555555", "MicrosoftAppPassword": "app-secret-value"}
PASSWORD = "Sup3r-S3cret"


def load(**env: str) -> Settings:
    return Settings.load(env=env, env_file=None)


def test_single_tenant_is_the_default_and_pins_its_tenant() -> None:
    settings = load(**APP, MicrosoftAppTenantId="AAAA-tenant")
    assert settings.app_type == "SingleTenant"
    assert settings.accepted_tenant_ids == frozenset({"aaaa-tenant"})


@pytest.mark.parametrize(
    ("env", "named"),
    [
        ({}, "MicrosoftAppTenantId"),  # SingleTenant by default
        ({"MicrosoftAppType": "singletenant"}, "MicrosoftAppTenantId"),
        ({"MicrosoftAppType": "MultiTenant"}, "ALLOWED_TENANT_IDS"),
        ({"MicrosoftAppType": "MultiTenant", "MicrosoftAppTenantId": "t1"}, "ALLOWED_TENANT_IDS"),
        ({"MicrosoftAppType": "UserAssignedMSI", "MicrosoftAppTenantId": "t1"}, "MicrosoftAppType"),
        ({"MicrosoftAppPassword": "", "MicrosoftAppTenantId": "t1"}, "MicrosoftAppPassword"),
        ({"MicrosoftAppTenantId": "t1", "TRUSTED_SERVICE_URLS": "ftp://files.example.org/"}, "TRUSTED_SERVICE_URLS"),
        ({"MicrosoftAppTenantId": "t1", "BOT_OPENID_METADATA_URL": "http://login.example.org/v1"}, "BOT_OPENID_METADATA_URL"),
        ({"MicrosoftAppTenantId": "t1", "BOT_LOGIN_URL": "http://login.example.org"}, "BOT_LOGIN_URL"),
    ],
)
def test_open_or_broken_auth_configurations_are_refused(env: dict[str, str], named: str) -> None:
    # A malformed value is refused at load; an incomplete one loads, names itself and serves nobody (bot/app.py).
    try:
        problem = load(**{**APP, **env}).auth_problem()
    except ValueError as refused:
        problem = str(refused)
    assert problem is not None and named in problem
    assert "app-secret-value" not in problem


def test_multi_tenant_with_a_tenant_list_and_local_mode_are_accepted() -> None:
    multi = load(**APP, MicrosoftAppType="MultiTenant", ALLOWED_TENANT_IDS="t1, T2")
    assert multi.accepted_tenant_ids == frozenset({"t1", "t2"})
    local = load(MicrosoftAppType="MultiTenant")  # no MicrosoftAppId: local mode, nothing to check
    assert not local.auth_enabled and local.accepted_tenant_ids == frozenset()


def test_repr_masks_the_database_password_and_leaves_secrets_out() -> None:
    settings = load(**APP, MicrosoftAppTenantId="t1", GRAPH_CLIENT_SECRET="graph-secret-value",
                    GRAPH_ACCESS_TOKEN="graph-token-value",
                    DATABASE_URL=f"postgresql+asyncpg://tutor:{PASSWORD}@db.example.org:5432/tutorbot")
    shown = repr(settings)
    assert "postgresql+asyncpg://tutor:***@db.example.org:5432/tutorbot" in shown
    for secret in (PASSWORD, "app-secret-value", "graph-secret-value", "graph-token-value"):
        assert secret not in shown and secret not in str(settings)
    assert settings.database_url.endswith(f"{PASSWORD}@db.example.org:5432/tutorbot")  # the value itself is intact


def test_password_in_the_query_string_is_masked_too() -> None:
    settings = load(DATABASE_URL=f"postgresql+asyncpg://db/tutorbot?user=tutor&password={PASSWORD}")
    assert PASSWORD not in repr(settings)


@pytest.mark.parametrize("url", [
    f"postgresql+asyncpg://tutor:{PASSWORD}@db:notaport/tutorbot",
    f"not a url tutor:{PASSWORD}@db",
])
def test_a_bad_database_url_is_refused_without_echoing_its_password(url: str) -> None:
    with pytest.raises(ValueError, match="DATABASE_URL") as refused:
        load(DATABASE_URL=url)
    assert PASSWORD not in str(refused.value)


def test_log_lines_and_tracebacks_mask_credentials() -> None:
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(MaskingFormatter("%(levelname)s %(message)s"))
    logger = logging.getLogger("tests.masking")
    logger.addHandler(handler)
    logger.propagate = False
    try:
        try:
            raise ConnectionError(f"cannot reach postgresql+asyncpg://tutor:{PASSWORD}@db/tutorbot")
        except ConnectionError:
            logger.exception("database down; Authorization: Bearer eyJhbGciOi.payload.sig; url %s",
                             f"https://x.example.org/?token={PASSWORD}")
    finally:
        logger.removeHandler(handler)
    written = stream.getvalue()
    assert "Traceback" in written and "tutor:***@db" in written
    assert PASSWORD not in written and "eyJhbGciOi" not in written

"""Inbound Bot Framework tokens, checked as strictly as the Bot Framework allows (CONTRACT §2).

A request to /api/messages is served only when its bearer token
- is an RS256 JWT signed by a key from the Bot Framework's OpenID metadata (`BOT_OPENID_METADATA_URL`),
- has the issuer that metadata names (https://api.botframework.com in the public cloud) and nothing else,
- has the bot's app id as its audience, and is inside its exp / nbf window (5 minutes of clock skew),
- carries a `serviceurl` claim equal to the activity's `serviceUrl`,
- was signed with a key endorsed for the activity's `channelId` (when the key lists endorsements),
and the activity's service URL is a trusted Teams host and its tenant an accepted one (bot/trust.py, Settings).

Microsoft Entra tokens (issuer login.microsoftonline.com / sts.windows.net) are refused, even from the bot's own
tenant: any app registered in that tenant can obtain one for the bot's app id, so accepting them would let the
sender choose who it claims to be. Teams channel traffic carries Bot Framework tokens.

The SDK's own validator (1.9) checks the issuer only on request, reads keys from fixed Microsoft URLs and leaves
the serviceurl claim to a warning; hence this module.
"""

from __future__ import annotations

import asyncio
import json
import logging
import ssl
import time
from dataclasses import dataclass
from typing import Any

import aiohttp
import jwt
from jwt.algorithms import RSAAlgorithm
from microsoft_agents.activity import Activity
from pydantic import BaseModel

from bot.settings import Settings
from bot.trust import ServiceHosts, same_service_url

log = logging.getLogger("tutorbot.auth")

CLOCK_SKEW_S = 300  # the Bot Framework's "industry-standard" 5 minutes
KEYS_MAX_AGE_S = 24 * 3600
UNKNOWN_KID_REFRESH_S = 300  # an unknown kid refreshes the keys at most this often: a forger cannot make us spin
FETCH_TIMEOUT_S = 10
MAX_DOCUMENT_BYTES = 256 * 1024
MAX_KEYS = 64
MAX_TOKEN_CHARS = 16 * 1024


class Refused(Exception):
    """The request is not served: 401 (not authenticated) or 403 (authenticated, not allowed)."""

    def __init__(self, status: int, reason: str) -> None:
        super().__init__(reason)
        self.status = status
        self.reason = reason


@dataclass(frozen=True)
class SigningKey:
    key: Any  # the RSA public key
    endorsements: frozenset[str] | None  # channel ids the key may sign for; None: the key does not say


@dataclass(frozen=True)
class VerifiedToken:
    claims: dict[str, Any]
    token: str
    endorsements: frozenset[str] | None


class SigningKeys:
    """The metadata's issuer and keys by kid: fetched on first use, again after a day, and on an unknown kid
    (at most every UNKNOWN_KID_REFRESH_S). Failures keep the keys already known."""

    def __init__(self, metadata_url: str, *, unknown_kid_refresh_s: float = UNKNOWN_KID_REFRESH_S) -> None:
        if not metadata_url.startswith("https://"):
            raise ValueError(f"BOT_OPENID_METADATA_URL must be an https URL, not {metadata_url!r}")
        self.metadata_url = metadata_url
        self.unknown_kid_refresh_s = unknown_kid_refresh_s
        self.issuer: str | None = None
        self._keys: dict[str, SigningKey] = {}
        self._fetched_at = 0.0
        self._attempted_at = -1e9
        self._lock = asyncio.Lock()

    async def get(self, kid: str) -> tuple[str, SigningKey | None]:
        """The accepted issuer and the key with this kid (None when not published)."""
        now = time.monotonic()
        stale = not self._keys or now - self._fetched_at > KEYS_MAX_AGE_S
        if stale or (kid not in self._keys and now - self._attempted_at >= self.unknown_kid_refresh_s):
            await self._refresh(force=not stale)
        if self.issuer is None:
            raise Refused(401, "signing keys unavailable")
        return self.issuer, self._keys.get(kid)

    async def _refresh(self, *, force: bool) -> None:
        async with self._lock:
            now = time.monotonic()
            if not force and self._keys and now - self._fetched_at <= KEYS_MAX_AGE_S:
                return  # another request refreshed while this one waited
            if now - self._attempted_at < min(1.0, self.unknown_kid_refresh_s):
                return  # at most one fetch a second, whatever the traffic
            self._attempted_at = now
            try:
                issuer, keys = await _fetch(self.metadata_url)
            except (aiohttp.ClientError, TimeoutError, OSError, ValueError) as error:
                log.warning("could not read the Bot Framework signing keys from %s: %s", self.metadata_url,
                            type(error).__name__)
                return
            self.issuer, self._keys, self._fetched_at = issuer, keys, time.monotonic()
            log.info("Bot Framework signing keys: %d from %s", len(keys), self.metadata_url)


async def _fetch(metadata_url: str) -> tuple[str, dict[str, SigningKey]]:
    # A fresh default context reads SSL_CERT_FILE now, not when aiohttp was imported.
    connector = aiohttp.TCPConnector(ssl=ssl.create_default_context())
    timeout = aiohttp.ClientTimeout(total=FETCH_TIMEOUT_S)
    async with aiohttp.ClientSession(connector=connector, timeout=timeout) as session:
        metadata = await _get_json(session, metadata_url)
        issuer, jwks_uri = metadata.get("issuer"), metadata.get("jwks_uri")
        if not isinstance(issuer, str) or not issuer or not isinstance(jwks_uri, str):
            raise ValueError("OpenID metadata without issuer or jwks_uri")
        if not jwks_uri.startswith("https://"):
            raise ValueError("jwks_uri is not https")
        document = await _get_json(session, jwks_uri)
    keys: dict[str, SigningKey] = {}
    raw_keys = document.get("keys")
    for raw in raw_keys if isinstance(raw_keys, list) else []:
        if len(keys) >= MAX_KEYS:
            break
        if not isinstance(raw, dict) or raw.get("kty") != "RSA" or not isinstance(raw.get("kid"), str):
            continue
        if raw.get("use", "sig") != "sig":
            continue
        try:
            key = RSAAlgorithm.from_jwk(raw)
        except (jwt.InvalidKeyError, ValueError, KeyError, TypeError):
            continue
        endorsements = raw.get("endorsements")
        endorsed = (frozenset(e for e in endorsements if isinstance(e, str))
                    if isinstance(endorsements, list) else None)
        keys[raw["kid"]] = SigningKey(key, endorsed)
    if not keys:
        raise ValueError("no RSA signing keys")
    return issuer, keys


async def _get_json(session: aiohttp.ClientSession, url: str) -> dict[str, Any]:
    async with session.get(url, allow_redirects=False) as response:
        response.raise_for_status()
        body = await response.content.read(MAX_DOCUMENT_BYTES + 1)
    if len(body) > MAX_DOCUMENT_BYTES:
        raise ValueError("document too large")
    value = json.loads(body)
    if not isinstance(value, dict):
        raise ValueError("not a JSON object")
    return value


class InboundAuth:
    """Checks a request's token, then its activity against what the token and the settings allow."""

    def __init__(self, settings: Settings, service_hosts: ServiceHosts) -> None:
        self.app_id = settings.app_id
        self.accepted_tenants = settings.accepted_tenant_ids
        self.service_hosts = service_hosts
        self.keys = SigningKeys(settings.bot_openid_metadata_url)

    async def verify(self, authorization: str | None) -> VerifiedToken:
        if not authorization:
            raise Refused(401, "no Authorization header")
        scheme, _, token = authorization.partition(" ")
        if scheme.lower() != "bearer" or not token or " " in token or len(token) > MAX_TOKEN_CHARS:
            raise Refused(401, "not a bearer token")
        try:
            header = jwt.get_unverified_header(token)
        except jwt.PyJWTError:
            raise Refused(401, "not a JWT") from None
        kid = header.get("kid")
        if header.get("alg") != "RS256" or not isinstance(kid, str) or not kid:
            raise Refused(401, f"token algorithm {str(header.get('alg'))[:20]!r} or key id not accepted")
        issuer, signing_key = await self.keys.get(kid)
        if signing_key is None:
            raise Refused(401, "token signed with an unknown key")
        try:
            claims: dict[str, Any] = jwt.decode(
                token,
                key=signing_key.key,
                algorithms=["RS256"],
                audience=self.app_id,
                issuer=issuer,
                leeway=CLOCK_SKEW_S,
                options={"require": ["exp", "iss", "aud"], "strict_aud": True},
            )
        except jwt.PyJWTError as error:
            raise Refused(401, f"token refused: {type(error).__name__}") from None
        return VerifiedToken(claims, token, signing_key.endorsements)

    def admit(self, verified: VerifiedToken, activity: Activity) -> str | None:
        """Check the activity against its token; return the tenant it comes from."""
        claimed = verified.claims.get("serviceurl")
        if not isinstance(claimed, str) or not activity.service_url or not same_service_url(claimed,
                                                                                           activity.service_url):
            raise Refused(401, "serviceUrl does not match the token's serviceurl claim")
        if verified.endorsements is not None and activity.channel_id not in verified.endorsements:
            raise Refused(403, f"the signing key is not endorsed for channel {str(activity.channel_id)[:40]!r}")
        if not self.service_hosts.allows(activity.service_url):
            raise Refused(403, f"serviceUrl is not a trusted Teams host: {activity.service_url[:200]!r}")
        tenant = activity_tenant(verified.claims, activity)
        if self.accepted_tenants and (tenant is None or tenant not in self.accepted_tenants):
            raise Refused(403, f"tenant not allowed: {(tenant or '(none)')[:80]!r}")
        return tenant


def activity_tenant(claims: dict[str, Any], activity: Activity) -> str | None:
    """The tenant (lower-case): the token's `tid` where present, else channelData.tenant.id (what Teams sets),
    else conversation.tenantId. Every place that names one must agree, or the activity is refused: a body
    cannot name one tenant for the allow-list and another for what the bot stores."""
    named = [t.lower() for t in (_tid(claims), channel_data_tenant(activity),
                                 activity.conversation.tenant_id if activity.conversation else None) if t]
    if len(set(named)) > 1:
        raise Refused(403, "the activity names different tenants")
    return named[0] if named else None


def _tid(claims: dict[str, Any]) -> str | None:
    tid = claims.get("tid")
    return tid if isinstance(tid, str) and tid else None


def channel_data_tenant(activity: Activity) -> str | None:
    data: Any = activity.channel_data
    if isinstance(data, BaseModel):
        data = data.model_dump(by_alias=True)
    tenant = data.get("tenant") if isinstance(data, dict) else None
    value = tenant.get("id") if isinstance(tenant, dict) else None
    return value if isinstance(value, str) and value else None

"""A stand-in for Microsoft's login services, over TLS on 127.0.0.1, speaking their real shapes.

- The Bot Framework's OpenID metadata and signing keys (what a bot fetches to check the tokens Teams sends):
  `GET /botframework/v1/.well-known/openidconfiguration` → `{"issuer", "jwks_uri"}`, `GET …/keys` → a JWKS whose
  keys carry `endorsements` (channel ids), as login.botframework.com serves them.
- Microsoft Entra ID for the bot's own Connector token (MSAL's client credentials): tenant discovery
  `GET /{tenant}/v2.0/.well-known/openid-configuration` and `POST /{tenant}/oauth2/v2.0/token`.

Tokens for the bot are RS256 JWTs signed here with a test key (`sign`, `channel_token`). The TLS certificate is
self-signed; point `SSL_CERT_FILE` (OpenSSL, aiohttp) and `REQUESTS_CA_BUNDLE` (MSAL's requests) at `ca_file`.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import ipaddress
import itertools
import json
import ssl
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jwt
from aiohttp import web
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID
from jwt.algorithms import RSAAlgorithm

from tests.support.local_server import LocalServer

BOT_FRAMEWORK_ISSUER = "https://api.botframework.com"  # what login.botframework.com's metadata names
_serial = itertools.count(1)


@dataclass
class TokenRequest:
    tenant: str
    form: dict[str, str]
    issued: str


@dataclass
class SigningKey:
    kid: str
    private: rsa.RSAPrivateKey
    endorsements: list[str] | None = field(default_factory=lambda: ["msteams"])
    published: bool = True

    def jwk(self) -> dict[str, Any]:
        value: dict[str, Any] = json.loads(RSAAlgorithm.to_jwk(self.private.public_key()))
        value |= {"kid": self.kid, "use": "sig", "alg": "RS256"}
        if self.endorsements is not None:
            value["endorsements"] = self.endorsements
        return value


def new_rsa_key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


class OpenIdStandIn(LocalServer):
    def __init__(self, folder: Path) -> None:
        self.keys: list[SigningKey] = [SigningKey(f"test-key-{next(_serial)}", new_rsa_key())]
        self.metadata_requests = 0
        self.jwks_requests = 0
        self.token_requests: list[TokenRequest] = []
        self.metadata_status = 200  # set to 503 to play an outage
        self._folder = folder
        self.ca_file = str(folder / "login-standin-ca.pem")

    # --- test controls ---------------------------------------------------
    @property
    def key(self) -> SigningKey:
        return self.keys[0]

    def add_key(self, *, endorsements: list[str] | None = None, published: bool = True) -> SigningKey:
        """Another signing key: unpublished ones are what a forger holds."""
        key = SigningKey(f"test-key-{next(_serial)}", new_rsa_key(), endorsements, published)
        self.keys.append(key)
        return key

    @property
    def metadata_url(self) -> str:
        return f"{self.url}/botframework/v1/.well-known/openidconfiguration"

    @property
    def login_url(self) -> str:
        return self.url

    def sign(self, claims: dict[str, Any], *, key: SigningKey | None = None, algorithm: str = "RS256",
             headers: dict[str, Any] | None = None) -> str:
        signer = key or self.key
        header = {"kid": signer.kid, **(headers or {})}
        if algorithm == "none":
            return jwt.encode(claims, "", algorithm="none", headers=header)
        if algorithm.startswith("HS"):  # the classic confusion: the public key used as an HMAC secret
            secret = signer.private.public_key().public_bytes(serialization.Encoding.PEM,
                                                              serialization.PublicFormat.SubjectPublicKeyInfo)
            return _hmac_token(claims, secret, algorithm, header)
        return jwt.encode(claims, signer.private, algorithm=algorithm, headers=header)

    def channel_token(self, app_id: str, service_url: str, *, key: SigningKey | None = None,
                      **overrides: Any) -> str:
        """A token as the Bot Framework sends one to a bot with each activity; `overrides` set or (None) drop claims."""
        now = int(time.time())
        claims: dict[str, Any] = {
            "serviceurl": service_url,
            "nbf": now - 60,
            "exp": now + 3600,
            "iss": BOT_FRAMEWORK_ISSUER,
            "aud": app_id,
        }
        for name, value in overrides.items():
            if value is None:
                claims.pop(name, None)
            else:
                claims[name] = value
        return self.sign(claims, key=key)

    # --- the HTTP side ---------------------------------------------------
    async def _metadata(self, _request: web.Request) -> web.Response:
        self.metadata_requests += 1
        if self.metadata_status != 200:
            return web.json_response({"error": "unavailable"}, status=self.metadata_status)
        return web.json_response({
            "issuer": BOT_FRAMEWORK_ISSUER,
            "authorization_endpoint": "https://invalid.botframework.com/v1/auth",
            "jwks_uri": f"{self.url}/botframework/v1/.well-known/keys",
            "id_token_signing_alg_values_supported": ["RS256"],
            "token_endpoint_auth_methods_supported": ["private_key_jwt"],
        })

    async def _jwks(self, _request: web.Request) -> web.Response:
        self.jwks_requests += 1
        return web.json_response({"keys": [k.jwk() for k in self.keys if k.published]})

    async def _tenant_discovery(self, request: web.Request) -> web.Response:
        tenant = request.match_info["tenant"]
        base = f"{self.url}/{tenant}"
        return web.json_response({
            "issuer": f"{base}/v2.0",
            "authorization_endpoint": f"{base}/oauth2/v2.0/authorize",
            "token_endpoint": f"{base}/oauth2/v2.0/token",
            "jwks_uri": f"{base}/discovery/v2.0/keys",
            "response_types_supported": ["code", "id_token", "token"],
        })

    async def _token(self, request: web.Request) -> web.Response:
        form = {k: str(v) for k, v in (await request.post()).items()}
        issued = f"bot-connector-token-{next(_serial)}"
        self.token_requests.append(TokenRequest(request.match_info["tenant"], form, issued))
        if form.get("grant_type") != "client_credentials":
            return web.json_response({"error": "unsupported_grant_type"}, status=400)
        return web.json_response({"token_type": "Bearer", "expires_in": 3599, "ext_expires_in": 3599,
                                  "access_token": issued})

    def app(self) -> web.Application:
        app = web.Application()
        app.router.add_get("/botframework/v1/.well-known/openidconfiguration", self._metadata)
        app.router.add_get("/botframework/v1/.well-known/keys", self._jwks)
        app.router.add_get("/{tenant}/v2.0/.well-known/openid-configuration", self._tenant_discovery)
        app.router.add_post("/{tenant}/oauth2/v2.0/token", self._token)
        return app

    def tls(self) -> ssl.SSLContext:
        return _tls_context(self._folder, self.ca_file)


def _hmac_token(claims: dict[str, Any], secret: bytes, algorithm: str, header: dict[str, Any]) -> str:
    # PyJWT refuses to HMAC-sign with a PEM public key (that refusal is the point); build the token by hand.
    def b64(data: bytes) -> str:
        return base64.urlsafe_b64encode(data).rstrip(b"=").decode()

    head = b64(json.dumps({"alg": algorithm, "typ": "JWT", **header}).encode())
    body = b64(json.dumps(claims).encode())
    digest = {"HS256": hashlib.sha256, "HS384": hashlib.sha384, "HS512": hashlib.sha512}[algorithm]
    signature = hmac.new(secret, f"{head}.{body}".encode(), digest).digest()
    return f"{head}.{body}.{b64(signature)}"


def _tls_context(folder: Path, ca_file: str) -> ssl.SSLContext:
    """A self-signed certificate for 127.0.0.1, written to `ca_file` for the clients to trust."""
    key = new_rsa_key()
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "login stand-in")])
    now = dt.datetime.now(dt.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
                       critical=False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    Path(ca_file).write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    key_file = folder / "login-standin-key.pem"
    key_file.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(ca_file, key_file)
    return context

"""Where the bot may send its Connector token: the Teams service hosts, and nothing an activity merely names.

An activity's `serviceUrl` is where replies, member lookups and proactive messages go, with the bot's token.
Only these hosts get them: Teams' own (public and government clouds), plus what `TRUSTED_SERVICE_URLS` adds
(sovereign clouds, the tests' Connector stand-in). Local mode (no MicrosoftAppId) sends no token and trusts any host.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

# Teams' Bot Connector hosts. Exact names, or "*." for a Microsoft-owned domain's subdomains; never a shared
# suffix such as trafficmanager.net, where anyone can create a name.
BUILT_IN_SERVICE_HOSTS = (
    "smba.trafficmanager.net",  # Teams, public cloud (https://smba.trafficmanager.net/{region}/)
    "*.botframework.com",  # Bot Framework channels, public cloud
    "smba.infra.gcc.teams.microsoft.com",  # Teams GCC
    "smba.infra.gov.teams.microsoft.us",  # Teams GCC High
    "smba.infra.dod.teams.microsoft.us",  # Teams DoD
    "*.botframework.us",  # Bot Framework, US Government cloud
    "*.botframework.azure.us",
)


class UntrustedServiceUrl(Exception):
    """The bot was asked to call a service URL that is not a trusted Teams host: nothing was sent."""

    def __init__(self, service_url: str) -> None:
        super().__init__(f"service URL is not a trusted Teams host: {_shown(service_url)}")
        self.service_url = service_url


@dataclass(frozen=True)
class _Rule:
    scheme: str
    host: str  # lower-case; a leading "*." matches subdomains only
    port: int | None  # None: the scheme's default port
    path: str  # a prefix, "/" for any

    def matches(self, scheme: str, host: str, port: int | None, path: str) -> bool:
        if scheme != self.scheme or port != self.port:
            return False
        if self.host.startswith("*."):
            if not host.endswith(self.host[1:]) or host == self.host[2:]:
                return False
        elif host != self.host:
            return False
        return path.startswith(self.path)


def parse_trusted_entry(entry: str) -> _Rule:
    """`host`, `*.domain` (https, default port) or a URL prefix `scheme://host[:port][/path]`."""
    text = entry.strip()
    if "://" not in text:
        if not text or any(c in text for c in "/:@?#") or text == "*.":
            raise ValueError(f"TRUSTED_SERVICE_URLS: {entry!r} is not a host name or a URL prefix")
        return _Rule("https", text.lower().rstrip("."), None, "/")
    parts = urlsplit(text)
    try:
        port = parts.port
    except ValueError:
        raise ValueError(f"TRUSTED_SERVICE_URLS: {entry!r} has a bad port") from None
    if parts.scheme not in {"https", "http"} or not parts.hostname or parts.username or parts.query or parts.fragment:
        raise ValueError(f"TRUSTED_SERVICE_URLS: {entry!r} must be an http(s) URL prefix without user or query")
    path = parts.path if parts.path.endswith("/") else parts.path + "/"
    return _Rule(parts.scheme, parts.hostname.lower(), _explicit_port(parts.scheme, port), path)


def _explicit_port(scheme: str, port: int | None) -> int | None:
    return None if port == {"https": 443, "http": 80}.get(scheme) else port


def _shown(url: str) -> str:
    return repr(url[:200])  # a log line, not a place to store whatever a sender wrote


class ServiceHosts:
    """The trusted service URLs. `enforced` is False in local mode, where no token is ever sent."""

    def __init__(self, extra: tuple[str, ...] = (), *, enforced: bool = True) -> None:
        self.enforced = enforced
        self._rules = tuple(parse_trusted_entry(e) for e in (*BUILT_IN_SERVICE_HOSTS, *extra))

    def allows(self, url: str | None) -> bool:
        if not self.enforced:
            return True
        if not url:
            return False
        try:
            parts = urlsplit(url.strip())
            port = _explicit_port(parts.scheme, parts.port)
        except ValueError:
            return False
        if parts.username or parts.password or not parts.hostname:
            return False
        path = parts.path if parts.path.endswith("/") else parts.path + "/"
        return any(rule.matches(parts.scheme.lower(), parts.hostname.lower().rstrip("."), port, path)
                   for rule in self._rules)

    def check(self, url: str | None) -> None:
        if not self.allows(url):
            raise UntrustedServiceUrl(url or "")


def same_service_url(a: str, b: str) -> bool:
    """Equal as Teams writes them: case of scheme and host, default port and a trailing slash do not matter."""

    def canonical(url: str) -> tuple[str, str, int | None, str] | None:
        try:
            parts = urlsplit(url.strip())
            port = _explicit_port(parts.scheme.lower(), parts.port)
        except ValueError:
            return None
        if not parts.hostname:
            return None
        return parts.scheme.lower(), parts.hostname.lower(), port, parts.path.rstrip("/")

    first, second = canonical(a), canonical(b)
    return first is not None and first == second

"""Who may use sign-in mode 'none': one person, on this machine, talking to the server directly.

Mode 'none' signs every browser in as the local coordinator. That is only safe when the
browser is on the server's own machine, so a request is let in only when all of these hold:

- the server listens on a loopback address (not 0.0.0.0 or a network address);
- the connection comes from loopback;
- no proxy has touched it: no forwarding header (X-Forwarded-For, Forwarded, X-Real-IP, ...);
- the Host header, and the Origin header the browser sends, name localhost, 127.0.0.1 or
  [::1]: a web site's own name resolving to 127.0.0.1 (DNS rebinding) is refused.

Pure functions: pages.ui reads the request's headers and peer address from Streamlit.
"""

from __future__ import annotations

from collections.abc import Mapping
from urllib.parse import urlsplit

LOOPBACK_NAMES = frozenset({"localhost", "127.0.0.1", "::1"})
# Headers a reverse proxy or relay adds. Any of them means the browser is not talking to us directly.
FORWARDING_HEADERS = (
    "forwarded",
    "x-forwarded-for",
    "x-forwarded-host",
    "x-forwarded-proto",
    "x-forwarded-port",
    "x-forwarded-server",
    "x-forwarded-prefix",
    "x-original-forwarded-for",
    "x-real-ip",
    "x-client-ip",
    "x-cluster-client-ip",
    "client-ip",
    "true-client-ip",
    "cf-connecting-ip",
    "fastly-client-ip",
    "via",
)


def host_name(value: str | None) -> str | None:
    """The host name in a Host header (``name[:port]``, ``[v6]:port``) or an Origin (``scheme://name:port``),
    lower case, without brackets; None if there is none to read."""
    if not value:
        return None
    value = value.strip()
    try:
        parts = urlsplit(value if "://" in value else f"//{value}")
        name = parts.hostname
        parts.port  # noqa: B018 - raises on a malformed port
    except ValueError:
        return None
    return name.lower() if name else None


def refusal(headers: Mapping[str, str], peer_is_loopback: bool, listen_address: str | None) -> str | None:
    """Why mode 'none' must refuse this request, or None if it is local.

    ``headers`` are the request's headers (any case); ``peer_is_loopback`` whether the
    connection came from 127.0.0.1/::1; ``listen_address`` the server's ``server.address``.
    Reasons: 'address', 'peer', 'forwarded', 'host', 'origin'.
    """
    if (listen_address or "").strip("[]").lower() not in LOOPBACK_NAMES:
        return "address"
    if not peer_is_loopback:
        return "peer"
    lowered = {str(k).lower(): v for k, v in headers.items()}
    if any(name in lowered for name in FORWARDING_HEADERS):
        return "forwarded"
    if host_name(lowered.get("host")) not in LOOPBACK_NAMES:
        return "host"
    origin = lowered.get("origin")
    if origin is not None and host_name(origin) not in LOOPBACK_NAMES:
        return "origin"
    return None

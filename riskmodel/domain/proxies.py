"""The client's address behind a reverse proxy the operator trusts (RISK_TRUSTED_PROXIES).

Streamlit gives the TCP peer only. Behind nginx on the same machine that is 127.0.0.1 for every
browser, so every joiner of a workshop would share one throttle. ``X-Forwarded-For`` names the
client, but anyone can send that header: it is read only when the direct peer is a proxy named in
``RISK_TRUSTED_PROXIES`` (addresses or networks, comma-separated; default none), and then from the
right: each trusted proxy appends the address it saw, so the first address from the right that is
not a trusted proxy is the client (what a client wrote further left is never used).
"""

from __future__ import annotations

import ipaddress
from collections.abc import Mapping

Network = ipaddress.IPv4Network | ipaddress.IPv6Network
LOOPBACK = ("127.0.0.1", "::1")  # Streamlit reports a loopback peer as "no address" (None)


def trusted_proxies(text: str | None) -> tuple[Network, ...]:
    """``RISK_TRUSTED_PROXIES`` as networks ("127.0.0.1, 10.0.0.0/8"); ValueError names a bad entry."""
    out = []
    for part in (text or "").split(","):
        part = part.strip()
        if not part:
            continue
        try:
            out.append(ipaddress.ip_network(part, strict=False))
        except ValueError:
            raise ValueError(f"RISK_TRUSTED_PROXIES: '{part[:60]}' er ikke en IP-adresse eller et net") from None
    return tuple(out)


def _address(value: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    value = value.strip().strip('"')
    if value.startswith("[") and "]" in value:  # [v6]:port
        value = value[1:value.index("]")]
    elif value.count(":") == 1:  # v4:port
        value = value.split(":")[0]
    try:
        return ipaddress.ip_address(value)
    except ValueError:
        return None


def _trusted(address, trusted: tuple[Network, ...]) -> bool:
    return address is not None and any(address.version == n.version and address in n for n in trusted)


def client_address(peer: str | None, headers: Mapping[str, str], trusted: tuple[Network, ...]) -> str | None:
    """The address to throttle by: the peer, or (when the peer is a trusted proxy) the client it forwarded.

    ``peer`` None means loopback (Streamlit's ``st.context.ip_address``). Returns None only for a loopback
    peer with nothing trusted to read.
    """
    peers = LOOPBACK if peer is None else (peer,)
    if not any(_trusted(_address(p), trusted) for p in peers):
        return peer
    forwarded = next((v for k, v in headers.items() if k.lower() == "x-forwarded-for"), "")
    hops = [h for h in (part.strip() for part in forwarded.split(",")) if h]
    for hop in reversed(hops):
        address = _address(hop)
        if address is None:
            return hop[:64]  # not an address: whatever a trusted proxy wrote, still one client's key
        if not _trusted(address, trusted):
            return str(address)
    return str(_address(hops[0])) if hops else peer

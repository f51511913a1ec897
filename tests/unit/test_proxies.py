"""The client's address for throttling: X-Forwarded-For only from a trusted proxy, read from the right."""

from __future__ import annotations

import pytest

from riskmodel.domain.proxies import client_address, trusted_proxies

NGINX = trusted_proxies("127.0.0.1, ::1")


def test_no_trusted_proxy_means_the_peer_whatever_the_header_says():
    assert client_address("203.0.113.7", {"X-Forwarded-For": "10.1.2.3"}, ()) == "203.0.113.7"
    assert client_address(None, {"X-Forwarded-For": "10.1.2.3"}, ()) is None  # loopback, nothing trusted


def test_a_peer_that_is_not_a_trusted_proxy_cannot_choose_its_address():
    assert client_address("203.0.113.7", {"X-Forwarded-For": "10.1.2.3"}, NGINX) == "203.0.113.7"


def test_behind_a_trusted_nginx_each_browser_has_its_own_address():
    assert client_address(None, {"x-forwarded-for": "192.0.2.10"}, NGINX) == "192.0.2.10"
    assert client_address(None, {"X-Forwarded-For": "192.0.2.11"}, NGINX) == "192.0.2.11"


def test_what_the_client_wrote_left_of_the_proxy_is_not_used():
    """A client sends 'X-Forwarded-For: 1.2.3.4'; nginx appends the address it saw."""
    assert client_address(None, {"X-Forwarded-For": "1.2.3.4, 198.51.100.20"}, NGINX) == "198.51.100.20"


def test_a_chain_of_trusted_proxies_is_walked_from_the_right():
    trusted = trusted_proxies("127.0.0.1, 10.0.0.0/8")
    assert client_address(None, {"X-Forwarded-For": "6.6.6.6, 198.51.100.20, 10.0.0.5"}, trusted) == "198.51.100.20"
    assert client_address("10.0.0.7", {"X-Forwarded-For": "198.51.100.21"}, trusted) == "198.51.100.21"
    assert client_address("10.0.0.7", {}, trusted) == "10.0.0.7"  # no header: the proxy itself
    assert client_address(None, {"X-Forwarded-For": "[2001:db8::1]:4711"}, NGINX) == "2001:db8::1"


def test_a_bad_entry_in_the_setting_is_named():
    with pytest.raises(ValueError, match="'nginx' er ikke en IP-adresse"):
        trusted_proxies("127.0.0.1, nginx")
    assert trusted_proxies("") == () and trusted_proxies(None) == ()

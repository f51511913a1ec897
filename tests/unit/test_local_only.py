"""Which requests may use sign-in mode 'none' (riskmodel.local_only)."""

from __future__ import annotations

import pytest

from riskmodel.local_only import host_name, refusal

LOCAL = {"Host": "127.0.0.1:8501", "Origin": "http://127.0.0.1:8501"}


@pytest.mark.parametrize(
    "headers",
    [
        LOCAL,
        {"host": "localhost:8501", "origin": "http://localhost:8501"},
        {"Host": "[::1]:8501", "Origin": "http://[::1]:8501"},
        {"Host": "localhost"},  # a non-browser client sends no Origin
    ],
)
def test_a_direct_local_request_is_let_in(headers):
    assert refusal(headers, True, "127.0.0.1") is None


@pytest.mark.parametrize("address", ["0.0.0.0", "", None, "10.0.0.5", "::"])
def test_a_server_on_a_network_address_refuses(address):
    assert refusal(LOCAL, True, address) == "address"


def test_a_connection_from_another_machine_is_refused():
    assert refusal(LOCAL, False, "127.0.0.1") == "peer"


@pytest.mark.parametrize("header", ["X-Forwarded-For", "x-forwarded-host", "Forwarded", "X-Real-IP", "Via", "X-Forwarded-Proto"])
def test_any_forwarding_header_is_refused(header):
    assert refusal({**LOCAL, header: "203.0.113.7"}, True, "127.0.0.1") == "forwarded"


@pytest.mark.parametrize("host", ["risk.example.org:8501", "risk.example.org", "192.168.1.10:8501", "", "localhost.evil.org"])
def test_a_foreign_host_name_is_refused(host):
    assert refusal({"Host": host, "Origin": "http://127.0.0.1:8501"}, True, "127.0.0.1") == "host"


def test_no_host_header_is_refused():
    assert refusal({}, True, "127.0.0.1") == "host"


@pytest.mark.parametrize("origin", ["http://risk.example.org:8501", "null", "https://evil.example"])
def test_a_foreign_origin_is_refused(origin):
    assert refusal({"Host": "127.0.0.1:8501", "Origin": origin}, True, "127.0.0.1") == "origin"


def test_host_name_reads_headers_and_origins():
    assert host_name("[::1]:8501") == "::1"
    assert host_name("http://LOCALHOST:8501") == "localhost"
    assert host_name("x:notaport") is None
    assert host_name(None) is None

"""What a user types as the server address becomes a URL, or a refusal."""

from __future__ import annotations

import pytest

from app.services.address import BadAddressError, normalize_server, websocket_url


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("pult.example.com", "https://pult.example.com"),
        ("  127.0.0.1:8765 ", "http://127.0.0.1:8765"),
        ("localhost:8765/", "http://localhost:8765"),
        ("https://pult.example.com/cc/", "https://pult.example.com/cc"),
        ("http://192.168.1.5:80", "http://192.168.1.5:80"),
    ],
)
def test_addresses_are_normalized(text: str, expected: str) -> None:
    assert normalize_server(text) == expected


@pytest.mark.parametrize("text", ["", "   ", "ftp://x", "http://", "host:99999", "a b"])
def test_bad_addresses_are_refused(text: str) -> None:
    with pytest.raises(BadAddressError):
        normalize_server(text)


def test_websocket_url_follows_the_scheme() -> None:
    assert websocket_url("https://h/cc", "/api/v1/events") == "wss://h/cc/api/v1/events"
    assert websocket_url("http://h:1", "/api/v1/events") == "ws://h:1/api/v1/events"

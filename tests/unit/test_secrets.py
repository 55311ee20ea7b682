"""Refresh tokens live only in the keyring; without a keyring the store says so and keeps working."""

from __future__ import annotations

from keyring.backends import fail

from app.settings.secrets import SecretStore
from tests.e2e.keyring_backend import MemoryKeyring


def test_refresh_token_round_trip_per_account() -> None:
    backend = MemoryKeyring()
    store = SecretStore(backend=backend)
    assert store.available
    assert store.set_refresh_token("http://h:1", "300000001/OP1", "tok")
    assert store.refresh_token("http://h:1", "300000001/op1") == "tok"
    assert store.refresh_token("http://other:1", "300000001/op1") is None
    store.forget("http://h:1", "300000001/op1")
    assert store.refresh_token("http://h:1", "300000001/op1") is None
    store.forget("http://h:1", "300000001/op1")  # forgetting twice is fine


def test_no_keyring_backend_is_reported_not_raised() -> None:
    store = SecretStore(backend=fail.Keyring())
    assert not store.available
    assert "keyring" in store.unavailable_reason
    assert not store.set_refresh_token("http://h:1", "u", "tok")
    assert store.refresh_token("http://h:1", "u") is None
    store.forget("http://h:1", "u")


def test_a_backend_that_fails_counts_as_unavailable() -> None:
    class Broken(MemoryKeyring):
        def get_password(self, service: str, username: str) -> str | None:
            raise RuntimeError("locked collection")

    store = SecretStore(backend=Broken())
    assert not store.available
    assert "locked collection" in store.unavailable_reason

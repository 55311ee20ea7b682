"""Secrets in the operating system's keyring, and only there.

The refresh token that makes «Запомнить» work is the only secret the client keeps. On a machine with no
keyring backend (a headless Linux box, a minimal desktop without Secret Service) ``keyring`` raises
``NoKeyringError``: then :attr:`SecretStore.available` is false, the login window disables «Запомнить»
and says why, and everything else keeps working. We never fall back to a file.
"""

from __future__ import annotations

import logging
from typing import Any

log = logging.getLogger(__name__)

SERVICE = "pult"


class SecretStore:
    """Refresh tokens per account in the keyring; ``backend`` overrides the keyring's own choice (tests)."""

    def __init__(self, *, backend: Any | None = None) -> None:
        self._backend = backend
        self._available: bool | None = None
        self.unavailable_reason = ""

    def _keyring(self) -> Any:
        if self._backend is None:
            # keyring scans entry points on import: only pay for it when a secret is asked for.
            import keyring

            self._backend = keyring.get_keyring()
        return self._backend

    @property
    def available(self) -> bool:
        """Whether secrets can be stored here; probes the backend once."""
        if self._available is None:
            from keyring.backends import fail

            backend = self._keyring()
            if isinstance(backend, fail.Keyring):
                self._available = False
                self.unavailable_reason = "no keyring backend"
            else:
                try:
                    backend.get_password(SERVICE, "probe")
                except Exception as exc:  # any backend failure means "cannot keep secrets here"
                    self._available = False
                    self.unavailable_reason = f"{type(exc).__name__}: {exc}"
                else:
                    self._available = True
            if not self._available:
                log.info("keyring.unavailable", extra={"fields": {"reason": self.unavailable_reason}})
        return self._available

    @staticmethod
    def _user(server: str, login: str) -> str:
        return f"refresh:{server}|{login.lower()}"

    def refresh_token(self, server: str, login: str) -> str | None:
        if not self.available:
            return None
        try:
            token = self._keyring().get_password(SERVICE, self._user(server, login))
        except Exception as exc:
            log.warning("keyring.read_failed", extra={"fields": {"error": str(exc)}})
            return None
        return token if isinstance(token, str) and token else None

    def set_refresh_token(self, server: str, login: str, token: str) -> bool:
        """Store the token; False when the keyring refused (the session still works, just not remembered)."""
        if not self.available:
            return False
        try:
            self._keyring().set_password(SERVICE, self._user(server, login), token)
        except Exception as exc:
            log.warning("keyring.write_failed", extra={"fields": {"error": str(exc)}})
            return False
        return True

    def forget(self, server: str, login: str) -> None:
        if not self.available:
            return
        try:
            self._keyring().delete_password(SERVICE, self._user(server, login))
        except Exception as exc:  # PasswordDeleteError when there was none: nothing to forget
            log.debug("keyring.delete_failed", extra={"fields": {"error": str(exc)}})

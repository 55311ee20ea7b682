"""Password hashing (argon2), opaque session tokens, and the password rule of spec MW-04."""

from __future__ import annotations

import hashlib
import re
import secrets

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

_LATIN_LOWER = re.compile(r"[a-z]")
_LATIN_UPPER = re.compile(r"[A-Z]")
_DIGIT = re.compile(r"[0-9]")
_CYRILLIC = re.compile(r"[\u0400-\u04FF]")
MIN_PASSWORD_LENGTH = 8


def password_rule_violation(password: str) -> str | None:
    """Why ``password`` breaks MW-04 (≥ 8 chars, digits, latin lower and upper, no Cyrillic), or None."""
    if _CYRILLIC.search(password):
        return "the password must not contain Russian letters"
    if len(password) < MIN_PASSWORD_LENGTH:
        return f"the password must be at least {MIN_PASSWORD_LENGTH} characters long"
    if not _DIGIT.search(password):
        return "the password must contain a digit"
    if not _LATIN_LOWER.search(password):
        return "the password must contain a lowercase latin letter"
    if not _LATIN_UPPER.search(password):
        return "the password must contain an uppercase latin letter"
    return None


class PasswordHashing:
    """argon2id hashing; ``fast_insecure`` shrinks the costs for test suites only."""

    def __init__(self, *, fast_insecure: bool = False) -> None:
        if fast_insecure:
            self._hasher = PasswordHasher(time_cost=1, memory_cost=64, parallelism=1)
        else:
            self._hasher = PasswordHasher()
        # Verified when the login is unknown, so unknown logins cost the same time as wrong passwords.
        self._dummy = self._hasher.hash(secrets.token_urlsafe(16))

    def hash(self, password: str) -> str:
        return self._hasher.hash(password)

    def verify(self, stored_hash: str | None, password: str) -> bool:
        try:
            return self._hasher.verify(stored_hash or self._dummy, password) and stored_hash is not None
        except (VerificationError, InvalidHashError):
            return False

    def burn(self, password: str) -> None:
        """Spend one verification on the dummy hash (unknown identity)."""
        self.verify(None, password)


def new_token() -> str:
    """An opaque random token (256 bits)."""
    return secrets.token_urlsafe(32)


def token_digest(token: str) -> str:
    """What is stored for a token: its sha256, so a database leak gives no usable tokens."""
    return hashlib.sha256(token.encode()).hexdigest()

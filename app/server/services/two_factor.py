"""Two-factor authentication (spec MW-13): TOTP codes (RFC 6238), enrolment, and code-entry lockout.

Codes are 6 digits for 30-second steps, accepted one step either side of the server's clock (phones
drift). A code is good once: the step of the last accepted code is stored and only a later step is
accepted after it. More than ``lockout_threshold`` wrong codes for one employee lock code entry for
``lockout_duration`` (the spec's 5 and 5 minutes), counted whichever challenge or screen they came from,
so asking for a fresh challenge with the password does not reset the count.
"""

from __future__ import annotations

import base64
import hmac
import secrets
import struct
from dataclasses import dataclass
from datetime import datetime, timedelta
from urllib.parse import quote, urlencode

from sqlalchemy import or_, update
from sqlalchemy.orm import Session

from app.server.core.db import Database
from app.server.core.errors import (
    ConflictError,
    InvalidCredentialsError,
    LockedError,
    NotFoundError,
    ValidationFailedError,
)
from app.server.core.logging import log_event
from app.server.models import LoginFailure, TwoFactorSecret

DIGITS = 6
STEP_SECONDS = 30
DRIFT_STEPS = 1
SECRET_BYTES = 20
"""160 bits, the HMAC-SHA1 block the RFC 4226 reference uses."""
ISSUER = "Pult"
WRONG_CODE_MESSAGE = "wrong verification code"


# -- RFC 4226 / RFC 6238 ----------------------------------------------------------------------------------


def hotp(key: bytes, counter: int, *, digits: int = DIGITS, digest: str = "sha1") -> str:
    """The HOTP value of ``counter`` (RFC 4226 §5.3, dynamic truncation), ``digits`` long."""
    mac = hmac.new(key, struct.pack(">Q", counter), digest).digest()
    offset = mac[-1] & 0x0F
    number = int.from_bytes(mac[offset : offset + 4], "big") & 0x7FFFFFFF
    return str(number % 10**digits).zfill(digits)


def time_step(moment: datetime | float, *, period: int = STEP_SECONDS) -> int:
    """The RFC 6238 counter T for ``moment`` (an aware datetime or Unix seconds)."""
    seconds = moment.timestamp() if isinstance(moment, datetime) else moment
    return int(seconds // period)


def totp(
    key: bytes,
    moment: datetime | float,
    *,
    digits: int = DIGITS,
    period: int = STEP_SECONDS,
    digest: str = "sha1",
) -> str:
    """The TOTP code at ``moment`` (RFC 6238 §4)."""
    return hotp(key, time_step(moment, period=period), digits=digits, digest=digest)


def new_secret() -> str:
    """A fresh random secret as authenticators take it: base32 without padding."""
    return base64.b32encode(secrets.token_bytes(SECRET_BYTES)).decode().rstrip("=")


def secret_key(secret: str) -> bytes:
    """The key bytes of a base32 secret (padding and case forgiven, as authenticators do)."""
    text = secret.strip().replace(" ", "").upper()
    return base64.b32decode(text + "=" * (-len(text) % 8))


def provisioning_uri(secret: str, *, account: str, issuer: str = ISSUER) -> str:
    """The ``otpauth://totp/…`` URI (Key Uri Format) an authenticator app reads."""
    label = quote(f"{issuer}:{account}", safe=":@")
    query = urlencode(
        {
            "secret": secret,
            "issuer": issuer,
            "algorithm": "SHA1",
            "digits": DIGITS,
            "period": STEP_SECONDS,
        }
    )
    return f"otpauth://totp/{label}?{query}"


def normalize_code(code: str) -> str:
    """The digits of a typed code (spaces and dashes dropped); refuses anything but 6 digits."""
    digits = "".join(ch for ch in code if ch not in " -\t")
    if len(digits) != DIGITS or not digits.isascii() or not digits.isdigit():
        raise ValidationFailedError(f"the verification code is {DIGITS} digits", field="code")
    return digits


def matching_step(secret: str, code: str, now: datetime, *, after: int | None) -> int | None:
    """The time step within the drift window whose code is ``code`` and that comes after ``after``."""
    key = secret_key(secret)
    current = time_step(now)
    for step in range(current - DRIFT_STEPS, current + DRIFT_STEPS + 1):
        if after is not None and step <= after:
            continue  # that code (or an older one) was used already
        if hmac.compare_digest(hotp(key, step), code):
            return step
    return None


# -- the service ----------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class TwoFactorConfig:
    lockout_threshold: int
    lockout_duration: timedelta


def lockout_key(employee_id: int) -> str:
    """The :class:`LoginFailure` row counting an employee's wrong codes (apart from their passwords)."""
    return f"two_factor:{employee_id}"


def _locked_error(until: datetime, now: datetime) -> LockedError:
    return LockedError(
        "too many wrong verification codes: code entry is locked for a few minutes",
        locked_until=until,
        retry_after=max(1, int((until - now).total_seconds() + 0.999)),
    )


class TwoFactorService:
    """Enrolment, checks of codes, and switching off; every write is its own short transaction."""

    def __init__(self, *, db: Database, config: TwoFactorConfig) -> None:
        self._db = db
        self._config = config

    # -- state -------------------------------------------------------------------------------------------

    @staticmethod
    def enabled(session: Session, employee_id: int) -> bool:
        row = session.get(TwoFactorSecret, employee_id)
        return row is not None and row.enabled_at is not None

    def state(self, employee_id: int) -> tuple[bool, bool]:
        """``(enabled, pending)``: on, or an enrolment waiting for its confirming code."""
        with self._db.reading() as session:
            row = session.get(TwoFactorSecret, employee_id)
            if row is None:
                return False, False
            return row.enabled_at is not None, row.enabled_at is None

    @staticmethod
    def locked_until(session: Session, employee_id: int, now: datetime) -> datetime | None:
        row = session.get(LoginFailure, lockout_key(employee_id))
        if row is not None and row.locked_until is not None and row.locked_until > now:
            return row.locked_until
        return None

    # -- enrolment ---------------------------------------------------------------------------------------

    def begin(self, employee_id: int, *, account: str, now: datetime) -> tuple[str, str]:
        """A new secret for ``employee_id`` and its URI; replaces an unconfirmed one, refuses when on."""
        secret = new_secret()
        with self._db.transaction() as session:
            row = session.get(TwoFactorSecret, employee_id)
            if row is not None and row.enabled_at is not None:
                raise ConflictError("two-factor authentication is already on: switch it off first")
            if row is None:
                session.add(TwoFactorSecret(employee_id=employee_id, secret=secret, created_at=now))
            else:
                row.secret, row.created_at, row.last_step = secret, now, None
        log_event("two_factor.enrolment_started", employee_id=employee_id)
        return secret, provisioning_uri(secret, account=account)

    def confirm(self, employee_id: int, code: str, *, now: datetime) -> None:
        """Switch on with the first code from the authenticator."""
        digits = normalize_code(code)
        with self._db.reading() as session:
            row = session.get(TwoFactorSecret, employee_id)
            if row is None:
                raise NotFoundError("no enrolment to confirm: start one first")
            if row.enabled_at is not None:
                raise ConflictError("two-factor authentication is already on")
        self.check_code(employee_id, digits, now=now)
        with self._db.transaction() as session:
            row = session.get(TwoFactorSecret, employee_id)
            if row is None:  # switched off meanwhile by an administrator
                raise NotFoundError("no enrolment to confirm: start one first")
            row.enabled_at = now
        log_event("two_factor.enabled", employee_id=employee_id)

    def disable_with_code(self, employee_id: int, code: str, *, now: datetime) -> None:
        """The user switches it off, proving they hold the authenticator."""
        digits = normalize_code(code)
        with self._db.reading() as session:
            if not self.enabled(session, employee_id):
                raise NotFoundError("two-factor authentication is not on")
        self.check_code(employee_id, digits, now=now)
        self.remove(employee_id, by="self")

    def remove(self, employee_id: int, *, by: str) -> bool:
        """Delete the secret (an administrator's reset, or after :meth:`disable_with_code`)."""
        with self._db.transaction() as session:
            row = session.get(TwoFactorSecret, employee_id)
            if row is None:
                return False
            session.delete(row)
            failure = session.get(LoginFailure, lockout_key(employee_id))
            if failure is not None:
                session.delete(failure)
        log_event("two_factor.disabled", employee_id=employee_id, by=by)
        return True

    # -- codes -------------------------------------------------------------------------------------------

    def check_code(self, employee_id: int, code: str, *, now: datetime) -> None:
        """Accept ``code`` once for ``employee_id`` or raise: wrong (counted), locked, or replayed.

        ``code`` is already normalised. Acceptance moves ``last_step`` forward in one conditional
        update, so two requests racing with the same code cannot both pass.
        """
        with self._db.reading() as session:
            until = self.locked_until(session, employee_id, now)
            if until is not None:
                raise _locked_error(until, now)
            row = session.get(TwoFactorSecret, employee_id)
            if row is None:
                raise NotFoundError("two-factor authentication is not set up")
            secret, last_step = row.secret, row.last_step
        step = matching_step(secret, code, now, after=last_step)
        if step is None:
            self._record_failure(employee_id, now)
            raise InvalidCredentialsError(WRONG_CODE_MESSAGE)
        with self._db.transaction() as session:
            result = session.execute(
                update(TwoFactorSecret)
                .where(
                    TwoFactorSecret.employee_id == employee_id,
                    or_(TwoFactorSecret.last_step.is_(None), TwoFactorSecret.last_step < step),
                )
                .values(last_step=step)
            )
            taken = int(getattr(result, "rowcount", 0) or 0)
            failure = session.get(LoginFailure, lockout_key(employee_id))
            if taken and failure is not None:
                session.delete(failure)
        if not taken:
            self._record_failure(employee_id, now)
            raise InvalidCredentialsError(WRONG_CODE_MESSAGE)

    def _record_failure(self, employee_id: int, now: datetime) -> None:
        key = lockout_key(employee_id)
        with self._db.transaction() as session:
            row = session.get(LoginFailure, key)
            if row is None:
                row = LoginFailure(identity=key, failures=0)
                session.add(row)
            if row.locked_until is not None and row.locked_until <= now:
                row.failures, row.locked_until = 0, None  # the previous lock has run out: count afresh
            row.failures += 1
            log_event("two_factor.wrong_code", employee_id=employee_id, failures=row.failures)
            if row.failures <= self._config.lockout_threshold:
                return
            row.locked_until = until = now + self._config.lockout_duration
        log_event("two_factor.locked", employee_id=employee_id, until=until.isoformat())
        raise _locked_error(until, now)

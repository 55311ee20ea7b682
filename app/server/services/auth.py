"""Login, refresh, logout, lockout and session expiry (spec MW-10..16), with the second factor (MW-13).

Each step runs in its own short transaction so a failed login's counter is committed even though the
request is refused, and no database lock is held while argon2 runs.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, or_, select, update
from sqlalchemy.orm import Session

from app.protocol.status import KEEP_STATUS, BuiltinStatus
from app.server.core.db import Database
from app.server.core.errors import InvalidCredentialsError, LockedError, UnauthenticatedError
from app.server.core.logging import log_event
from app.server.core.security import PasswordHashing, new_token, token_digest
from app.server.events.outbox import Retention
from app.server.models import (
    AuthSession,
    Employee,
    LoginFailure,
    RefreshToken,
    Tenant,
    TwoFactorChallenge,
)
from app.server.services import principals, statuses
from app.server.services.identifiers import Identifier, IdentifierKind, classify
from app.server.services.two_factor import TwoFactorConfig, TwoFactorService, normalize_code

INVALID_MESSAGE = "wrong login or password"
CHALLENGE_EXPIRED_MESSAGE = "the time to enter the verification code has run out: please log in again"


@dataclass(frozen=True, slots=True)
class AuthConfig:
    session_ttl: timedelta
    refresh_ttl: timedelta
    lockout_threshold: int
    lockout_duration: timedelta
    retention: Retention
    challenge_ttl: timedelta = timedelta(minutes=5)
    """How long a password accepted for a 2FA account waits for its code."""


@dataclass(frozen=True, slots=True)
class IssuedSession:
    employee_id: int
    session_id: int
    token: str
    expires_at: datetime
    refresh_token: str | None
    refresh_expires_at: datetime | None


@dataclass(frozen=True, slots=True)
class IssuedChallenge:
    """The password was right for an account with 2FA: the code is still to come (MW-13)."""

    employee_id: int
    challenge: str
    expires_at: datetime
    locked_until: datetime | None


def _find_employee(session: Session, ident: Identifier) -> tuple[Employee | None, bool]:
    """The employee an identifier names, and whether the password to check is the SIP password."""
    query = select(Employee)
    if ident.kind is IdentifierKind.LOGIN:
        query = query.join(Tenant, Tenant.id == Employee.tenant_id).where(
            Tenant.product_number == ident.product, Employee.login == ident.value
        )
    elif ident.kind is IdentifierKind.EMAIL:
        query = query.where(Employee.email == ident.value)
    elif ident.kind is IdentifierKind.MOBILE:
        query = query.where(Employee.mobile == ident.value)
    else:
        query = query.where(Employee.sip_login == ident.value, Employee.sip_login_allowed.is_(True))
    return session.execute(query).scalar_one_or_none(), ident.kind is IdentifierKind.SIP


def _locked_error(until: datetime, now: datetime) -> LockedError:
    return LockedError(
        "too many failed attempts: this login is locked for a few minutes",
        locked_until=until,
        retry_after=max(1, int((until - now).total_seconds() + 0.999)),
    )


class AuthService:
    def __init__(self, *, db: Database, hashing: PasswordHashing, config: AuthConfig) -> None:
        self._db = db
        self._hashing = hashing
        self._config = config
        self.two_factor = TwoFactorService(
            db=db,
            config=TwoFactorConfig(
                lockout_threshold=config.lockout_threshold, lockout_duration=config.lockout_duration
            ),
        )

    # --- login ----------------------------------------------------------------------------------------

    def login(
        self, login: str, password: str, *, status: str | None, remember: bool, client: str, now: datetime
    ) -> IssuedSession | IssuedChallenge:
        ident = classify(login)
        with self._db.reading() as session:
            employee, by_sip = _find_employee(session, ident)
            # A known employee's failures count together whatever identifier was typed; an unknown
            # identifier counts on its own, so both lock after the same number of attempts.
            key = f"employee:{employee.id}" if employee is not None else ident.lockout_key
            failure = session.get(LoginFailure, key)
            if failure is not None and failure.locked_until is not None and failure.locked_until > now:
                raise _locked_error(failure.locked_until, now)
            stored = None
            if employee is not None:
                stored = employee.sip_password_hash if by_sip else employee.password_hash
        # argon2 runs outside any transaction; an unknown login verifies against a dummy hash.
        if not self._hashing.verify(stored, password) or employee is None:
            log_event("auth.login_failed", kind=ident.kind.value)
            self._record_failure(key, now)
            raise InvalidCredentialsError(INVALID_MESSAGE)
        with self._db.transaction() as session:
            row = session.get(LoginFailure, key)
            if row is not None:
                session.delete(row)
            fresh = session.get(Employee, employee.id)
            if fresh is None:
                raise InvalidCredentialsError(INVALID_MESSAGE)
            if self.two_factor.enabled(session, fresh.id):
                challenge = self._open_challenge(
                    session, fresh, status=status, remember=remember, client=client, now=now
                )
            else:
                challenge = None
                issued = self._open_session(
                    session, fresh, status=status, remember=remember, client=client, now=now
                )
        if challenge is not None:
            log_event("auth.two_factor_challenge", employee_id=challenge.employee_id)
            return challenge
        log_event(
            "auth.login", employee_id=issued.employee_id, session_id=issued.session_id, remember=remember
        )
        return issued

    def _open_challenge(
        self,
        session: Session,
        employee: Employee,
        *,
        status: str | None,
        remember: bool,
        client: str,
        now: datetime,
    ) -> IssuedChallenge:
        # Challenges of this employee that can no longer be used go now; nothing else reads them.
        session.execute(
            delete(TwoFactorChallenge).where(
                TwoFactorChallenge.employee_id == employee.id,
                or_(TwoFactorChallenge.expires_at <= now, TwoFactorChallenge.used_at.is_not(None)),
            )
        )
        token = new_token()
        row = TwoFactorChallenge(
            employee_id=employee.id,
            token_hash=token_digest(token),
            status=status,
            remember=remember,
            client=client,
            created_at=now,
            expires_at=now + self._config.challenge_ttl,
        )
        session.add(row)
        locked = self.two_factor.locked_until(session, employee.id, now)
        return IssuedChallenge(employee.id, token, row.expires_at, locked)

    def complete_two_factor(self, challenge: str, code: str, *, now: datetime) -> IssuedSession:
        """The second step of a login: the challenge of the password step and the authenticator's code."""
        digits = normalize_code(code)
        digest = token_digest(challenge)
        with self._db.reading() as session:
            row = session.execute(
                select(TwoFactorChallenge).where(TwoFactorChallenge.token_hash == digest)
            ).scalar_one_or_none()
            if row is None or row.used_at is not None or row.expires_at <= now:
                raise UnauthenticatedError(CHALLENGE_EXPIRED_MESSAGE)
            challenge_id, employee_id = row.id, row.employee_id
            status, remember, client = row.status, row.remember, row.client
        self.two_factor.check_code(employee_id, digits, now=now)
        with self._db.transaction() as session:
            result = session.execute(
                update(TwoFactorChallenge)
                .where(TwoFactorChallenge.id == challenge_id, TwoFactorChallenge.used_at.is_(None))
                .values(used_at=now)
            )
            used = int(getattr(result, "rowcount", 0) or 0)
            employee = session.get(Employee, employee_id)
            if not used or employee is None:
                raise UnauthenticatedError(CHALLENGE_EXPIRED_MESSAGE)
            issued = self._open_session(
                session, employee, status=status, remember=remember, client=client, now=now
            )
        log_event(
            "auth.login", employee_id=issued.employee_id, session_id=issued.session_id, remember=remember
        )
        return issued

    def _record_failure(self, key: str, now: datetime) -> None:
        with self._db.transaction() as session:
            row = session.get(LoginFailure, key)
            if row is None:
                row = LoginFailure(identity=key, failures=0)
                session.add(row)
            if row.locked_until is not None and row.locked_until <= now:
                row.failures, row.locked_until = 0, None  # the previous lock has run out: count afresh
            row.failures += 1
            if row.failures > self._config.lockout_threshold:
                row.locked_until = now + self._config.lockout_duration
                until = row.locked_until
            else:
                return
        log_event("auth.locked", kind=key.partition(":")[0], until=until.isoformat())
        raise _locked_error(until, now)

    def _open_session(
        self,
        session: Session,
        employee: Employee,
        *,
        status: str | None,
        remember: bool,
        client: str,
        now: datetime,
    ) -> IssuedSession:
        token = new_token()
        auth = AuthSession(
            tenant_id=employee.tenant_id,
            employee_id=employee.id,
            token_hash=token_digest(token),
            client=client,
            created_at=now,
            expires_at=now + self._config.session_ttl,
        )
        session.add(auth)
        session.flush()
        refresh: str | None = None
        refresh_expires: datetime | None = None
        if remember:
            refresh = new_token()
            refresh_expires = now + self._config.refresh_ttl
            session.add(
                RefreshToken(
                    employee_id=employee.id,
                    session_id=auth.id,
                    token_hash=token_digest(refresh),
                    expires_at=refresh_expires,
                )
            )
        self._apply_login_status(session, employee, status, now)
        return IssuedSession(employee.id, auth.id, token, auth.expires_at, refresh, refresh_expires)

    def _apply_login_status(
        self, session: Session, employee: Employee, requested: str | None, now: datetime
    ) -> None:
        """MW-12 and A2.5's footnotes: the chosen status, or «Не изменять», checked against the role."""
        online = BuiltinStatus.ONLINE.value
        if requested is None or requested == KEEP_STATUS:
            if employee.status != BuiltinStatus.OFFLINE.value:
                return  # already signed in elsewhere: keep the live status
            target = employee.last_status or online
        else:
            target = requested
        definition = statuses.resolve(session, employee.tenant_id, target)
        # Custom statuses cannot be chosen before authorisation (TP-32); «Не изменять» may restore one.
        if (
            definition is None
            or not definition.selectable
            or (not definition.builtin and requested not in (None, KEEP_STATUS))
        ):
            target = online
            definition = statuses.BUILTIN_BY_KEY[online]
        needed = statuses.permission_for(definition)
        if needed is not None:
            principal = principals.load_for_employee(session, employee, session_id=0)
            if not principal.allows_subject(needed, employee.id, ()):
                target = online
        statuses.set_status(session, employee, target, now=now, retention=self._config.retention)

    # --- refresh / logout / expiry ---------------------------------------------------------------------

    def refresh(self, refresh_token: str, *, status: str | None, client: str, now: datetime) -> IssuedSession:
        with self._db.transaction() as session:
            row = session.execute(
                select(RefreshToken).where(RefreshToken.token_hash == token_digest(refresh_token))
            ).scalar_one_or_none()
            if row is None or row.used_at is not None or row.expires_at <= now:
                raise UnauthenticatedError("the saved login has expired: please log in again")
            row.used_at = now
            employee = session.get(Employee, row.employee_id)
            if employee is None:
                raise UnauthenticatedError("the saved login has expired: please log in again")
            if row.session_id is not None:
                self._end_sessions(session, [row.session_id], reason="refreshed", now=now, go_offline=False)
            return self._open_session(session, employee, status=status, remember=True, client=client, now=now)

    def logout(
        self, session_id: int, *, everywhere: bool, now: datetime, keep_remembered: bool = False
    ) -> None:
        with self._db.transaction() as session:
            auth = session.get(AuthSession, session_id)
            if auth is None:
                return
            ids = [session_id]
            if everywhere:
                ids = list(
                    session.execute(
                        select(AuthSession.id).where(
                            AuthSession.employee_id == auth.employee_id, AuthSession.ended_at.is_(None)
                        )
                    ).scalars()
                )
            reason = "closed" if keep_remembered and not everywhere else "logout"
            self._end_sessions(session, ids, reason=reason, now=now, go_offline=True)
        log_event("auth.logout", session_ids=ids, reason=reason)

    def revoke_employee(self, employee_id: int, *, now: datetime) -> int:
        """End every session of an employee (they go offline); returns how many were live."""
        with self._db.transaction() as session:
            ids = list(
                session.execute(
                    select(AuthSession.id).where(
                        AuthSession.employee_id == employee_id, AuthSession.ended_at.is_(None)
                    )
                ).scalars()
            )
            self._end_sessions(session, ids, reason="revoked", now=now, go_offline=True)
        log_event("auth.revoked", employee_id=employee_id, session_ids=ids)
        return len(ids)

    def expire_due(self, now: datetime) -> int:
        """End sessions past their expiry; employees whose last session this was go offline."""
        with self._db.transaction() as session:
            ids = list(
                session.execute(
                    select(AuthSession.id).where(
                        AuthSession.ended_at.is_(None), AuthSession.expires_at <= now
                    )
                ).scalars()
            )
            self._end_sessions(session, ids, reason="expired", now=now, go_offline=True)
            return len(ids)

    def _end_sessions(
        self, session: Session, ids: list[int], *, reason: str, now: datetime, go_offline: bool
    ) -> None:
        if not ids:
            return
        employees = set(
            session.execute(select(AuthSession.employee_id).where(AuthSession.id.in_(ids))).scalars()
        )
        session.execute(
            update(AuthSession)
            .where(AuthSession.id.in_(ids), AuthSession.ended_at.is_(None))
            .values(ended_at=now, end_reason=reason)
        )
        # A refresh token dies with its session unless it is the one being traded in right now, or the
        # client is only closing and keeps «Запомнить» for its next start.
        if reason not in ("refreshed", "closed"):
            session.execute(
                update(RefreshToken)
                .where(RefreshToken.session_id.in_(ids), RefreshToken.used_at.is_(None))
                .values(used_at=now)
            )
        if not go_offline:
            return
        for employee_id in sorted(employees):
            alive = session.execute(
                select(AuthSession.id).where(
                    AuthSession.employee_id == employee_id,
                    AuthSession.ended_at.is_(None),
                    AuthSession.expires_at > now,
                )
            ).first()
            employee = session.get(Employee, employee_id)
            if alive is None and employee is not None:
                statuses.set_status(
                    session, employee, BuiltinStatus.OFFLINE.value, now=now, retention=self._config.retention
                )

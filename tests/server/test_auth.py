"""Login by every identifier form, identical refusals, lockout, refresh, logout and expiry (MW-10..16)."""

from __future__ import annotations

from datetime import datetime

import pytest

from app.server.core.security import PasswordHashing
from app.server.main import sweep_once
from tests.server.conftest import DEMO_PASSWORD, Api, FakeClock


@pytest.mark.parametrize(
    "identifier",
    [
        "300000001/op1",
        "300000001/OP1",
        "op1@demo.example",
        "OP1@Demo.Example",
        "+79160000101",
        "79160000101",
        "89160000101",
        "+7 (916) 000-01-01",
        "300000001-op1",
    ],
)
def test_login_accepts_every_identifier_form_of_the_same_employee(api: Api, identifier: str) -> None:
    answer = api.login(identifier)
    assert answer["me"]["login"] == "300000001/op1"
    assert answer["me"]["full_name"] == "Иванова Анна Сергеевна"


def test_sip_login_is_refused_when_the_admin_disabled_sip_authorisation(api: Api) -> None:
    from sqlalchemy import update

    from app.server.models import Employee

    with api.app.state.ctx.db.transaction() as session:
        session.execute(update(Employee).where(Employee.login == "op1").values(sip_login_allowed=False))
    response = api.client.post(
        "/api/v1/auth/login", json={"login": "300000001-op1", "password": DEMO_PASSWORD}
    )
    assert response.status_code == 401


def test_unknown_login_and_wrong_password_get_the_same_answer(api: Api) -> None:
    unknown = api.client.post(
        "/api/v1/auth/login", json={"login": "300000001/nobody", "password": "Wrong123"}
    )
    wrong = api.client.post("/api/v1/auth/login", json={"login": "300000001/op1", "password": "Wrong123"})
    assert unknown.status_code == wrong.status_code == 401
    assert unknown.json() == wrong.json()
    assert unknown.json()["code"] == "invalid_credentials"


def test_unknown_login_still_spends_one_password_verification(
    api: Api, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[str | None] = []
    original = PasswordHashing.verify

    def spy(self: PasswordHashing, stored: str | None, password: str) -> bool:
        calls.append(stored)
        return original(self, stored, password)

    monkeypatch.setattr(PasswordHashing, "verify", spy)
    api.client.post("/api/v1/auth/login", json={"login": "nobody@nowhere.example", "password": "Wrong123"})
    assert calls == [None]  # verified against the dummy hash


def _fail(api: Api, login: str = "300000001/op1") -> tuple[int, dict[str, object]]:
    response = api.client.post("/api/v1/auth/login", json={"login": login, "password": "Wrong123"})
    return response.status_code, response.json()


def test_sixth_failure_locks_the_login_with_locked_until(api: Api, clock: FakeClock) -> None:
    assert [_fail(api)[0] for _ in range(5)] == [401] * 5
    status, body = _fail(api)
    assert status == 429
    assert body["code"] == "locked"
    assert datetime.fromisoformat(str(body["locked_until"])) == clock.now.replace(minute=5)


def test_locked_login_is_refused_even_with_the_right_password(api: Api) -> None:
    for _ in range(6):
        _fail(api)
    response = api.client.post(
        "/api/v1/auth/login", json={"login": "300000001/op1", "password": DEMO_PASSWORD}
    )
    assert response.status_code == 429
    assert response.headers["Retry-After"] == "300"


def test_lock_ends_after_five_minutes(api: Api, clock: FakeClock) -> None:
    for _ in range(6):
        _fail(api)
    clock.advance(minutes=4, seconds=59)
    locked = api.client.post("/api/v1/auth/login", json={"login": "300000001/op1", "password": DEMO_PASSWORD})
    assert locked.status_code == 429
    clock.advance(seconds=1)
    api.login("op1")


def test_unknown_logins_lock_exactly_like_known_ones(api: Api) -> None:
    known = [_fail(api, "300000001/op2")[0] for _ in range(6)]
    unknown = [_fail(api, "300000001/ghost")[0] for _ in range(6)]
    assert known == unknown == [401] * 5 + [429]


def test_failures_count_per_employee_whatever_identifier_was_typed(api: Api) -> None:
    forms = ["300000001/op1", "op1@demo.example", "89160000101", "300000001/op1", "+79160000101"]
    assert [_fail(api, form)[0] for form in forms] == [401] * 5
    assert _fail(api, "300000001-op1")[0] == 429


def test_successful_login_resets_the_failure_count(api: Api) -> None:
    for _ in range(5):
        _fail(api)
    api.login("op1")
    assert [_fail(api)[0] for _ in range(5)] == [401] * 5


def test_me_describes_the_signed_in_employee(api: Api) -> None:
    token = api.token("supervisor")
    me = api.get("/me", token).json()
    assert me["role"] == "Руководитель группы"
    assert me["role_code"] == "group_head"
    assert {g["name"]: g["supervisor"] for g in me["groups"]} == {"Продажи": True, "Поддержка": True}
    assert me["permission_scopes"]["calls.monitor"] == "OWN+CTRL"
    assert "settings.employee_statuses" in me["permissions"]
    assert [s["key"] for s in me["statuses"]][:6] == [
        "online",
        "break",
        "outbound",
        "all_calls",
        "dnd",
        "offline",
    ]


def test_requests_without_a_token_are_unauthenticated(api: Api) -> None:
    response = api.client.get("/api/v1/me")
    assert response.status_code == 401
    assert response.json()["code"] == "unauthenticated"


def test_logout_ends_the_session(api: Api) -> None:
    token = api.token("op1")
    assert api.post("/auth/logout", token).status_code == 204
    assert api.get("/me", token).status_code == 401


def test_logout_of_the_last_session_puts_the_employee_offline(api: Api) -> None:
    token = api.token("op1")
    admin = api.token("admin")
    api.post("/auth/logout", token)
    op1 = api.employee_id("op1")
    assert api.get(f"/employees/{op1}", admin).json()["status"] == "offline"


def test_logout_keeps_the_status_while_another_session_lives(api: Api) -> None:
    first = api.token("op1")
    api.token("op1")
    api.post("/auth/logout", first)
    admin = api.token("admin")
    assert api.get(f"/employees/{api.employee_id('op1')}", admin).json()["status"] == "online"


def test_logout_everywhere_ends_every_session(api: Api) -> None:
    first, second = api.token("op1"), api.token("op1")
    api.post("/auth/logout", first, json={"everywhere": True})
    assert api.get("/me", second).status_code == 401


def test_expired_session_is_refused_and_the_sweep_puts_the_employee_offline(
    api: Api, clock: FakeClock
) -> None:
    token = api.token("op1")
    clock.advance(hours=12)
    assert api.get("/me", token).status_code == 401
    sweep_once(api.app.state.ctx)
    admin = api.token("admin")
    assert api.get(f"/employees/{api.employee_id('op1')}", admin).json()["status"] == "offline"


def test_remember_returns_a_refresh_token_and_plain_login_does_not(api: Api) -> None:
    assert api.login("op1")["refresh_token"] is None
    remembered = api.login("op1", remember=True)
    assert remembered["refresh_token"]
    assert remembered["refresh_expires_at"]


def test_refresh_token_trades_for_a_new_session_and_retires_the_old_one(api: Api) -> None:
    first = api.login("op1", remember=True)
    response = api.client.post("/api/v1/auth/refresh", json={"refresh_token": first["refresh_token"]})
    assert response.status_code == 200
    second = response.json()
    assert second["token"] != first["token"]
    assert second["refresh_token"] not in (None, first["refresh_token"])
    assert api.get("/me", first["token"]).status_code == 401
    assert api.get("/me", second["token"]).json()["status"] == "online"


def test_refresh_token_works_only_once(api: Api) -> None:
    first = api.login("op1", remember=True)
    api.client.post("/api/v1/auth/refresh", json={"refresh_token": first["refresh_token"]})
    again = api.client.post("/api/v1/auth/refresh", json={"refresh_token": first["refresh_token"]})
    assert again.status_code == 401
    assert again.json()["code"] == "unauthenticated"


def test_refresh_token_dies_with_logout(api: Api) -> None:
    first = api.login("op1", remember=True)
    api.post("/auth/logout", first["token"])
    again = api.client.post("/api/v1/auth/refresh", json={"refresh_token": first["refresh_token"]})
    assert again.status_code == 401


def test_closing_the_client_puts_the_employee_offline_but_keeps_the_remembered_login(api: Api) -> None:
    first = api.login("op1", remember=True)
    assert api.post("/auth/logout", first["token"], json={"keep_remembered": True}).status_code == 204
    assert api.get("/me", first["token"]).status_code == 401
    admin = api.token("admin")
    assert api.get(f"/employees/{api.employee_id('op1')}", admin).json()["status"] == "offline"
    again = api.client.post("/api/v1/auth/refresh", json={"refresh_token": first["refresh_token"]})
    assert again.status_code == 200


def test_refresh_token_expires(api: Api, clock: FakeClock) -> None:
    first = api.login("op1", remember=True)
    clock.advance(days=30)
    again = api.client.post("/api/v1/auth/refresh", json={"refresh_token": first["refresh_token"]})
    assert again.status_code == 401


def test_tokens_are_stored_only_as_digests(api: Api) -> None:
    from sqlalchemy import select

    from app.server.models import AuthSession

    token = api.token("op1")
    with api.app.state.ctx.db.reading() as session:
        stored = list(session.execute(select(AuthSession.token_hash)).scalars())
    assert token not in stored
    assert len(stored) == 1
    assert len(stored[0]) == 64


def test_supervisor_signing_an_operator_out_ends_their_sessions_and_puts_them_offline(api: Api) -> None:
    op4 = api.token("op4")
    supervisor = api.token("supervisor")
    op4_id = api.employee_id("op4")
    assert api.delete(f"/employees/{op4_id}/sessions", supervisor).status_code == 204
    assert api.get("/me", op4).status_code == 401
    assert api.get(f"/employees/{op4_id}", supervisor).json()["status"] == "offline"


def test_operator_cannot_sign_a_colleague_out(api: Api) -> None:
    op2 = api.token("op2")
    response = api.delete(f"/employees/{api.employee_id('op2')}/sessions", api.token("op1"))
    assert response.status_code == 403
    assert api.get("/me", op2).status_code == 200

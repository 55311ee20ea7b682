"""Two-factor authentication (MW-13): enrolment, the login challenge, lockout, replay, switching off."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

import pytest

from app.server.services.two_factor import secret_key, totp
from tests.server.conftest import DEMO_PASSWORD, Api, FakeClock

OP1 = "300000001/op1"


def code_at(secret: str, moment: datetime) -> str:
    return totp(secret_key(secret), moment)


def enrol(api: Api, clock: FakeClock, who: str = "op1") -> str:
    """Switch 2FA on for ``who``; returns the secret. The clock moves on past the confirming code's step."""
    token = api.token(who)
    started = api.post("/me/two-factor", token)
    assert started.status_code == 200, started.text
    secret = str(started.json()["secret"])
    confirmed = api.post("/me/two-factor/confirm", token, {"code": code_at(secret, clock.now)})
    assert confirmed.status_code == 200, confirmed.text
    clock.advance(seconds=30)
    return secret


def password_step(api: Api, login: str = OP1, **body: Any) -> Any:
    return api.client.post("/api/v1/auth/login", json={"login": login, "password": DEMO_PASSWORD, **body})


def code_step(api: Api, challenge: str, code: str) -> Any:
    return api.client.post("/api/v1/auth/two-factor", json={"challenge": challenge, "code": code})


def test_enrolment_gives_a_base32_secret_and_an_otpauth_uri(api: Api) -> None:
    token = api.token("op1")
    answer = api.post("/me/two-factor", token)
    assert answer.status_code == 200
    body = answer.json()
    secret = body["secret"]
    assert len(secret_key(secret)) == 20
    uri = urlsplit(body["uri"])
    assert (uri.scheme, uri.netloc) == ("otpauth", "totp")
    assert uri.path == "/Pult:300000001%2Fop1"  # the label's own slash is escaped
    assert unquote(uri.path) == "/Pult:300000001/op1"
    query = parse_qs(uri.query)
    assert query["secret"] == [secret]
    assert query["issuer"] == ["Pult"]
    assert (query["digits"], query["period"]) == (["6"], ["30"])
    assert api.get("/me/two-factor", token).json() == {"enabled": False, "pending": True}


def test_an_unconfirmed_enrolment_does_not_ask_for_a_code_at_login(api: Api) -> None:
    api.post("/me/two-factor", api.token("op1"))
    assert "token" in password_step(api).json()


def test_a_wrong_confirmation_code_leaves_two_factor_off(api: Api, clock: FakeClock) -> None:
    token = api.token("op1")
    secret = api.post("/me/two-factor", token).json()["secret"]
    wrong = api.post(
        "/me/two-factor/confirm", token, {"code": code_at(secret, clock.now + timedelta(hours=1))}
    )
    assert wrong.status_code == 401
    assert wrong.json()["code"] == "invalid_credentials"
    assert api.get("/me/two-factor", token).json()["enabled"] is False
    assert "token" in password_step(api).json()


def test_login_with_two_factor_answers_a_challenge_and_the_code_gives_the_session(
    api: Api, clock: FakeClock
) -> None:
    secret = enrol(api, clock)
    first = password_step(api, status="break")
    assert first.status_code == 200
    body = first.json()
    assert body["two_factor_required"] is True
    assert "token" not in body
    assert body["locked_until"] is None
    assert datetime.fromisoformat(body["expires_at"]) == clock.now + timedelta(minutes=5)
    second = code_step(api, body["challenge"], code_at(secret, clock.now))
    assert second.status_code == 200, second.text
    session = second.json()
    assert session["me"]["login"] == OP1
    assert session["me"]["status"] == "break"  # the status chosen at the password step (MW-12)
    assert api.get("/me", session["token"]).status_code == 200


def test_a_challenge_is_no_session(api: Api, clock: FakeClock) -> None:
    enrol(api, clock)
    challenge = password_step(api).json()["challenge"]
    assert api.get("/me", challenge).status_code == 401


def test_remember_survives_the_second_factor_and_refresh_needs_no_code(api: Api, clock: FakeClock) -> None:
    secret = enrol(api, clock)
    challenge = password_step(api, remember=True).json()["challenge"]
    session = code_step(api, challenge, code_at(secret, clock.now)).json()
    assert session["refresh_token"]
    refreshed = api.client.post("/api/v1/auth/refresh", json={"refresh_token": session["refresh_token"]})
    assert refreshed.status_code == 200
    assert refreshed.json()["token"]


def test_a_code_from_the_neighbouring_step_is_accepted_and_an_older_one_is_not(
    api: Api, clock: FakeClock
) -> None:
    secret = enrol(api, clock)
    clock.advance(seconds=60)  # the confirming code's step is well behind
    challenge = password_step(api).json()["challenge"]
    stale = code_step(api, challenge, code_at(secret, clock.now - timedelta(seconds=60)))
    assert stale.status_code == 401
    late_phone = code_step(api, challenge, code_at(secret, clock.now - timedelta(seconds=30)))
    assert late_phone.status_code == 200


def test_a_used_code_cannot_be_replayed(api: Api, clock: FakeClock) -> None:
    secret = enrol(api, clock)
    code = code_at(secret, clock.now)
    assert code_step(api, password_step(api).json()["challenge"], code).status_code == 200
    replay = code_step(api, password_step(api).json()["challenge"], code)
    assert replay.status_code == 401
    assert replay.json()["code"] == "invalid_credentials"


def test_a_challenge_is_used_once(api: Api, clock: FakeClock) -> None:
    secret = enrol(api, clock)
    challenge = password_step(api).json()["challenge"]
    assert code_step(api, challenge, code_at(secret, clock.now)).status_code == 200
    clock.advance(seconds=30)
    again = code_step(api, challenge, code_at(secret, clock.now))
    assert again.status_code == 401
    assert again.json()["code"] == "unauthenticated"


def test_the_challenge_expires_after_five_minutes(api: Api, clock: FakeClock) -> None:
    secret = enrol(api, clock)
    challenge = password_step(api).json()["challenge"]
    clock.advance(minutes=5, seconds=1)
    late = code_step(api, challenge, code_at(secret, clock.now))
    assert late.status_code == 401
    assert late.json()["code"] == "unauthenticated"


def test_the_sixth_wrong_code_locks_code_entry_for_five_minutes(api: Api, clock: FakeClock) -> None:
    secret = enrol(api, clock)
    challenge = password_step(api).json()["challenge"]
    wrong = code_at(secret, clock.now + timedelta(hours=1))
    for _ in range(5):
        assert code_step(api, challenge, wrong).status_code == 401
    locked = code_step(api, challenge, wrong)
    assert locked.status_code == 429
    assert locked.json()["code"] == "locked"
    until = datetime.fromisoformat(locked.json()["locked_until"])
    assert until == clock.now + timedelta(minutes=5)
    assert locked.headers["Retry-After"] == "300"
    # Locked: the right code is refused too, and a fresh password step says until when.
    assert code_step(api, challenge, code_at(secret, clock.now)).status_code == 429
    fresh = password_step(api).json()
    assert datetime.fromisoformat(fresh["locked_until"]) == until
    clock.advance(minutes=5)
    again = code_step(api, password_step(api).json()["challenge"], code_at(secret, clock.now))
    assert again.status_code == 200, again.text


def test_a_new_challenge_does_not_reset_the_wrong_code_count(api: Api, clock: FakeClock) -> None:
    secret = enrol(api, clock)
    wrong = code_at(secret, clock.now + timedelta(hours=1))
    for _ in range(5):
        assert code_step(api, password_step(api).json()["challenge"], wrong).status_code == 401
    assert code_step(api, password_step(api).json()["challenge"], wrong).status_code == 429


def test_a_right_code_resets_the_wrong_code_count(api: Api, clock: FakeClock) -> None:
    secret = enrol(api, clock)
    wrong = code_at(secret, clock.now + timedelta(hours=1))
    for _ in range(5):
        assert code_step(api, password_step(api).json()["challenge"], wrong).status_code == 401
    assert (
        code_step(api, password_step(api).json()["challenge"], code_at(secret, clock.now)).status_code == 200
    )
    clock.advance(seconds=30)
    for _ in range(5):
        assert code_step(api, password_step(api).json()["challenge"], wrong).status_code == 401


def test_a_code_that_is_not_six_digits_is_refused_with_a_reason_and_not_counted(
    api: Api, clock: FakeClock
) -> None:
    secret = enrol(api, clock)
    challenge = password_step(api).json()["challenge"]
    for _ in range(7):
        bad = code_step(api, challenge, "12ab")
        assert bad.status_code == 422
        assert bad.json()["fields"][0]["loc"] == ["body", "code"]
    spaced = code_at(secret, clock.now)
    assert code_step(api, challenge, f"{spaced[:3]} {spaced[3:]}").status_code == 200


def test_a_wrong_password_never_reaches_the_code_step(api: Api, clock: FakeClock) -> None:
    enrol(api, clock)
    wrong = api.client.post("/api/v1/auth/login", json={"login": OP1, "password": "Wrong1234"})
    assert wrong.status_code == 401
    assert "challenge" not in wrong.json()


def test_enrolling_again_while_on_is_refused(api: Api, clock: FakeClock) -> None:
    secret = enrol(api, clock)
    token = code_step(api, password_step(api).json()["challenge"], code_at(secret, clock.now)).json()["token"]
    assert api.post("/me/two-factor", token).status_code == 409
    assert api.get("/me/two-factor", token).json() == {"enabled": True, "pending": False}


def test_the_user_switches_it_off_with_a_code(api: Api, clock: FakeClock) -> None:
    secret = enrol(api, clock)
    token = code_step(api, password_step(api).json()["challenge"], code_at(secret, clock.now)).json()["token"]
    clock.advance(seconds=30)
    refused = api.post(
        "/me/two-factor/disable", token, {"code": code_at(secret, clock.now + timedelta(hours=1))}
    )
    assert refused.status_code == 401
    assert api.get("/me/two-factor", token).json()["enabled"] is True
    off = api.post("/me/two-factor/disable", token, {"code": code_at(secret, clock.now)})
    assert off.status_code == 200
    assert off.json()["enabled"] is False
    assert "token" in password_step(api).json()


def test_an_administrator_switches_an_employees_two_factor_off(api: Api, clock: FakeClock) -> None:
    enrol(api, clock)
    op1 = api.employee_id("op1")
    answer = api.delete(f"/employees/{op1}/two-factor", api.token("admin"))
    assert answer.status_code == 204
    assert "token" in password_step(api).json()
    again = api.delete(f"/employees/{op1}/two-factor", api.token("admin"))
    assert again.status_code == 404


@pytest.mark.parametrize("who", ["op2", "supervisor"])
def test_roles_without_employee_editing_cannot_switch_it_off(api: Api, clock: FakeClock, who: str) -> None:
    enrol(api, clock)
    op1 = api.employee_id("op1")
    refused = api.delete(f"/employees/{op1}/two-factor", api.token(who))
    assert refused.status_code == 403
    assert password_step(api).json()["two_factor_required"] is True


def test_an_administrator_cannot_reach_an_unknown_employee(api: Api) -> None:
    assert api.delete("/employees/999999/two-factor", api.token("admin")).status_code == 404


def test_the_secret_is_not_shown_again_once_on(api: Api, clock: FakeClock) -> None:
    secret = enrol(api, clock)
    token = code_step(api, password_step(api).json()["challenge"], code_at(secret, clock.now)).json()["token"]
    assert secret not in api.get("/me/two-factor", token).text
    assert secret not in api.get("/me", token).text

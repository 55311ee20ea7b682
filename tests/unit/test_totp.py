"""TOTP of the second factor (MW-13) against the published test vectors of RFC 4226 and RFC 6238."""

from __future__ import annotations

import base64
from datetime import UTC, datetime

import pytest

from app.server.core.errors import ValidationFailedError
from app.server.services.two_factor import (
    hotp,
    matching_step,
    new_secret,
    normalize_code,
    provisioning_uri,
    secret_key,
    time_step,
    totp,
)

SHA1_KEY = b"12345678901234567890"
SHA256_KEY = b"12345678901234567890123456789012"
SHA512_KEY = b"1234567890123456789012345678901234567890123456789012345678901234"
KEYS = {"sha1": SHA1_KEY, "sha256": SHA256_KEY, "sha512": SHA512_KEY}


@pytest.mark.parametrize(
    ("counter", "expected"),
    list(
        enumerate(
            [
                "755224",
                "287082",
                "359152",
                "969429",
                "338314",
                "254676",
                "287922",
                "162583",
                "399871",
                "520489",
            ]
        )
    ),
)
def test_hotp_matches_rfc_4226_appendix_d(counter: int, expected: str) -> None:
    assert hotp(SHA1_KEY, counter) == expected


@pytest.mark.parametrize(
    ("seconds", "digest", "expected"),
    [
        (59, "sha1", "94287082"),
        (59, "sha256", "46119246"),
        (59, "sha512", "90693936"),
        (1111111109, "sha1", "07081804"),
        (1111111109, "sha256", "68084774"),
        (1111111109, "sha512", "25091201"),
        (1111111111, "sha1", "14050471"),
        (1111111111, "sha256", "67062674"),
        (1111111111, "sha512", "99943326"),
        (1234567890, "sha1", "89005924"),
        (1234567890, "sha256", "91819424"),
        (1234567890, "sha512", "93441116"),
        (2000000000, "sha1", "69279037"),
        (2000000000, "sha256", "90698825"),
        (2000000000, "sha512", "38618901"),
        (20000000000, "sha1", "65353130"),
        (20000000000, "sha256", "77737706"),
        (20000000000, "sha512", "47863826"),
    ],
)
def test_totp_matches_rfc_6238_appendix_b(seconds: int, digest: str, expected: str) -> None:
    assert totp(KEYS[digest], seconds, digits=8, digest=digest) == expected


def test_totp_takes_an_aware_datetime_as_the_same_moment() -> None:
    moment = datetime.fromtimestamp(1234567890, tz=UTC)
    assert totp(SHA1_KEY, moment, digits=8) == "89005924"
    assert totp(SHA1_KEY, moment) == "005924"  # six digits: the same value, truncated by the modulus


def test_a_new_secret_is_160_random_bits_in_base32() -> None:
    first, second = new_secret(), new_secret()
    assert first != second
    assert len(secret_key(first)) == 20
    assert first == first.upper()
    assert "=" not in first


def test_secret_key_forgives_case_spaces_and_missing_padding() -> None:
    secret = base64.b32encode(SHA1_KEY).decode()
    assert secret_key(secret.lower().rstrip("=")) == SHA1_KEY
    spaced = " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))
    assert secret_key(spaced) == SHA1_KEY


def test_matching_step_accepts_one_step_of_drift_either_way_and_nothing_used() -> None:
    secret = base64.b32encode(SHA1_KEY).decode()
    now = datetime.fromtimestamp(1_800_000_000, tz=UTC)
    current = time_step(now)
    for offset in (-1, 0, 1):
        assert matching_step(secret, hotp(SHA1_KEY, current + offset), now, after=None) == current + offset
    for offset in (-2, 2):
        assert matching_step(secret, hotp(SHA1_KEY, current + offset), now, after=None) is None
    assert matching_step(secret, hotp(SHA1_KEY, current), now, after=current) is None
    assert matching_step(secret, hotp(SHA1_KEY, current + 1), now, after=current) == current + 1


@pytest.mark.parametrize("typed", ["123456", "123 456", "123-456", " 123456 "])
def test_a_typed_code_keeps_only_its_digits(typed: str) -> None:
    assert normalize_code(typed) == "123456"


@pytest.mark.parametrize("typed", ["12345", "1234567", "12a456", "١٢٣٤٥٦", ""])
def test_a_code_that_is_not_six_digits_is_refused(typed: str) -> None:
    with pytest.raises(ValidationFailedError):
        normalize_code(typed)


def test_the_provisioning_uri_carries_issuer_digits_and_period() -> None:
    uri = provisioning_uri("JBSWY3DPEHPK3PXP", account="300000001/op1")
    assert uri.startswith("otpauth://totp/Pult:300000001%2Fop1?")
    assert "secret=JBSWY3DPEHPK3PXP" in uri
    assert "issuer=Pult" in uri
    assert "digits=6" in uri
    assert "period=30" in uri

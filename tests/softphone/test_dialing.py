"""Dialling rules of spec TP-49."""

from __future__ import annotations

import pytest

from softphone.dialing import EXTENSION_DTMF_DELAY_S, RedialMemory, normalise_number, parse_dial_string
from softphone.errors import InvalidNumberError


@pytest.mark.parametrize(
    ("typed", "number"),
    [
        ("74952000000", "74952000000"),
        ("+7 (495) 200-00-00", "74952000000"),
        ("84952000000", "74952000000"),
        ("0049301234567", "49301234567"),
        ("101", "101"),
        ("*72#", "*72#"),
    ],
)
def test_numbers_are_normalised_to_international_form_without_plus(typed: str, number: str) -> None:
    target = parse_dial_string(typed)
    assert target.number == number
    assert target.dtmf_suffix == ""
    assert target.sip_uri("pbx.example.com") == f"sip:{number}@pbx.example.com"


@pytest.mark.parametrize("typed", ["74955555.253", "74955555,253"])
def test_extension_after_dot_or_comma_is_sent_as_dtmf_after_five_seconds(typed: str) -> None:
    target = parse_dial_string(typed)
    assert target.number == "74955555"
    assert target.dtmf_suffix == "253"
    assert target.dtmf_delay_s == EXTENSION_DTMF_DELAY_S == 5.0


def test_dots_between_digit_groups_are_formatting_not_an_extension() -> None:
    assert parse_dial_string("495.200.00.00").number == "4952000000"


@pytest.mark.parametrize(
    ("typed", "uri"),
    [
        ("ivanov@mangosip.ru", "sip:ivanov@mangosip.ru"),
        ("sip:ivanov@mangosip.ru", "sip:ivanov@mangosip.ru"),
        ("SIP:ivanov@mangosip.ru", "sip:ivanov@mangosip.ru"),
        ("sips:ivanov@example.org:5061", "sips:ivanov@example.org:5061"),
        ("  bob@127.0.0.1:5080  ", "sip:bob@127.0.0.1:5080"),
    ],
)
def test_sip_ids_with_or_without_scheme_become_sip_uris(typed: str, uri: str) -> None:
    target = parse_dial_string(typed)
    assert target.uri == uri
    assert target.sip_uri("ignored.example") == uri


@pytest.mark.parametrize(
    "typed",
    [
        "",
        "   ",
        "hello",
        "sip: ivanov@mangosip.ru",
        "iva nov@mangosip.ru",
        "7495,",
        "7495.12x",
        "12a34",
        "1" * 21,
    ],
)
def test_invalid_input_is_refused_with_a_reason(typed: str) -> None:
    with pytest.raises(InvalidNumberError):
        parse_dial_string(typed)


def test_a_number_without_domain_cannot_become_a_uri() -> None:
    with pytest.raises(InvalidNumberError):
        parse_dial_string("74952000000").sip_uri("")


def test_normalise_keeps_other_country_trunk_prefixes() -> None:
    assert normalise_number("84952000000", country_code="49") == "84952000000"


def test_redial_recalls_the_last_number_of_the_session() -> None:
    memory = RedialMemory()
    assert memory.recall() == ""
    memory.remember("74952000000")
    memory.remember("  ")
    assert memory.recall() == "74952000000"
    memory.remember("sip:bob@example.org")
    assert memory.recall() == "sip:bob@example.org"

"""Dialling rules of spec TP-49: what the operator types becomes a SIP target plus post-dial DTMF.

Pure functions, no pjsua2. Accepted input:

- phone numbers in international format without "+" (``74952000000``); "+", spaces, dashes, dots
  between digit groups and brackets are tolerated and removed, a leading ``00`` international prefix is
  dropped, and an 11-digit national number with trunk prefix ``8`` becomes ``7…`` (Russian numbering);
- ``N.EXT`` or ``N,EXT``: dial N, then send EXT as DTMF 5 s after the call is answered;
- SIP ids: ``ivanov@mangosip.ru`` or ``sip:ivanov@mangosip.ru`` (``sips:`` too), no spaces.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from softphone.errors import InvalidNumberError

EXTENSION_DTMF_DELAY_S = 5.0

_SIP_ID = re.compile(
    r"^(?P<user>[A-Za-z0-9._~+\-!$&'()*=%;]+)@(?P<host>[A-Za-z0-9.\-]+|\[[0-9A-Fa-f:.]+\])(?::(?P<port>\d{1,5}))?(?P<params>(?:;[A-Za-z0-9\-_.=]+)*)$"
)
_FORMATTING = re.compile(r"[\s\-()]")
_DTMF = re.compile(r"^[0-9*#A-Da-d]+$")
_NUMBER = re.compile(r"^[0-9*#]+$")


@dataclass(frozen=True, slots=True)
class DialTarget:
    """What to call: ``uri`` is complete when the operator typed a SIP id, else ``number`` is set."""

    number: str = ""
    uri: str = ""
    dtmf_suffix: str = ""
    dtmf_delay_s: float = 0.0

    def sip_uri(self, domain: str) -> str:
        """The request URI: a typed SIP id as is, a number at the account's ``domain``."""
        if self.uri:
            return self.uri
        if not domain:
            raise InvalidNumberError("a phone number needs a SIP domain to be dialled")
        return f"sip:{self.number}@{domain}"


def normalise_number(raw: str, *, country_code: str = "7") -> str:
    """Bring a phone number to the international form without "+"; raise on anything that is not one."""
    text = _FORMATTING.sub("", raw.strip())
    if text.startswith("+"):
        text = text[1:]
    elif text.startswith("00") and len(text) > 4:
        text = text[2:]
    if not text or not _NUMBER.fullmatch(text):
        raise InvalidNumberError(f"not a phone number: {raw!r}")
    if country_code == "7" and len(text) == 11 and text.startswith("8"):
        text = "7" + text[1:]
    if len(text) > 20:
        raise InvalidNumberError(f"number too long: {raw!r}")
    return text


def parse_dial_string(raw: str, *, country_code: str = "7") -> DialTarget:
    """Turn the keypad field into a DialTarget; raise ``InvalidNumberError`` with the reason."""
    text = raw.strip()
    if not text:
        raise InvalidNumberError("nothing to dial")
    lowered = text.lower()
    if lowered.startswith(("sip:", "sips:")):
        scheme, _, rest = text.partition(":")
        if " " in rest or not _SIP_ID.fullmatch(rest):
            raise InvalidNumberError(f"not a SIP address: {raw!r}")
        return DialTarget(uri=f"{scheme.lower()}:{rest}")
    if "@" in text:
        if " " in text or not _SIP_ID.fullmatch(text):
            raise InvalidNumberError(f"not a SIP address: {raw!r}")
        return DialTarget(uri=f"sip:{text}")
    number, sep, extension = _split_extension(text)
    if sep:
        if not extension or not _DTMF.fullmatch(extension):
            raise InvalidNumberError(f"bad extension in {raw!r}")
        return DialTarget(
            number=normalise_number(number, country_code=country_code),
            dtmf_suffix=extension,
            dtmf_delay_s=EXTENSION_DTMF_DELAY_S,
        )
    return DialTarget(number=normalise_number(number, country_code=country_code))


def _split_extension(text: str) -> tuple[str, str, str]:
    # A dot between digit groups ("495.200.00.00") is formatting only when no comma is present and more
    # than one dot occurs; a single dot or comma separates the extension (spec: "74955555.253").
    if "," in text:
        number, _, ext = text.partition(",")
        return number.replace(".", ""), ",", ext.strip()
    if text.count(".") == 1:
        number, _, ext = text.partition(".")
        return number, ".", ext.strip()
    return text.replace(".", ""), "", ""


class RedialMemory:
    """The last number dialled in this client session (spec TP-49: not persisted)."""

    def __init__(self) -> None:
        self._last = ""

    def remember(self, dialled: str) -> None:
        if dialled.strip():
            self._last = dialled.strip()

    def recall(self) -> str:
        return self._last

"""What a login field holds (MW-10): ``<product>/<login>``, e-mail, mobile number or SIP account."""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

_MOBILE_SEPARATORS = re.compile(r"[\s()\-]")
_MOBILE = re.compile(r"^(?:\+7|7|8)(9\d{9})$")
LOGIN_PATTERN = r"^[a-z0-9][a-z0-9._-]{0,63}$"


class IdentifierKind(StrEnum):
    LOGIN = "login"
    EMAIL = "email"
    MOBILE = "mobile"
    SIP = "sip"


@dataclass(frozen=True, slots=True)
class Identifier:
    kind: IdentifierKind
    value: str
    product: str | None = None

    @property
    def lockout_key(self) -> str:
        """Failures count per identity as typed (normalised), known or not."""
        prefix = f"{self.product}/" if self.product else ""
        return f"{self.kind.value}:{prefix}{self.value}"


def normalise_mobile(text: str) -> str | None:
    """``+79…``, ``79…`` and ``89…`` (spaces, dashes, brackets allowed) → ``79XXXXXXXXX``; else None."""
    match = _MOBILE.match(_MOBILE_SEPARATORS.sub("", text))
    return f"7{match.group(1)}" if match else None


def classify(text: str) -> Identifier:
    text = text.strip()
    if "/" in text:
        product, _, login = text.partition("/")
        return Identifier(IdentifierKind.LOGIN, login.strip().lower(), product=product.strip())
    if "@" in text:
        return Identifier(IdentifierKind.EMAIL, text.lower())
    mobile = normalise_mobile(text)
    if mobile is not None:
        return Identifier(IdentifierKind.MOBILE, mobile)
    return Identifier(IdentifierKind.SIP, text.lower())

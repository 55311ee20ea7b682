"""``tel:``, ``callto:`` and ``sip:`` links handed to the client (spec part 7, App. 4, R-URL-3).

A link becomes the text an operator would have typed into the number field; the dialling rules of the
softphone (TP-49) then judge and normalise it like any typed number. Windows passed the original client
``-<url>``, browsers percent-encode, and ``tel:`` carries parameters (``;phone-context=``, ``?…``) that are
not part of the number, so all of that is removed here; only an extension (``;ext=123``) is kept, as the
tones ``,123`` dialled after the answer (TP-49's pause syntax).
"""

from __future__ import annotations

import re
from urllib.parse import unquote

SCHEMES = ("tel", "callto", "sip", "sips")
_SEPARATORS = re.compile(r"[\s\-().\u00a0/]")


class CallLinkError(ValueError):
    """The argument is not a call link nor a number."""


def link_to_dial_text(raw: str) -> str:
    """``tel:+7-495-123-45-67;phone-context=x`` → ``+74951234567``; ``sip:u@h`` stays a SIP address.

    A bare number (no scheme) is accepted as it is. Raises :class:`CallLinkError` when nothing dialable
    is left.
    """
    text = raw.strip()
    if text.startswith("-"):
        text = text[1:].strip()  # the original client's registry entries passed "-%1"
    text = text.strip("\"'")
    scheme, colon, rest = text.partition(":")
    scheme = scheme.lower()
    if colon and scheme in ("sip", "sips"):
        address = unquote(rest).strip().removeprefix("//")
        address = address.split("?", 1)[0]
        if not address or " " in address or "@" not in address:
            raise CallLinkError(f"not a SIP address: {raw!r}")
        return f"{scheme}:{address}"
    if colon and scheme in ("tel", "callto"):
        text = rest
    elif colon and not scheme.isdigit():
        raise CallLinkError(f"not a call link: {raw!r}")
    text = unquote(text).strip().removeprefix("//")
    text, *parameters = text.split("?", 1)[0].split(";")
    text = text.strip()
    extension = _extension(parameters)
    if "@" in text:  # callto:user@host is a SIP id in Skype-era links
        if " " in text:
            raise CallLinkError(f"not a SIP address: {raw!r}")
        return f"sip:{text}"
    number = _SEPARATORS.sub("", text)
    if extension and "," not in number:
        number = f"{number},{extension}"
    if not number or not re.fullmatch(r"\+?[0-9*#]+(?:[,][0-9*#]+)?", number):
        raise CallLinkError(f"not a phone number: {raw!r}")
    return number


def _extension(parameters: list[str]) -> str:
    """RFC 3966 ``;ext=123``: the extension, dialled as tones after the answer like a typed ``,123``."""
    for parameter in parameters:
        name, _equals, value = parameter.partition("=")
        if name.strip().lower() == "ext":
            return _SEPARATORS.sub("", value)
    return ""

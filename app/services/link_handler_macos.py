"""macOS side of «Проверить обработку ссылок» (spec App. 4, R-URL-1/5); see :mod:`app.services.link_handler`.

LaunchServices answers which bundle opens a URL scheme (``LSCopyDefaultHandlerForURLScheme``) and sets it
for the user (``LSSetDefaultHandlerForURLScheme``, no administrator rights). Only a client running from its
``.app`` (bundle id ``org.pult.client``, whose ``Info.plist`` declares the schemes) can be registered; a
checkout is told so. Both functions are deprecated by Apple but still work through macOS 14; called through
``ctypes`` so no Objective-C bridge is needed. Not run by this project's tests (Linux CI).
"""

from __future__ import annotations

import ctypes
import ctypes.util
import sys
from collections.abc import Sequence

from app.services.link_handler import MAC_BUNDLE_ID, SCHEMES, LinkHandlerReport, SchemeHandler

_UTF8 = 0x08000100  # kCFStringEncodingUTF8


def _frameworks() -> tuple[ctypes.CDLL, ctypes.CDLL]:
    foundation = ctypes.util.find_library("CoreFoundation")
    services = ctypes.util.find_library("CoreServices")
    if not foundation or not services:
        raise OSError("LaunchServices is available on macOS only")
    cf, ls = ctypes.CDLL(foundation), ctypes.CDLL(services)
    cf.CFStringCreateWithCString.restype = ctypes.c_void_p
    cf.CFStringCreateWithCString.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_uint32]
    cf.CFStringGetCString.restype = ctypes.c_bool
    cf.CFStringGetCString.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_long, ctypes.c_uint32]
    cf.CFRelease.argtypes = [ctypes.c_void_p]
    ls.LSCopyDefaultHandlerForURLScheme.restype = ctypes.c_void_p
    ls.LSCopyDefaultHandlerForURLScheme.argtypes = [ctypes.c_void_p]
    ls.LSSetDefaultHandlerForURLScheme.restype = ctypes.c_int32
    ls.LSSetDefaultHandlerForURLScheme.argtypes = [ctypes.c_void_p, ctypes.c_void_p]
    return cf, ls


def _cf_string(cf: ctypes.CDLL, text: str) -> int:
    return int(cf.CFStringCreateWithCString(None, text.encode(), _UTF8))


def _handler(cf: ctypes.CDLL, ls: ctypes.CDLL, scheme: str) -> str:
    name = _cf_string(cf, scheme)
    try:
        found = ls.LSCopyDefaultHandlerForURLScheme(name)
        if not found:
            return ""
        buffer = ctypes.create_string_buffer(1024)
        ok = cf.CFStringGetCString(found, buffer, len(buffer), _UTF8)
        cf.CFRelease(found)
        return buffer.value.decode() if ok else ""
    finally:
        cf.CFRelease(name)


def _in_bundle() -> bool:
    return bool(getattr(sys, "frozen", False)) and ".app/Contents/" in sys.executable


def check(command: Sequence[str]) -> LinkHandlerReport:
    cf, ls = _frameworks()
    schemes = []
    for scheme in SCHEMES:
        bundle = _handler(cf, ls, scheme)
        ours = bundle.lower() == MAC_BUNDLE_ID and _in_bundle()
        schemes.append(SchemeHandler(scheme=scheme, handler=bundle, name=bundle, ours=ours))
    return LinkHandlerReport(
        platform="darwin", schemes=tuple(schemes), can_register=_in_bundle(), tested=False
    )


def register(command: Sequence[str]) -> LinkHandlerReport:
    if not _in_bundle():
        raise OSError("only Pult started from its .app can handle links on macOS")
    cf, ls = _frameworks()
    bundle = _cf_string(cf, MAC_BUNDLE_ID)
    try:
        for scheme in SCHEMES:
            name = _cf_string(cf, scheme)
            try:
                status = ls.LSSetDefaultHandlerForURLScheme(name, bundle)
            finally:
                cf.CFRelease(name)
            if status != 0:
                raise OSError(f"LaunchServices refused {scheme}: (OSStatus {status})")
    finally:
        cf.CFRelease(bundle)
    report = check(command)
    return LinkHandlerReport(
        platform="darwin", schemes=report.schemes, can_register=True, tested=False, registered=True
    )

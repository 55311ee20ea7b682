"""Windows side of «Проверить обработку ссылок» (App. 4, R-URL-1/5); see :mod:`app.services.link_handler`.

Who opens a scheme: the user's choice in ``…\\Shell\\Associations\\UrlAssociations\\<scheme>\\UserChoice``
(``ProgId``) when there is one, else the class ``<scheme>`` (per-user ``HKCU\\Software\\Classes`` before the
machine's) and its ``shell\\open\\command``. Registering writes, per user and without administrator rights,
what the installer writes (``packaging/windows/pult.iss``): the ``Pult.URL`` class, the schemes' classes and
the Default Apps capability; Windows 10 and later protect ``UserChoice`` with a hash only the system may
write, so where another program is the user's choice the system's default-apps page is opened for the user
to pick Pult. Written against the documented registry layout; not run by this project's tests (Linux CI).
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

from app.services.link_handler import SCHEMES, WINDOWS_PROG_ID, LinkHandlerReport, SchemeHandler

_ASSOCIATIONS = r"Software\Microsoft\Windows\Shell\Associations\UrlAssociations"


def _command_text(command: Sequence[str]) -> str:
    return " ".join(f'"{part}"' for part in command) + ' "%1"'


if sys.platform == "win32":
    import os
    import winreg

    def _read(root: int, key: str, name: str = "") -> str:
        try:
            with winreg.OpenKey(root, key) as handle:
                value, _kind = winreg.QueryValueEx(handle, name)
        except OSError:
            return ""
        return str(value)

    def _write(key: str, name: str, value: str) -> None:
        with winreg.CreateKeyEx(winreg.HKEY_CURRENT_USER, key, 0, winreg.KEY_SET_VALUE) as handle:
            winreg.SetValueEx(handle, name, 0, winreg.REG_SZ, value)

    def _open_command(prog_id: str) -> str:
        for root in (winreg.HKEY_CURRENT_USER, winreg.HKEY_LOCAL_MACHINE):
            found = _read(root, rf"Software\Classes\{prog_id}\shell\open\command")
            if found:
                return found
        return ""

    def _ours(open_command: str, command: Sequence[str]) -> bool:
        # Every part: a checkout runs python.exe, which other programs' commands may start too.
        found = os.path.normcase(open_command)
        return all(os.path.normcase(os.path.abspath(part)) in found for part in command)

    def check(command: Sequence[str]) -> LinkHandlerReport:
        schemes = []
        for scheme in SCHEMES:
            prog_id = _read(winreg.HKEY_CURRENT_USER, rf"{_ASSOCIATIONS}\{scheme}\UserChoice", "ProgId")
            handler = prog_id or scheme
            open_command = _open_command(handler)
            schemes.append(
                SchemeHandler(
                    scheme=scheme,
                    handler=handler if open_command else "",
                    name=prog_id or open_command,
                    ours=bool(open_command) and _ours(open_command, command),
                )
            )
        return LinkHandlerReport(platform="win32", schemes=tuple(schemes), can_register=True, tested=False)

    def register(command: Sequence[str]) -> LinkHandlerReport:
        text = _command_text(command)
        icon = f'"{command[0]}",0'
        _write(rf"Software\Classes\{WINDOWS_PROG_ID}", "", "Pult call link")
        _write(rf"Software\Classes\{WINDOWS_PROG_ID}\DefaultIcon", "", icon)
        _write(rf"Software\Classes\{WINDOWS_PROG_ID}\shell\open\command", "", text)
        for scheme in SCHEMES:
            _write(rf"Software\Classes\{scheme}", "URL Protocol", "")
            _write(rf"Software\Classes\{scheme}\DefaultIcon", "", icon)
            _write(rf"Software\Classes\{scheme}\shell\open\command", "", text)
            _write(r"Software\Pult\Capabilities\URLAssociations", scheme, WINDOWS_PROG_ID)
        _write(r"Software\Pult\Capabilities", "ApplicationName", "Pult")
        _write(r"Software\RegisteredApplications", "Pult", r"Software\Pult\Capabilities")
        report = check(command)
        notes: tuple[str, ...] = ()
        if not report.all_ours:
            os.startfile("ms-settings:defaultapps")  # noqa: S606  # the user's choice is the system's to write
            notes = ("windows_default_apps",)
        return LinkHandlerReport(
            platform="win32",
            schemes=report.schemes,
            can_register=True,
            tested=False,
            registered=True,
            notes=notes,
        )

else:

    def check(command: Sequence[str]) -> LinkHandlerReport:
        raise OSError("the Windows registry exists on Windows only")

    def register(command: Sequence[str]) -> LinkHandlerReport:
        raise OSError("the Windows registry exists on Windows only")

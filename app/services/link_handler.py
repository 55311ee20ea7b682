"""Is this client the system's handler for ``tel:``, ``callto:`` and ``sip:`` links? (spec App. 4, R-URL-5)

«Проверить обработку ссылок» asks the desktop which program opens each scheme and whether that program
is this client; where the user may change it without administrator rights it offers to make this client
the handler.

- Linux (freedesktop): ``xdg-mime query default x-scheme-handler/<scheme>`` names a desktop entry; the
  entry's ``Exec`` says what runs. An installed package's ``pult.desktop`` whose ``Exec`` is this client is
  used as it is; otherwise (a checkout, a copy elsewhere) a hidden user-level ``pult-local.desktop`` is
  written to ``$XDG_DATA_HOME/applications`` and made the default with ``xdg-mime default`` (which writes
  ``$XDG_CONFIG_HOME/mimeapps.list``). The commands run in ``QProcess`` so the window never waits on them.
- Windows: the per-user choice (``…\\UrlAssociations\\<scheme>\\UserChoice``) or else the per-user class
  ``HKCU\\Software\\Classes\\<scheme>``; registering writes the per-user class and the Default Apps
  capability of the installer (``Pult.URL``), and since Windows 10 protects the user's choice, the user
  then confirms it in the system's default-apps page. Written to the registry layout of the Inno Setup
  script, not run here: ``tested`` is False.
- macOS: LaunchServices (``LSCopyDefaultHandlerForURLScheme`` / ``LSSetDefaultHandlerForURLScheme``) with
  the bundle id ``org.pult.client``; only a client running from its ``.app`` can be registered. Not run
  here either.
"""

from __future__ import annotations

import configparser
import os
import re
import shutil
import sys
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import QObject, QProcess, QProcessEnvironment, QTimer, Signal

SCHEMES = ("tel", "callto", "sip")
PACKAGED_ENTRY = "pult.desktop"
LOCAL_ENTRY = "pult-local.desktop"
WINDOWS_PROG_ID = "Pult.URL"
MAC_BUNDLE_ID = "org.pult.client"
_STRING_ESCAPES = {"s": " ", "n": "\n", "t": "\t", "r": "\r", "\\": "\\"}
_QUOTED_ESCAPES = '"`$\\'
_DESKTOP_ID = re.compile(r"[\w.+-]+\.desktop")
_FIELD_CODES = {"%f", "%F", "%u", "%U", "%d", "%D", "%n", "%N", "%i", "%c", "%k", "%v", "%m"}


@dataclass(frozen=True, slots=True)
class SchemeHandler:
    """Who opens one scheme: ``handler`` is a desktop id / ProgId / bundle id ("" when nobody)."""

    scheme: str
    handler: str = ""
    name: str = ""
    """What the user knows the handler by (the entry's ``Name``), or the handler id."""
    ours: bool = False


@dataclass(frozen=True, slots=True)
class LinkHandlerReport:
    platform: str
    schemes: tuple[SchemeHandler, ...] = ()
    can_register: bool = False
    """This client can make itself the handler without administrator rights."""
    tested: bool = True
    """False where the check is written but has not been run on that system by the project's tests."""
    error: str = ""
    """Why nothing could be asked (the desktop tool is missing, a command failed)."""
    registered: bool = False
    """This report follows a registration (the user asked to make this client the handler)."""
    notes: tuple[str, ...] = field(default=())

    @property
    def all_ours(self) -> bool:
        return bool(self.schemes) and all(s.ours for s in self.schemes)


def client_command() -> list[str]:
    """How this client is started: the frozen executable, or the interpreter and ``main.py``."""
    if getattr(sys, "frozen", False):
        return [sys.executable]
    return [sys.executable, str(Path(__file__).resolve().parents[2] / "main.py")]


# -- freedesktop ---------------------------------------------------------------------------------------


def data_dirs(env: Mapping[str, str]) -> list[Path]:
    """``$XDG_DATA_HOME`` then ``$XDG_DATA_DIRS``: where desktop entries live, most personal first."""
    home = env.get("XDG_DATA_HOME") or str(Path(env.get("HOME", str(Path.home()))) / ".local" / "share")
    system = env.get("XDG_DATA_DIRS") or "/usr/local/share:/usr/share"
    return [Path(home), *(Path(p) for p in system.split(":") if p)]


def find_entry(desktop_id: str, env: Mapping[str, str]) -> Path | None:
    """The file of a desktop id (``kde-foo.desktop`` may live in ``applications/kde/foo.desktop``)."""
    if not desktop_id or "/" in desktop_id:
        return None
    candidates = [desktop_id]
    if "-" in desktop_id:
        candidates.append(desktop_id.replace("-", "/", 1))
    for base in data_dirs(env):
        for name in candidates:
            path = base / "applications" / name
            if path.is_file():
                return path
    return None


def read_entry(path: Path) -> tuple[str, list[str]]:
    """(``Name``, ``Exec`` argv without field codes) of a desktop entry; ("", []) when unreadable."""
    parser = configparser.ConfigParser(interpolation=None, strict=False)
    parser.optionxform = str  # type: ignore[assignment, method-assign]  # keys are case-sensitive
    try:
        parser.read_string(path.read_text(encoding="utf-8", errors="replace"))
        section = parser["Desktop Entry"]
    except (OSError, configparser.Error, KeyError):
        return "", []
    argv = split_exec(section.get("Exec", ""))
    argv = [arg.replace("%%", "%") for arg in argv if arg not in _FIELD_CODES]
    return section.get("Name", ""), argv


def split_exec(value: str) -> list[str]:
    """The argv of an ``Exec`` value by the Desktop Entry spec: the string escapes (a doubled backslash,
    ``\\s``…) first, then arguments split on blanks; a double-quoted one escapes ``"`$\\`` with a
    backslash."""
    text = re.sub(r"\\(.)", lambda m: _STRING_ESCAPES.get(m.group(1), "\\" + m.group(1)), value)
    argv: list[str] = []
    current: list[str] = []
    started = quoted = False
    index = 0
    while index < len(text):
        char = text[index]
        if quoted:
            if char == "\\" and index + 1 < len(text) and text[index + 1] in _QUOTED_ESCAPES:
                index += 1
                current.append(text[index])
            elif char == '"':
                quoted = False
            else:
                current.append(char)
        elif char == '"':
            quoted = started = True
        elif char in " \t":
            if started:
                argv.append("".join(current))
                current, started = [], False
        else:
            current.append(char)
            started = True
        index += 1
    if started:
        argv.append("".join(current))
    return argv


def _same_file(one: str, two: str, env: Mapping[str, str]) -> bool:
    found = one if os.sep in one else shutil.which(one, path=env.get("PATH"))
    if not found:
        return False
    try:
        return Path(found).resolve() == Path(two).resolve()
    except OSError:
        return False


def runs_this_client(argv: Sequence[str], command: Sequence[str], env: Mapping[str, str]) -> bool:
    """Whether an entry's ``Exec`` starts ``command`` (the interpreter and script compared as files)."""
    if len(argv) < len(command) or not command:
        return False
    return all(_same_file(a, c, env) for a, c in zip(argv, command, strict=False))


def desktop_exec(argv: Sequence[str]) -> str:
    """``Exec=`` text for ``argv`` by the desktop entry quoting rules, with ``%u`` for the link."""
    quoted = []
    for arg in argv:
        arg = arg.replace("%", "%%")
        if any(c in arg for c in " \t\n\"'\\><~|&;$*?#()`="):
            escaped = "".join("\\" + c if c in _QUOTED_ESCAPES else c for c in arg)
            arg = f'"{escaped}"'
        quoted.append(arg.replace("\\", "\\\\"))  # the value's own string escaping comes on top
    return " ".join([*quoted, "%u"])


def local_entry_text(command: Sequence[str]) -> str:
    mime = "".join(f"x-scheme-handler/{s};" for s in SCHEMES)
    return (
        "[Desktop Entry]\n"
        "Type=Application\n"
        "Name=Pult\n"
        "Name[ru]=Пульт\n"
        "Comment=Opens tel:, callto: and sip: links in this copy of Pult\n"
        f"Exec={desktop_exec(command)}\n"
        "Icon=pult\n"
        "Terminal=false\n"
        "NoDisplay=true\n"
        f"MimeType={mime}\n"
    )


class LinkHandlerService(QObject):
    """``check()`` / ``register()``; each answers once with ``checked(LinkHandlerReport)``."""

    checked = Signal(object)

    def __init__(
        self,
        *,
        command: Sequence[str] | None = None,
        platform: str = sys.platform,
        env: Mapping[str, str] | None = None,
        parent: QObject | None = None,
    ) -> None:
        """``env``: the environment the desktop tools see (the process's own by default)."""
        super().__init__(parent)
        self.command = list(command or client_command())
        self.platform = platform
        self.env = dict(os.environ if env is None else env)
        self.busy = False
        self.timeout_ms = 15_000
        """How long one desktop command may take before the check gives up on it."""
        self._processes: list[QProcess] = []

    def check(self) -> None:
        self._start(register=False)

    def register(self) -> None:
        self._start(register=True)

    def _start(self, *, register: bool) -> None:
        if self.busy:
            return
        self.busy = True
        if self.platform.startswith("linux") or "bsd" in self.platform:
            self._xdg(register=register)
            return
        if self.platform == "win32":
            from app.services import link_handler_windows as native
        elif self.platform == "darwin":
            from app.services import link_handler_macos as native  # type: ignore[no-redef]
        else:
            self._answer(LinkHandlerReport(platform=self.platform, error="unsupported"))
            return
        try:
            report = native.register(self.command) if register else native.check(self.command)
        except OSError as exc:
            report = LinkHandlerReport(platform=self.platform, tested=False, error=str(exc))
        QTimer.singleShot(0, lambda: self._answer(report))

    def _answer(self, report: LinkHandlerReport) -> None:
        self.busy = False
        self.checked.emit(report)

    # -- freedesktop -----------------------------------------------------------------------------------

    def _xdg(self, *, register: bool) -> None:
        if shutil.which("xdg-mime", path=self.env.get("PATH")) is None:
            self._answer(LinkHandlerReport(platform="linux", error="xdg-mime"))
            return
        if not register:
            self._query(registered=False)
            return
        try:
            entry = self._entry_to_register()
        except OSError as exc:
            self._answer(LinkHandlerReport(platform="linux", error=str(exc), can_register=True))
            return
        mimetypes = [f"x-scheme-handler/{s}" for s in SCHEMES]
        commands = [["xdg-mime", "default", entry, *mimetypes]]
        if entry == LOCAL_ENTRY and shutil.which("update-desktop-database", path=self.env.get("PATH")):
            commands.append(["update-desktop-database", str(self._applications_dir())])

        def then(results: list[tuple[int, str]]) -> None:
            code, output = results[0]
            if code != 0:
                self._answer(LinkHandlerReport(platform="linux", error=output.strip() or f"xdg-mime: {code}"))
                return
            self._query(registered=True)

        self._run(commands, then)

    def _applications_dir(self) -> Path:
        return data_dirs(self.env)[0] / "applications"

    def _entry_to_register(self) -> str:
        installed = find_entry(PACKAGED_ENTRY, self.env)
        if installed is not None and runs_this_client(read_entry(installed)[1], self.command, self.env):
            return PACKAGED_ENTRY
        path = self._applications_dir() / LOCAL_ENTRY
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_suffix(".tmp")
        partial.write_text(local_entry_text(self.command), encoding="utf-8")
        partial.replace(path)
        return LOCAL_ENTRY

    def _query(self, *, registered: bool) -> None:
        commands = [["xdg-mime", "query", "default", f"x-scheme-handler/{s}"] for s in SCHEMES]

        def then(results: list[tuple[int, str]]) -> None:
            schemes = []
            for scheme, (code, output) in zip(SCHEMES, results, strict=True):
                answer = output.strip()
                if code != 0 or (answer and not _DESKTOP_ID.fullmatch(answer)):
                    # xdg-mime exits 0 after some failures too (a tool it needs is missing)
                    problem = answer.splitlines()[0] if answer else f"xdg-mime: exit code {code}"
                    self._answer(LinkHandlerReport(platform="linux", error=problem, can_register=False))
                    return
                desktop_id = answer
                entry = find_entry(desktop_id, self.env)
                name, argv = read_entry(entry) if entry is not None else ("", [])
                schemes.append(
                    SchemeHandler(
                        scheme=scheme,
                        handler=desktop_id,
                        name=name or desktop_id,
                        ours=runs_this_client(argv, self.command, self.env),
                    )
                )
            self._answer(
                LinkHandlerReport(
                    platform="linux", schemes=tuple(schemes), can_register=True, registered=registered
                )
            )

        self._run(commands, then)

    def _run(self, commands: list[list[str]], then: Callable[[list[tuple[int, str]]], None]) -> None:
        """Run ``commands`` one after another without blocking; ``then`` gets (exit code, output) each."""
        results: list[tuple[int, str]] = []
        environment = QProcessEnvironment()
        for key, value in self.env.items():
            environment.insert(key, value)

        def start_next() -> None:
            if len(results) == len(commands):
                then(results)
                return
            program, *arguments = commands[len(results)]
            # QProcess looks a bare name up in this process's PATH, not in the environment given.
            program = shutil.which(program, path=self.env.get("PATH")) or program
            process = QProcess(self)
            process.setProcessEnvironment(environment)
            process.setProcessChannelMode(QProcess.ProcessChannelMode.MergedChannels)
            self._processes.append(process)

            def finished(code: int, _status: QProcess.ExitStatus) -> None:
                output = bytes(process.readAll().data()).decode("utf-8", errors="replace")
                results.append((code, output))
                self._processes.remove(process)
                process.deleteLater()
                start_next()

            def failed(error: QProcess.ProcessError) -> None:
                if error is QProcess.ProcessError.FailedToStart:
                    results.append((127, f"{program}: {process.errorString()}"))
                    self._processes.remove(process)
                    process.deleteLater()
                    start_next()

            def stuck() -> None:
                # A desktop tool waiting on something (a D-Bus service, a prompt) must not leave the
                # buttons disabled for ever: stop the chain and say which command did not answer.
                if process in self._processes:
                    process.finished.disconnect(finished)
                    process.errorOccurred.disconnect(failed)
                    self._processes.remove(process)
                    process.kill()
                    process.waitForFinished(1000)
                    process.deleteLater()
                    seconds = round(self.timeout_ms / 1000, 1)
                    problem = f"{os.path.basename(program)}: no answer in {seconds:g} s"
                    self._answer(LinkHandlerReport(platform="linux", error=problem))

            process.finished.connect(finished)
            process.errorOccurred.connect(failed)
            QTimer.singleShot(self.timeout_ms, process, stuck)
            process.start(program, arguments)

        start_next()

"""The one composition root of the client: settings → stores → services → windows.

Everything is built here and handed on as keyword-only constructor arguments; nothing else in the
client creates a service or reaches for a global. This module alone may import Qt widgets, ``ui`` and
``widgets`` from ``app`` (import-linter enforces it).
"""

from __future__ import annotations

import gc
import logging
import os
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from app.services.logs import event as log_event

if TYPE_CHECKING:
    import asyncio

log = logging.getLogger(__name__)


class ClientOptions:
    """What ``main.py`` parsed from the command line (read-only once built).

    A plain class: a dataclass would cost the first window its generated code at import (startup).
    """

    __slots__ = (
        "instance",
        "language",
        "login",
        "no_err_windows",
        "password",
        "reconnect_delay",
        "remember",
        "server",
        "skip_first_run",
        "status",
        "stdin_commands",
        "url",
    )

    def __init__(
        self,
        *,
        server: str = "",
        login: str = "",
        password: str = "",
        status: str = "keep",
        remember: bool = False,
        language: str = "",
        no_err_windows: bool = False,
        reconnect_delay: float | None = None,
        stdin_commands: bool = False,
        skip_first_run: bool = False,
        url: str = "",
        instance: str = "",
    ) -> None:
        self.server = server
        self.login = login
        self.password = password
        self.status = status
        self.remember = remember
        self.language = language
        self.no_err_windows = no_err_windows
        self.reconnect_delay = reconnect_delay
        """Seconds before the first reconnect attempt (later ones back off); None: «Подключение»'s delay."""
        self.stdin_commands = stdin_commands
        """Read test commands from stdin (``status <key>``, ``logout``, ``screenshot <png>``, ``quit``)."""
        self.skip_first_run = skip_first_run
        """Do not open the softphone settings on the first sign-in here (MW-14): machines IT set up."""
        self.url = url
        """A ``tel:``/``callto:``/``sip:`` link or a number to call, offered once signed in (spec App. 4)."""
        self.instance = instance
        """The single-instance socket later launches hand their link to ("" listens on none)."""


def run(options: ClientOptions, *, on_crash: Callable[[BaseException], None]) -> int:
    """Build the client and run it until the user closes it; returns the exit code.

    The first window goes up before asyncio, qasync, keyring, httpx and the wire models are imported:
    they cost as much again as Qt itself, and the user should not wait for them to see the window.
    """
    from PySide6.QtWidgets import QApplication

    drop_feature_import_hook()  # before the imports below
    from app.services.session import SessionService
    from app.settings.language import choose_language, install_translators
    from app.settings.paths import SettingsPaths
    from app.settings.secrets import SecretStore
    from app.state.connection import ConnectionStore
    from app.state.presence import PresenceStore
    from app.state.session import SessionStore
    from app.state.status import StatusStore
    from ui.shell import ScriptedLogin, ShellController
    from widgets.theme import apply_theme

    _route_qt_messages()
    existing = QApplication.instance()
    # Fusion chosen on the command line rather than by setStyle(): no QStyle reaches Python (startup).
    app = existing or QApplication([os.environ.get("PULT_ARGV0", "pult"), "-style", "Fusion"])
    assert isinstance(app, QApplication)
    app.setApplicationName("Pult")
    app.setOrganizationName("Pult")
    app.setQuitOnLastWindowClosed(False)

    paths = SettingsPaths.default()
    saved_language = paths.peek_app_settings().get("language")
    language = choose_language(
        options.language or (saved_language if isinstance(saved_language, str) else "")
    )
    translators = install_translators(app, language)
    apply_theme(app, set_style=existing is not None)

    session_store = SessionStore()
    status_store = StatusStore()
    presence_store = PresenceStore()
    connection_store = ConnectionStore()
    secrets = SecretStore()

    def api_factory(server: str) -> Any:
        from app.services.api import ApiClient, api_options

        # «Подключение» (TP-27) is read at each use, so a saved change reaches the next connection.
        return ApiClient(server=server, **api_options(paths.app_file().load().connection))

    def realtime_factory(url: str, token: Callable[[], str], handler: Any) -> Any:
        from app.services.realtime import RealtimeClient, realtime_options

        connection = paths.app_file().load().connection
        timers = realtime_options(connection, first_delay=options.reconnect_delay)
        return RealtimeClient(url=url, token=token, handler=handler, **timers)

    session = SessionService(
        paths=paths,
        secrets=secrets,
        session_store=session_store,
        status_store=status_store,
        presence_store=presence_store,
        connection_store=connection_store,
        api_factory=api_factory,
        realtime_factory=realtime_factory,
    )
    shell = ShellController(
        session=session,
        session_store=session_store,
        status_store=status_store,
        presence_store=presence_store,
        connection_store=connection_store,
        paths=paths,
    )
    scripted = None
    if options.server and options.login and options.password:
        scripted = ScriptedLogin(
            server=options.server,
            login=options.login,
            password=options.password,
            status=options.status,
            remember=options.remember,
        )
    shell.show_first(scripted=scripted, server=options.server)
    app.processEvents()  # paint the first window now, before the imports below
    gc.enable()  # main.py turned it off for the way to the first window

    # What the first window does not need is built after it is up (bench/startup.py): the call desk
    # (stores, softphone bridge), the indicators, contact-center call control, the automatic break.
    from app.services.auto_break import AutoBreakService
    from app.services.call_center import CallCenterActions, CallCenterSync
    from app.services.kpi import KpiService
    from app.services.softphone_bridge import SoftphoneBridge
    from app.state.calls import CallsStore, MissedStore, TopicsStore
    from app.state.kpi import KpiStore
    from app.state.queue import QueueStore
    from ui.desk import CallDesk

    calls_store = CallsStore()
    missed_store = MissedStore()
    kpi_store = KpiStore()
    queue_store = QueueStore()
    topics_store = TopicsStore()
    bridge = SoftphoneBridge(calls=calls_store, missed=missed_store)
    from app.services.softphone_settings import SoftphoneSettingsService

    def account_file() -> Any:
        snapshot = session_store.snapshot
        return paths.account_file(snapshot.server, snapshot.login) if snapshot.login else None

    softphone_settings = SoftphoneSettingsService(
        bridge=bridge, calls=calls_store, account_file=account_file, spawn=session.spawn
    )
    # Another account signing in on a running softphone brings its own «Софтфон» values.
    session.logged_in.connect(lambda _me: softphone_settings.apply_saved())
    shell.attach_desk(
        CallDesk(
            calls=calls_store,
            missed=missed_store,
            kpi=kpi_store,
            bridge=bridge,
            queue=queue_store,
            topics=topics_store,
        )
    )

    kpi_service = KpiService(store=kpi_store)
    kpi_service.bind(api=lambda: session.api, spawn=session.spawn)
    session.kpi = kpi_service
    session.logged_in.connect(lambda _me: kpi_service.refresh())

    def my_employee_id() -> int | None:
        me = session_store.snapshot.me
        return None if me is None else me.employee_id

    call_center = CallCenterActions(
        missed=missed_store, queue=queue_store, me=my_employee_id, topics=topics_store
    )
    call_center.bind(api=lambda: session.api, spawn=session.spawn)
    session.call_center = CallCenterSync(calls=calls_store, actions=call_center)
    bridge.call_center = call_center
    session.logged_in.connect(lambda _me: call_center.refresh())
    from app.services.callbacks import CallbackOrders

    callback_orders = CallbackOrders(  # «Заказы обратного звонка»: «Позвонить» dials like the number field
        store=queue_store.callbacks,
        calls=calls_store,
        dial=bridge.dial,
        dial_failed=bridge.operation_failed,
        me=my_employee_id,
    )
    callback_orders.bind(api=lambda: session.api, spawn=session.spawn)
    session.call_center.callbacks = callback_orders
    session.logged_in.connect(lambda _me: callback_orders.refresh())
    session.logged_out.connect(lambda _reason: callback_orders.reset())
    from app.services.outbound import OutboundLines

    outbound = OutboundLines(account_file=account_file)  # MW-19: numbers go out through the server's trunks
    outbound.bind(api=lambda: session.api, spawn=session.spawn)
    bridge.outbound = outbound
    session.call_center.lines_changed = outbound.refresh
    session.logged_in.connect(lambda _me: outbound.refresh())
    session.logged_out.connect(lambda _reason: outbound.clear())

    from app.services.screen_pop import ScreenPopService
    from ui.settings.http_requests_tab import open_in_browser

    def my_extension() -> str:
        me = session_store.snapshot.me
        return "" if me is None else me.extension

    screen_pop = ScreenPopService(  # «HTTP-запросы»: the CRM card on an external incoming call (TP-41)
        calls=calls_store, extension=my_extension, api=lambda: session.api, spawn=session.spawn
    )
    screen_pop.open_requested.connect(open_in_browser)

    from app.services.quick_answers import QuickAnswersService

    quick_answers = QuickAnswersService(api=lambda: session.api, spawn=session.spawn, calls=calls_store)
    session.logged_in.connect(lambda _me: quick_answers.refresh())
    shell.auto_break = AutoBreakService(status=status_store, session=session)

    from ui.settings.opener import SettingsOpener

    settings_opener = SettingsOpener(
        session=session,
        session_store=session_store,
        status_store=status_store,
        paths=paths,
        api_factory=api_factory,
        softphone=softphone_settings,
    )
    wired_windows: list[object] = []
    from app.services.call_history import DEFAULT_LIMIT, CallHistoryService

    def history_limit() -> int:
        file = account_file()
        return DEFAULT_LIMIT if file is None else int(file.load().history_size)

    history = CallHistoryService(
        api=lambda: session.api,
        spawn=session.spawn,
        limit=history_limit,
        account_file=account_file,
        me=my_employee_id,
    )
    session.logged_out.connect(lambda _reason: history.clear())
    from app.services.recording_player import RecordingPlayer

    def speaker() -> tuple[str, int]:
        saved = softphone_settings.saved()
        return saved.speaker, saved.speaker_volume

    recordings = RecordingPlayer(
        api=lambda: session.api, spawn=session.spawn, speaker=speaker, calls=calls_store
    )
    session.logged_out.connect(lambda _reason: recordings.close())
    app.aboutToQuit.connect(recordings.close)

    def wire_settings(_me: object) -> None:
        # The shell builds the main window on the first sign-in (it is connected before this slot).
        window = shell.main_window
        if window is not None and window not in wired_windows:
            wired_windows.append(window)
            window.settings_requested.connect(lambda: settings_opener.open(window))
            window.line_selector.bind(outbound)
            window.sound_settings_requested.connect(lambda: settings_opener.open(window, tab="softphone"))
            _add_history_section(
                window,
                history,
                presence=presence_store,
                topics=topics_store,
                session=session_store,
                player=recordings,
            )
            from ui.settings.quick_answers_tab import offer_quick_answers

            # No chat window yet: the post-call comment is where quick answers (TP-29) are offered.
            offer_quick_answers(window.call_window.card.comment_edit, quick_answers)
        if window is not None and not options.skip_first_run and _first_sign_in_here(account_file()):
            settings_opener.open(window, tab="softphone")  # MW-14: the softphone settings, once

    session.logged_in.connect(wire_settings)

    # Error reports, «О программе», and links handed over by later launches (spec part 7, App. 3 and 4).
    from app import __version__
    from app.services.about import about_facts
    from app.services.error_reports import ErrorReportService
    from ui.about_dialog import AboutOpener
    from ui.error_report_dialog import ErrorReportOpener
    from ui.single_instance import CallLinkController, InstanceServer, UrlOpenFilter

    reports = ErrorReportService(
        directory=paths.state_dir / "error-reports",
        log_dir=paths.state_dir / "logs",
        crash_dir=paths.crash_dir,
        system=lambda: about_facts().one_line(),
        version=__version__,
    )
    reports.bind(api=lambda: session.api, spawn=session.spawn)

    def my_contact() -> tuple[str, str, str]:
        me = session_store.snapshot.me
        return ("", "", "") if me is None else (me.full_name, me.email or "", me.mobile or "")

    def notify(text: str) -> None:
        if shell.main_window is not None:
            shell.main_window.show_notice(text)

    report_opener = ErrorReportOpener(
        service=reports, contact=my_contact, window=lambda: shell.main_window, notify=notify
    )
    about_opener = AboutOpener()
    softphone_ready: list[bool] = []

    def warn_browser_call() -> bool:  # TP-19, read when a link is offered (after sign-in)
        file = account_file()
        return True if file is None else bool(file.load().warn_browser_call)

    links = CallLinkController(
        dialer=bridge,
        window=lambda: shell.main_window,
        front=lambda: shell.main_window or shell.login_dialog,
        ready=lambda: session_store.snapshot.me is not None and bool(softphone_ready),
        confirm=warn_browser_call,
    )
    if options.instance:
        instance_server = InstanceServer(options.instance, parent=app)
        if instance_server.listen():
            instance_server.message_received.connect(links.receive)
        else:
            log_event(log, "instance.listen_failed", address=options.instance)
    about_windows: list[object] = []

    def on_signed_in_support(_me: object) -> None:
        window = shell.main_window
        if window is not None and window not in about_windows:
            about_windows.append(window)
            report_opener.add_to_menu(window.avatar_menu)
            about_opener.add_to_menu(window.avatar_menu, window)
            # TP-04 order in the «?» menu: help, «О программе», «Написать в поддержку» (R-ERR-6).
            report_opener.add_support_to_menu(window.help_menu)
            about_opener.add_to_menu(window.help_menu, window)  # goes before the last entry
        reports.flush()
        report_opener.offer_crashes()

    session.logged_in.connect(on_signed_in_support)
    url_filter = UrlOpenFilter(parent=app)  # macOS delivers a clicked link as QFileOpenEvent
    url_filter.url_opened.connect(links.receive)
    app.installEventFilter(url_filter)
    if options.url:
        links.receive(options.url)

    import asyncio

    import qasync

    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)

    def on_loop_exception(_loop: asyncio.AbstractEventLoop, context: dict[str, Any]) -> None:
        exc = context.get("exception")
        if isinstance(exc, BaseException):
            on_crash(exc)
        else:
            log.error("loop.error", extra={"fields": {"message": context.get("message", "")}})

    loop.set_exception_handler(on_loop_exception)
    log_event(log, "app.start", language=language, translations=len(translators))

    async def main() -> None:
        finished = asyncio.Event()
        shell.finished.connect(finished.set)
        if options.stdin_commands:
            _read_stdin_commands(loop, shell, finished)
        # The softphone starts once signed in, beside the session and never in its way: loading
        # pjsua2 and the audio stack in a thread would slow the session restore down (the GIL), and a
        # slow or failing engine leaves the client usable without calls.
        softphone: list[asyncio.Future[Any]] = []

        def start_softphone(_me: object) -> None:
            if not softphone:
                config = softphone_settings.engine_config()
                softphone.append(asyncio.ensure_future(_start_softphone(loop, bridge, config)))

        session.logged_in.connect(start_softphone)

        def offer_links_once_softphone_started(_me: object) -> None:
            def ready(_future: object) -> None:
                softphone_ready.append(True)
                links.retry()

            softphone[0].add_done_callback(ready)

        session.logged_in.connect(offer_links_once_softphone_started)
        shell.begin()
        if shell.tray is not None:
            shell.tray.error_report_requested.connect(lambda: report_opener.open())
            shell.tray.support_requested.connect(lambda: report_opener.open(support=True))
            shell.tray.about_requested.connect(lambda: about_opener.open(shell.main_window))
            shell.tray.visibility_requested.connect(lambda: _open_visibility(paths, shell.main_window))
        await finished.wait()
        await session.shutdown()
        if softphone:
            await softphone[0]
        engine = bridge.engine  # the settings may have restarted it with new values meanwhile
        if engine is not None:
            await loop.run_in_executor(None, engine.stop)

    with loop:
        loop.run_until_complete(main())
    log_event(log, "app.exit")
    return 0


def drop_feature_import_hook() -> None:
    """Give ``import`` back to Python once PySide6 is loaded (startup time, bench/startup.py).

    Importing PySide6 replaces ``builtins.__import__`` with a hook for its opt-in ``from __feature__
    import snake_case, true_property`` (PYSIDE-1019), and since PYSIDE-2029 that hook reads the whole
    source of every module named by any later import statement, once each, to see whether it mentions
    "PySide6". Pult selects no ``__feature__`` (it keeps Qt's own names), so the reading serves nothing:
    ~50 modules on the way to the first window (~8 ms) and hundreds after it. PySide6 keeps the
    original as ``builtins.__orig_import__``; if a later PySide6 installs no such hook, nothing changes.
    """
    import builtins

    original = getattr(builtins, "__orig_import__", None)
    if original is not None and builtins.__import__ is getattr(builtins, "__feature_import__", None):
        builtins.__import__ = original


def _add_history_section(
    window: Any,
    history: Any,
    *,
    presence: Any = None,
    topics: Any = None,
    session: Any = None,
    player: Any = None,
) -> None:
    """«История вызовов» as a section of the main window (its length follows «Пользовательские»);
    its «Позвонить» dials from the telephony panel like the missed calls' call back."""
    from ui.call_history_panel import CallHistoryPanel
    from widgets.call_icons import phone_icon
    from widgets.theme import ACCENT_DARK

    panel = CallHistoryPanel(
        service=history, presence=presence, topics=topics, session=session, player=player
    )
    panel.call_requested.connect(window.call_number)
    window.add_section(panel, phone_icon(ACCENT_DARK)).setText(panel.title())


def _open_visibility(paths: Any, parent: Any) -> None:
    """«Видимость разделов» from the tray (TP-40), signed in or not."""
    from PySide6.QtCore import Qt

    from ui.settings.visibility_tab import VisibilityDialog

    dialog = VisibilityDialog(app_file=paths.app_file(), parent=parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.show()


def _first_sign_in_here(file: Any) -> bool:
    """True once per account and machine: the first sign-in opens the softphone settings (MW-14)."""
    from app.settings.files import SettingsFileError

    if file is None:
        return False
    settings = file.load()
    if settings.softphone_settings_shown:
        return False
    try:
        file.save(settings.model_copy(update={"softphone_settings_shown": True}))
    except SettingsFileError as exc:
        log_event(log, "settings.write_failed", error=str(exc))
    return True


async def _start_softphone(loop: asyncio.AbstractEventLoop, bridge: Any, config: Any) -> Any:
    """Start the softphone engine off the main thread and attach it to the bridge; None if it cannot run.

    ``PULT_SOFTPHONE=fake`` starts the fake engine instead (demos, e2e without audio), ``off`` none.
    The engine is the only piece of ``softphone`` the client holds; everything else goes through the
    bridge (ARCHITECTURE §2).
    """
    engine: Any
    choice = os.environ.get("PULT_SOFTPHONE", "")
    if choice == "off":
        return None
    if choice == "fake":
        from softphone.fake import FakeSoftphoneEngine

        engine = FakeSoftphoneEngine(config, bridge.deliver)
    else:
        try:
            from softphone.engine import SoftphoneEngine
        except ImportError as exc:  # pragma: no cover - a build without pjsua2
            log_event(log, "softphone.unavailable", error=str(exc))
            return None
        engine = SoftphoneEngine(config, bridge.deliver)
    try:
        await loop.run_in_executor(None, engine.start)
    except Exception as exc:
        log_event(log, "softphone.start_failed", error=type(exc).__name__, detail=str(exc))
        return None
    bridge.attach(engine)
    log_event(log, "softphone.started", engine=type(engine).__name__)
    return engine


def _read_stdin_commands(loop: asyncio.AbstractEventLoop, shell: Any, finished: asyncio.Event) -> None:
    """Drive the real UI from stdin lines, as a user would with the mouse (Unix only; tests)."""
    import sys

    def on_line() -> None:
        line = sys.stdin.readline()
        if not line:
            loop.remove_reader(sys.stdin.fileno())
            return
        command, _, argument = line.strip().partition(" ")
        log_event(log, "command.received", command=command, argument=argument)
        window = shell.main_window
        if command == "status" and window is not None:
            window.status_control.choose(argument)
        elif command == "logout" and window is not None:
            window.logout_action.trigger()
        elif command == "float" and window is not None:
            window.float_panel(argument)
        elif command == "screenshot":
            target = window if window is not None else shell.login_dialog
            if target is not None:
                target.grab().save(argument)
        elif command == "quit":
            finished.set()

    loop.add_reader(sys.stdin.fileno(), on_line)


def _route_qt_messages() -> None:
    """Send Qt's own warnings through ``logging`` so that ``--log-format json`` output stays pure JSON."""
    from PySide6.QtCore import QMessageLogContext, QtMsgType, qInstallMessageHandler

    qt_log = logging.getLogger("qt")
    levels = {
        QtMsgType.QtDebugMsg: logging.DEBUG,
        QtMsgType.QtInfoMsg: logging.INFO,
        QtMsgType.QtWarningMsg: logging.WARNING,
        QtMsgType.QtCriticalMsg: logging.ERROR,
        QtMsgType.QtFatalMsg: logging.CRITICAL,
    }

    def handler(kind: QtMsgType, context: QMessageLogContext, message: str) -> None:
        qt_log.log(levels.get(kind, logging.WARNING), "qt.message", extra={"fields": {"text": message}})

    qInstallMessageHandler(handler)

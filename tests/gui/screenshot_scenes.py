"""Renders the real main window in the states the README and reviews show, as PNG files.

Run as ``python -m tests.gui.screenshot_scenes OUTDIR`` under any Qt platform (the screenshot test
runs it under Xvfb for the committed pictures, offscreen for the size checks). Windows that float
(the call widget, a detached panel, the tray menu) are composed onto the picture where the desktop
would show them, so the pictures look the same with or without a window manager.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtGui import QColor, QFont, QImage, QLinearGradient, QPainter, QPixmap
from PySide6.QtWidgets import QApplication, QWidget

SIZE = (1280, 800)
SCENES = (
    "idle",
    "incoming",
    "talking",
    "held",
    "wrapup",
    "panels",
    "missed",
    "thresholds",
    "history",
    "tray",
)


def _compile_translations(app: QApplication) -> list[object]:
    from app.settings.language import install_translators

    root = Path(__file__).resolve().parents[2]
    out = Path(tempfile.mkdtemp(prefix="pult-qm-"))
    lrelease = Path(sys.executable).parent / "pyside6-lrelease"
    for ts in sorted((root / "translations").glob("*.ts")):
        subprocess.run(
            [str(lrelease), "-silent", str(ts), "-qm", str(out / ts.with_suffix(".qm").name)], check=True
        )
    return list(install_translators(app, "ru", directory=out))


def _shadowed(painter: QPainter, pixmap: QPixmap, at: QPoint) -> None:
    """Draw a floating window with a soft drop shadow, as a compositor would."""
    painter.save()
    painter.setPen(Qt.PenStyle.NoPen)
    for i in range(10, 0, -1):
        painter.setBrush(QColor(16, 24, 40, 6))
        painter.drawRoundedRect(
            QRect(at.x() - i, at.y() - i + 6, pixmap.width() + 2 * i, pixmap.height() + 2 * i), 14 + i, 14 + i
        )
    painter.restore()
    painter.drawPixmap(at, pixmap)


def _titled(body: QPixmap, title: str, font: QFont) -> QPixmap:
    """A floating window as the desktop draws it: the window manager's title bar over the content."""
    bar = 30
    framed = QPixmap(body.width(), body.height() + bar)
    framed.fill(QColor("#ffffff"))
    painter = QPainter(framed)
    painter.fillRect(QRect(0, 0, body.width(), bar), QColor("#eef1f6"))
    painter.setPen(QColor("#1b2433"))
    bold = QFont(font)
    bold.setBold(True)
    painter.setFont(bold)
    painter.drawText(QRect(12, 0, body.width() - 24, bar), Qt.AlignmentFlag.AlignVCenter, title)
    painter.drawText(QRect(body.width() - 28, 0, 20, bar), Qt.AlignmentFlag.AlignCenter, "×")
    painter.drawPixmap(0, bar, body)
    painter.end()
    return framed


def _grab(widget: QWidget) -> QPixmap:
    widget.ensurePolished()
    widget.adjustSize()
    return widget.grab()


def render(out_dir: Path) -> list[Path]:
    from app.state.calls import CallOrigin, CallPhase, CallSnapshot, MissedSnapshot
    from app.state.connection import ConnectionSnapshot, ConnectionState, ConnectionStore
    from app.state.presence import ColleagueSnapshot, PresenceSnapshot, PresenceStore
    from app.state.session import SessionSnapshot, SessionStore
    from app.state.status import StatusSnapshot, StatusStore
    from tests.gui.conftest import FakeSession
    from tests.gui.phone import running_phone
    from tests.gui.test_main_window import ME
    from tests.gui.test_status_control import definitions
    from ui.main_window import MainWindow
    from ui.tray import TrayController
    from widgets.theme import apply_theme

    app = QApplication.instance() or QApplication(["pult-screenshots"])
    assert isinstance(app, QApplication)
    apply_theme(app)
    translators = _compile_translations(app)
    phones = running_phone()
    phone = next(phones)
    session = FakeSession()
    session_store = SessionStore()
    session_store.set(SessionSnapshot(server="https://pult.example.com", login=ME.login, me=ME))
    status = StatusStore()
    now = datetime.now(UTC)
    status.set(StatusSnapshot(current="online", since=now - timedelta(minutes=47), definitions=definitions()))
    presence = PresenceStore()
    people = [
        (1, "Иванова Анна Сергеевна", "online", "101", ("Продажи",), 12),
        (2, "Петров Илья Викторович", "break", "102", ("Продажи",), 4),
        (3, "Смирнова Екатерина Игоревна", "online", "103", ("Продажи", "Поддержка"), 63),
        (4, "Кузнецов Дмитрий Олегович", "dnd", "104", ("Поддержка",), 9),
        (5, "Орлова Мария Андреевна", "outbound", "105", ("Поддержка",), 31),
        (7, "Волков Сергей Петрович", "all_calls", "107", ("Продажи",), 22),
        (8, "Лебедева Ольга Николаевна", "offline", "108", ("Поддержка",), 180),
    ]
    presence.set(
        PresenceSnapshot(
            colleagues=tuple(
                ColleagueSnapshot(i, n, s, now - timedelta(minutes=m), extension=e, groups=g)
                for i, n, s, e, g, m in people
            ),
            loaded=True,
        )
    )
    connection = ConnectionStore()
    connection.set(ConnectionSnapshot(ConnectionState.CONNECTED))
    window = MainWindow(
        session=session,  # type: ignore[arg-type]
        session_store=session_store,
        status_store=status,
        presence_store=presence,
        connection_store=connection,
        desk=phone.desk,
    )
    window.resize(*SIZE)
    window.move(0, 0)
    window.show()
    app.processEvents()
    window.build_panels()
    from app.server.seed import DEMO_LINE, DEMO_QUEUE_NUMBERS
    from app.services.outbound import CallerId, Line, OutboundLines

    # The demo company's line (MW-19): the «Линия» and outgoing-number selectors with the numbers' comments.
    lines = OutboundLines(parent=window)
    numbers = tuple(CallerId(number, comment) for number, comment in DEMO_QUEUE_NUMBERS.values())
    lines.set_lines((Line(1, DEMO_LINE, numbers),))
    window.line_selector.bind(lines)
    phone.desk.topics.set(
        ((1, "Продажи / Консультация по тарифу"), (2, "Продажи / Оформление заказа"), (3, "Жалоба"))
    )
    _ = window.colleagues_panel
    window.set_panel_visible("telephony", True)
    phone.desk.missed.set(MissedSnapshot(total=3, last_7_days=5))
    app.processEvents()
    calls = phone.calls
    written: list[Path] = []

    def shoot(name: str, *, with_call: bool = False) -> None:
        app.processEvents()
        canvas = QPixmap(window.size())
        canvas.fill(QColor("#dfe3ea"))
        painter = QPainter(canvas)
        painter.drawPixmap(0, 0, window.grab())
        if with_call and window.call_window.call_key:
            card = _grab(window.call_window)
            _shadowed(
                painter,
                card,
                QPoint(window.width() - card.width() - 400, window.height() - card.height() - 48),
            )
        painter.end()
        path = out_dir / f"{name}.png"
        canvas.save(str(path))
        written.append(path)

    shoot("idle")

    calls.upsert(
        CallSnapshot(
            key="cc:1",
            origin=CallOrigin.CONTACT_CENTER,
            phase=CallPhase.OFFERED,
            incoming=True,
            remote="+7 916 482-17-30",
            queue="Продажи · 8 800 555-35-35",
            started_at=now - timedelta(seconds=6),
            waited_seconds=38,
            cc_call_id=1,
        )
    )
    shoot("incoming", with_call=True)

    calls.set(calls.snapshot.__class__())
    talking = CallSnapshot(
        key="sip:1",
        origin=CallOrigin.SIP,
        phase=CallPhase.TALKING,
        incoming=True,
        remote="74957803412",
        queue="Поддержка",
        started_at=now - timedelta(seconds=230),
        connected_at=now - timedelta(seconds=207),
        sip_call_id=1,
    )
    calls.upsert(talking)
    calls.set_audio(speaker_volume=0.8, mic_gain=1.1)
    shoot("talking", with_call=True)

    calls.upsert(
        CallSnapshot(
            key="sip:1",
            origin=CallOrigin.SIP,
            phase=CallPhase.HELD,
            incoming=True,
            remote="74957803412",
            queue="Поддержка",
            connected_at=now - timedelta(seconds=265),
            sip_call_id=1,
        )
    )
    shoot("held", with_call=True)

    calls.set(calls.snapshot.__class__())
    calls.upsert(
        CallSnapshot(
            key="cc:2",
            origin=CallOrigin.CONTACT_CENTER,
            phase=CallPhase.WRAPUP,
            incoming=True,
            remote="+7 916 482-17-30",
            queue="Продажи",
            wrapup_due=now + timedelta(seconds=44),
            cc_call_id=2,
        )
    )
    window.call_window.card.topic_combo.setCurrentIndex(2)
    window.call_window.card.comment_edit.setText("Клиент перезвонит после оплаты")
    shoot("wrapup", with_call=True)

    calls.set(calls.snapshot.__class__())
    from app.state.queue import QueueEntry, QueueSnapshot

    phone.desk.queue.set(
        QueueSnapshot(
            calls=tuple(
                QueueEntry(i, caller, queue, now - timedelta(seconds=waited), offered_to_me=i == 10)
                for i, (caller, queue, waited) in enumerate(
                    (
                        ("+7 903 112-45-67", "Продажи", 95),
                        ("74951234567", "Поддержка", 41),
                        ("Номер скрыт", "Продажи", 12),
                    ),
                    start=10,
                )
            ),
            loaded=True,
        )
    )
    window.call_window.hide()
    window.set_panel_visible("telephony", False)
    window.set_panel_visible("queue", True)
    kpi_dock = window.panel_dock("kpi")
    kpi_dock.setFloating(True)
    kpi_dock.show()
    from app.state.kpi import KpiObjectView, KpiSnapshot, KpiValue

    phone.desk.kpi.set(
        KpiSnapshot(
            objects=(
                KpiObjectView("group", 1, "Продажи"),
                KpiObjectView("operator", 2, "Иванова Анна", (1,)),
            ),
            values=(
                KpiValue("group", 1, 1, 3, level="yellow"),
                KpiValue("group", 1, 10, 27),
                KpiValue("group", 1, 9, 4, level="red"),
                KpiValue("group", 1, 7, 48),
                KpiValue("operator", 2, 16, 196),
            ),
            selection=(
                ("group", 1, 1),
                ("group", 1, 10),
                ("group", 1, 9),
                ("group", 1, 7),
                ("operator", 2, 16),
            ),
            loaded=True,
        )
    )
    kpi_dock.resize(380, 400)
    app.processEvents()
    wide = QPixmap(SIZE[0] + 420, SIZE[1])
    wide.fill(QColor("#dfe3ea"))
    painter = QPainter(wide)
    painter.drawPixmap(0, 0, window.grab())
    floating = kpi_dock.grab()
    if app.platformName() == "offscreen":  # xcb draws the floating dock's own title bar; offscreen does not
        floating = _titled(floating, kpi_dock.windowTitle(), app.font())
    _shadowed(painter, floating, QPoint(SIZE[0] + 30, 120))
    painter.end()
    path = out_dir / "panels.png"
    wide.save(str(path))
    written.append(path)
    kpi_dock.setFloating(False)
    kpi_dock.hide()
    written.append(_missed_scene(app, window, phone.desk.missed, now, out_dir))
    written.append(_thresholds_scene(app, window, phone.desk.kpi, out_dir))
    written.append(_history_scene(app, window, (presence, phone.desk.topics, session_store), now, out_dir))

    tray = TrayController(
        status=status, missed=phone.desk.missed, calls=calls, session=session, window=window
    )
    menu = _grab(tray.menu)
    desk = QPixmap(720, 420)
    gradient = QLinearGradient(0, 0, 720, 420)
    gradient.setColorAt(0, QColor("#2b3a5c"))
    gradient.setColorAt(1, QColor("#51627f"))
    painter = QPainter(desk)
    painter.fillRect(desk.rect(), gradient)
    painter.fillRect(QRect(0, 380, 720, 40), QColor(12, 18, 32, 220))
    icon = tray.icon_image().pixmap(26, 26)
    painter.drawPixmap(640, 387, icon)
    painter.setPen(QColor("#e6ebf5"))
    font = QFont(app.font())
    font.setPointSize(10)
    painter.setFont(font)
    painter.drawText(QRect(672, 380, 48, 40), Qt.AlignmentFlag.AlignCenter, now.strftime("%H:%M"))
    _shadowed(painter, menu, QPoint(652 - menu.width() + 26, 372 - menu.height()))
    painter.end()
    path = out_dir / "tray.png"
    desk.save(str(path))
    written.append(path)

    window.hide_on_close = False
    window.close()
    from tests.gui.settings_scenes import render_settings

    written.extend(render_settings(app, out_dir))
    for translator in translators:
        app.removeTranslator(translator)  # type: ignore[arg-type]
    for _ in phones:
        pass
    return written


def _history_scene(
    app: QApplication,
    window: Any,
    stores: tuple[Any, Any, Any],
    now: datetime,
    out_dir: Path,
) -> Path:
    """«История вызовов» (CH-04/05): calls in and out, answered and missed, with topics and comments."""
    from app.bootstrap import _add_history_section
    from app.protocol.calls import HIDDEN_NUMBER, HistoryRow
    from app.services.call_history import CallHistoryService
    from tests.gui.test_main_window import ME

    presence, topics, session_store = stores

    def call(n: int, minutes: int, caller: str, queue: str, **more: Any) -> HistoryRow:
        arrived = now - timedelta(minutes=minutes)
        wait = more.pop("wait", 12.0)
        talk = more.pop("talk", 184.0)
        answered = more.pop("answered", True)
        fields: dict[str, Any] = {
            "call_id": n,
            "caller": caller,
            "queue": queue,
            "group_id": 1,
            "arrived_at": arrived,
            "answered_at": arrived + timedelta(seconds=wait) if answered else None,
            "ended_at": arrived + timedelta(seconds=wait + (talk if answered else 0)),
            "state": "ended",
            "end_reason": None,
            "operators": [ME.employee_id] if answered else [],
            "wait_seconds": wait,
            "talk_seconds": talk if answered else None,
            "hold_seconds": 0.0,
            "transfers": 0,
            "topic_ids": [],
            "comment": "",
            "recordings": [],
        }
        return HistoryRow.model_validate(fields | more)

    rows = (
        call(9, 4, "79164821730", "Продажи", topic_ids=[2], comment="Клиент перезвонит после оплаты"),
        call(
            -3,
            11,
            "79031124567",
            "74950000001",
            direction="outgoing",
            group_id=None,
            wait=0.0,
            talk=95.0,
            topic_ids=[1],
            comment="Тариф «Бизнес», отправлено КП",
        ),
        call(8, 26, HIDDEN_NUMBER, "Поддержка", answered=False, wait=63.0),
        call(
            7,
            38,
            "74951234567",
            "Поддержка",
            operators=[ME.employee_id, 3],
            transfers=1,
            topic_ids=[3],
            comment="Передан в отдел качества",
        ),
        call(
            -2,
            52,
            "79265550102",
            "74950000001",
            direction="outgoing",
            group_id=None,
            answered=False,
            wait=0.0,
            operators=[ME.employee_id],
        ),
        call(6, 67, "79998887766", "Продажи", topic_ids=[1], talk=412.0),
        call(5, 93, "79150001122", "Продажи", answered=False, wait=48.0),
    )
    history = CallHistoryService(api=lambda: None, spawn=lambda _c: None, limit=lambda: 1000, parent=window)
    _add_history_section(window, history, presence=presence, topics=topics, session=session_store)
    window.section_buttons.buttons()[-1].click()
    app.processEvents()
    history.rows = rows  # as a load from the server ends (this scene has no server)
    history.history_changed.emit(rows)
    app.processEvents()
    path = out_dir / "history.png"
    window.grab().save(str(path))
    window.section_buttons.buttons()[0].click()
    return path


def _missed_scene(app: QApplication, window: Any, missed: Any, now: datetime, out_dir: Path) -> Path:
    """The missed-calls list open under its top-bar button (MW-26..29)."""
    from app.state.calls import MissedEntry, MissedSection, MissedSnapshot

    def entry(i: int, caller: str, kind: str, minutes: int, group: int | None) -> MissedEntry:
        return MissedEntry(i, 100 + i, kind, caller, now - timedelta(minutes=minutes), None, group)

    missed.set(
        MissedSnapshot(
            total=5,
            last_7_days=7,
            personal=(entry(1, "+7 916 204-18-33", "personal", 12, None),),
            sections=(
                MissedSection(None, "", 1, (entry(2, "Номер скрыт", "ivr", 3, None),)),
                MissedSection(
                    1,
                    "Продажи",
                    2,
                    (entry(3, "+7 903 112-45-67", "group", 7, 1), entry(4, "74951234567", "group", 95, 1)),
                ),
                MissedSection(2, "Поддержка", 1, (entry(5, "+7 926 578-66-77", "group", 60 * 26, 2),)),
            ),
        )
    )
    window.set_panel_visible("queue", False)
    popup = window.missed_popup
    popup.resize(470, 360)
    app.processEvents()
    canvas = QPixmap(window.size())
    painter = QPainter(canvas)
    painter.drawPixmap(0, 0, window.grab())
    button = window.missed_button
    anchor = button.mapTo(window, QPoint(button.width(), button.height() + 6))
    _shadowed(painter, popup.grab(), QPoint(anchor.x() - popup.width(), anchor.y()))
    painter.end()
    path = out_dir / "missed.png"
    canvas.save(str(path))
    return path


def _thresholds_scene(app: QApplication, window: Any, kpi: Any, out_dir: Path) -> Path:
    """The threshold matrix (MW-40) with one cell's red and yellow form open, over the main window."""
    from dataclasses import replace

    from app.state.kpi import KpiObjectView, KpiThreshold
    from ui.kpi_thresholds import KpiThresholdsDialog

    snapshot = kpi.snapshot
    kpi.set(
        replace(
            snapshot,
            objects=(
                KpiObjectView("cc", 0, ""),
                KpiObjectView("group", 1, "Продажи"),
                KpiObjectView("operator", 2, "Иванова Анна", (1,)),
                KpiObjectView("operator", 3, "Смирнова Екатерина", (1, 4)),
                KpiObjectView("group", 4, "Поддержка"),
            ),
            thresholds=(
                KpiThreshold("group", 1, 1, "red", "ge", 5),
                KpiThreshold("group", 1, 1, "yellow", "between", 2, 4),
                KpiThreshold("group", 1, 8, "red", "le", 70),
                KpiThreshold("group", 1, 8, "yellow", "between", 70, 85),
                KpiThreshold("cc", 0, 2, "yellow", "ge", 60),
                KpiThreshold("group", 4, 11, "red", "ge", 10),
                KpiThreshold("operator", 2, 10, "yellow", "le", 3),
            ),
        )
    )
    dialog = KpiThresholdsDialog(kpi=kpi)
    dialog.resize(1160, 540)
    dialog.show()
    app.processEvents()
    dialog.open_cell(("group", 1, 8))
    app.processEvents()
    body = dialog.grab()
    cell = dialog.cell(("group", 1, 8))
    assert cell is not None
    rect = dialog.table.visualItemRect(cell)
    at = dialog.table.viewport().mapTo(dialog, rect.bottomLeft())
    form = _grab(dialog.form)
    dialog.form.hide()
    dialog.close()
    body = _titled(body, dialog.windowTitle(), app.font())  # a grab never holds the window frame
    at += QPoint(0, 30)
    canvas = QPixmap(window.size())
    painter = QPainter(canvas)
    painter.drawPixmap(0, 0, window.grab())
    painter.fillRect(canvas.rect(), QColor(16, 24, 40, 90))
    origin = QPoint((canvas.width() - body.width()) // 2, 110)
    _shadowed(painter, body, origin)
    place = origin + at
    place.setX(min(place.x(), canvas.width() - form.width() - 16))
    _shadowed(painter, form, place)
    painter.end()
    path = out_dir / "thresholds.png"
    canvas.save(str(path))
    return path


def main() -> int:
    out = Path(sys.argv[1])
    out.mkdir(parents=True, exist_ok=True)
    for path in render(out):
        image = QImage(str(path))
        print(f"{path.name} {image.width()}x{image.height()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

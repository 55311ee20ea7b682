"""The main window (spec MW-17/18): top bar, left section menu, work area.

Top bar: brand, company, then the status control, the connection indicator and the avatar with the
program menu. The section menu lists only sections that exist in this build.
"""

from __future__ import annotations

import logging
import sys
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QPainter, QPaintEvent, QShowEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QFrame,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QMenu,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app.services.errors import ClientError
from app.services.logs import event as log_event
from app.state.connection import ConnectionStore
from app.state.presence import PresenceStore
from app.state.session import SessionSnapshot, SessionStore
from app.state.status import StatusStore
from ui.status_control import StatusControl
from ui.texts import error_message
from widgets.avatar import AvatarButton
from widgets.connection_indicator import ConnectionIndicator
from widgets.icons import draw_logo, logo_icon, logout_icon, people_icon
from widgets.theme import ACCENT_DARK, INK

if TYPE_CHECKING:
    from app.protocol.auth import Me
    from app.services.session import SessionService
    from ui.colleagues_panel import ColleaguesPanel

log = logging.getLogger(__name__)


class _Brand(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFixedSize(QSize(30, 30))

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        draw_logo(painter, self.rect().toRectF())
        painter.end()


class MainWindow(QMainWindow):
    """Composes the top bar, the section menu and the sections; knows no network."""

    closed = Signal()

    def __init__(
        self,
        *,
        session: SessionService,
        session_store: SessionStore,
        status_store: StatusStore,
        presence_store: PresenceStore,
        connection_store: ConnectionStore,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("MainWindow")
        self.setWindowIcon(logo_icon())
        self._session = session
        self._session_store = session_store
        self._shown_logged = False

        self.status_control = StatusControl(store=status_store, session=session)
        self.connection_indicator = ConnectionIndicator(store=connection_store)
        self.avatar = AvatarButton()
        self.avatar_menu = QMenu(self)
        self.profile_action = QAction(self)
        self.profile_action.setEnabled(False)
        self.logout_action = QAction(logout_icon(INK), "", self)
        self.logout_action.triggered.connect(self._on_logout_action_triggered)
        self.avatar_menu.addAction(self.profile_action)
        self.avatar_menu.addSeparator()
        self.avatar_menu.addAction(self.logout_action)
        self.avatar.setMenu(self.avatar_menu)

        self.brand_name = QLabel("Pult")
        self.brand_name.setObjectName("BrandName")
        self.company_name = QLabel()
        self.company_name.setObjectName("CompanyName")
        self.notice = QLabel()
        self.notice.setObjectName("InfoBanner")
        self.notice.setWordWrap(True)
        self.notice.hide()
        self._notice_timer = QTimer(self)
        self._notice_timer.setSingleShot(True)
        self._notice_timer.setInterval(8000)
        self._notice_timer.timeout.connect(self.notice.hide)

        self._presence_store = presence_store
        self._status_store = status_store
        self._colleagues_panel: ColleaguesPanel | None = None
        self.sections = QStackedWidget()
        self.sections.addWidget(QWidget())  # the colleagues section, built right after the first paint
        self.section_buttons = QButtonGroup(self)
        self.colleagues_button = self._section_button(people_icon(ACCENT_DARK))
        self.colleagues_button.setChecked(True)

        self._build_layout()
        self.retranslate()
        session_store.session_changed.connect(self._on_session_store_session_changed)
        session.status_change_failed.connect(self._on_session_status_change_failed)
        self._render_session(session_store.snapshot)
        self.resize(1120, 720)
        self.setMinimumSize(QSize(760, 480))

    @property
    def colleagues_panel(self) -> ColleaguesPanel:
        """The «Сотрудники онлайн» section, built on first use.

        It is the one section with a model view, and building it (with the Qt classes behind it) is
        a large share of the window's cost: the window paints first, the section follows a moment
        later, long before a restored session has any colleagues to show.
        """
        if self._colleagues_panel is None:
            from ui.colleagues_panel import ColleaguesPanel

            panel = ColleaguesPanel(
                presence=self._presence_store, statuses=self._status_store, session=self._session_store
            )
            placeholder = self.sections.widget(0)
            self.sections.insertWidget(0, panel)
            if placeholder is not None:
                self.sections.removeWidget(placeholder)
                placeholder.deleteLater()
            self.sections.setCurrentIndex(0)
            self._colleagues_panel = panel
        return self._colleagues_panel

    def _section_button(self, icon: object) -> QPushButton:
        button = QPushButton()
        button.setObjectName("SectionButton")
        button.setCheckable(True)
        button.setIcon(icon)  # type: ignore[arg-type]
        button.setIconSize(QSize(18, 18))
        button.setCursor(Qt.CursorShape.PointingHandCursor)
        self.section_buttons.addButton(button, self.sections.count() - 1)
        return button

    def _build_layout(self) -> None:
        top = QFrame()
        top.setObjectName("TopBar")
        top.setFixedHeight(56)
        bar = QHBoxLayout(top)
        bar.setContentsMargins(16, 0, 14, 0)
        bar.setSpacing(10)
        bar.addWidget(_Brand())
        bar.addWidget(self.brand_name)
        bar.addSpacing(6)
        bar.addWidget(self.company_name)
        bar.addStretch(1)
        bar.addWidget(self.status_control)
        bar.addWidget(self.connection_indicator)
        bar.addWidget(self.avatar)

        menu = QFrame()
        menu.setObjectName("SectionMenu")
        menu.setFixedWidth(216)
        menu_layout = QVBoxLayout(menu)
        menu_layout.setContentsMargins(10, 14, 10, 14)
        menu_layout.setSpacing(4)
        menu_layout.addWidget(self.colleagues_button)
        menu_layout.addStretch(1)

        work = QWidget()
        work_layout = QVBoxLayout(work)
        work_layout.setContentsMargins(0, 0, 0, 0)
        work_layout.setSpacing(0)
        notice_row = QHBoxLayout()
        notice_row.setContentsMargins(24, 12, 24, 0)
        notice_row.addWidget(self.notice)
        work_layout.addLayout(notice_row)
        work_layout.addWidget(self.sections, 1)

        body = QHBoxLayout()
        body.setContentsMargins(0, 0, 0, 0)
        body.setSpacing(0)
        body.addWidget(menu)
        body.addWidget(work, 1)
        root = QWidget()
        column = QVBoxLayout(root)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        column.addWidget(top)
        column.addLayout(body, 1)
        self.setCentralWidget(root)

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Pult"))
        self.colleagues_button.setText(self.tr("Colleagues online"))
        self.logout_action.setText(self.tr("Log out"))
        self.avatar.setAccessibleName(self.tr("Program menu"))
        self.connection_indicator.setAccessibleDescription(self.tr("Connection to the server"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def show_notice(self, text: str) -> None:
        self.notice.setText(text)
        self.notice.show()
        self._notice_timer.start()

    # -- slots -----------------------------------------------------------------------------------------

    def _on_logout_action_triggered(self) -> None:
        self._session.start_logout()

    def _on_session_store_session_changed(self, snapshot: SessionSnapshot) -> None:
        self._render_session(snapshot)

    def _on_session_status_change_failed(self, error: ClientError) -> None:
        self.show_notice(
            self.tr("The status was not changed: {reason}").format(
                reason=error_message(error, server=self._session_store.snapshot.server)
            )
        )

    def _render_session(self, snapshot: SessionSnapshot) -> None:
        me: Me | None = snapshot.me
        if me is None:
            self.company_name.setText("")
            self.profile_action.setText(snapshot.login)
            self.avatar.set_name(snapshot.login)
            return
        self.company_name.setText(me.company_name)
        self.profile_action.setText(f"{me.full_name} · {me.login}")
        self.avatar.set_name(me.full_name)

    # -- Qt overrides ----------------------------------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._shown_logged:
            self._shown_logged = True
            # Report once the first frame is out: queued after the expose events of this show().
            QTimer.singleShot(0, self._log_shown)
            QTimer.singleShot(0, self._on_first_frame_build_sections)

    def _on_first_frame_build_sections(self) -> None:
        _ = self.colleagues_panel

    def _log_shown(self) -> None:
        log_event(log, "window.shown", window="main", max_rss_kb=_max_rss_kb())

    def closeEvent(self, event: QCloseEvent) -> None:
        super().closeEvent(event)
        self.closed.emit()


def _max_rss_kb() -> int:
    try:
        import resource
    except ImportError:  # Windows
        return 0
    rss = int(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
    return rss // 1024 if sys.platform == "darwin" else rss

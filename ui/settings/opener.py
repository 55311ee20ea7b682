"""Opens the one settings dialog of the signed-in account (the avatar menu's «Настройки»)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject

if TYPE_CHECKING:
    from collections.abc import Callable

    from PySide6.QtWidgets import QWidget

    from app.services.session import SessionService
    from app.services.softphone_settings import SoftphoneSettingsService
    from app.settings.paths import SettingsPaths
    from app.state.session import SessionStore
    from app.state.status import StatusStore
    from ui.settings.dialog import SettingsDialog


class SettingsOpener(QObject):
    """Builds the dialog on first use and raises it when it is open already."""

    def __init__(
        self,
        *,
        session: SessionService,
        session_store: SessionStore,
        status_store: StatusStore,
        paths: SettingsPaths,
        api_factory: Callable[[str], Any],
        softphone: SoftphoneSettingsService | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._session = session
        self._session_store = session_store
        self._status_store = status_store
        self._paths = paths
        self._api_factory = api_factory
        self._softphone = softphone
        self.dialog: SettingsDialog | None = None

    def open(self, parent: QWidget | None = None, *, tab: str = "") -> None:
        """Show the dialog (on ``tab`` when given, e.g. ``softphone`` for MW-14)."""
        from app.services.autostart import Autostart
        from app.services.settings_api import SettingsService
        from app.services.two_factor import TwoFactorService
        from ui.settings.dialog import SettingsContext, SettingsDialog

        if self.dialog is not None and self.dialog.isVisible():
            if tab:
                self.dialog.show_tab(tab)
            self.dialog.raise_()
            self.dialog.activateWindow()
            return
        snapshot = self._session_store.snapshot
        service = SettingsService(
            api=lambda: self._session.api,
            spawn=self._session.spawn,
            api_factory=self._api_factory,
            status_store=self._status_store,
        )
        context = SettingsContext(
            service=service,
            me=snapshot.me,
            account_file=self._paths.account_file(snapshot.server, snapshot.login),
            app_file=self._paths.app_file(),
            autostart=Autostart(),
            server=snapshot.server,
            softphone=self._softphone,
            two_factor=TwoFactorService(api=lambda: self._session.api, spawn=self._session.spawn),
        )
        dialog = SettingsDialog(context=context, parent=parent)
        service.setParent(dialog)
        if context.two_factor is not None:
            context.two_factor.setParent(dialog)
        self.dialog = dialog
        if tab:
            dialog.show_tab(tab)
        dialog.show()

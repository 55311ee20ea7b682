"""The client's local settings: one app-level file per machine and one file per account.

Per-machine things live here (last server and login, language, window geometry, the chosen section);
what follows the user from machine to machine is stored by the server. Secrets never: see ``secrets``.
Where the files are: ``paths``; how older files are upgraded: ``migrations``.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from app.settings.migrations import ACCOUNT_SETTINGS_VERSION, APP_SETTINGS_VERSION


class ConnectionSettings(BaseModel):
    """«Подключение» (spec TP-27): another server, a proxy, and the connection timers in seconds."""

    model_config = ConfigDict(extra="ignore")

    use_other_server: bool = False
    server_host: str = ""
    use_server_port: bool = False
    server_port: int = 0
    use_proxy: bool = False
    proxy_host: str = ""
    proxy_port: int = 0
    ping_seconds: int = 15
    sync_timeout_seconds: int = 60
    reconnect_delay_seconds: int = 3
    reconnect_timeout_seconds: int = 120


DEFAULT_CODECS: tuple[str, ...] = ("G722", "PCMA", "PCMU", "speex/16000", "speex/8000", "GSM", "iLBC")
"""What the softphone can offer, best first (the codecs of the pjsua2 wheel; Opus and G.729 are not in it)."""


class SoftphoneSettings(BaseModel):
    """«Софтфон» (spec TP-25/26): per machine, because devices and ports belong to the computer.

    Devices are stable ``"name|host api"`` ids (``""`` = the system default, which the spec recommends).
    Port ranges are inclusive; a SIP range starting at 0 means "any free port".
    """

    model_config = ConfigDict(extra="ignore")

    microphone: str = ""
    speaker: str = ""
    ringer: str = ""
    ringtone: str = ""
    """A file name in ``resources/sounds`` or a path of the user's own melody; ``""`` = the built-in tone."""
    speaker_volume: int = 100
    """Percent, 0–200."""
    mic_gain: int = 100
    """Percent, 0–400."""
    echo_cancellation: bool = True
    noise_suppression: bool = True
    codecs: list[str] = list(DEFAULT_CODECS)
    """Enabled codecs in priority order; the ones not listed are off."""
    sip_port_from: int = 0
    sip_port_to: int = 0
    rtp_port_from: int = 4000
    rtp_port_to: int = 4999
    use_stun: bool = False
    stun_server: str = ""
    transport: str = "udp"
    """``udp``, ``tcp`` or ``tls``."""
    tls_ca_file: str = ""
    """PEM file of the CAs that may sign the SIP server's TLS certificate; ``""`` = the system's CAs."""
    tls_verify: bool = True
    """«Проверять сертификат сервера»: over TLS, refuse a server whose certificate does not check out."""
    srtp: str = "off"
    """``off``, ``optional`` or ``mandatory``."""


class AppSettings(BaseModel):
    """``<config>/settings.json``: what the login window pre-fills and how the app starts."""

    model_config = ConfigDict(extra="ignore")

    schema_version: int = APP_SETTINGS_VERSION
    last_server: str = ""
    last_login: str = ""
    remember: bool = False
    """«Запомнить» was on at the last login: start with the refresh token from the keyring."""
    language: str = ""
    """``ru``, ``en`` or empty for the system locale."""
    connection: ConnectionSettings = ConnectionSettings()
    hidden_sections: list[str] = []
    """«Видимость разделов» (TP-40): sections and panels hidden on this computer (set before login too)."""


class KnownStatus(BaseModel):
    """A custom status of the tenant, remembered so the login window can offer it (MW-12)."""

    key: str
    name: str
    color: str = "grey"


class AccountSettings(BaseModel):
    """``<config>/accounts/<server>/<login>/settings.json``: per account, per machine."""

    model_config = ConfigDict(extra="ignore")

    schema_version: int = ACCOUNT_SETTINGS_VERSION
    login_status: str = "keep"
    """The «Статус» last chosen in the login window (a status key or ``keep`` for «Не изменять»)."""
    window_geometry: str = ""
    """Base64 of ``QWidget.saveGeometry()``."""
    section: str = "colleagues"
    full_name: str = ""
    """Shown in the main window while a remembered session is being restored."""
    custom_statuses: list[KnownStatus] = []
    """The tenant's selectable custom statuses as of the last login."""
    panel_layout: str = ""
    """Base64 of ``QMainWindow.saveState()``: which panels are open, docked or floating (per machine)."""
    floating_panels: dict[str, str] = {}
    """Panel name → base64 geometry of the panel while it floats as an always-on-top window."""
    kpi_order: list[str] = []
    """KPI panel rows as the user dragged them (MW-38, this machine only): objects ``group:5`` and their
    indicators ``group:5:1``; rows not listed follow in the default order."""
    call_widget_position: list[int] = []
    """``[x, y]`` of the floating call widget (TP-48: it comes back where the user left it)."""
    close_to_tray: bool = True
    """The window's close button hides it to the tray instead of quitting."""
    warn_browser_call: bool = True
    """«Предупреждать при попытке звонка из браузера» (TP-19): a ``tel:``/``callto:``/``sip:`` link asks
    «Позвонить на номер …?» before dialling; off, it dials at once."""
    idle_break_minutes: int = 0
    """«Перерыв» after this many minutes without keyboard or mouse input; 0 turns it off."""
    break_on_screen_lock: bool = True
    history_size: int = 1000
    """«Пользовательские»: calls the call history shows and keeps (TP-22: default 1000, at most 10 000)."""
    history_hidden_columns: list[str] = []
    """«История вызовов» columns the user unticked in the header menu (CH-04: all shown by default)."""
    history_by: str = "employee"
    """«История вызовов» main filter (CH-08): ``employee`` («По сотруднику») or ``group`` («По группе»)."""
    history_employee_id: int | None = None
    """«По сотруднику»: the employee chosen; None: the signed-in user; 0: «Все сотрудники»."""
    history_group_id: int | None = None
    """«По группе»: the group chosen; None: the default; 0: «Все группы»."""
    notifications: bool = True
    """«Пользовательские»: desktop notifications for incoming calls and messages."""
    sound_notifications: dict[str, bool] = {}
    """«Звуковые уведомления» (TP-20): event → on; an event not listed is on. ``incoming_call``: the
    ringtone of an offered or incoming call."""
    softphone: SoftphoneSettings = SoftphoneSettings()
    softphone_settings_shown: bool = False
    """MW-14: the softphone settings were opened once after the first sign-in of this account here."""
    shortcuts: dict[str, str] = {}
    """Action name → key sequence (portable text) that replaces the default (see ``ui.shortcuts``)."""
    outbound_line: int = 0
    """MW-19: the trunk id of the active line for outgoing calls (0: none chosen yet, the first is used)."""
    outbound_caller_id: str = ""
    """MW-19: the outgoing number (caller ID) chosen on that line."""

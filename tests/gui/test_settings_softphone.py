"""«Софтфон» settings: real tab, real bridge and service, the fake engine receiving what the tab saved."""

from __future__ import annotations

import asyncio
import shutil
from collections.abc import Callable, Coroutine, Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.services.softphone_bridge import SoftphoneBridge
from app.services.softphone_settings import SOUNDS_DIR, SoftphoneSettingsService
from app.settings.files import VersionedFile
from app.settings.migrations import ACCOUNT_MIGRATIONS, ACCOUNT_SETTINGS_VERSION, APP_SETTINGS_VERSION
from app.settings.models import AccountSettings, AppSettings, SoftphoneSettings
from app.state.calls import CallOrigin, CallPhase, CallSnapshot, CallsStore, MissedStore
from softphone.events import DeviceRole
from softphone.fake import FakeSoftphoneEngine
from ui.settings.softphone_tab import SoftphoneTab


def run_now(coro: Coroutine[Any, Any, None]) -> None:
    """The session's ``spawn`` without a qasync loop: the restart runs to its end right here."""
    asyncio.run(coro)


class Rig:
    def __init__(self, tmp_path: Path, saved: SoftphoneSettings | None = None) -> None:
        self.file = VersionedFile(
            path=tmp_path / "account.json",
            model=AccountSettings,
            version=ACCOUNT_SETTINGS_VERSION,
            migrations=ACCOUNT_MIGRATIONS,
        )
        if saved is not None:
            self.file.save(AccountSettings(softphone=saved))
        self.calls = CallsStore()
        self.bridge = SoftphoneBridge(
            calls=self.calls, missed=MissedStore(), sip_domain="pbx.test", ended_linger_ms=0
        )
        self.service = SoftphoneSettingsService(
            bridge=self.bridge, calls=self.calls, account_file=lambda: self.file, spawn=run_now
        )
        self.first = FakeSoftphoneEngine(self.service.engine_config(), self.bridge.deliver, step_s=0.01)
        self.first.start()
        self.bridge.attach(self.first)

    @property
    def engine(self) -> FakeSoftphoneEngine:
        engine = self.bridge.engine
        assert isinstance(engine, FakeSoftphoneEngine)
        return engine

    def stop(self) -> None:
        for engine in {self.first, self.engine}:
            engine.stop()


@pytest.fixture
def rig(tmp_path: Path) -> Iterator[Rig]:
    made = Rig(tmp_path)
    yield made
    made.stop()


def make_tab(qtbot: QtBot, rig: Rig) -> SoftphoneTab:
    tab = SoftphoneTab(account_file=rig.file, service=rig.service)
    qtbot.addWidget(tab)
    qtbot.waitUntil(lambda: tab.microphone.findData("Fake headset|Fake") >= 0, timeout=5000)
    return tab


def choose(combo: Any, data: str) -> None:
    combo.setCurrentIndex(combo.findData(data))


def test_the_first_start_uses_the_saved_values(tmp_path: Path) -> None:
    saved = SoftphoneSettings(
        codecs=["PCMU", "G722"], sip_port_from=15060, sip_port_to=15070, srtp="optional"
    )
    made = Rig(tmp_path, saved)
    try:
        config = made.engine.config
        assert config.codecs == ("PCMU", "G722")
        assert (config.sip_port, config.sip_port_range) == (15060, 10)
        assert str(config.srtp) == "optional"
        assert config.audio.echo_cancellation is True
    finally:
        made.stop()


def test_devices_volume_and_processing_change_live_without_a_restart(qtbot: QtBot, rig: Rig) -> None:
    tab = make_tab(qtbot, rig)
    choose(tab.microphone, "Fake headset|Fake")
    choose(tab.ringer, "Fake headset|Fake")
    tab.volume.setValue(150)
    tab.echo_check.setChecked(False)
    choose(tab.ringtone, "ringtone.wav")
    assert tab.dirty

    assert tab.save()

    qtbot.waitUntil(lambda: DeviceRole.RINGER in rig.first.devices and bool(rig.first.audio_options))
    assert rig.first.devices == {
        DeviceRole.MICROPHONE: "Fake headset|Fake",
        DeviceRole.RINGER: "Fake headset|Fake",
    }
    assert rig.first.audio_options == {
        "echo_cancellation": False,
        "noise_suppression": True,
        "ringtone": SOUNDS_DIR / "ringtone.wav",
        "ring": True,
    }
    assert rig.first.levels().speaker_volume == 1.5
    assert rig.engine is rig.first  # nothing here needed a restart
    assert rig.file.load().softphone.speaker_volume == 150
    assert tab.notice.text() == "The settings are applied."


def test_codecs_and_ports_restart_the_engine_with_the_new_configuration(qtbot: QtBot, rig: Rig) -> None:
    tab = make_tab(qtbot, rig)
    tab.codecs.setCurrentRow(tab.codecs.count() - 1)  # iLBC, enabled by default
    for _ in range(tab.codecs.count()):
        tab.codec_up.click()
    tab.codecs.item(1).setCheckState(Qt.CheckState.Unchecked)  # G722 off
    tab.sip_from.setValue(25060)
    tab.sip_to.setValue(25069)
    choose(tab.transport, "tcp")

    with qtbot.waitSignal(rig.service.applied) as applied:
        assert tab.save()

    assert applied.args == ["restarted"]
    assert rig.engine is not rig.first
    assert not rig.first.running
    config = rig.engine.config
    assert config.codecs == ("iLBC", "PCMA", "PCMU", "speex/16000", "speex/8000", "GSM")
    assert (config.sip_port, config.sip_port_range) == (25060, 9)
    assert [str(t) for t in config.transports] == ["tcp", "udp"]  # UDP kept for the switch's legs
    assert tab.notice.text() == "The softphone restarted with the new settings."


def test_a_restart_waits_until_the_call_ends(qtbot: QtBot, rig: Rig) -> None:
    tab = make_tab(qtbot, rig)
    assert rig.bridge.dial("74951234567")
    qtbot.waitUntil(lambda: any(c.live for c in rig.calls.snapshot.calls))
    tab.rtp_from.setValue(30000)
    tab.rtp_to.setValue(30999)

    assert tab.save()

    assert rig.service.waiting_for_calls
    assert rig.engine is rig.first  # the conversation goes on untouched
    assert "when the current call ends" in tab.notice.text()
    call = rig.calls.snapshot.calls[0]
    with qtbot.waitSignal(rig.service.applied, timeout=5000) as applied:
        rig.bridge.hangup(call.key)
    assert applied.args == ["restarted"]
    assert (rig.engine.config.rtp_port, rig.engine.config.rtp_port_range) == (30000, 1000)


def test_bad_values_are_refused_with_reasons_and_nothing_typed_is_lost(
    qtbot: QtBot, rig: Rig, use_language: Callable[[str], None]
) -> None:
    use_language("ru")
    tab = make_tab(qtbot, rig)
    tab.rtp_from.setValue(9000)
    tab.rtp_to.setValue(8000)
    tab.stun_check.setChecked(True)
    tab.stun_server.setText("not a host")
    for row in range(tab.codecs.count()):
        tab.codecs.item(row).setCheckState(Qt.CheckState.Unchecked)

    assert not tab.save()

    lines = tab.error.text().splitlines()
    assert lines == [
        "Диапазон локальных RTP-портов: первый порт не может быть больше последнего",
        "Использование технологии STUN: укажите STUN-сервер как хост или хост:порт",
        "Выбор и приоритет использования кодеков: выберите хотя бы один кодек",
    ]
    assert rig.file.load().softphone == SoftphoneSettings()  # nothing written
    assert (tab.rtp_from.value(), tab.rtp_to.value(), tab.stun_server.text()) == (9000, 8000, "not a host")
    assert rig.engine is rig.first


def test_the_sound_check_plays_and_reports_the_microphone(qtbot: QtBot, rig: Rig) -> None:
    tab = make_tab(qtbot, rig)
    tab.sound_check.button.click()
    qtbot.waitUntil(lambda: tab.sound_check.button.isEnabled(), timeout=5000)
    assert tab.sound_check.result.text() == "The microphone hears you (peak -30 dBFS)."
    level = tab.sound_check.level.value()
    assert level == round((60 - 40) / 60 * 100)  # the fake's microphone sits at -40 dBFS
    assert rig.first.devices == {}  # the form's devices are the running ones: nothing switched


def test_the_sound_check_uses_the_devices_on_the_form_and_gives_them_back(qtbot: QtBot, rig: Rig) -> None:
    tab = make_tab(qtbot, rig)
    choose(tab.speaker, "Fake headset|Fake")  # chosen, not saved
    seen: list[dict[DeviceRole, str]] = []
    rig.first.sound_test = lambda seconds=3.0: rig.first._do(  # type: ignore[method-assign]
        lambda: seen.append(dict(rig.first.devices)) or -30.0
    )
    tab.sound_check.button.click()
    qtbot.waitUntil(lambda: tab.sound_check.button.isEnabled(), timeout=5000)
    assert seen == [{DeviceRole.SPEAKER: "Fake headset|Fake"}]  # the melody played on the chosen speaker
    qtbot.waitUntil(lambda: rig.first.devices == {DeviceRole.SPEAKER: ""})  # and the running one is back
    assert rig.file.load().softphone.speaker == ""


def test_an_own_ringtone_must_be_a_wav_file(qtbot: QtBot, rig: Rig, tmp_path: Path) -> None:
    tab = make_tab(qtbot, rig)
    text = tmp_path / "melody.mp3"
    text.write_text("not a sound")
    assert not tab.choose_ringtone_file(str(text))
    assert "16-bit PCM WAV" in tab.error.text()

    own = tmp_path / "mine.wav"
    shutil.copy(SOUNDS_DIR / "ringtone.wav", own)
    assert tab.choose_ringtone_file(str(own))
    assert tab.save()
    qtbot.waitUntil(lambda: bool(rig.first.audio_options))
    assert rig.first.audio_options["ringtone"] == own


def test_without_a_running_softphone_the_tab_still_saves(qtbot: QtBot, tmp_path: Path) -> None:
    file = VersionedFile(
        path=tmp_path / "account.json",
        model=AccountSettings,
        version=ACCOUNT_SETTINGS_VERSION,
        migrations=ACCOUNT_MIGRATIONS,
    )
    tab = SoftphoneTab(account_file=file, service=None)
    qtbot.addWidget(tab)
    assert not tab.sound_check.button.isEnabled()
    tab.sip_from.setValue(5070)
    tab.sip_to.setValue(5080)
    assert tab.save()
    assert (file.load().softphone.sip_port_from, file.load().softphone.sip_port_to) == (5070, 5080)


def test_the_softphone_settings_open_once_on_the_first_sign_in(tmp_path: Path) -> None:
    from app.bootstrap import _first_sign_in_here

    file = VersionedFile(
        path=tmp_path / "account.json",
        model=AccountSettings,
        version=ACCOUNT_SETTINGS_VERSION,
        migrations=ACCOUNT_MIGRATIONS,
    )
    assert _first_sign_in_here(file)
    assert not _first_sign_in_here(file)
    assert file.load().softphone_settings_shown


def cc_offer(key: str = "cc:7") -> CallSnapshot:
    return CallSnapshot(
        key=key,
        origin=CallOrigin.CONTACT_CENTER,
        phase=CallPhase.OFFERED,
        incoming=True,
        remote="74950000002",
        cc_call_id=7,
        offer_id=3,
    )


def test_a_contact_center_offer_rings_through_the_engine_until_answered(qtbot: QtBot, rig: Rig) -> None:
    rig.calls.upsert(cc_offer())
    qtbot.waitUntil(lambda: rig.first.ringing_offer)
    rig.calls.remove("cc:7")
    qtbot.waitUntil(lambda: not rig.first.ringing_offer)


def test_the_incoming_call_sound_switch_silences_the_ringtone_at_once(
    qtbot: QtBot, rig: Rig, tmp_path: Path
) -> None:
    from app.services.autostart import Autostart
    from ui.settings.user_tab import UserTab

    app_file = VersionedFile(
        path=tmp_path / "app.json", model=AppSettings, version=APP_SETTINGS_VERSION, migrations={}
    )
    tab = UserTab(
        account_file=rig.file,
        app_file=app_file,
        autostart=Autostart(directory=tmp_path / "autostart", platform="linux"),
    )
    qtbot.addWidget(tab)
    tab.saved.connect(rig.service.apply_saved)  # as the settings dialog wires it
    assert tab.ring_sound_check.isChecked()
    tab.ring_sound_check.setChecked(False)

    assert tab.save()

    assert rig.file.load().sound_notifications == {"incoming_call": False}
    qtbot.waitUntil(lambda: rig.first.audio_options.get("ring") is False)
    tab.ring_sound_check.setChecked(True)
    assert tab.save()
    qtbot.waitUntil(lambda: rig.first.audio_options.get("ring") is True)


def test_a_restarted_engine_keeps_the_sound_switched_off(qtbot: QtBot, tmp_path: Path) -> None:
    made = Rig(tmp_path)
    try:
        made.file.save(made.file.load().model_copy(update={"sound_notifications": {"incoming_call": False}}))
        made.service.apply_saved()
        qtbot.waitUntil(lambda: made.first.audio_options.get("ring") is False)
        with qtbot.waitSignal(made.service.applied):
            made.service.apply(made.service.saved().model_copy(update={"rtp_port_from": 6000}))
        qtbot.waitUntil(lambda: made.engine.audio_options.get("ring") is False)
    finally:
        made.stop()


def test_reset_puts_the_defaults_on_the_form_and_save_applies_them(qtbot: QtBot, tmp_path: Path) -> None:
    made = Rig(tmp_path, SoftphoneSettings(codecs=["PCMU"], echo_cancellation=False, rtp_port_from=9000))
    try:
        tab = make_tab(qtbot, made)
        assert [tab.codecs.item(0).text(), tab.rtp_from.value()] == ["PCMU", 9000]
        tab.reset_button.click()
        assert tab.value() == SoftphoneSettings()
        assert made.file.load().softphone.rtp_port_from == 9000  # nothing written before «Сохранить»
        with qtbot.waitSignal(made.service.applied):
            assert tab.save()
        assert made.engine.config.codecs == tuple(SoftphoneSettings().codecs)
        assert made.engine.config.audio.echo_cancellation is True
    finally:
        made.stop()


def test_the_avatar_menus_sound_settings_open_the_softphone_tab(qtbot: QtBot, tmp_path: Path) -> None:
    from app.settings.paths import SettingsPaths
    from app.state.session import SessionSnapshot, SessionStore
    from app.state.status import StatusStore
    from tests.gui.test_main_window import ME, make_window
    from tests.gui.test_settings_opener import SignedOutSession
    from ui.settings.opener import SettingsOpener

    session = SignedOutSession()
    window, _, _ = make_window(qtbot, session)
    store = SessionStore()
    store.set(SessionSnapshot(server="http://pult.test", login=ME.login, me=ME))
    opener = SettingsOpener(
        session=session,  # type: ignore[arg-type]
        session_store=store,
        status_store=StatusStore(),
        paths=SettingsPaths(config_dir=tmp_path / "config", state_dir=tmp_path / "state"),
        api_factory=lambda server: None,
    )
    window.sound_settings_requested.connect(lambda: opener.open(window, tab="softphone"))
    assert window.sound_settings_action in window.avatar_menu.actions()
    window.sound_settings_action.trigger()
    dialog = opener.dialog
    assert dialog is not None
    assert isinstance(dialog.stack.currentWidget(), SoftphoneTab)
    dialog.show_tab("user")
    window.sound_settings_action.trigger()  # the open dialog comes forward on the tab
    assert opener.dialog is dialog
    assert isinstance(dialog.stack.currentWidget(), SoftphoneTab)
    dialog.close()


def test_a_tab_opened_before_the_engine_started_gets_the_devices_once_it_runs(
    qtbot: QtBot, tmp_path: Path
) -> None:
    file = VersionedFile(
        path=tmp_path / "account.json",
        model=AccountSettings,
        version=ACCOUNT_SETTINGS_VERSION,
        migrations=ACCOUNT_MIGRATIONS,
    )
    calls = CallsStore()
    bridge = SoftphoneBridge(calls=calls, missed=MissedStore())
    service = SoftphoneSettingsService(bridge=bridge, calls=calls, account_file=lambda: file, spawn=run_now)
    tab = SoftphoneTab(account_file=file, service=service)  # MW-14: the first sign-in, engine starting
    qtbot.addWidget(tab)
    assert not tab.sound_check.button.isEnabled()
    assert "not running" in tab.sound_check.result.text()
    engine = FakeSoftphoneEngine(service.engine_config(), bridge.deliver, step_s=0.01)
    bridge.attach(engine)
    engine.start()
    try:
        qtbot.waitUntil(lambda: tab.microphone.findData("Fake headset|Fake") >= 0, timeout=5000)
        assert tab.sound_check.button.isEnabled()
        assert tab.sound_check.result.text() == ""
    finally:
        engine.stop()


def test_processing_the_engine_cannot_run_is_said_next_to_its_switches(qtbot: QtBot, rig: Rig) -> None:
    from softphone.events import ErrorEvent, MessageKey

    tab = make_tab(qtbot, rig)
    assert tab.processing_note.isHidden()
    reason = "audio processing needs one of (8000, 16000, 32000, 48000) Hz, not 44100"
    rig.bridge.deliver(ErrorEvent(MessageKey.AUDIO_PROCESSING_UNAVAILABLE, reason))  # from the engine thread
    qtbot.waitUntil(lambda: not tab.processing_note.isHidden())
    assert tab.processing_note.text().endswith(reason)


def test_a_save_during_a_restart_is_applied_after_it(qtbot: QtBot, rig: Rig) -> None:
    started: list[Coroutine[Any, Any, None]] = []
    rig.service._spawn = started.append  # hold the first restart until the second save came
    first = rig.service.saved().model_copy(update={"rtp_port_from": 20000, "rtp_port_to": 20999})
    assert rig.service.apply(first) == "restarting"
    second = first.model_copy(update={"codecs": ["PCMA"], "mic_gain": 150})
    assert rig.service.apply(second) == "restarting"
    rig.service._spawn = run_now
    with qtbot.waitSignals([rig.service.applied, rig.service.applied]):
        run_now(started.pop())
    assert rig.service.running == second
    assert rig.engine.config.codecs == ("PCMA",)
    assert rig.engine.config.audio.mic_gain == 1.5

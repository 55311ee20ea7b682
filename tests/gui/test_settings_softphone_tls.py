"""«Софтфон» settings for TLS: the CA certificate file and «Проверять сертификат сервера» reach the engine
(real tab, bridge and service, the fake engine receiving the configuration), and a file that is not a PEM
certificate is refused with the reason before anything is saved."""

from __future__ import annotations

import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from app.settings.models import SoftphoneSettings
from tests.gui.test_settings_softphone import Rig, choose, make_tab


@pytest.fixture
def rig(tmp_path: Path) -> Iterator[Rig]:
    made = Rig(tmp_path)
    yield made
    made.stop()


@pytest.fixture
def ca_file(tmp_path: Path) -> Path:
    """A CA certificate made by openssl, as an administrator would hand it out."""
    ca = tmp_path / "company-ca.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
         "-subj", "/CN=Pult test CA", "-keyout", str(tmp_path / "ca.key"), "-out", str(ca)],
        check=True, capture_output=True, timeout=60,
    )  # fmt: skip
    return ca


def test_tls_fields_follow_the_transport_and_verification_is_on_by_default(qtbot: QtBot, rig: Rig) -> None:
    tab = make_tab(qtbot, rig)
    assert tab.tls_verify.isChecked()
    assert not tab.tls_ca.isEnabled()
    assert not tab.tls_verify.isEnabled()
    choose(tab.transport, "tls")
    assert tab.tls_ca.isEnabled()
    assert tab.tls_verify.isEnabled()
    tab.tls_verify.setChecked(False)
    assert not tab.tls_ca.isEnabled()  # nothing to verify against


def test_a_chosen_ca_file_and_verification_reach_the_restarted_engine(
    qtbot: QtBot, rig: Rig, ca_file: Path
) -> None:
    tab = make_tab(qtbot, rig)
    choose(tab.transport, "tls")
    assert tab.choose_tls_ca_file(str(ca_file))
    with qtbot.waitSignal(rig.service.applied) as applied:
        assert tab.save()
    assert applied.args == ["restarted"]
    config = rig.engine.config
    assert [str(t) for t in config.transports] == ["tls", "udp"]
    assert (config.tls_ca_file, config.tls_verify_server) == (ca_file, True)
    assert rig.file.load().softphone.tls_ca_file == str(ca_file)

    tab.tls_verify.setChecked(False)
    with qtbot.waitSignal(rig.service.applied) as applied:
        assert tab.save()
    assert applied.args == ["restarted"]
    assert rig.engine.config.tls_verify_server is False


def test_without_a_ca_file_the_engine_verifies_against_the_systems_authorities(
    qtbot: QtBot, rig: Rig
) -> None:
    tab = make_tab(qtbot, rig)
    choose(tab.transport, "tls")
    with qtbot.waitSignal(rig.service.applied):
        assert tab.save()
    assert (rig.engine.config.tls_ca_file, rig.engine.config.tls_verify_server) == (None, True)


def test_a_file_that_is_not_a_certificate_is_refused_with_the_reason_in_russian(
    qtbot: QtBot, rig: Rig, tmp_path: Path, use_language: Callable[[str], None]
) -> None:
    use_language("ru")
    tab = make_tab(qtbot, rig)
    assert tab.tls_verify.text() == "Проверять сертификат сервера"
    choose(tab.transport, "tls")
    key = tmp_path / "only-a-key.pem"
    key.write_text("-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n")
    assert not tab.choose_tls_ca_file(str(key))
    assert tab.error.text().startswith("Сертификат центра сертификации (TLS): в файле нет сертификата")
    assert tab.tls_ca.text() == ""

    # Typed by hand (or a file deleted since): refused on save, nothing written, the text stays.
    tab.tls_ca.setText(str(tmp_path / "gone.pem"))
    assert not tab.save()
    assert "файл не найден" in tab.error.text()
    assert rig.file.load().softphone == SoftphoneSettings()
    assert tab.tls_ca.text() == str(tmp_path / "gone.pem")
    assert rig.engine is rig.first

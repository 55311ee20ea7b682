"""Listening to and saving call recordings from «История вызовов» (spec part 7 A1.8, part 2 «прослушать
через Историю вызовов»).

A recording is downloaded through the API client into a cache folder of this run, then played by
``python -m softphone.player`` (a child process of its own, so the GUI process never loads numpy or
PortAudio) on the speaker chosen in «Софтфон», at its volume. One recording plays at a time: another
one stops the first. A call ringing, being dialled or talked on stops it (the headset is the customer's),
and none starts while there is one. «Скачать запись» saves the same bytes where the user chose.
"""

from __future__ import annotations

import json
import logging
import shutil
import sys
import tempfile
from collections.abc import Callable, Coroutine
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QProcess, QTimer, Signal

from app.services.errors import ClientError
from app.services.logs import event as log_event
from app.state.calls import CallPhase

if TYPE_CHECKING:
    from app.services.api import ApiClient
    from app.state.calls import CallsSnapshot, CallsStore

log = logging.getLogger(__name__)

PLAYER_FLAG = "--recording-player"
"""A frozen client runs itself with this flag to become the player (as ``--softphone-host``)."""
STOP_GRACE_MS = 2000
"""How long a player told to stop may take before it is killed."""


def player_command(path: Path, device: str, volume: int) -> list[str]:
    """The command line of the player process for ``path`` on speaker ``device`` at ``volume`` percent."""
    args = [str(path), "--device", device, "--volume", str(volume)]
    if getattr(sys, "frozen", False):  # PyInstaller: the program is the interpreter
        return [sys.executable, PLAYER_FLAG, *args]
    return [sys.executable, "-m", "softphone.player", *args]


@dataclass(frozen=True, slots=True)
class Playback:
    """What the player strip shows: which recording, its label (number, date), where it is."""

    recording_id: int
    label: str
    loading: bool = True
    """Downloading or starting; no sound yet."""
    position: float = 0.0
    length: float = 0.0


class PlaybackError(Exception):
    """The recording was downloaded but cannot be played (no sound device, not a WAV)."""


class CallBusyError(Exception):
    """A call is ringing or on: the headset is the customer's."""


class RecordingPlayer(QObject):
    """Plays one recording at a time; ``playback_changed`` carries a :class:`Playback` or None."""

    playback_changed = Signal(object)
    failed = Signal(object)
    """A :class:`ClientError` (download), an ``OSError`` (the cache), a :class:`PlaybackError` or a
    :class:`CallBusyError`."""
    saved = Signal(object)
    """The path «Скачать запись» wrote."""
    save_failed = Signal(object)
    """``(path, error)``: a ``ClientError`` (the server) or an ``OSError`` (the file); nothing was written."""

    def __init__(
        self,
        *,
        api: Callable[[], ApiClient | None],
        spawn: Callable[[Coroutine[Any, Any, None]], object],
        speaker: Callable[[], tuple[str, int]],
        calls: CallsStore | None = None,
        command: Callable[[Path, str, int], list[str]] = player_command,
        parent: QObject | None = None,
    ) -> None:
        """``speaker``: the «Софтфон» speaker id and volume (percent) to play on, read at each start."""
        super().__init__(parent)
        self._api = api
        self._spawn = spawn
        self._speaker = speaker
        self._command = command
        self._calls = calls
        self._cache: Path | None = None
        self._process: QProcess | None = None
        self._buffer = b""
        self._generation = 0
        self.playback: Playback | None = None
        if calls is not None:
            calls.calls_changed.connect(self._on_calls_changed)

    # -- listening -------------------------------------------------------------------------------------

    def listen(self, recording_id: int, label: str) -> None:
        """Download (once a run) and play ``recording_id``; whatever played before stops."""
        self.stop()
        if self._calls is not None and _busy(self._calls.snapshot):
            self.failed.emit(CallBusyError())
            return
        self._generation += 1
        self._set(Playback(recording_id, label))
        self._spawn(self._fetch_and_play(self._generation, recording_id))

    def stop(self) -> None:
        """«Стоп»: silence now; the strip empties."""
        self._generation += 1  # a download still under way plays nothing when it lands
        process, self._process = self._process, None
        if process is not None:
            _end(process)
        if self.playback is not None:
            self._set(None)

    def close(self) -> None:
        """Signed out or quitting: stop, and forget this account's downloaded recordings."""
        self.stop()
        if self._cache is not None:
            shutil.rmtree(self._cache, ignore_errors=True)
            self._cache = None

    def cached(self, recording_id: int) -> Path:
        if self._cache is None:
            self._cache = Path(tempfile.mkdtemp(prefix="pult-recordings-"))
        return self._cache / f"{recording_id}.wav"

    async def _fetch_and_play(self, generation: int, recording_id: int) -> None:
        path = self.cached(recording_id)
        if not path.is_file():
            api = self._api()
            if api is None:
                return
            # Its own name per request: a second «Прослушать» while the first download runs writes no
            # file the first one writes too.
            part = path.with_name(f"{recording_id}.{generation}.download")
            try:
                await api.download_recording(recording_id, part)
                part.replace(path)
            except (ClientError, OSError) as exc:
                log_event(
                    log, "recording.download_failed", recording_id=recording_id, error=type(exc).__name__
                )
                if generation == self._generation:
                    self._set(None)
                    self.failed.emit(exc)
                return
        if generation != self._generation:
            return  # stopped, or another recording chosen, meanwhile
        if self._calls is not None and _busy(self._calls.snapshot):
            self._set(None)
            self.failed.emit(CallBusyError())
            return
        device, volume = self._speaker()
        program, *args = self._command(path, device, volume)
        process = QProcess(self)
        process.setProcessChannelMode(QProcess.ProcessChannelMode.SeparateChannels)
        process.readyReadStandardOutput.connect(lambda: self._on_output(process))
        process.finished.connect(lambda *_: self._on_finished(process))
        process.errorOccurred.connect(lambda error: self._on_error(process, error))
        self._process = process
        self._buffer = b""
        log_event(log, "recording.play", recording_id=recording_id, device=device or "default")
        process.start(program, args)

    def _on_output(self, process: QProcess) -> None:
        data = bytes(process.readAllStandardOutput().data())
        if process is not self._process:
            return
        self._buffer += data
        *lines, self._buffer = self._buffer.split(b"\n")
        for line in lines:
            try:
                message = json.loads(line)
            except ValueError:
                continue
            self._on_message(message)

    def _on_message(self, message: dict[str, Any]) -> None:
        playback = self.playback
        kind = message.get("event")
        if playback is None:
            return
        if kind == "playing":
            self._set(replace(playback, loading=False, length=float(message.get("seconds", 0.0))))
        elif kind == "position":
            self._set(replace(playback, position=float(message.get("seconds", 0.0))))
        elif kind == "error":
            text = str(message.get("message", ""))
            log_event(log, "recording.play_failed", error=text)
            self.failed.emit(PlaybackError(text))

    def _on_finished(self, process: QProcess) -> None:
        process.deleteLater()
        if process is self._process:
            self._process = None
            self._set(None)

    def _on_error(self, process: QProcess, error: QProcess.ProcessError) -> None:
        if process is self._process and error is QProcess.ProcessError.FailedToStart:
            self._process = None
            process.deleteLater()
            self._set(None)
            self.failed.emit(PlaybackError(process.errorString()))

    def _set(self, playback: Playback | None) -> None:
        if playback != self.playback:
            self.playback = playback
            self.playback_changed.emit(playback)

    def _on_calls_changed(self, snapshot: CallsSnapshot) -> None:
        if self.playback is not None and _busy(snapshot):
            log_event(log, "recording.stopped_for_call")
            self.stop()

    # -- saving ----------------------------------------------------------------------------------------

    def save(self, recording_id: int, dest: Path) -> None:
        """«Скачать запись»: the WAV, as the server sends it, into ``dest``."""
        self._spawn(self._save(recording_id, dest))

    async def _save(self, recording_id: int, dest: Path) -> None:
        api = self._api()
        if api is None:
            return
        try:
            await api.download_recording(recording_id, dest)
        except (ClientError, OSError) as exc:
            log_event(log, "recording.save_failed", recording_id=recording_id, error=type(exc).__name__)
            self.save_failed.emit((dest, exc))
            return
        log_event(log, "recording.saved", recording_id=recording_id)
        self.saved.emit(dest)


def _busy(snapshot: CallsSnapshot) -> bool:
    return snapshot.busy or any(c.phase is CallPhase.OFFERED for c in snapshot.calls)


def _end(process: QProcess) -> None:
    """Tell the player to stop (a line on stdin, then its end); kill it if it does not end soon."""
    if process.state() is QProcess.ProcessState.NotRunning:
        process.deleteLater()
        return
    process.write(b"stop\n")
    process.closeWriteChannel()
    QTimer.singleShot(STOP_GRACE_MS, process, process.kill)
    process.finished.connect(process.deleteLater)

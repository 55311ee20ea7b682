"""The async REST client of ``/api/v1`` (httpx), with failures mapped to :mod:`app.services.errors`."""

from __future__ import annotations

import json
import logging
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import httpx
from pydantic import BaseModel, ValidationError

from app import __version__
from app.protocol.auth import LoginRequest, LoginResponse, Me, RefreshRequest
from app.protocol.errors import ErrorBody
from app.protocol.presence import ColleagueList
from app.protocol.status import StatusChangeRequest, StatusDefinition
from app.services.errors import (
    ERROR_CLASSES,
    ClientError,
    ProtocolError,
    ServerUnreachableError,
    UnauthenticatedError,
)

if TYPE_CHECKING:
    from app.protocol.auth import TwoFactorChallenge, TwoFactorLoginRequest
    from app.settings.models import ConnectionSettings

log = logging.getLogger(__name__)

ModelT = TypeVar("ModelT", bound=BaseModel)

USER_AGENT = f"Pult/{__version__}"


def proxy_url(host: str, port: int) -> str:
    """«Прокси-сервер» (TP-27) as a URL for httpx and websockets: ``host`` may be a URL or an address."""
    host = host.strip().rstrip("/")
    if "://" not in host:
        host = f"http://{host}"
    scheme, _, rest = host.partition("://")
    if port and ":" not in rest.rsplit("]", 1)[-1]:
        rest = f"{rest}:{port}"
    return f"{scheme}://{rest}"


def api_options(connection: ConnectionSettings) -> dict[str, Any]:
    """:class:`ApiClient` keyword arguments from «Подключение»: the sync timeout and the proxy."""
    proxy = None
    if connection.use_proxy and connection.proxy_host.strip():  # TP-27: incomplete → the defaults
        proxy = proxy_url(connection.proxy_host, connection.proxy_port)
    return {"timeout": float(connection.sync_timeout_seconds), "proxy": proxy}


def _disposition_name(header: str) -> str:
    """The file name of a ``Content-Disposition`` header (``filename*=utf-8''…`` or ``filename="…"``)."""
    from urllib.parse import unquote

    for part in header.split(";"):
        key, _, value = part.strip().partition("=")
        if key.lower() == "filename*" and "''" in value:
            return Path(unquote(value.split("''", 1)[1])).name
        if key.lower() == "filename":
            return Path(value.strip('"')).name
    return ""


_CALL_ACTIONS = frozenset(
    {"hangup", "hold", "resume", "merge", "third-party/cancel", "third-party/conference", "intercept"}
)


class ApiClient:
    """One server's API. ``token`` is sent as ``Authorization: Bearer`` once set."""

    def __init__(
        self,
        *,
        server: str,
        transport: httpx.AsyncBaseTransport | None = None,
        timeout: float = 10.0,
        proxy: str | None = None,
    ) -> None:
        """``timeout``: the longest wait for an answer (the «Подключение» sync timeout); ``proxy``: an HTTP
        proxy URL (:func:`proxy_url`), else the environment's, as httpx does by default."""
        self.server = server
        self.token: str | None = None
        self._http = httpx.AsyncClient(
            base_url=server,
            transport=transport,
            timeout=httpx.Timeout(timeout, connect=min(timeout, 5.0)),
            proxy=proxy,
            headers={"User-Agent": USER_AGENT, "Accept": "application/json"},
        )

    async def aclose(self) -> None:
        await self._http.aclose()

    # -- endpoints -------------------------------------------------------------------------------------

    async def login(self, request: LoginRequest) -> LoginResponse | TwoFactorChallenge:
        """A session, or for an account with two-factor authentication the challenge for its code."""
        from app.protocol.auth import TwoFactorChallenge

        data = await self._call("POST", "/api/v1/auth/login", None, body=request, auth=False)
        model = TwoFactorChallenge if isinstance(data, dict) and "challenge" in data else LoginResponse
        try:
            return model.model_validate(data)
        except ValidationError as exc:
            raise ProtocolError(
                f"POST /api/v1/auth/login: unexpected answer: {exc.error_count()} errors"
            ) from exc

    async def two_factor(self, request: TwoFactorLoginRequest) -> LoginResponse:
        """The second step of a login (MW-13): the challenge and the authenticator's code."""
        return await self._model("POST", "/api/v1/auth/two-factor", LoginResponse, body=request, auth=False)

    async def refresh(self, request: RefreshRequest) -> LoginResponse:
        return await self._model("POST", "/api/v1/auth/refresh", LoginResponse, body=request, auth=False)

    async def logout(self, *, keep_remembered: bool = False) -> None:
        from app.protocol.auth import LogoutRequest

        body = LogoutRequest(keep_remembered=True) if keep_remembered else None
        await self._call("POST", "/api/v1/auth/logout", None, body=body)

    async def me(self) -> Me:
        return await self._model("GET", "/api/v1/me", Me)

    async def statuses(self) -> list[StatusDefinition]:
        data = await self._call("GET", "/api/v1/statuses", None)
        try:
            items = data["items"] if isinstance(data, dict) else data
            return [StatusDefinition.model_validate(item) for item in items]
        except (TypeError, KeyError, ValidationError) as exc:
            raise ProtocolError(f"unexpected statuses answer: {exc}") from exc

    async def set_status(self, status: str) -> None:
        await self._call("PUT", "/api/v1/me/status", None, body=StatusChangeRequest(status=status))

    async def colleagues(self) -> ColleagueList:
        return await self._model("GET", "/api/v1/colleagues", ColleagueList)

    # -- contact-center calls (wire models in app.protocol.calls, imported on first use) ------------------

    async def answer_offer(self, offer_id: int) -> Any:
        from app.protocol.calls import OfferAnswered

        return await self._model("POST", f"/api/v1/offers/{offer_id}/answer", OfferAnswered)

    async def reject_offer(self, offer_id: int) -> None:
        await self._call("POST", f"/api/v1/offers/{offer_id}/reject", None)

    async def call_action(self, call_id: int, action: str) -> None:
        """``hangup``, ``hold``, ``resume``, ``merge`` («Объединить вызовы») or ending / widening the
        third party of a contact-center call (the switch executes it)."""
        if action not in _CALL_ACTIONS:
            raise ValueError(action)
        await self._call("POST", f"/api/v1/calls/{call_id}/{action}", None)

    async def transfer_call(
        self, call_id: int, *, employee_id: int | None, group_id: int | None, number: str | None = None
    ) -> None:
        """Blind transfer of a contact-center call to an employee, a group's queue or a number."""
        from app.protocol.calls import TransferRequest

        body = TransferRequest(employee_id=employee_id, group_id=group_id, number=number)
        await self._call("POST", f"/api/v1/calls/{call_id}/transfer", None, body=body)

    async def transfer_waiting(
        self, call_id: int, *, employee_id: int | None, group_id: int | None, number: str | None = None
    ) -> None:
        """«Перевести» on a call waiting in the queue (MW-33): to an employee, a group's queue or a number."""
        from app.protocol.calls import TransferRequest

        body = TransferRequest(employee_id=employee_id, group_id=group_id, number=number)
        await self._call("POST", f"/api/v1/queue/{call_id}/transfer", None, body=body)

    async def third_party(
        self, call_id: int, mode: str, *, employee_id: int | None, group_id: int | None, number: str | None
    ) -> None:
        """``consult`` («С консультацией») or ``conference`` with a third party, run by the switch."""
        from app.protocol.calls import ThirdPartyRequest

        if mode not in ("consult", "conference"):
            raise ValueError(mode)
        body = ThirdPartyRequest(employee_id=employee_id, group_id=group_id, number=number)
        await self._call("POST", f"/api/v1/calls/{call_id}/{mode}", None, body=body)

    async def call_dtmf(self, call_id: int, digits: str) -> None:
        from app.protocol.calls import DtmfRequest

        await self._call("POST", f"/api/v1/calls/{call_id}/dtmf", None, body=DtmfRequest(digits=digits))

    async def wrapup(self, call_id: int, topic_ids: list[int], comment: str) -> None:
        from app.protocol.calls import WrapupRequest

        body = WrapupRequest(topic_ids=topic_ids, comment=comment)
        await self._call("POST", f"/api/v1/calls/{call_id}/wrapup", None, body=body)

    async def ready(self) -> None:
        await self._call("POST", "/api/v1/me/ready", None)

    async def kpi(self) -> Any:
        from app.protocol.kpi import KpiSnapshot

        return await self._model("GET", "/api/v1/kpi", KpiSnapshot)

    async def kpi_selection(self) -> Any:
        from app.protocol.kpi import KpiSelection

        return await self._model("GET", "/api/v1/me/kpi-selection", KpiSelection)

    async def set_kpi_selection(self, body: BaseModel) -> Any:
        from app.protocol.kpi import KpiSelection

        return await self._model("PUT", "/api/v1/me/kpi-selection", KpiSelection, body=body)

    async def kpi_thresholds(self) -> Any:
        from app.protocol.kpi import ThresholdList

        return await self._model("GET", "/api/v1/kpi/thresholds", ThresholdList)

    async def set_kpi_thresholds(self, body: BaseModel) -> Any:
        from app.protocol.kpi import ThresholdList

        return await self._model("PUT", "/api/v1/kpi/thresholds", ThresholdList, body=body)

    async def delete_kpi_threshold(self, kind: str, object_id: int, code: int) -> None:
        await self._call("DELETE", f"/api/v1/kpi/thresholds/{kind}/{object_id}/{code}", None)

    async def lines(self) -> list[Any]:
        """``GET /lines``: the trunks and caller IDs this user may call out with (MW-19)."""
        from app.protocol.trunks import LineInfo

        data = await self._call("GET", "/api/v1/lines", None)
        try:
            return [LineInfo.model_validate(item) for item in data]
        except (TypeError, ValidationError) as exc:
            raise ProtocolError(f"unexpected lines answer: {exc}") from exc

    async def call_out(self, line_id: int, number: str, caller_id: str) -> Any:
        """Order an outbound call through a trunk; the answer names the worker URI and token of the leg."""
        from app.protocol.trunks import OutboundCallInfo, OutboundCallRequest

        body = OutboundCallRequest(number=number, caller_id=caller_id)
        return await self._model("POST", f"/api/v1/trunks/{line_id}/calls", OutboundCallInfo, body=body)

    async def topics(self) -> Any:
        from app.protocol.calls import TopicList

        return await self._model("GET", "/api/v1/topics", TopicList)

    async def queue(self) -> Any:
        from app.protocol.calls import QueueSnapshot

        return await self._model("GET", "/api/v1/queue", QueueSnapshot)

    async def history(
        self,
        *,
        since: datetime,
        until: datetime | None,
        limit: int,
        employee_id: int | None = None,
        group_id: int | None = None,
    ) -> Any:
        """``GET /history``: calls that arrived in ``[since, until)``, newest first, at most ``limit``;
        of one employee or one group when given (CH-08)."""
        from urllib.parse import urlencode

        from app.protocol.calls import HistoryPage

        query = {"since": since.isoformat(), "limit": str(limit)}
        if until is not None:
            query["until"] = until.isoformat()
        if employee_id is not None:
            query["employee_id"] = str(employee_id)
        if group_id is not None:
            query["group_id"] = str(group_id)
        return await self._model("GET", f"/api/v1/history?{urlencode(query)}", HistoryPage)

    async def missed(self) -> Any:
        from app.protocol.calls import MissedList

        return await self._model("GET", "/api/v1/missed", MissedList)

    async def cancel_missed(self, missed_id: int) -> None:
        """«Отменить»: the missed call leaves the call-back lists."""
        await self._call("POST", f"/api/v1/missed/{missed_id}/cancel", None)

    async def callbacks(self) -> Any:
        """``GET /callbacks``: the open callback orders (MW-35)."""
        from app.protocol.calls import CallbackOrderList

        return await self._model("GET", "/api/v1/callbacks", CallbackOrderList)

    async def callback_action(self, order_id: int, action: str) -> Any:
        """``claim`` («Позвонить»), ``release`` (no conversation) or ``done`` (a conversation took place)."""
        from app.protocol.calls import CallbackOrderInfo

        return await self._model("POST", f"/api/v1/callbacks/{order_id}/{action}", CallbackOrderInfo)

    # -- settings dialog (wire models imported on first use) ------------------------------------------

    async def create_status(self, body: BaseModel) -> StatusDefinition:
        return await self._model("POST", "/api/v1/statuses", StatusDefinition, body=body)

    async def update_status(self, key: str, body: BaseModel) -> StatusDefinition:
        return await self._model("PATCH", f"/api/v1/statuses/{key}", StatusDefinition, body=body)

    async def delete_status(self, key: str) -> None:
        await self._call("DELETE", f"/api/v1/statuses/{key}", None)

    async def groups(self) -> Any:
        from app.protocol.admin import GroupList

        return await self._model("GET", "/api/v1/groups", GroupList)

    async def distribution(self, group_id: int) -> Any:
        from app.protocol.calls import DistributionSettingsBody

        return await self._model("GET", f"/api/v1/groups/{group_id}/distribution", DistributionSettingsBody)

    async def set_distribution(self, group_id: int, body: BaseModel) -> Any:
        from app.protocol.calls import DistributionSettingsBody

        path = f"/api/v1/groups/{group_id}/distribution"
        return await self._model("PUT", path, DistributionSettingsBody, body=body)

    async def missed_rules(self) -> Any:
        from app.protocol.calls import MissedRules

        return await self._model("GET", "/api/v1/settings/missed-rules", MissedRules)

    async def set_missed_rules(self, body: BaseModel) -> Any:
        from app.protocol.calls import MissedRules

        return await self._model("PUT", "/api/v1/settings/missed-rules", MissedRules, body=body)

    async def create_topic(self, body: BaseModel) -> Any:
        from app.protocol.calls import TopicInfo

        return await self._model("POST", "/api/v1/topics", TopicInfo, body=body)

    async def update_topic(self, topic_id: int, body: BaseModel) -> Any:
        from app.protocol.calls import TopicInfo

        return await self._model("PATCH", f"/api/v1/topics/{topic_id}", TopicInfo, body=body)

    async def delete_topic(self, topic_id: int, *, force: bool = False) -> None:
        suffix = "?force=true" if force else ""
        await self._call("DELETE", f"/api/v1/topics/{topic_id}{suffix}", None)

    async def health(self) -> Any:
        from app.protocol.admin import Health

        return await self._model("GET", "/api/v1/health", Health, auth=False)

    async def send_error_report(self, body: BaseModel) -> Any:
        from app.protocol.error_reports import ErrorReportCreated

        return await self._model("POST", "/api/v1/error-reports", ErrorReportCreated, body=body)

    async def send(
        self, method: str, path: str, model: type[ModelT] | None = None, *, body: BaseModel | None = None
    ) -> Any:
        """Any signed-in ``/api/v1`` request (``path`` after the prefix); the answer as ``model``."""
        return await self._call(method, f"/api/v1{path}", model, body=body)

    async def put_bytes(self, path: str, data: bytes, content_type: str) -> None:
        """``PUT`` a raw body (an employee's photo) to a signed-in ``/api/v1`` path."""
        if not self.token:
            raise UnauthenticatedError("no session")
        headers = {"Authorization": f"Bearer {self.token}", "Content-Type": content_type}
        try:
            response = await self._http.put(f"/api/v1{path}", content=data, headers=headers)
        except (httpx.TransportError, OSError) as exc:
            raise ServerUnreachableError(f"PUT {path}: {exc or type(exc).__name__}") from exc
        if response.status_code >= 400:
            raise self._error(response)

    async def download_recording(self, recording_id: int, dest: Path) -> str:
        """Save call recording ``recording_id`` (a WAV) to ``dest`` as the server sends it; the file name the
        server suggests. Written to ``dest`` + ``.part`` and renamed, so a failure leaves ``dest`` as it was.
        A file that cannot be written raises ``OSError``; the server's refusals are ``ClientError``s."""
        if not self.token:
            raise UnauthenticatedError("no session")
        path = f"/api/v1/recordings/{recording_id}"
        headers = {"Authorization": f"Bearer {self.token}", "Accept": "audio/wav, application/json"}
        part = dest.with_name(dest.name + ".part")
        try:
            async with self._http.stream("GET", path, headers=headers) as response:
                if response.status_code >= 400:
                    await response.aread()
                    raise self._error(response)
                name = response.headers.get("content-disposition", "")
                with part.open("wb") as file:
                    async for chunk in response.aiter_bytes():
                        file.write(chunk)
            part.replace(dest)
        except httpx.TimeoutException as exc:
            part.unlink(missing_ok=True)
            raise ServerUnreachableError(f"GET {path}: timed out") from exc
        except httpx.TransportError as exc:
            part.unlink(missing_ok=True)
            raise ServerUnreachableError(f"GET {path}: {exc or type(exc).__name__}") from exc
        except BaseException:
            part.unlink(missing_ok=True)
            raise
        return _disposition_name(name) or f"recording-{recording_id}.wav"

    # -- plumbing --------------------------------------------------------------------------------------

    async def _model(
        self, method: str, path: str, model: type[ModelT], *, body: BaseModel | None = None, auth: bool = True
    ) -> ModelT:
        result: ModelT = await self._call(method, path, model, body=body, auth=auth)
        return result

    async def _call(
        self,
        method: str,
        path: str,
        model: type[ModelT] | None,
        *,
        body: BaseModel | None = None,
        auth: bool = True,
    ) -> Any:
        headers: dict[str, str] = {}
        if auth:
            if not self.token:
                raise UnauthenticatedError("no session")
            headers["Authorization"] = f"Bearer {self.token}"
        content = None if body is None else body.model_dump_json()
        if content is not None:
            headers["Content-Type"] = "application/json"
        try:
            response = await self._http.request(method, path, content=content, headers=headers)
        except httpx.TimeoutException as exc:
            raise ServerUnreachableError(f"{method} {path}: timed out") from exc
        except (httpx.TransportError, OSError) as exc:
            raise ServerUnreachableError(f"{method} {path}: {exc or type(exc).__name__}") from exc
        if response.status_code >= 400:
            raise self._error(response)
        if model is None:
            if not response.content:
                return None
            try:
                return response.json()
            except ValueError:
                return None
        try:
            return model.model_validate_json(response.content)
        except ValidationError as exc:
            raise ProtocolError(
                f"{method} {path}: unexpected answer: {exc.error_count()} errors", status=response.status_code
            ) from exc

    @staticmethod
    def _error(response: httpx.Response) -> ClientError:
        status = response.status_code
        where = f"{response.request.method} {response.request.url.path}"
        try:
            body = ErrorBody.model_validate_json(response.content)
        except (ValidationError, json.JSONDecodeError, ValueError):
            body = None
        if body is None:
            if status == 401:
                return UnauthenticatedError(f"{where}: 401", status=status)
            return ProtocolError(f"{where}: HTTP {status}", status=status)
        cls = ERROR_CLASSES.get(body.code, ProtocolError)
        return cls(f"{where}: {body.code}: {body.message}", body=body, status=status)

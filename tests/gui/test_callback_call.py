"""«Позвонить» on a callback order in the real main window calls the client through the server's trunk
(MW-35 with MW-19), and the conversation completes the order.

Kamailio plays the carrier and a baresip phone registered there is the client who left the order; the
server runs as a subprocess with its embedded switch and trunk; the operator's client is composed in this
process with the real pjsua2 softphone. The order reaches the queue panel through ``callback.changed``.
"""

from __future__ import annotations

import pytest
from pytestqt.qtbot import QtBot

from app.services.callbacks import CallbackOrders
from app.state.calls import CallPhase
from tests.carrier import PSTN_USER, TRUNK_MARKS
from tests.gui.live_client import LiveClient, until
from tests.server.switch_helpers import ServerProcess
from tests.softphone.peers import Baresip, Kamailio
from ui.panels import QueuePanel

pytestmark = TRUNK_MARKS


@pytest.fixture
def client(softphone_client: LiveClient) -> LiveClient:
    """The shared live client with the callback-order service as app.bootstrap wires it."""
    live = softphone_client
    orders = CallbackOrders(
        store=live.queue.callbacks,
        calls=live.calls,
        dial=live.bridge.dial,
        dial_failed=live.bridge.operation_failed,
        me=live._my_id,
    )
    orders.bind(api=lambda: live.session.api, spawn=live.session.spawn)
    assert live.session.call_center is not None
    live.session.call_center.callbacks = orders
    live.session.logged_in.connect(lambda _me: orders.refresh())
    return live


def test_call_on_an_order_rings_the_client_through_the_trunk_and_the_conversation_completes_it(
    qtbot: QtBot,
    trunk_server: ServerProcess,
    carrier: Kamailio,
    trunk_id: int,
    pstn_phone: Baresip,
    client: LiveClient,
) -> None:
    established = len(pstn_phone.find_events("CALL_ESTABLISHED"))
    admin = {"Authorization": f"Bearer {trunk_server.login('300000001/admin', status='break')}"}
    groups = trunk_server.http.get("/groups", headers=admin).json()["items"]
    sales = next(g["id"] for g in groups if g["name"] == "Продажи")

    async def scenario() -> None:
        await client.login(trunk_server.url, "300000001/op3", "PultDemo1", "break")
        await until(lambda: client.outbound.ready, 20, "the lines from the server")
        window = client.window
        window.build_panels()
        window.set_panel_visible("queue", True)
        panel = window.panel_dock("queue").widget()
        assert isinstance(panel, QueuePanel)
        body = {"phone": PSTN_USER, "group_id": sales, "widget": "Сайт"}
        created = trunk_server.http.post("/callbacks", json=body, headers=admin)
        assert created.status_code == 201, created.text
        order = int(created.json()["id"])
        await until(lambda: order in panel.callbacks_view.buttons, 15, "the order in the tab")
        assert panel.tabs.tabText(1).endswith("(1)")

        panel.callbacks_view.buttons[order].click()
        await until(
            lambda: len(pstn_phone.find_events("CALL_ESTABLISHED")) > established, 30, "the client answers"
        )
        await until(lambda: _phase(client) is CallPhase.TALKING, 20, "talking")
        listed = trunk_server.http.get("/callbacks", headers=admin).json()["items"]
        assert [(o["id"], o["state"]) for o in listed] == [(order, "locked")]
        assert not panel.callbacks_view.buttons[order].isEnabled()

        client.bridge.hangup("out:1")
        await until(lambda: panel.tabs.tabText(1).endswith("(0)"), 20, "the completed order left the tab")
        assert trunk_server.http.get("/callbacks", headers=admin).json()["items"] == []
        # A connected call out is followed by post-call work (TP-34) on its card; «Готов к работе» ends it,
        # so no card's timer outlives this client's window.
        await until(lambda: _phase(client) is CallPhase.WRAPUP, 20, "post-call work after the call")
        client.bridge.finish_wrapup("out:1", 0, "")
        assert _phase(client) is None

    client.run(scenario())


def _phase(client: LiveClient) -> CallPhase | None:
    call = client.calls.snapshot.get("out:1")
    return None if call is None else call.phase

"""The OpenAPI schema is the contract: random bodies for every JSON operation never cause a 5xx, and every
refusal is an ErrorBody."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.protocol.errors import ErrorBody
from tests.server.conftest import Api

pytestmark = pytest.mark.slow

JSON = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(2**40), 2**40)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=30),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=12,
)


def _operations(api: Api) -> list[tuple[str, str, list[str]]]:
    schema = api.app.openapi()
    found = []
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            content = operation.get("requestBody", {}).get("content", {}).get("application/json")
            if content is None or path.endswith("/logout"):  # logout would end the fuzzing session
                continue
            ref = content["schema"].get("$ref", "")
            component = schema["components"]["schemas"].get(ref.rsplit("/", 1)[-1], {})
            found.append((method.upper(), path, sorted(component.get("properties", {}))))
    return found


def test_random_bodies_never_break_the_server(api: Api) -> None:
    admin = api.token("admin")
    operations = _operations(api)
    assert len(operations) >= 7

    @settings(
        max_examples=100,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture],
    )
    @given(data=st.data())
    def check(data: st.DataObject) -> None:
        method, path, keys = data.draw(st.sampled_from(operations))
        if keys and data.draw(st.booleans()):
            body: Any = data.draw(st.fixed_dictionaries({}, optional=dict.fromkeys(keys, JSON)))
        else:
            body = data.draw(JSON)
        concrete = (
            path.replace("{employee_id}", "1")
            .replace("{group_id}", "1")
            .replace("{key}", "custom-1")
            .replace("{code}", "employee")
        )
        response = api.client.request(method, f"{concrete}", json=body, headers=api.auth(admin))
        assert response.status_code < 500, (method, path, body, response.text)
        if response.status_code >= 400:
            ErrorBody.model_validate(response.json())

    check()

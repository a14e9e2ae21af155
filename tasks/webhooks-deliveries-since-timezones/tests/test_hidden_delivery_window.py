"""`since`/`until` on GET /deliveries accept ISO-8601 with any offset (none = UTC) or unix seconds,
and mean the same instant whatever the server's local timezone is."""

import time

import pytest

from tests.conftest import make_event


@pytest.fixture(autouse=True)
def server_in_new_york(monkeypatch):
    monkeypatch.setenv("TZ", "America/New_York")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


@pytest.fixture
def logged(send, clock):
    """Deliveries dlv_0..dlv_3 received at 12:00, 12:01, 12:02, 12:03 UTC on 2024-05-01."""
    for minute in range(4):
        send(make_event("customer.updated", {"id": "cus_1"}), delivery_id=f"dlv_{minute}")
        clock.advance(60)


def window(client, since, until):
    response = client.get("/deliveries", params={"since": since, "until": until})
    assert response.status_code == 200, response.text
    return [d["delivery_id"] for d in response.json()]


def test_z_suffix(client, logged):
    assert window(client, "2024-05-01T12:01:00Z", "2024-05-01T12:03:00Z") == ["dlv_2", "dlv_1"]
    assert window(client, "2024-05-01T12:00:59.500Z", "2024-05-01T12:02:00.000Z") == ["dlv_1"]


def test_explicit_offsets_are_converted_to_utc(client, logged):
    assert window(client, "2024-05-01T14:01:00+02:00", "2024-05-01T08:03:00-04:00") == ["dlv_2", "dlv_1"]
    assert window(client, "2024-05-01T17:31:00+05:30", "2024-05-01T12:04:00+00:00") == ["dlv_3", "dlv_2", "dlv_1"]


def test_unix_seconds(client, logged):
    assert window(client, "1714564860", "1714564980") == ["dlv_2", "dlv_1"]
    assert window(client, "1714564920.0", "1714564980.5") == ["dlv_3", "dlv_2"]


def test_timestamps_without_offset_are_utc(client, logged):
    assert window(client, "2024-05-01T12:01:00", "2024-05-01T12:03:00") == ["dlv_2", "dlv_1"]


@pytest.mark.parametrize("bad", ["2024-05-01T25:00:00Z", "1714564860abc", "yesterday", "2024-05-01T12:00:00+99:00"])
def test_unparseable_instants_are_invalid_query(client, logged, bad):
    response = client.get("/deliveries", params={"since": bad})
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "invalid_query"

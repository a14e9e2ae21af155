"""GET /items/{sku}/history?since= means the same instant whatever offset it is written with."""

from urllib.parse import quote

from conftest import ADMIN


def _item_with_a_day_of_history(client, clock, make_item):
    make_item("MUG-BLUE", on_hand=10)  # versions 1, 2 at 09:00 UTC
    for quantity in (1, 2, 3):  # versions 3, 4, 5 at 10:00, 11:00, 12:00 UTC
        clock.advance(3600)
        response = client.post("/items/MUG-BLUE/receipts", json={"quantity": quantity}, headers=ADMIN)
        assert response.status_code == 201, response.text


def _versions_since(client, since):
    response = client.get(f"/items/MUG-BLUE/history?since={quote(since)}", headers=ADMIN)
    assert response.status_code == 200, response.text
    return [event["version"] for event in response.json()]


def test_since_with_an_offset_east_of_utc(client, clock, make_item):
    _item_with_a_day_of_history(client, clock, make_item)
    assert _versions_since(client, "2030-05-06T12:30:00+02:00") == [4, 5]
    assert _versions_since(client, "2030-05-06T13:00:00+02:00") == [4, 5]
    assert _versions_since(client, "2030-05-06T13:00:01+02:00") == [5]


def test_since_with_an_offset_west_of_utc(client, clock, make_item):
    _item_with_a_day_of_history(client, clock, make_item)
    assert _versions_since(client, "2030-05-06T06:30:00-04:00") == [4, 5]
    assert _versions_since(client, "2030-05-06T05:59:59-04:00") == [3, 4, 5]


def test_since_across_midnight(client, clock, make_item):
    _item_with_a_day_of_history(client, clock, make_item)
    assert _versions_since(client, "2030-05-06T23:30:00+14:00") == [3, 4, 5]
    assert _versions_since(client, "2030-05-05T23:59:00-11:00") == [4, 5]


def test_since_in_utc_still_works(client, clock, make_item):
    _item_with_a_day_of_history(client, clock, make_item)
    assert _versions_since(client, "2030-05-06T10:00:00") == [3, 4, 5]
    assert _versions_since(client, "2030-05-06T10:00:00Z") == [3, 4, 5]
    assert _versions_since(client, "2030-05-06T10:00:00+00:00") == [3, 4, 5]

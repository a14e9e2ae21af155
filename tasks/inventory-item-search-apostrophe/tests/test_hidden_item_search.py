"""GET /items?q= treats the search text as text: quotes, LIKE wildcards and SQL in it match literally."""

from conftest import SHOP


def _skus(client, q):
    response = client.get("/items", params={"q": q}, headers=SHOP)
    assert response.status_code == 200, response.text
    return [item["sku"] for item in response.json()]


def _catalogue(make_item):
    make_item("MUG-OBRIEN", "O'Brien's mug")
    make_item("TOWEL-50", "Tea towel 50% linen")
    make_item("TOWEL-500", "Tea towel 500 pack")
    make_item("TEE-S", "T-shirt small")
    make_item("TEEXS", "T-shirt extra small")


def test_search_text_with_an_apostrophe(client, make_item):
    _catalogue(make_item)
    assert _skus(client, "O'Brien") == ["MUG-OBRIEN"]
    assert _skus(client, "'s mug") == ["MUG-OBRIEN"]


def test_sql_in_the_search_text_is_not_run(client, make_item):
    _catalogue(make_item)
    assert _skus(client, "' OR 1=1 --") == []
    assert _skus(client, "x' UNION SELECT sku, name, 0, 0, 0, '2030-01-01' FROM stock_levels --") == []
    assert len(_skus(client, "")) == 5


def test_wildcards_in_the_search_text_match_literally(client, make_item):
    _catalogue(make_item)
    assert _skus(client, "50%") == ["TOWEL-50"]
    assert _skus(client, "TEE_S") == []
    assert _skus(client, "%") == ["TOWEL-50"]


def test_plain_search_still_matches_sku_or_name(client, make_item):
    _catalogue(make_item)
    assert _skus(client, "towel") == ["TOWEL-50", "TOWEL-500"]
    assert _skus(client, "tee-") == ["TEE-S"]

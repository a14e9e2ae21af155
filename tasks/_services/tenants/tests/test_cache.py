from app.cache import TenantCache


class Ticker:
    def __init__(self):
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_entries_expire_after_ttl():
    ticker = Ticker()
    cache = TenantCache(ttl_seconds=10, monotonic=ticker)
    loads = []

    def load():
        loads.append(1)
        return len(loads)

    assert cache.get_or_load(1, ("k",), load) == 1
    ticker.now = 9.9
    assert cache.get_or_load(1, ("k",), load) == 1
    ticker.now = 10.0
    assert cache.get_or_load(1, ("k",), load) == 2


def test_invalidate_tenant_drops_only_that_tenants_entries():
    cache = TenantCache(ttl_seconds=60)
    cache.get_or_load(1, (1, "dashboard"), lambda: "one")
    cache.get_or_load(2, (2, "dashboard"), lambda: "two")

    cache.invalidate_tenant(1)

    assert cache.get_or_load(1, (1, "dashboard"), lambda: "one again") == "one again"
    assert cache.get_or_load(2, (2, "dashboard"), lambda: "two again") == "two"

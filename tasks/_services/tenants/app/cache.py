"""In-process read-through cache for per-tenant read models (dashboard, project summaries).

Entries live for `ttl_seconds` and are dropped early when their tenant writes: every service
function that changes a tenant's projects or entries calls `invalidate_tenant`. Loaders run
outside the lock, so two requests may both load a missing entry; the later one wins, which is
harmless for read models.
"""

import functools
import threading
import time
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

T = TypeVar("T")


class TenantCache:
    def __init__(self, ttl_seconds: float, monotonic: Callable[[], float] = time.monotonic):
        self.ttl_seconds = ttl_seconds
        self._monotonic = monotonic
        self._lock = threading.Lock()
        self._entries: dict[Hashable, tuple[float, Any]] = {}
        self._keys_by_tenant: dict[int, set[Hashable]] = {}

    def get_or_load(self, tenant_id: int, key: Hashable, loader: Callable[[], T]) -> T:
        now = self._monotonic()
        with self._lock:
            hit = self._entries.get(key)
            if hit is not None and hit[0] > now:
                return hit[1]
        value = loader()
        with self._lock:
            self._entries[key] = (now + self.ttl_seconds, value)
            self._keys_by_tenant.setdefault(tenant_id, set()).add(key)
        return value

    def invalidate_tenant(self, tenant_id: int) -> None:
        with self._lock:
            for key in self._keys_by_tenant.pop(tenant_id, set()):
                self._entries.pop(key, None)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
            self._keys_by_tenant.clear()


def cache_key(namespace: str, tenant_id: int, args: tuple) -> tuple:
    return (tenant_id, namespace, *args)


def cached(namespace: str):
    """Cache a read-model function `fn(ctx, *args)` per tenant; args must be hashable."""

    def decorator(fn: Callable[..., T]) -> Callable[..., T]:
        @functools.wraps(fn)
        def wrapper(ctx, *args):
            key = cache_key(namespace, ctx.tenant_id, args)
            return ctx.cache.get_or_load(ctx.tenant_id, key, lambda: fn(ctx, *args))

        return wrapper

    return decorator

from __future__ import annotations

import os
from dataclasses import dataclass


@dataclass(frozen=True)
class Settings:
    database_url: str
    webhook_secret: str
    # Paygate recommends 5 minutes; older signatures are treated as replays.
    signature_tolerance_seconds: int = 300

    @classmethod
    def from_env(cls) -> Settings:
        return cls(
            database_url=os.environ.get("WEBHOOKS_DATABASE_URL", "sqlite:///./webhooks.db"),
            webhook_secret=os.environ["PAYGATE_WEBHOOK_SECRET"],
            signature_tolerance_seconds=int(os.environ.get("PAYGATE_SIGNATURE_TOLERANCE", "300")),
        )

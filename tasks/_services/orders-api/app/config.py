import os
from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class Settings:
    database_url: str = "sqlite:///./orders.db"
    # Sales tax charged on the discounted subtotal, in percent (8.25 means 8.25 %).
    tax_rate_percent: Decimal = Decimal("8.25")

    @classmethod
    def from_env(cls) -> "Settings":
        return cls(
            database_url=os.environ.get("ORDERS_DATABASE_URL", cls.database_url),
            tax_rate_percent=Decimal(os.environ.get("ORDERS_TAX_RATE_PERCENT", str(cls.tax_rate_percent))),
        )

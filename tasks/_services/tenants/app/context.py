from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from app.cache import TenantCache
from app.errors import PermissionDenied
from app.models import User

# Each role may do everything the roles after it may do.
ROLE_RANK = {"admin": 3, "member": 2, "viewer": 1}


@dataclass
class TenantContext:
    """Who is asking, on behalf of which tenant; every service call takes one."""

    db: Session
    user: User
    cache: TenantCache
    now: datetime

    @property
    def tenant_id(self) -> int:
        return self.user.tenant_id

    def require_role(self, minimum: str) -> None:
        if ROLE_RANK[self.user.role] < ROLE_RANK[minimum]:
            raise PermissionDenied(f"this action needs the {minimum} role")

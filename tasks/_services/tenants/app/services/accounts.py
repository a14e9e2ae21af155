"""Tenant sign-up and the users of a tenant. Only admins manage users."""

from datetime import datetime

from sqlalchemy.orm import Session

from app import repository, security
from app.context import TenantContext
from app.errors import Conflict, NotFound
from app.models import Tenant, User


def sign_up(db: Session, now: datetime, slug: str, name: str, admin_email: str) -> tuple[Tenant, User, str]:
    """Create a tenant and its first admin; returns the admin's API token (shown once)."""
    tenant = repository.add_tenant(db, slug, name, now)
    token = security.new_token()
    admin = repository.add_user(db, tenant.id, admin_email, "admin", token, now)
    db.commit()
    return tenant, admin, token


def invite_user(ctx: TenantContext, email: str, role: str) -> tuple[User, str]:
    ctx.require_role("admin")
    token = security.new_token()
    user = repository.add_user(ctx.db, ctx.tenant_id, email, role, token, ctx.now)
    ctx.db.commit()
    return user, token


def list_users(ctx: TenantContext) -> list[User]:
    ctx.require_role("admin")
    return repository.list_users(ctx.db, ctx.tenant_id)


def update_user(ctx: TenantContext, user_id: int, role: str | None, active: bool | None) -> User:
    ctx.require_role("admin")
    user = repository.get_user(ctx.db, ctx.tenant_id, user_id)
    if user is None:
        raise NotFound(f"user {user_id} not found")
    if user.id == ctx.user.id and (role not in (None, "admin") or active is False):
        raise Conflict("admins cannot demote or deactivate themselves")
    if role is not None:
        user.role = role
    if active is not None:
        user.active = active
    ctx.db.commit()
    return user

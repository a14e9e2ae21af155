from datetime import date

from app import repository
from app.context import TenantContext
from app.models import Entry
from app.services import projects

MAX_MINUTES_PER_ENTRY = 24 * 60


def log_time(ctx: TenantContext, project_id: int, day: date, minutes: int, note: str) -> Entry:
    ctx.require_role("member")
    project = projects.get_active_project(ctx, project_id)
    entry = repository.add_entry(ctx.db, project, ctx.user, day, minutes, note, ctx.now)
    ctx.db.commit()
    ctx.cache.invalidate_tenant(ctx.tenant_id)
    return entry


def search(ctx: TenantContext, project_id: int, query: str, limit: int) -> list[Entry]:
    project = projects.get_project(ctx, project_id)
    return repository.search_entries(ctx.db, project.id, query, limit)

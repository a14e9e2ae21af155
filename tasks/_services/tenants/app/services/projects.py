from app import repository
from app.cache import cached
from app.context import TenantContext
from app.errors import InvalidRequest, NotFound, ProjectArchived
from app.models import Project


def _clean_tags(tags: list[str]) -> list[str]:
    cleaned = []
    for tag in tags:
        tag = tag.strip().lower()
        if not tag:
            continue
        if "," in tag:
            raise InvalidRequest(f"tag {tag!r} must not contain a comma")
        if tag not in cleaned:
            cleaned.append(tag)
    return cleaned


def create_project(ctx: TenantContext, name: str, tags: list[str]) -> Project:
    ctx.require_role("member")
    project = repository.add_project(ctx.db, ctx.tenant_id, name, _clean_tags(tags), ctx.now)
    ctx.db.commit()
    ctx.cache.invalidate_tenant(ctx.tenant_id)
    return project


def get_project(ctx: TenantContext, project_id: int) -> Project:
    project = repository.get_project(ctx.db, ctx.tenant_id, project_id)
    if project is None:
        raise NotFound(f"project {project_id} not found")
    return project


def get_active_project(ctx: TenantContext, project_id: int) -> Project:
    """The project, for changes that only make sense while it is active (logging time)."""
    project = get_project(ctx, project_id)
    if project.status == "archived":
        raise ProjectArchived(f"project {project_id} is archived")
    return project


def list_projects(ctx: TenantContext, tag: str | None = None) -> list[Project]:
    return repository.list_projects(ctx.db, ctx.tenant_id, tag.strip().lower() if tag else None)


def update_project(
    ctx: TenantContext,
    project_id: int,
    name: str | None = None,
    status: str | None = None,
    tags: list[str] | None = None,
) -> Project:
    ctx.require_role("member")
    project = get_project(ctx, project_id)
    if name is not None:
        project.name = name
    if status is not None:
        project.status = status
    if tags is not None:
        repository.set_tags(project, _clean_tags(tags))
    ctx.db.commit()
    ctx.cache.invalidate_tenant(ctx.tenant_id)
    return project


@cached("project_summary")
def project_summary(ctx: TenantContext, project_id: int) -> dict:
    project = get_project(ctx, project_id)
    count, minutes = repository.entry_totals(ctx.db, ctx.tenant_id, project.id)
    return {
        "project_id": project.id,
        "name": project.name,
        "status": project.status,
        "entry_count": count,
        "total_minutes": minutes,
        "contributors": repository.contributor_count(ctx.db, project.id),
    }


@cached("dashboard")
def dashboard(ctx: TenantContext) -> dict:
    counts = repository.project_counts(ctx.db, ctx.tenant_id)
    entry_count, minutes = repository.entry_totals(ctx.db, ctx.tenant_id)
    return {
        "projects": sum(counts.values()),
        "active_projects": counts.get("active", 0),
        "archived_projects": counts.get("archived", 0),
        "entries": entry_count,
        "total_minutes": minutes,
    }

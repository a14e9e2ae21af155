"""Data access. Every query that reads tenant data takes the tenant id and filters on it."""

from datetime import date, datetime

from sqlalchemy import func, select, text, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app import security
from app.errors import Conflict
from app.models import Entry, JobStatus, Project, ProjectTag, ReportJob, Tenant, User

# --- tenants & users -----------------------------------------------------------------


def add_tenant(db: Session, slug: str, name: str, now: datetime) -> Tenant:
    tenant = Tenant(slug=slug, name=name, created_at=now)
    db.add(tenant)
    try:
        db.flush()
    except IntegrityError:
        db.rollback()
        raise Conflict(f"tenant slug {slug!r} is taken") from None
    return tenant


def add_user(
    db: Session, tenant_id: int, email: str, role: str, token: str, now: datetime
) -> User:
    user = User(
        tenant_id=tenant_id,
        email=email,
        role=role,
        token_hash=security.hash_token(token),
        active=True,
        created_at=now,
    )
    db.add(user)
    try:
        db.flush()
    except IntegrityError:
        db.rollback()
        raise Conflict(f"{email} already has an account in this tenant") from None
    return user


def user_by_token(db: Session, token: str) -> User | None:
    return db.scalar(select(User).where(User.token_hash == security.hash_token(token)))


def get_user(db: Session, tenant_id: int, user_id: int) -> User | None:
    return db.scalar(select(User).where(User.id == user_id, User.tenant_id == tenant_id))


def list_users(db: Session, tenant_id: int) -> list[User]:
    return list(db.scalars(select(User).where(User.tenant_id == tenant_id).order_by(User.id)))


# --- projects --------------------------------------------------------------------------


def add_project(db: Session, tenant_id: int, name: str, tags: list[str], now: datetime) -> Project:
    project = Project(tenant_id=tenant_id, name=name, status="active", created_at=now)
    set_tags(project, tags)
    db.add(project)
    try:
        db.flush()
    except IntegrityError:
        db.rollback()
        raise Conflict(f"a project named {name!r} already exists") from None
    return project


def set_tags(project: Project, tags: list[str]) -> None:
    """Replace the project's tags, keeping the rows of tags it already had (unique per project)."""
    existing = {row.tag: row for row in project.tag_rows}
    rows = []
    for position, tag in enumerate(tags):
        row = existing.get(tag) or ProjectTag(tag=tag)
        row.position = position
        rows.append(row)
    project.tag_rows = rows


def get_project(db: Session, tenant_id: int, project_id: int) -> Project | None:
    return db.scalar(
        select(Project).where(Project.id == project_id, Project.tenant_id == tenant_id)
    )


def list_projects(db: Session, tenant_id: int, tag: str | None = None) -> list[Project]:
    statement = select(Project).where(Project.tenant_id == tenant_id)
    if tag is not None:
        statement = statement.where(Project.tag_rows.any(ProjectTag.tag == tag))
    return list(db.scalars(statement.order_by(Project.id)))


def project_counts(db: Session, tenant_id: int) -> dict[str, int]:
    rows = db.execute(
        select(Project.status, func.count())
        .where(Project.tenant_id == tenant_id)
        .group_by(Project.status)
    ).all()
    return {status: count for status, count in rows}


# --- entries ---------------------------------------------------------------------------


def add_entry(
    db: Session, project: Project, user: User, day: date, minutes: int, note: str, now: datetime
) -> Entry:
    entry = Entry(
        project_id=project.id, user_id=user.id, day=day, minutes=minutes, note=note, created_at=now
    )
    db.add(entry)
    db.flush()
    return entry


def entry_totals(db: Session, tenant_id: int, project_id: int | None = None) -> tuple[int, int]:
    """(entry count, total minutes) of a tenant, or of one of its projects."""
    statement = (
        select(func.count(Entry.id), func.coalesce(func.sum(Entry.minutes), 0))
        .join(Project, Project.id == Entry.project_id)
        .where(Project.tenant_id == tenant_id)
    )
    if project_id is not None:
        statement = statement.where(Entry.project_id == project_id)
    count, minutes = db.execute(statement).one()
    return count, minutes


def contributor_count(db: Session, project_id: int) -> int:
    return db.scalar(
        select(func.count(func.distinct(Entry.user_id))).where(Entry.project_id == project_id)
    )


_SEARCH_ENTRIES_SQL = """
SELECT entries.* FROM entries
WHERE entries.project_id = :project_id
  AND entries.note LIKE :pattern ESCAPE '\\'
ORDER BY entries.day, entries.id
LIMIT :limit
"""


def search_entries(db: Session, project_id: int, query: str, limit: int) -> list[Entry]:
    """Entries of one project whose note contains `query` (case-insensitive for ASCII)."""
    params = {
        "project_id": project_id,
        "pattern": f"%{security.escape_like(query)}%",
        "limit": limit,
    }
    return list(db.scalars(select(Entry).from_statement(text(_SEARCH_ENTRIES_SQL)), params))


def entries_in_period(db: Session, tenant_id: int, since: date, until: date) -> list[Entry]:
    """Entries of a tenant logged on days from `since` to `until`, both included."""
    return list(
        db.scalars(
            select(Entry)
            .join(Project, Project.id == Entry.project_id)
            .where(Project.tenant_id == tenant_id, Entry.day >= since, Entry.day <= until)
            .order_by(Entry.day, Entry.id)
        )
    )


# --- report jobs -----------------------------------------------------------------------


def add_report_job(
    db: Session,
    tenant_id: int,
    user_id: int,
    kind: str,
    params: dict,
    idempotency_key: str | None,
    now: datetime,
) -> ReportJob:
    job = ReportJob(
        tenant_id=tenant_id,
        requested_by=user_id,
        kind=kind,
        params=params,
        status=JobStatus.QUEUED,
        attempts=0,
        idempotency_key=idempotency_key,
        created_at=now,
    )
    db.add(job)
    db.flush()
    return job


def get_report_job(db: Session, tenant_id: int, job_id: int) -> ReportJob | None:
    return db.scalar(
        select(ReportJob).where(ReportJob.id == job_id, ReportJob.tenant_id == tenant_id)
    )


def report_job_by_key(db: Session, tenant_id: int, idempotency_key: str) -> ReportJob | None:
    return db.scalar(
        select(ReportJob).where(
            ReportJob.tenant_id == tenant_id, ReportJob.idempotency_key == idempotency_key
        )
    )


def list_report_jobs(db: Session, tenant_id: int) -> list[ReportJob]:
    return list(
        db.scalars(
            select(ReportJob).where(ReportJob.tenant_id == tenant_id).order_by(ReportJob.id)
        )
    )


def claim_next_job(db: Session, worker_id: str, now: datetime) -> ReportJob | None:
    """Lease the oldest queued job to `worker_id`, or return None when none is queued.

    The UPDATE only succeeds while the job is still queued, so when several workers pick the
    same candidate exactly one of them gets it; the others move on to the next candidate.
    """
    while True:
        job_id = db.scalar(
            select(ReportJob.id)
            .where(ReportJob.status == JobStatus.QUEUED)
            .order_by(ReportJob.id)
            .limit(1)
        )
        if job_id is None:
            return None
        claimed = db.execute(
            update(ReportJob)
            .where(ReportJob.id == job_id, ReportJob.status == JobStatus.QUEUED)
            .values(
                status=JobStatus.RUNNING,
                attempts=ReportJob.attempts + 1,
                lease_owner=worker_id,
                started_at=now,
            )
            .execution_options(synchronize_session=False)
        )
        db.commit()
        if claimed.rowcount == 1:
            return db.get(ReportJob, job_id, populate_existing=True)

"""Report jobs: requested through the API, built later by a worker (app/worker.py).

A report is a snapshot: its result is computed once, when the worker builds it, and never
changes afterwards. Ask for a new report to see newer data.
"""

import csv
import io
from datetime import date

from sqlalchemy.orm import Session

from app import repository
from app.context import TenantContext
from app.errors import IdempotencyKeyReused, InvalidRequest, NotFound
from app.models import REPORT_KINDS, ReportJob


def request_report(
    ctx: TenantContext, kind: str, since: date, until: date, idempotency_key: str | None = None
) -> tuple[ReportJob, bool]:
    """Queue a report; returns (job, created). A repeated idempotency key returns the first job."""
    ctx.require_role("member")
    if kind not in REPORT_KINDS:
        raise InvalidRequest(f"unknown report kind {kind!r}")
    if since > until:
        raise InvalidRequest("since must not be after until")
    params = {"since": since.isoformat(), "until": until.isoformat()}
    if idempotency_key is not None:
        existing = repository.report_job_by_key(ctx.db, ctx.tenant_id, idempotency_key)
        if existing is not None:
            if (existing.kind, existing.params) != (kind, params):
                raise IdempotencyKeyReused(
                    f"idempotency key {idempotency_key!r} was used for a different report"
                )
            return existing, False
    job = repository.add_report_job(
        ctx.db, ctx.tenant_id, ctx.user.id, kind, params, idempotency_key, ctx.now
    )
    ctx.db.commit()
    return job, True


def get_report(ctx: TenantContext, job_id: int) -> ReportJob:
    job = repository.get_report_job(ctx.db, ctx.tenant_id, job_id)
    if job is None:
        raise NotFound(f"report {job_id} not found")
    return job


def list_reports(ctx: TenantContext) -> list[ReportJob]:
    return repository.list_report_jobs(ctx.db, ctx.tenant_id)


# --- building (runs in the worker) ------------------------------------------------------


def build(db: Session, job: ReportJob) -> dict:
    since = date.fromisoformat(job.params["since"])
    until = date.fromisoformat(job.params["until"])
    entries = repository.entries_in_period(db, job.tenant_id, since, until)
    if job.kind == "hours_by_project":
        return _hours_by_project(db, job.tenant_id, since, until, entries)
    if job.kind == "entries_csv":
        return _entries_csv(db, job.tenant_id, since, until, entries)
    raise ValueError(f"unknown report kind {job.kind!r}")


def _hours_by_project(db: Session, tenant_id: int, since: date, until: date, entries) -> dict:
    rows = []
    for project in repository.list_projects(db, tenant_id):
        minutes = [e.minutes for e in entries if e.project_id == project.id]
        total = sum(minutes)
        rows.append(
            {
                "project_id": project.id,
                "name": project.name,
                "entry_count": len(minutes),
                "total_minutes": total,
                # None when nothing was logged in the period: there is no average of nothing.
                "average_minutes": round(total / len(minutes), 1) if minutes else None,
            }
        )
    return {
        "since": since.isoformat(),
        "until": until.isoformat(),
        "projects": rows,
        "total_minutes": sum(row["total_minutes"] for row in rows),
    }


def _entries_csv(db: Session, tenant_id: int, since: date, until: date, entries) -> dict:
    names = {p.id: p.name for p in repository.list_projects(db, tenant_id)}
    emails = {u.id: u.email for u in repository.list_users(db, tenant_id)}
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["day", "project", "user", "minutes", "note"])
    for entry in entries:
        writer.writerow(
            [entry.day.isoformat(), names[entry.project_id], emails[entry.user_id], entry.minutes, entry.note]
        )
    return {"since": since.isoformat(), "until": until.isoformat(), "rows": len(entries), "csv": out.getvalue()}


"""HTTP API. Routes parse input, call a service with the caller's TenantContext and serialize."""

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Depends, FastAPI, Header, Query, Request, Response
from sqlalchemy.orm import Session

from app import schemas
from app.cache import TenantCache
from app.clock import Clock, SystemClock
from app.config import Settings
from app.context import TenantContext
from app.db import SessionFactory
from app.deps import get_context, get_db
from app.errors import install_error_handler
from app.services import accounts, entries, projects, reports

router = APIRouter()
Ctx = Annotated[TenantContext, Depends(get_context)]


def _now(request: Request) -> datetime:
    return request.app.state.clock.now()


# --- tenants & users -------------------------------------------------------------------


@router.post("/tenants", status_code=201, response_model=schemas.SignUpOut)
def sign_up(body: schemas.SignUpIn, request: Request, db: Session = Depends(get_db)):
    tenant, admin, token = accounts.sign_up(db, _now(request), body.slug, body.name, body.admin_email)
    return schemas.SignUpOut(
        tenant=schemas.TenantOut.model_validate(tenant),
        user=schemas.UserOut.model_validate(admin),
        token=token,
    )


@router.get("/me", response_model=schemas.UserOut)
def me(ctx: Ctx):
    return ctx.user


@router.post("/users", status_code=201, response_model=schemas.InvitedOut)
def invite_user(body: schemas.InviteIn, ctx: Ctx):
    user, token = accounts.invite_user(ctx, body.email, body.role)
    return schemas.InvitedOut(user=schemas.UserOut.model_validate(user), token=token)


@router.get("/users", response_model=list[schemas.UserOut])
def list_users(ctx: Ctx):
    return accounts.list_users(ctx)


@router.patch("/users/{user_id}", response_model=schemas.UserOut)
def update_user(user_id: int, body: schemas.UserUpdateIn, ctx: Ctx):
    return accounts.update_user(ctx, user_id, body.role, body.active)


# --- projects & time entries -----------------------------------------------------------


@router.post("/projects", status_code=201, response_model=schemas.ProjectOut)
def create_project(body: schemas.ProjectIn, ctx: Ctx):
    return projects.create_project(ctx, body.name, body.tags)


@router.get("/projects", response_model=list[schemas.ProjectOut])
def list_projects(ctx: Ctx, tag: str | None = Query(default=None, max_length=40)):
    return projects.list_projects(ctx, tag)


@router.get("/projects/{project_id}", response_model=schemas.ProjectOut)
def get_project(project_id: int, ctx: Ctx):
    return projects.get_project(ctx, project_id)


@router.patch("/projects/{project_id}", response_model=schemas.ProjectOut)
def update_project(project_id: int, body: schemas.ProjectUpdateIn, ctx: Ctx):
    return projects.update_project(ctx, project_id, body.name, body.status, body.tags)


@router.get("/projects/{project_id}/summary", response_model=schemas.ProjectSummaryOut)
def project_summary(project_id: int, ctx: Ctx):
    return projects.project_summary(ctx, project_id)


@router.post("/projects/{project_id}/entries", status_code=201, response_model=schemas.EntryOut)
def log_time(project_id: int, body: schemas.EntryIn, ctx: Ctx):
    return entries.log_time(ctx, project_id, body.day, body.minutes, body.note)


@router.get("/projects/{project_id}/entries", response_model=list[schemas.EntryOut])
def search_entries(
    project_id: int,
    ctx: Ctx,
    q: str = Query(default="", max_length=100),
    limit: int = Query(default=50, ge=1, le=200),
):
    return entries.search(ctx, project_id, q, limit)


@router.get("/dashboard", response_model=schemas.DashboardOut)
def dashboard(ctx: Ctx):
    return projects.dashboard(ctx)


# --- reports ---------------------------------------------------------------------------


@router.post("/reports", status_code=202, response_model=schemas.ReportOut)
def request_report(
    body: schemas.ReportIn,
    ctx: Ctx,
    response: Response,
    idempotency_key: Annotated[str | None, Header(max_length=100)] = None,
):
    job, created = reports.request_report(ctx, body.kind, body.since, body.until, idempotency_key)
    if not created:
        response.status_code = 200
    return job


@router.get("/reports", response_model=list[schemas.ReportOut])
def list_reports(ctx: Ctx):
    return reports.list_reports(ctx)


@router.get("/reports/{job_id}", response_model=schemas.ReportOut)
def get_report(job_id: int, ctx: Ctx):
    return reports.get_report(ctx, job_id)


def create_app(
    session_factory: SessionFactory,
    settings: Settings | None = None,
    clock: Clock | None = None,
) -> FastAPI:
    """The API over an already migrated database (`python -m app.migrations upgrade`)."""
    settings = settings or Settings.from_env()
    app = FastAPI(title="tenants")
    app.state.settings = settings
    app.state.session_factory = session_factory
    app.state.clock = clock or SystemClock()
    app.state.cache = TenantCache(settings.cache_ttl_seconds)
    install_error_handler(app)
    app.include_router(router)
    return app

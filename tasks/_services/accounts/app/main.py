from datetime import datetime

from fastapi import APIRouter, Depends, FastAPI, Query, Response
from sqlalchemy.orm import Session

from . import schemas, services
from .clock import Clock, SystemClock
from .config import Settings
from .db import Base, make_engine, make_session_factory
from .deps import (
    Principal,
    current_user,
    get_db,
    get_now,
    get_principal,
    get_settings,
    require_admin,
)
from .errors import register_error_handlers
from .models import Membership, User

router = APIRouter()


def _org_out(membership: Membership) -> schemas.OrgOut:
    org = membership.org
    return schemas.OrgOut(id=org.id, name=org.name, slug=org.slug, role=membership.role)


def _member_out(membership: Membership) -> schemas.MemberOut:
    user = membership.user
    return schemas.MemberOut(
        user_id=user.id,
        email=user.email,
        display_name=user.display_name,
        role=membership.role,
        joined_at=membership.created_at,
    )


def _api_key_created(api_key, raw_key: str) -> schemas.ApiKeyCreatedOut:
    return schemas.ApiKeyCreatedOut(
        **schemas.ApiKeyOut.model_validate(api_key).model_dump(), key=raw_key
    )


# --- accounts & sessions -----------------------------------------------------------


@router.post("/users", status_code=201, response_model=schemas.UserOut)
def register(
    body: schemas.RegisterIn,
    db: Session = Depends(get_db),
    settings: Settings = Depends(get_settings),
    now: datetime = Depends(get_now),
):
    return services.register_user(db, settings, now, body.email, body.password, body.display_name)


@router.post("/sessions", status_code=201, response_model=schemas.SessionCreatedOut)
def login(
    body: schemas.LoginIn,
    db: Session = Depends(get_db),
    settings: Settings = Depends(get_settings),
    now: datetime = Depends(get_now),
):
    user = services.authenticate(db, body.email, body.password)
    session, token = services.create_session(db, settings, now, user)
    return schemas.SessionCreatedOut(
        session_id=session.id, token=token, expires_at=session.expires_at
    )


@router.get("/sessions", response_model=list[schemas.SessionOut])
def list_sessions(db: Session = Depends(get_db), user: User = Depends(current_user)):
    return services.list_sessions(db, user)


@router.delete("/sessions/{session_id}", status_code=204)
def revoke_session(
    session_id: int,
    db: Session = Depends(get_db),
    user: User = Depends(current_user),
    now: datetime = Depends(get_now),
):
    services.revoke_session(db, now, user, session_id)
    return Response(status_code=204)


# --- profile & settings ------------------------------------------------------------


@router.get("/me", response_model=schemas.UserOut)
def get_me(user: User = Depends(current_user)):
    return user


@router.patch("/me", response_model=schemas.UserOut)
def update_me(
    body: schemas.ProfileUpdateIn, db: Session = Depends(get_db), user: User = Depends(current_user)
):
    return services.update_profile(db, user, body.display_name)


@router.get("/me/settings", response_model=schemas.SettingsOut)
def get_settings_route(user: User = Depends(current_user)):
    return user


@router.patch("/me/settings", response_model=schemas.SettingsOut)
def update_settings(
    body: schemas.SettingsUpdateIn,
    db: Session = Depends(get_db),
    user: User = Depends(current_user),
):
    return services.update_settings(db, user, body.model_dump(exclude_none=True))


@router.post("/me/password", status_code=204)
def change_password(
    body: schemas.PasswordChangeIn,
    db: Session = Depends(get_db),
    settings: Settings = Depends(get_settings),
    now: datetime = Depends(get_now),
    principal: Principal = Depends(get_principal),
):
    services.change_password(
        db,
        settings,
        now,
        principal.user,
        principal.session_id,
        body.current_password,
        body.new_password,
    )
    return Response(status_code=204)


# --- API keys ----------------------------------------------------------------------


@router.post("/api-keys", status_code=201, response_model=schemas.ApiKeyCreatedOut)
def create_api_key(
    body: schemas.ApiKeyIn,
    db: Session = Depends(get_db),
    user: User = Depends(current_user),
    now: datetime = Depends(get_now),
):
    api_key, raw_key = services.create_api_key(db, now, user, body.name)
    return _api_key_created(api_key, raw_key)


@router.get("/api-keys", response_model=list[schemas.ApiKeyOut])
def list_api_keys(db: Session = Depends(get_db), user: User = Depends(current_user)):
    return services.list_api_keys(db, user)


@router.delete("/api-keys/{key_id}", status_code=204)
def revoke_api_key(
    key_id: int,
    db: Session = Depends(get_db),
    user: User = Depends(current_user),
    now: datetime = Depends(get_now),
):
    services.revoke_api_key(db, now, user, key_id)
    return Response(status_code=204)


@router.post("/api-keys/{key_id}/rotate", status_code=201, response_model=schemas.ApiKeyCreatedOut)
def rotate_api_key(
    key_id: int,
    db: Session = Depends(get_db),
    user: User = Depends(current_user),
    now: datetime = Depends(get_now),
):
    api_key, raw_key = services.rotate_api_key(db, now, user, key_id)
    return _api_key_created(api_key, raw_key)


# --- organisations -----------------------------------------------------------------


@router.post("/orgs", status_code=201, response_model=schemas.OrgOut)
def create_org(
    body: schemas.OrgIn,
    db: Session = Depends(get_db),
    user: User = Depends(current_user),
    now: datetime = Depends(get_now),
):
    return _org_out(services.create_org(db, now, user, body.name, body.slug))


@router.get("/orgs", response_model=list[schemas.OrgOut])
def list_orgs(db: Session = Depends(get_db), user: User = Depends(current_user)):
    return [_org_out(m) for m in services.list_orgs(db, user)]


@router.get("/orgs/{org_id}", response_model=schemas.OrgOut)
def get_org(org_id: int, db: Session = Depends(get_db), user: User = Depends(current_user)):
    return _org_out(services.get_own_membership(db, org_id, user))


@router.get("/orgs/{org_id}/members", response_model=list[schemas.MemberOut])
def list_members(org_id: int, db: Session = Depends(get_db), user: User = Depends(current_user)):
    services.get_own_membership(db, org_id, user)
    return [_member_out(m) for m in services.list_members(db, org_id)]


@router.post("/orgs/{org_id}/members", status_code=201, response_model=schemas.MemberOut)
def add_member(
    org_id: int,
    body: schemas.MemberAddIn,
    db: Session = Depends(get_db),
    user: User = Depends(current_user),
    now: datetime = Depends(get_now),
):
    caller = services.get_own_membership(db, org_id, user)
    return _member_out(services.add_member(db, now, caller, body.email, body.role))


@router.get("/orgs/{org_id}/members/{user_id}", response_model=schemas.MemberOut)
def get_member(
    org_id: int, user_id: int, db: Session = Depends(get_db), user: User = Depends(current_user)
):
    services.get_own_membership(db, org_id, user)
    return _member_out(services.get_member(db, org_id, user_id))


@router.patch("/orgs/{org_id}/members/{user_id}", response_model=schemas.MemberOut)
def change_member_role(
    org_id: int,
    user_id: int,
    body: schemas.RoleUpdateIn,
    db: Session = Depends(get_db),
    user: User = Depends(current_user),
):
    caller = services.get_own_membership(db, org_id, user)
    return _member_out(services.change_role(db, caller, user_id, body.role))


@router.delete("/orgs/{org_id}/members/{user_id}", status_code=204)
def remove_member(
    org_id: int, user_id: int, db: Session = Depends(get_db), user: User = Depends(current_user)
):
    caller = services.get_own_membership(db, org_id, user)
    services.remove_member(db, caller, user_id)
    return Response(status_code=204)


# --- admin -------------------------------------------------------------------------


@router.get("/admin/users", response_model=list[schemas.AdminUserOut])
def admin_search_users(
    q: str = Query(min_length=1, max_length=100),
    limit: int = Query(default=20, ge=1, le=100),
    db: Session = Depends(get_db),
    admin: User = Depends(require_admin),
):
    return services.search_users(db, q, limit)


def create_app(settings: Settings | None = None, clock: Clock | None = None) -> FastAPI:
    settings = settings or Settings.from_env()
    engine = make_engine(settings.database_url)
    Base.metadata.create_all(engine)

    app = FastAPI(title="accounts")
    app.state.settings = settings
    app.state.clock = clock or SystemClock()
    app.state.engine = engine
    app.state.session_factory = make_session_factory(engine)
    register_error_handlers(app)
    app.include_router(router)
    return app

from datetime import datetime, timedelta

from sqlalchemy import func, select, text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from . import security
from .config import Settings
from .errors import Conflict, Forbidden, InvalidInput, NotFound, Unauthorized
from .models import ApiKey, AuthSession, Membership, Organisation, User

MANAGER_ROLES = frozenset({"owner", "admin"})


# --- users & credentials -------------------------------------------------------------


def _check_password_policy(settings: Settings, password: str) -> None:
    if len(password) < settings.min_password_length:
        raise InvalidInput(
            f"password must be at least {settings.min_password_length} characters long"
        )


def register_user(
    db: Session, settings: Settings, now: datetime, email: str, password: str, display_name: str
) -> User:
    _check_password_policy(settings, password)
    user = User(
        email=email,
        display_name=display_name,
        password_hash=security.hash_password(password, settings.pbkdf2_iterations),
        password_changed_at=now,
        created_at=now,
    )
    db.add(user)
    try:
        db.commit()
    except IntegrityError:
        db.rollback()
        raise Conflict(f"an account for {email} already exists") from None
    return user


def authenticate(db: Session, email: str, password: str) -> User:
    user = db.scalar(select(User).where(User.email == email))
    if user is None or not security.verify_password(password, user.password_hash):
        raise Unauthorized("invalid email or password")
    return user


def change_password(
    db: Session,
    settings: Settings,
    now: datetime,
    user: User,
    current_session_id: int | None,
    current_password: str,
    new_password: str,
) -> None:
    if not security.verify_password(current_password, user.password_hash):
        raise Forbidden("current password is incorrect")
    _check_password_policy(settings, new_password)
    user.password_hash = security.hash_password(new_password, settings.pbkdf2_iterations)
    user.password_changed_at = now
    # Sign out every other device; the caller keeps the session they used for this request.
    others = select(AuthSession).where(
        AuthSession.user_id == user.id,
        AuthSession.revoked_at.is_(None),
        AuthSession.id != (current_session_id or 0),
    )
    for session in db.scalars(others):
        session.revoked_at = now
    db.commit()


def update_profile(db: Session, user: User, display_name: str) -> User:
    user.display_name = display_name
    db.commit()
    return user


def update_settings(db: Session, user: User, changes: dict) -> User:
    for field, value in changes.items():
        setattr(user, field, value)
    db.commit()
    return user


# --- sessions ----------------------------------------------------------------------


def create_session(
    db: Session, settings: Settings, now: datetime, user: User
) -> tuple[AuthSession, str]:
    token = security.new_session_token()
    session = AuthSession(
        user_id=user.id,
        token_hash=security.hash_token(token),
        created_at=now,
        expires_at=now + timedelta(seconds=settings.session_ttl_seconds),
    )
    db.add(session)
    db.commit()
    return session, token


def resolve_session(db: Session, now: datetime, token: str) -> AuthSession:
    session = db.scalar(
        select(AuthSession).where(AuthSession.token_hash == security.hash_token(token))
    )
    if session is None or session.revoked_at is not None or session.expires_at <= now:
        raise Unauthorized("session is invalid or has expired")
    return session


def resolve_api_key(db: Session, key: str) -> ApiKey:
    api_key = db.scalar(select(ApiKey).where(ApiKey.key_hash == security.hash_token(key)))
    if api_key is None or api_key.revoked_at is not None:
        raise Unauthorized("API key is invalid or has been revoked")
    return api_key


def list_sessions(db: Session, user: User) -> list[AuthSession]:
    return list(
        db.scalars(
            select(AuthSession).where(AuthSession.user_id == user.id).order_by(AuthSession.id)
        )
    )


def _get_session(db: Session, user: User, session_id: int) -> AuthSession:
    session = db.get(AuthSession, session_id)
    if session is None or session.user_id != user.id:
        raise NotFound(f"session {session_id} not found")
    return session


def revoke_session(db: Session, now: datetime, user: User, session_id: int) -> None:
    session = _get_session(db, user, session_id)
    if session.revoked_at is None:
        session.revoked_at = now
        db.commit()


# --- API keys ----------------------------------------------------------------------


def _issue_api_key(db: Session, now: datetime, user: User, name: str) -> tuple[ApiKey, str]:
    raw_key = security.new_api_key()
    api_key = ApiKey(
        user_id=user.id,
        name=name,
        prefix=raw_key[: security.API_KEY_DISPLAY_CHARS],
        key_hash=security.hash_token(raw_key),
        created_at=now,
    )
    db.add(api_key)
    return api_key, raw_key


def create_api_key(db: Session, now: datetime, user: User, name: str) -> tuple[ApiKey, str]:
    api_key, raw_key = _issue_api_key(db, now, user, name)
    db.commit()
    return api_key, raw_key


def list_api_keys(db: Session, user: User) -> list[ApiKey]:
    return list(db.scalars(select(ApiKey).where(ApiKey.user_id == user.id).order_by(ApiKey.id)))


def _get_api_key(db: Session, user: User, key_id: int) -> ApiKey:
    api_key = db.get(ApiKey, key_id)
    if api_key is None or api_key.user_id != user.id:
        raise NotFound(f"API key {key_id} not found")
    return api_key


def revoke_api_key(db: Session, now: datetime, user: User, key_id: int) -> None:
    """Idempotent: revoking an already revoked key keeps the original revoked_at."""
    api_key = _get_api_key(db, user, key_id)
    if api_key.revoked_at is None:
        api_key.revoked_at = now
        db.commit()


def rotate_api_key(db: Session, now: datetime, user: User, key_id: int) -> tuple[ApiKey, str]:
    old_key = _get_api_key(db, user, key_id)
    if old_key.revoked_at is not None:
        raise Conflict(f"API key {key_id} is revoked and cannot be rotated")
    old_key.revoked_at = now
    new_key, raw_key = _issue_api_key(db, now, user, old_key.name)
    db.commit()
    return new_key, raw_key


# --- organisations -----------------------------------------------------------------


def create_org(db: Session, now: datetime, owner: User, name: str, slug: str) -> Membership:
    org = Organisation(name=name, slug=slug, created_at=now)
    membership = Membership(org=org, user=owner, role="owner", created_at=now)
    db.add_all([org, membership])
    try:
        db.commit()
    except IntegrityError:
        db.rollback()
        raise Conflict(f"organisation slug {slug!r} is taken") from None
    return membership


def list_orgs(db: Session, user: User) -> list[Membership]:
    return list(
        db.scalars(
            select(Membership).where(Membership.user_id == user.id).order_by(Membership.org_id)
        )
    )


def get_own_membership(db: Session, org_id: int, user: User) -> Membership:
    """The caller's membership in org_id. Non-members get 404 so org ids are not probeable."""
    membership = db.scalar(
        select(Membership).where(Membership.org_id == org_id, Membership.user_id == user.id)
    )
    if membership is None:
        raise NotFound(f"organisation {org_id} not found")
    return membership


def _require_manager(caller: Membership) -> None:
    if caller.role not in MANAGER_ROLES:
        raise Forbidden("only owners and admins can manage members")


def get_member(db: Session, org_id: int, user_id: int) -> Membership:
    membership = db.scalar(
        select(Membership).where(Membership.org_id == org_id, Membership.user_id == user_id)
    )
    if membership is None:
        raise NotFound(f"user {user_id} is not a member of organisation {org_id}")
    return membership


def list_members(db: Session, org_id: int) -> list[Membership]:
    return list(
        db.scalars(select(Membership).where(Membership.org_id == org_id).order_by(Membership.id))
    )


def add_member(db: Session, now: datetime, caller: Membership, email: str, role: str) -> Membership:
    _require_manager(caller)
    if role == "owner" and caller.role != "owner":
        raise Forbidden("only owners can add owners")
    user = db.scalar(select(User).where(User.email == email))
    if user is None:
        raise NotFound(f"no account for {email}")
    membership = Membership(org_id=caller.org_id, user_id=user.id, role=role, created_at=now)
    db.add(membership)
    try:
        db.commit()
    except IntegrityError:
        db.rollback()
        raise Conflict(f"{email} is already a member") from None
    return membership


def _ensure_another_owner(db: Session, membership: Membership) -> None:
    """Raise if membership is the org's only owner: an org must always keep one."""
    if membership.role != "owner":
        return
    owners = db.scalar(
        select(func.count())
        .select_from(Membership)
        .where(Membership.org_id == membership.org_id, Membership.role == "owner")
    )
    if owners <= 1:
        raise Conflict("an organisation must keep at least one owner")


def change_role(db: Session, caller: Membership, user_id: int, role: str) -> Membership:
    if caller.role != "owner":
        raise Forbidden("only owners can change roles")
    target = get_member(db, caller.org_id, user_id)
    if target.role == "owner" and role != "owner":
        _ensure_another_owner(db, target)
    target.role = role
    db.commit()
    return target


def remove_member(db: Session, caller: Membership, user_id: int) -> None:
    """Managers remove others; anyone may remove themselves (leave)."""
    target = get_member(db, caller.org_id, user_id)
    if target.user_id != caller.user_id:
        _require_manager(caller)
        if target.role == "owner" and caller.role != "owner":
            raise Forbidden("only owners can remove an owner")
    _ensure_another_owner(db, target)
    db.delete(target)
    db.commit()


# --- admin -------------------------------------------------------------------------

# Hand-written so exact email hits rank first; keep every input a bound parameter.
_ADMIN_SEARCH_SQL = """
SELECT users.* FROM users
WHERE lower(users.email) LIKE :pattern ESCAPE '\\'
   OR lower(users.display_name) LIKE :pattern ESCAPE '\\'
ORDER BY CASE WHEN lower(users.email) = :exact THEN 0 ELSE 1 END, users.email
LIMIT :limit
"""


def search_users(db: Session, query: str, limit: int) -> list[User]:
    term = query.strip().lower()
    statement = select(User).from_statement(text(_ADMIN_SEARCH_SQL))
    params = {"pattern": f"%{security.escape_like(term)}%", "exact": term, "limit": limit}
    return list(db.scalars(statement, params))


def promote_to_admin(db: Session, email: str) -> User:
    """Ops-only (no HTTP route): grant the admin flag from a maintenance shell."""
    user = db.scalar(select(User).where(User.email == email.strip().lower()))
    if user is None:
        raise NotFound(f"no account for {email}")
    user.is_admin = True
    db.commit()
    return user

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime

from fastapi import Depends, Request
from sqlalchemy.orm import Session

from . import security, services
from .config import Settings
from .errors import Forbidden, Unauthorized
from .models import User


@dataclass(frozen=True)
class Principal:
    user: User
    session_id: int | None  # None when the request authenticated with an API key


def get_db(request: Request) -> Iterator[Session]:
    db = request.app.state.session_factory()
    try:
        yield db
    finally:
        db.close()


def get_settings(request: Request) -> Settings:
    return request.app.state.settings


def get_now(request: Request) -> datetime:
    return request.app.state.clock.now()


def get_principal(
    request: Request, db: Session = Depends(get_db), now: datetime = Depends(get_now)
) -> Principal:
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not token:
        raise Unauthorized("missing bearer token")
    if token.startswith(security.API_KEY_PREFIX):
        api_key = services.resolve_api_key(db, token)
        return Principal(user=db.get(User, api_key.user_id), session_id=None)
    session = services.resolve_session(db, now, token)
    return Principal(user=db.get(User, session.user_id), session_id=session.id)


def current_user(principal: Principal = Depends(get_principal)) -> User:
    return principal.user


def require_admin(user: User = Depends(current_user)) -> User:
    if not user.is_admin:
        raise Forbidden("admin access required")
    return user

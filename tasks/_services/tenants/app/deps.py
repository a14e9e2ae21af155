from collections.abc import Iterator

from fastapi import Depends, Request
from sqlalchemy.orm import Session

from app import repository
from app.context import TenantContext
from app.errors import Unauthenticated


def get_db(request: Request) -> Iterator[Session]:
    db = request.app.state.session_factory()
    try:
        yield db
    finally:
        db.close()


def get_context(request: Request, db: Session = Depends(get_db)) -> TenantContext:
    """Authenticate `Authorization: Bearer <token>` and scope the request to the user's tenant."""
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not token:
        raise Unauthenticated("missing bearer token")
    user = repository.user_by_token(db, token)
    if user is None or not user.active:
        raise Unauthenticated("invalid or revoked token")
    return TenantContext(
        db=db, user=user, cache=request.app.state.cache, now=request.app.state.clock.now()
    )

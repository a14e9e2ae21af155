import hashlib

from fastapi import Depends, Request
from sqlalchemy.orm import Session

from app import repository
from app.db import get_session
from app.errors import Forbidden, Unauthorized
from app.models import Customer


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def current_customer(request: Request, session: Session = Depends(get_session)) -> Customer:
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not token:
        raise Unauthorized("missing bearer token")
    customer = repository.customer_for_token(session, hash_token(token))
    if customer is None:
        raise Unauthorized("invalid or revoked token")
    return customer


def require_admin(customer: Customer = Depends(current_customer)) -> Customer:
    if not customer.is_admin:
        raise Forbidden("admin access required")
    return customer

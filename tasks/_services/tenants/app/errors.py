"""The service's error idiom.

Services raise a `ServiceError` subclass; the handler installed by `install_error_handler` turns it
into `{"code": "<stable code>", "detail": "<human message>"}` with the class's HTTP status. Routes
never build error responses themselves.
"""

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse


class ServiceError(Exception):
    status = 400
    code = "bad_request"

    def __init__(self, detail: str):
        super().__init__(detail)
        self.detail = detail


class Unauthenticated(ServiceError):
    status = 401
    code = "unauthenticated"


class PermissionDenied(ServiceError):
    status = 403
    code = "permission_denied"


class NotFound(ServiceError):
    status = 404
    code = "not_found"


class Conflict(ServiceError):
    status = 409
    code = "conflict"


class ProjectArchived(Conflict):
    code = "project_archived"


class IdempotencyKeyReused(Conflict):
    code = "idempotency_key_reused"


class InvalidRequest(ServiceError):
    status = 422
    code = "invalid_request"


def install_error_handler(app: FastAPI) -> None:
    @app.exception_handler(ServiceError)
    async def _handle(request: Request, exc: ServiceError) -> JSONResponse:
        return JSONResponse(status_code=exc.status, content={"code": exc.code, "detail": exc.detail})

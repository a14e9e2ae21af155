import re
from datetime import date, datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
SLUG_RE = re.compile(r"^[a-z0-9][a-z0-9-]{1,48}$")

Role = Literal["admin", "member", "viewer"]


def normalize_email(value: str) -> str:
    value = value.strip().lower()
    if not EMAIL_RE.match(value):
        raise ValueError("not a valid email address")
    return value


class SignUpIn(BaseModel):
    slug: str
    name: str = Field(min_length=1, max_length=100)
    admin_email: str

    @field_validator("slug")
    @classmethod
    def _slug(cls, value: str) -> str:
        if not SLUG_RE.match(value):
            raise ValueError("slug must be 2-49 lowercase letters, digits or dashes")
        return value

    @field_validator("admin_email")
    @classmethod
    def _admin_email(cls, value: str) -> str:
        return normalize_email(value)


class TenantOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    slug: str
    name: str


class UserOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    tenant_id: int
    email: str
    role: Role
    active: bool


class SignUpOut(BaseModel):
    tenant: TenantOut
    user: UserOut
    token: str


class InviteIn(BaseModel):
    email: str
    role: Role = "member"

    @field_validator("email")
    @classmethod
    def _email(cls, value: str) -> str:
        return normalize_email(value)


class InvitedOut(BaseModel):
    user: UserOut
    token: str


class UserUpdateIn(BaseModel):
    role: Role | None = None
    active: bool | None = None


class ProjectIn(BaseModel):
    name: str = Field(min_length=1, max_length=100)
    tags: list[str] = Field(default_factory=list, max_length=20)


class ProjectUpdateIn(BaseModel):
    name: str | None = Field(default=None, min_length=1, max_length=100)
    status: Literal["active", "archived"] | None = None
    tags: list[str] | None = Field(default=None, max_length=20)


class ProjectOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    name: str
    status: str
    tags: list[str]
    created_at: datetime


class ProjectSummaryOut(BaseModel):
    project_id: int
    name: str
    status: str
    entry_count: int
    total_minutes: int
    contributors: int


class DashboardOut(BaseModel):
    projects: int
    active_projects: int
    archived_projects: int
    entries: int
    total_minutes: int


class EntryIn(BaseModel):
    day: date
    minutes: int = Field(gt=0, le=24 * 60)
    note: str = Field(default="", max_length=500)


class EntryOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    project_id: int
    user_id: int
    day: date
    minutes: int
    note: str


class ReportIn(BaseModel):
    kind: Literal["hours_by_project", "entries_csv"]
    since: date
    until: date


class ReportOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    kind: str
    params: dict[str, Any]
    status: str
    attempts: int
    requested_by: int
    result: dict[str, Any] | None
    error: str | None
    created_at: datetime
    finished_at: datetime | None

import re
from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
TIMEZONE_RE = re.compile(r"^[A-Za-z_]+(?:/[A-Za-z0-9_+\-]+)*$")

Role = Literal["owner", "admin", "member"]
Locale = Literal["en", "de", "fr", "es", "nl"]


def _normalise_email(value: str) -> str:
    value = value.strip().lower()
    if not EMAIL_RE.match(value):
        raise ValueError("not a valid email address")
    return value


class RegisterIn(BaseModel):
    email: str = Field(max_length=254)
    password: str = Field(max_length=200)
    display_name: str = Field(min_length=1, max_length=100)

    _email = field_validator("email")(_normalise_email)


class LoginIn(BaseModel):
    email: str = Field(max_length=254)
    password: str = Field(max_length=200)

    _email = field_validator("email")(_normalise_email)


class SessionCreatedOut(BaseModel):
    session_id: int
    token: str
    expires_at: datetime


class SessionOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    created_at: datetime
    expires_at: datetime
    revoked_at: datetime | None


class UserOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    email: str
    display_name: str
    created_at: datetime


class ProfileUpdateIn(BaseModel):
    display_name: str = Field(min_length=1, max_length=100)


class SettingsOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    timezone: str
    locale: str
    email_notifications: bool


class SettingsUpdateIn(BaseModel):
    timezone: str | None = Field(default=None, max_length=64)
    locale: Locale | None = None
    email_notifications: bool | None = None

    @field_validator("timezone")
    @classmethod
    def _timezone_shape(cls, value: str | None) -> str | None:
        if value is not None and not TIMEZONE_RE.match(value):
            raise ValueError("timezone must look like 'Area/City' or 'UTC'")
        return value


class PasswordChangeIn(BaseModel):
    current_password: str = Field(max_length=200)
    new_password: str = Field(max_length=200)


class ApiKeyIn(BaseModel):
    name: str = Field(min_length=1, max_length=100)


class ApiKeyOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    name: str
    prefix: str
    created_at: datetime
    revoked_at: datetime | None


class ApiKeyCreatedOut(ApiKeyOut):
    key: str


class OrgIn(BaseModel):
    name: str = Field(min_length=1, max_length=100)
    slug: str = Field(pattern=r"^[a-z0-9][a-z0-9-]{1,48}[a-z0-9]$")


class OrgOut(BaseModel):
    id: int
    name: str
    slug: str
    role: Role


class MemberOut(BaseModel):
    user_id: int
    email: str
    display_name: str
    role: Role
    joined_at: datetime


class MemberAddIn(BaseModel):
    email: str = Field(max_length=254)
    role: Role = "member"

    _email = field_validator("email")(_normalise_email)


class RoleUpdateIn(BaseModel):
    role: Role


class AdminUserOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    email: str
    display_name: str
    is_admin: bool
    created_at: datetime
    password_changed_at: datetime

import hashlib
import secrets

TOKEN_PREFIX = "tk_"


def new_token() -> str:
    return TOKEN_PREFIX + secrets.token_urlsafe(24)


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def escape_like(term: str) -> str:
    """Escape LIKE wildcards so user input matches literally (use with ESCAPE '\\')."""
    return term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")

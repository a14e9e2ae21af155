import hashlib
import hmac
import secrets

PASSWORD_ALGORITHM = "pbkdf2_sha256"
SESSION_TOKEN_PREFIX = "sess_"
API_KEY_PREFIX = "ak_"
API_KEY_DISPLAY_CHARS = 10


def hash_password(password: str, iterations: int) -> str:
    """Return a self-describing hash: ``pbkdf2_sha256$<iterations>$<salt>$<hex digest>``."""
    salt = secrets.token_hex(16)
    digest = hashlib.pbkdf2_hmac("sha256", password.encode(), salt.encode(), iterations)
    return f"{PASSWORD_ALGORITHM}${iterations}${salt}${digest.hex()}"


def verify_password(password: str, stored_hash: str) -> bool:
    algorithm, iterations, salt, expected = stored_hash.split("$")
    if algorithm != PASSWORD_ALGORITHM:
        return False
    digest = hashlib.pbkdf2_hmac("sha256", password.encode(), salt.encode(), int(iterations))
    return hmac.compare_digest(digest.hex(), expected)


def new_session_token() -> str:
    return SESSION_TOKEN_PREFIX + secrets.token_urlsafe(32)


def new_api_key() -> str:
    return API_KEY_PREFIX + secrets.token_urlsafe(32)


def hash_token(token: str) -> str:
    """Tokens are high-entropy, so a fast unsalted hash is enough to avoid storing them."""
    return hashlib.sha256(token.encode()).hexdigest()


def escape_like(value: str) -> str:
    """Escape LIKE wildcards so user input matches literally (use with ESCAPE '\\')."""
    return value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")

"""The same log-ins on a Kubernetes hub (Zero to JupyterHub): the class list's user names and printed passwords,
kept as PBKDF2 hashes in a file the hub reads (`python3 course.py hub --export-logins FILE`).

`ClassListAuthenticator`'s code is also pasted, unchanged, in deploy/z2jh/config.yaml (hub.extraConfig): the hub
image of Zero to JupyterHub does not have the course's package. tests/test_hub_deploy.py checks that both agree.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
from pathlib import Path

ITERATIONS = 310_000  # OWASP's figure for PBKDF2-HMAC-SHA256


def hash_password(password: str, salt: str | None = None) -> str:
    """`pbkdf2_sha256$iterations$salt$hex`."""
    salt = salt or secrets.token_hex(16)
    digest = hashlib.pbkdf2_hmac("sha256", password.encode("utf-8"), salt.encode("ascii"), ITERATIONS).hex()
    return f"pbkdf2_sha256${ITERATIONS}${salt}${digest}"


def export_logins(people: list, target: Path) -> None:
    """{"trainers": [...], "learners": {user: hash}}: no clear password in the file."""
    data = {
        "trainers": [p.username for p in people if p.role == "trainer"],
        "users": {p.username: hash_password(p.password) for p in people},
    }
    target.write_text(json.dumps(data, indent=1), encoding="utf-8")
    target.chmod(0o600)


# --- begin ClassListAuthenticator (pasted in deploy/z2jh/config.yaml) ---
def check_password(stored: str, password: str) -> bool:
    """Whether `password` matches a `pbkdf2_sha256$…` hash (constant time)."""
    try:
        scheme, rounds, salt, expected = stored.split("$")
    except ValueError:
        return False
    if scheme != "pbkdf2_sha256":
        return False
    digest = hashlib.pbkdf2_hmac("sha256", password.encode("utf-8"), salt.encode("ascii"), int(rounds)).hex()
    return hmac.compare_digest(digest, expected)


def class_list_authenticator(base: type, logins_file: str) -> type:
    """A JupyterHub Authenticator (subclass of `base`) that accepts the class list's log-ins only."""

    class ClassListAuthenticator(base):  # type: ignore[misc, valid-type]
        async def authenticate(self, handler, data):  # type: ignore[no-untyped-def]
            with open(logins_file, encoding="utf-8") as handle:
                users = json.load(handle)["users"]
            username = str(data.get("username", "")).strip().lower()
            stored = users.get(username)
            if stored and check_password(stored, str(data.get("password", ""))):
                return username
            return None

    return ClassListAuthenticator
# --- end ClassListAuthenticator ---

"""The local server's password: generated before its first start, kept in UPG_HOME (0600).

Every `upg` command reads it back through `upg.config` (UPG_NEO4J_PASSWORD wins when set). A
home set up before the file existed has none and keeps the old default, which the loader falls
back to; an env password is never copied to disk.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import tempfile
from pathlib import Path

from upg.config import DEFAULT_PASSWORD, Settings
from upg.config_values import PASSWORD_FILE, read_local_password


def generate_password() -> str:
    """A fresh random password (32 URL-safe characters, 192 bits)."""
    return secrets.token_urlsafe(24)


def password_file(home: Path) -> Path:
    """Where the local server's password is kept."""
    return home / PASSWORD_FILE


def write_password_file(home: Path, password: str) -> Path:
    """Keep the password in UPG_HOME, readable by its owner only.

    Written to a temporary file created with mode 0600 and renamed into place, so the password
    is never readable by others, and a crash leaves the old file or the new one, never half.
    """
    home.mkdir(parents=True, exist_ok=True)
    path = password_file(home)
    handle, name = tempfile.mkstemp(prefix=f".{PASSWORD_FILE}.", dir=home)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(password + "\n")
            out.flush()
            os.fsync(out.fileno())
        os.replace(name, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(name)
        raise
    return path


def initial_password(settings: Settings) -> str:
    """The password to give a server that has never started, recording a generated one.

    UPG_NEO4J_PASSWORD when set; else the one already in the password file (a data folder
    deleted, a first start that failed); else a new one, written to the file first.
    """
    if settings.password_from_env:
        return settings.neo4j_password
    kept = read_local_password(settings.home)
    if kept is not None:
        return kept
    password = generate_password()
    write_password_file(settings.home, password)
    return password


def password_source(settings: Settings) -> str:
    """Where the settings' password came from, in words for the person at the keyboard."""
    if settings.password_from_env:
        return "UPG_NEO4J_PASSWORD"
    if settings.neo4j_password == DEFAULT_PASSWORD:
        return "the old published default (no UPG_NEO4J_PASSWORD, no password file)"
    return str(password_file(settings.home))

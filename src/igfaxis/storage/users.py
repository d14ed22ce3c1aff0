"""Clinic-mode users: argon2id password hashes (argon2-cffi), roles ``clinician`` and ``admin``."""

from __future__ import annotations

import contextlib
from functools import lru_cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from sqlalchemy import select
from sqlalchemy.orm import Session

from igfaxis.errors import InputError, Problem
from igfaxis.storage.models import UserRow
from igfaxis.storage.records import ROLES, UserRecord

_HASHER = PasswordHasher()
MIN_PASSWORD_LENGTH = 10


def hash_password(password: str) -> str:
    return _HASHER.hash(password)


def _record(row: UserRow) -> UserRecord:
    return UserRecord(id=row.id, username=row.username, role=row.role)


def create_user(session: Session, *, username: str, password: str, role: str = "clinician") -> UserRecord:
    """Add a user. Raises InputError for a bad role, a short password or a taken username."""
    problems = []
    if role not in ROLES:
        problems.append(Problem("unknown role", field="role", received=role, expected=" or ".join(ROLES)))
    if not username.strip() or len(username) > 80:
        problems.append(Problem("bad username", field="username", received=username, expected="1 to 80 characters"))
    if len(password) < MIN_PASSWORD_LENGTH:
        problems.append(Problem("password too short", field="password", received=f"{len(password)} characters",
                                expected=f"at least {MIN_PASSWORD_LENGTH} characters"))
    if session.scalars(select(UserRow).where(UserRow.username == username)).first() is not None:
        problems.append(Problem("username already taken", field="username", received=username))
    if problems:
        raise InputError(*problems)
    row = UserRow(username=username, password_hash=hash_password(password), role=role)
    session.add(row)
    session.flush()
    return _record(row)


def authenticate(session: Session, *, username: str, password: str) -> UserRecord | None:
    """The user if ``password`` matches, else None (same cost whether or not the user exists)."""
    row = session.scalars(select(UserRow).where(UserRow.username == username)).first()
    if row is None:
        with contextlib.suppress(VerificationError):
            _HASHER.verify(_dummy_hash(), password)
        return None
    try:
        _HASHER.verify(row.password_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return None
    if _HASHER.check_needs_rehash(row.password_hash):
        row.password_hash = hash_password(password)
    return _record(row)


def get_user(session: Session, user_id: int) -> UserRecord | None:
    row = session.get(UserRow, user_id)
    return None if row is None else _record(row)


def list_users(session: Session) -> list[UserRecord]:
    return [_record(r) for r in session.scalars(select(UserRow).order_by(UserRow.id))]


@lru_cache(maxsize=1)
def _dummy_hash() -> str:
    return hash_password("not-a-real-password-just-for-timing")

"""Password hashing with argon2id (argon2-cffi); only hashes are stored, never the password."""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from drafting.accounts.model import AccountError

MIN_LENGTH = 8
MAX_LENGTH = 256  # hashing a megabyte "password" would be a cheap way to tie up the server


def check_strength(password: str) -> None:
    """Refuse a password that is too short or absurdly long (the message never repeats it)."""
    if len(password) < MIN_LENGTH:
        msg = f"密码至少需要 {MIN_LENGTH} 个字符"
        raise AccountError(msg)
    if len(password) > MAX_LENGTH:
        msg = f"密码不能超过 {MAX_LENGTH} 个字符"
        raise AccountError(msg)


class Passwords:
    """Hash and verify; a missing user is verified against a dummy hash so both take the same time."""

    def __init__(self, hasher: PasswordHasher | None = None) -> None:
        self.hasher = hasher or PasswordHasher()
        self._dummy = self.hasher.hash("dummy-password-for-timing")

    def hash(self, password: str) -> str:
        """The argon2id hash of an acceptable password."""
        check_strength(password)
        return self.hasher.hash(password)

    def verify(self, stored: str | None, password: str) -> bool:
        """True when the password matches the stored hash; a missing hash costs the same and is False."""
        if len(password) > MAX_LENGTH:
            return False
        try:
            return self.hasher.verify(stored or self._dummy, password) and stored is not None
        except (VerificationError, InvalidHashError):
            return False

    def needs_rehash(self, stored: str) -> bool:
        """True when the hash was made with weaker parameters than the hasher's."""
        return self.hasher.check_needs_rehash(stored)

"""Making administrators from the command line (``filmstudio admin create``), and giving one
who lost their authenticator a fresh two-step set-up (``filmstudio admin reset-mfa``)."""

from __future__ import annotations

from sqlalchemy import select

from filmstudio.studio.accounts import mfa
from filmstudio.studio.accounts.models import User
from filmstudio.studio.accounts.service import create_user, normalise_email, revoke_logins
from filmstudio.studio.context import build_studio
from filmstudio.studio.settings import Settings


def create_admin(settings: Settings, email: str, password: str, name: str = "") -> bool:
    """Create an admin account, or promote the existing one (and set its password).
    Returns True when the account is new."""
    studio = build_studio(settings)
    try:
        with studio.db.transaction() as session:
            user = session.scalar(select(User).where(User.email == normalise_email(email)))
            if user is None:
                create_user(
                    session, studio, email, password, name=name, role="admin", verified=True
                )
                return True
            user.role = "admin"
            user.password_hash = studio.passwords.hash(password)
            user.is_suspended = False
            return False
    finally:
        studio.close()


def reset_mfa(settings: Settings, email: str) -> bool:
    """Forget the account's two-step secret and recovery codes and end its logins: its next
    login sets two-step login up again (an administrator's must). Only someone with the
    server's configuration can do this. Returns False when there is no such account."""
    studio = build_studio(settings)
    try:
        with studio.db.transaction() as session:
            user = session.scalar(select(User).where(User.email == normalise_email(email)))
            if user is None or user.deleted_at is not None:
                return False
            mfa.forget(session, user.id)
            revoke_logins(session, user.id)
            return True
    finally:
        studio.close()

"""Who may act as an administrator: the admin role, signed in with a second factor."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends

from filmstudio.studio.accounts.errors import MfaRequired
from filmstudio.studio.accounts.schemas import UserPublic
from filmstudio.studio.accounts.second_step import confirmed_by_second_factor
from filmstudio.studio.deps import AdminUser, Claims


def get_mfa_admin(user: AdminUser, claims: Claims) -> UserPublic:
    """An administrator whose login passed the second step (a token from before the admin
    role, or from before two-step login, is not enough)."""
    if not confirmed_by_second_factor(claims):
        raise MfaRequired(
            "Administrator work needs a login confirmed with your authenticator app. "
            "Log out and log in again."
        )
    return user


MfaAdmin = Annotated[UserPublic, Depends(get_mfa_admin)]

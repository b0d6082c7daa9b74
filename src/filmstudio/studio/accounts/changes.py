"""Changing the sign-in details of a signed-in account: its password, and its e-mail
address (the new address works only once a link sent to it is opened, so a typo or a
stolen session cannot move the account to an address its owner does not read)."""

from __future__ import annotations

import uuid
from datetime import timedelta

from sqlalchemy import select

from filmstudio.studio.accounts.errors import (
    AccountGone,
    CurrentPasswordWrong,
    EmailTaken,
    EmailUnchanged,
)
from filmstudio.studio.accounts.models import User
from filmstudio.studio.accounts.schemas import TokenPair, UserPublic, UserUpdate
from filmstudio.studio.accounts.security import fingerprint
from filmstudio.studio.accounts.service import (
    EMAIL_TAKEN,
    issue_tokens,
    normalise_email,
    update_me,
    usable,
)
from filmstudio.studio.cache import profile_key
from filmstudio.studio.context import Studio
from filmstudio.studio.notify import Email, OutboxMailer, email_change_email
from filmstudio.studio.notify.queue import enqueue_for
from filmstudio.studio.projects import service as projects

EMAIL_CHANGE_TTL = timedelta(days=2)


def mail_configured(studio: Studio) -> bool:
    """Whether e-mail leaves this studio; without a mail server it waits in the outbox."""
    return not isinstance(studio.mail_transport, OutboxMailer)


def change_password(
    studio: Studio, user_id: uuid.UUID, current: str, new: str, second_factor: bool
) -> TokenPair:
    """Set a new password; every login ends, and this one goes on with the new tokens."""
    update_me(studio, user_id, UserUpdate(password=new, current_password=current))
    with studio.db.transaction() as session:
        return issue_tokens(session, studio, user_id, mfa=second_factor)


def request_email_change(
    studio: Studio, user_id: uuid.UUID, new_email: str, current_password: str | None
) -> Email:
    """E-mail a confirmation link to the new address; the account keeps the old one until
    the link is opened."""
    address = normalise_email(new_email)
    with studio.db.read_session() as session:
        user = usable(session.get(User, user_id))
        stored_hash, old, language = user.password_hash, user.email, user.language
        if address == old:
            raise EmailUnchanged("That is already your e-mail address.")
        if session.scalar(select(User.id).where(User.email == address)) is not None:
            raise EmailTaken(EMAIL_TAKEN)
    if stored_hash is not None and (
        current_password is None or not studio.passwords.verify(current_password, stored_hash)
    ):
        raise CurrentPasswordWrong("Changing your e-mail address needs your current password.")
    token = studio.tokens.purpose(user_id, "email_change", old, EMAIL_CHANGE_TTL, email=address)
    link = f"{studio.settings.public_url}/auth/confirm-email?token={token}"
    message = email_change_email(address, link, language)
    with studio.db.transaction() as session:
        return enqueue_for(
            session,
            studio.mailer,
            message,
            kind="email_change",
            user_id=user_id,
            language=language,
        )


def confirm_email_change(studio: Studio, token: str) -> UserPublic:
    """Move the account to the address in the link (now verified: its owner opened it)."""
    claims = studio.tokens.read(token, "email_change")
    user_id, address = uuid.UUID(claims["sub"]), str(claims.get("email", ""))
    with studio.db.transaction() as session:
        user = session.get(User, user_id)
        if user is None or user.deleted_at is not None:
            raise AccountGone("The account for this link no longer exists.")
        if claims.get("fp") != fingerprint(user.email) or not address:
            raise AccountGone("This link is for an address change that no longer applies.")
        if session.scalar(select(User.id).where(User.email == address)) is not None:
            raise EmailTaken(EMAIL_TAKEN)
        user.email = address
        user.email_verified = True
        session.flush()
        public = UserPublic.model_validate(user)
    studio.cache.delete(profile_key(user_id))
    projects.claim_invites(studio, user_id, address)  # invitations wait for a proven address
    return public

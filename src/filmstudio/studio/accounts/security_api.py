"""Account security endpoints: the login's second step, two-step login settings, changing
password and e-mail address, and whether this studio sends e-mail.

A router of its own (mounted beside ``accounts.api``'s) so each file keeps one job."""

from __future__ import annotations

from fastapi import APIRouter, BackgroundTasks, status
from fastapi.responses import Response

from filmstudio.studio.accounts import changes, second_step
from filmstudio.studio.accounts.schemas import (
    EmailChangeConfirm,
    EmailChangeRequest,
    MailStatus,
    Message,
    MfaCodeRequest,
    MfaEnabled,
    MfaEnrolment,
    MfaStatus,
    PasswordChange,
    RecoveryCodes,
    TokenPair,
    UserPublic,
)
from filmstudio.studio.contract import answers
from filmstudio.studio.deps import Claims, CurrentUser, StudioDep

router = APIRouter(tags=["auth"])


@router.get("/auth/mail")
def mail_status(studio: StudioDep) -> MailStatus:
    """Whether this studio sends e-mail (the UI says so honestly when it does not)."""
    if changes.mail_configured(studio):
        return MailStatus(configured=True, detail="E-mail is sent from this studio.")
    return MailStatus(
        configured=False,
        detail="This studio has no mail server: messages wait in the development outbox, "
        "which the studio's administrator can read.",
    )


@router.post("/auth/confirm-email", responses=answers(401, 409))
def confirm_email_change(data: EmailChangeConfirm, studio: StudioDep) -> UserPublic:
    """Move the account to the new address in the e-mailed link (now confirmed)."""
    return changes.confirm_email_change(studio, data.token)


@router.post("/users/me/password")
def change_password(
    data: PasswordChange, studio: StudioDep, user: CurrentUser, claims: Claims
) -> TokenPair:
    """Change your password: every other login ends; this one goes on with the new tokens."""
    return changes.change_password(
        studio,
        user.id,
        data.current_password,
        data.new_password,
        second_step.confirmed_by_second_factor(claims),
    )


@router.post("/users/me/email", status_code=status.HTTP_202_ACCEPTED, responses=answers(409))
def change_email(
    data: EmailChangeRequest, studio: StudioDep, user: CurrentUser, background: BackgroundTasks
) -> Message:
    """Move your account to another address: a link goes to the new one, and the change
    happens when it is opened."""
    email = changes.request_email_change(studio, user.id, data.new_email, data.current_password)
    background.add_task(studio.mailer.send, email)
    return Message(
        detail="Open the link we sent to the new address to finish the change.",
        mail_configured=changes.mail_configured(studio),
    )


@router.get("/users/me/mfa")
def mfa_status(studio: StudioDep, user: CurrentUser) -> MfaStatus:
    """Whether two-step login is on, and how many recovery codes are left."""
    return second_step.status(studio, user.id)


@router.post("/users/me/mfa", responses=answers(409))
def mfa_start(studio: StudioDep, user: CurrentUser) -> MfaEnrolment:
    """Begin turning two-step login on: a secret for the authenticator app."""
    return second_step.start(studio, user.id)


@router.post("/users/me/mfa/confirm", responses=answers(401, 409))
def mfa_confirm(data: MfaCodeRequest, studio: StudioDep, user: CurrentUser) -> MfaEnabled:
    """Turn it on with the app's first code: recovery codes (shown once) and fresh tokens;
    other logins end."""
    return second_step.confirm(studio, user.id, data.code)


@router.post("/users/me/mfa/recovery-codes", responses=answers(401, 409))
def mfa_recovery_codes(data: MfaCodeRequest, studio: StudioDep, user: CurrentUser) -> RecoveryCodes:
    """New recovery codes (the old ones stop working), after a code from the app."""
    return second_step.regenerate(studio, user.id, data.code)


@router.post(
    "/users/me/mfa/disable",
    status_code=status.HTTP_204_NO_CONTENT,
    responses=answers(401, 409),
)
def mfa_disable(data: MfaCodeRequest, studio: StudioDep, user: CurrentUser) -> Response:
    """Turn two-step login off with a code (administrators cannot: their role needs it)."""
    second_step.disable(studio, user.id, data.code)
    return Response(status_code=status.HTTP_204_NO_CONTENT)

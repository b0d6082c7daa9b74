"""Account endpoints: ``/auth/*`` and ``/users/me``."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, BackgroundTasks, Path, Request, status
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import RedirectResponse, Response

from filmstudio.studio.accounts import changes, oauth, second_step
from filmstudio.studio.accounts import service as accounts
from filmstudio.studio.accounts.schemas import (
    ForgotPasswordRequest,
    LoginRequest,
    LogoutRequest,
    Message,
    MfaChallenge,
    MfaEnrolment,
    MfaLogin,
    MfaLoginRequest,
    MfaTokenRequest,
    RefreshRequest,
    ResetPasswordRequest,
    TokenPair,
    UserCreate,
    UserPublic,
    UserUpdate,
    VerifyEmailRequest,
)
from filmstudio.studio.contract import answers
from filmstudio.studio.deps import Claims, CurrentUser, StudioDep
from filmstudio.studio.errors import StudioError
from filmstudio.studio.privacy.erase import close_account

auth = APIRouter(prefix="/auth", tags=["auth"])
users = APIRouter(prefix="/users", tags=["users"])


@auth.post("/register", status_code=status.HTTP_201_CREATED, responses=answers(409))
def register(data: UserCreate, studio: StudioDep, background: BackgroundTasks) -> UserPublic:
    """Open a free account with 3 credits; a link to confirm the address is e-mailed."""
    user, email = accounts.register(studio, data)
    background.add_task(studio.mailer.send, email)
    return user


@auth.post("/login", responses=answers(401, 403))
def login(data: LoginRequest, studio: StudioDep) -> TokenPair | MfaChallenge:
    """Trade e-mail and password for an access token (15 minutes) and a refresh token (7 days),
    or, for an account with two-step login (every administrator), a challenge: finish at
    ``/auth/login/mfa`` with a code."""
    return accounts.login(studio, data.email, data.password)


@auth.post("/login/mfa", responses=answers(401, 403, 409))
def login_mfa(data: MfaLoginRequest, studio: StudioDep) -> MfaLogin:
    """The second step: a code from the authenticator app (or a recovery code) for the
    challenge's token. An administrator's first login confirms the set-up here, and the
    recovery codes come back once."""
    return second_step.login_step(studio, data.mfa_token, data.code)


@auth.post("/login/mfa/enrol", responses=answers(401, 403, 409))
def login_mfa_enrol(data: MfaTokenRequest, studio: StudioDep) -> MfaEnrolment:
    """For a challenge with ``enrolment_required``: the secret to scan before the second step."""
    return second_step.enrol_at_login(studio, data.mfa_token)


@auth.post("/refresh", responses=answers(401, 403))
def refresh(data: RefreshRequest, studio: StudioDep) -> TokenPair:
    """Trade a refresh token for a new pair; reusing an old one ends that whole login."""
    return accounts.refresh(studio, data.refresh_token)


@auth.post("/logout", status_code=status.HTTP_204_NO_CONTENT)
def logout(data: LogoutRequest, studio: StudioDep, user: CurrentUser, claims: Claims) -> Response:
    """End this login (give its refresh token) or every login; the access token stops now."""
    accounts.logout(studio, user.id, claims, data.refresh_token)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@auth.post("/forgot-password", status_code=status.HTTP_202_ACCEPTED)
def forgot_password(
    data: ForgotPasswordRequest, studio: StudioDep, background: BackgroundTasks
) -> Message:
    """E-mail a one-hour reset link (the answer is the same whether or not the address exists)."""
    email = accounts.forgot_password(studio, data.email)
    if email is not None:
        background.add_task(studio.mailer.send, email)
    return Message(
        detail="If an account uses this address, a reset link is on its way.",
        mail_configured=changes.mail_configured(studio),
    )


@auth.post("/reset-password", responses=answers(401))
def reset_password(data: ResetPasswordRequest, studio: StudioDep) -> Message:
    """Set a new password with the e-mailed token; every login ends."""
    accounts.reset_password(studio, data.token, data.new_password)
    return Message(detail="Your password was changed. Log in with the new one.")


@auth.post("/verify-email", responses=answers(401))
def verify_email(data: VerifyEmailRequest, studio: StudioDep) -> Message:
    """Confirm an e-mail address with the e-mailed token."""
    accounts.verify_email(studio, data.token)
    return Message(detail="Your e-mail address is confirmed.")


@auth.post("/resend-verification", status_code=status.HTTP_202_ACCEPTED)
def resend_verification(
    studio: StudioDep, user: CurrentUser, background: BackgroundTasks
) -> Message:
    """E-mail the confirmation link again."""
    if user.email_verified:
        return Message(detail="Your e-mail address is already confirmed.")
    background.add_task(
        studio.mailer.send, accounts.verification_message(studio, user.id, user.email)
    )
    return Message(
        detail="A new confirmation link is on its way.",
        mail_configured=changes.mail_configured(studio),
    )


Provider = Annotated[str, Path(description="google or github")]


@auth.get("/oauth/{provider}/login", response_class=Response, status_code=302)
async def oauth_login(provider: Provider, request: Request, studio: StudioDep) -> Response:
    """Start logging in with Google or GitHub (a redirect to the provider)."""
    remote = oauth.client(request.app.state.oauth, provider)
    redirect = f"{studio.settings.public_url}/api/v1/auth/oauth/{provider}/callback"
    response: Response = await remote.authorize_redirect(request, redirect)
    return response


@auth.get("/oauth/providers")
def oauth_providers(request: Request) -> list[str]:
    """The OAuth providers this server offers (the login page shows a button for each)."""
    return oauth.available(request.app.state.oauth)


@auth.get(
    "/oauth/{provider}/callback",
    response_class=RedirectResponse,
    status_code=303,
    responses={303: {"description": "To the web UI, tokens (or the error) in the fragment."}},
)
async def oauth_callback(provider: Provider, request: Request, studio: StudioDep) -> Response:
    """Where the provider sends the user back: log in (or sign up), then go on to the web UI
    with the tokens in the URL fragment (a fragment never reaches a server or its logs)."""
    try:
        remote = oauth.client(request.app.state.oauth, provider)
        subject, email, verified, name = await oauth.identity(provider, remote, request)
        tokens = await run_in_threadpool(
            accounts.oauth_login, studio, provider, subject, email, verified, name
        )
    except StudioError as error:
        return RedirectResponse(oauth.failure_url(studio.settings, error.detail), status_code=303)
    return RedirectResponse(oauth.success_url(studio.settings, tokens), status_code=303)


@users.get("/me")
def read_me(user: CurrentUser) -> UserPublic:
    """Your profile."""
    return user


@users.patch("/me", responses=answers(409))
def update_me(
    data: UserUpdate, studio: StudioDep, user: CurrentUser, background: BackgroundTasks
) -> UserPublic:
    """Change your name, e-mail address (confirm it again) or password."""
    public, email = accounts.update_me(studio, user.id, data)
    if email is not None:
        background.add_task(studio.mailer.send, email)
    return public


@users.delete(
    "/me",
    status_code=status.HTTP_204_NO_CONTENT,
    responses=answers(
        501,
        503,
        s501="A subscription is active but payments are not configured here.",
        s503="The payment provider could not cancel the subscription; nothing was closed.",
    ),
)
async def delete_me(studio: StudioDep, user: CurrentUser) -> Response:
    """Close your account for good: your projects, files and linked logins are erased,
    unfinished renders are cancelled and refunded, a subscription is cancelled at the
    payment provider; the credit ledger is kept (accounting) with nothing that names you."""
    await run_in_threadpool(close_account, studio, user.id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)

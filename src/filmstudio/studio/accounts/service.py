"""Accounts: register, log in, rotate and revoke tokens, reset passwords, verify e-mail,
read and change your profile, and link Google or GitHub identities."""

from __future__ import annotations

import logging
import uuid
from datetime import UTC, datetime, timedelta

from sqlalchemy import delete, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from filmstudio.studio.accounts import mfa
from filmstudio.studio.accounts.errors import (
    AccountGone,
    CurrentPasswordWrong,
    EmailTaken,
    MfaLoginRequired,
    WrongCredentials,
)
from filmstudio.studio.accounts.models import OAuthAccount, RefreshToken, User
from filmstudio.studio.accounts.schemas import (
    MfaChallenge,
    TokenPair,
    UserCreate,
    UserPublic,
    UserUpdate,
)
from filmstudio.studio.accounts.security import fingerprint
from filmstudio.studio.accounts.tiers import add_month
from filmstudio.studio.cache import balance_key, profile_key, projects_key, revoked_token_key
from filmstudio.studio.context import Studio
from filmstudio.studio.credits import service as credits
from filmstudio.studio.db.base import rowcount, utcnow
from filmstudio.studio.errors import (
    BadRequest,
    Conflict,
    Forbidden,
    TooManyRequests,
    Unauthorized,
)
from filmstudio.studio.notify import Email, password_reset_email, verification_email
from filmstudio.studio.notify.queue import QueuedMailer, enqueue_for
from filmstudio.studio.notify.templates import language_of
from filmstudio.studio.projects import service as projects

log = logging.getLogger("filmstudio.accounts")

VERIFY_TTL = timedelta(days=2)
RESET_TTL = timedelta(hours=1)
MFA_STEP_TTL = timedelta(minutes=5)
EMAIL_TAKEN = "An account with this e-mail address already exists."


def normalise_email(email: str) -> str:
    return email.strip().lower()


def create_user(
    session: Session,
    studio: Studio,
    email: str,
    password: str | None,
    *,
    name: str = "",
    role: str = "user",
    tier: str = "free",
    verified: bool = False,
    password_hash: str | None = None,
) -> User:
    """A new account with the signup credits (a ledger row, like every credit).

    `password_hash` (already hashed, outside any write transaction) wins over `password`."""
    now = utcnow()
    if password_hash is None and password is not None:
        password_hash = studio.passwords.hash(password)
    user = User(
        email=normalise_email(email),
        password_hash=password_hash,
        name=name,
        role=role,
        tier=tier,
        credits=0,
        credit_reset_date=add_month(now),
        email_verified=verified,
    )
    session.add(user)
    session.flush()
    if studio.settings.signup_credits > 0:
        credits.add(
            session,
            user.id,
            studio.settings.signup_credits,
            kind="signup",
            description="Welcome credits",
            idempotency_key="signup",
        )
    return user


def register(studio: Studio, data: UserCreate) -> tuple[UserPublic, Email]:
    """Open a free account (3 credits) and write the e-mail that verifies its address."""
    email = normalise_email(data.email)
    with studio.db.read_session() as session:
        if session.scalar(select(User.id).where(User.email == email)) is not None:
            raise EmailTaken(EMAIL_TAKEN)
    # argon2 is slow on purpose: hash before the write transaction (on SQLite it holds the
    # process-wide write lock), then write quickly, checking the address again.
    password_hash = studio.passwords.hash(data.password)
    try:
        with studio.db.transaction() as session:
            if session.scalar(select(User.id).where(User.email == email)) is not None:
                raise EmailTaken(EMAIL_TAKEN)
            user = create_user(
                session, studio, email, None, name=data.name, password_hash=password_hash
            )
            public = UserPublic.model_validate(user)
            language = user.language or "en"
            message = enqueue_for(  # the e-mail commits with the account
                session,
                studio.mailer,
                verification_message(studio, public.id, public.email, language),
                kind="verification",
                user_id=public.id,
                language=language,
            )
    except IntegrityError as exc:
        raise EmailTaken(EMAIL_TAKEN) from exc
    log.info("account registered", extra={"user": str(public.id)})
    return public, message


def verification_message(
    studio: Studio, user_id: uuid.UUID, email: str, language: str | None = None
) -> Email:
    """The e-mail with a link that confirms `email`, in the user's language."""
    if language is None:
        with studio.db.read_session() as session:
            language = session.scalar(select(User.language).where(User.id == user_id))
    token = studio.tokens.purpose(user_id, "verify", email, VERIFY_TTL)
    return verification_email(
        email, f"{studio.settings.public_url}/auth/verify-email?token={token}", language or "en"
    )


def issue_tokens(
    session: Session,
    studio: Studio,
    user_id: uuid.UUID,
    family_id: uuid.UUID | None = None,
    *,
    mfa: bool = False,
) -> TokenPair:
    """An access token and a recorded refresh token (a new family for a new login);
    `mfa`: the login was confirmed with a second factor, and both tokens say so."""
    family = family_id or uuid.uuid4()
    refresh = studio.tokens.refresh(user_id, family, mfa=mfa)
    session.add(
        RefreshToken(
            id=refresh.jti, user_id=user_id, family_id=family, expires_at=refresh.expires_at
        )
    )
    access = studio.tokens.access(user_id, mfa=mfa)
    return TokenPair(
        access_token=access.token,
        refresh_token=refresh.token,
        expires_in=int(studio.tokens.access_ttl.total_seconds()),
    )


def usable(user: User | None) -> User:
    if user is None or user.deleted_at is not None:
        raise WrongCredentials("The e-mail address or password is wrong.")
    if user.is_suspended:
        raise Forbidden(
            "This account is suspended. Contact support to restore it.", code="account_suspended"
        )
    return user


def needs_second_step(session: Session, user: User) -> bool:
    """Administrators always, other users when they turned two-step login on."""
    return user.role == "admin" or mfa.enabled(session, user.id)


def challenge(studio: Studio, session: Session, user: User) -> MfaChallenge:
    """The answer to a right password when a code is still needed: a 5-minute token bound to
    the current password (changing it voids the token)."""
    token = studio.tokens.purpose(user.id, "mfa", user.password_hash, MFA_STEP_TTL)
    return MfaChallenge(
        mfa_token=token,
        enrolment_required=not mfa.enabled(session, user.id),
        expires_in=int(MFA_STEP_TTL.total_seconds()),
    )


def login(studio: Studio, email: str, password: str) -> TokenPair | MfaChallenge:
    """Check the password (at most a few tries per address) and start a login, or answer a
    challenge when the account needs a second step (administrators always do).

    Every attempt is counted before the password is checked (a success clears the count),
    and the slow argon2 check runs outside the write transaction."""
    email = normalise_email(email)
    verdict = studio.limiter.login_attempt(email)
    if not verdict.allowed:
        raise TooManyRequests(
            "Too many failed logins for this address. "
            f"Try again in {verdict.retry_after} seconds, or reset your password.",
            verdict.retry_after,
            code="login_attempts_exceeded",
        )
    with studio.db.read_session() as session:
        found = session.scalar(select(User).where(User.email == email))
        user_id = found.id if found else None
        stored_hash = found.password_hash if found else None
    if not studio.passwords.verify(password, stored_hash):
        raise WrongCredentials("The e-mail address or password is wrong.")
    with studio.db.transaction() as session:
        user = session.get(User, user_id)
        if user is None or user.email != email or user.password_hash != stored_hash:
            # changed while the password was checked: the checked password is no longer it
            raise WrongCredentials("The e-mail address or password is wrong.")
        user = usable(user)
        if needs_second_step(session, user):
            answer: TokenPair | MfaChallenge = challenge(studio, session, user)
        else:
            answer = issue_tokens(session, studio, user.id)
    studio.limiter.login_succeeded(email)
    return answer


def _revoke_family(session: Session, family_id: uuid.UUID) -> None:
    session.execute(
        update(RefreshToken)
        .where(RefreshToken.family_id == family_id, RefreshToken.revoked_at.is_(None))
        .values(revoked_at=utcnow())
    )


def revoke_logins(session: Session, user_id: uuid.UUID) -> None:
    """End every login of the user (their refresh tokens stop working)."""
    session.execute(
        update(RefreshToken)
        .where(RefreshToken.user_id == user_id, RefreshToken.revoked_at.is_(None))
        .values(revoked_at=utcnow())
    )


def refresh(studio: Studio, token: str) -> TokenPair:
    """Swap a refresh token for a new pair; the old one stops working.

    Presenting a token that was already swapped means someone else has a copy: every
    token of that login is revoked and both parties must log in again.
    """
    claims = studio.tokens.read(token, "refresh")
    jti, family = uuid.UUID(claims["jti"]), uuid.UUID(claims["fam"])
    second_factor = bool(claims.get("mfa"))
    reused = False
    with studio.db.transaction() as session:
        stored = session.get(RefreshToken, jti)
        if stored is None or stored.family_id != family:
            raise Unauthorized("The refresh token is not valid.", code="token_invalid")
        user = usable(session.get(User, stored.user_id))
        if not second_factor and needs_second_step(session, user):
            raise MfaLoginRequired(
                "This account needs two-step login now. Log in again with your code."
            )
        swapped = rowcount(
            session.execute(
                update(RefreshToken)
                .where(RefreshToken.id == jti, RefreshToken.revoked_at.is_(None))
                .values(revoked_at=utcnow())
            )
        )
        if swapped != 1:
            _revoke_family(session, family)
            reused = True
        else:
            pair = issue_tokens(session, studio, user.id, family, mfa=second_factor)
            new_jti = uuid.UUID(studio.tokens.read(pair.refresh_token, "refresh")["jti"])
            session.execute(
                update(RefreshToken).where(RefreshToken.id == jti).values(replaced_by=new_jti)
            )
    if reused:
        log.warning("refresh token reused; login revoked", extra={"family": str(family)})
        raise Unauthorized(
            "This refresh token was already used, so every session of that login has been "
            "signed out. Log in again.",
            code="refresh_token_reused",
        )
    return pair


def logout(
    studio: Studio, user_id: uuid.UUID, access_claims: dict[str, object], refresh_token: str | None
) -> None:
    """End one login (given its refresh token) or all of them; the access token dies now."""
    with studio.db.transaction() as session:
        if refresh_token:
            claims = studio.tokens.read(refresh_token, "refresh")
            if claims["sub"] != str(user_id):
                raise BadRequest(
                    "That refresh token belongs to another account.", code="token_not_yours"
                )
            _revoke_family(session, uuid.UUID(str(claims["fam"])))
        else:
            revoke_logins(session, user_id)
    expires = datetime.fromtimestamp(float(str(access_claims["exp"])), UTC)
    ttl = max((expires - utcnow()).total_seconds(), 1.0)
    studio.cache.set(revoked_token_key(str(access_claims["jti"])), "1", ttl)


def forgot_password(studio: Studio, email: str) -> Email | None:
    """The reset e-mail for a known, active address (None otherwise: we never say which)."""
    with studio.db.read_session() as session:
        user = session.scalar(select(User).where(User.email == normalise_email(email)))
    if user is None or user.deleted_at is not None or user.is_suspended:
        return None
    token = studio.tokens.purpose(user.id, "reset", user.password_hash, RESET_TTL)
    link = f"{studio.settings.public_url}/auth/reset-password?token={token}"
    message = password_reset_email(user.email, link, user.language)
    if isinstance(studio.mailer, QueuedMailer):  # in the outbox before we answer
        with studio.db.transaction() as session:
            message = enqueue_for(
                session,
                studio.mailer,
                message,
                kind="password_reset",
                user_id=user.id,
                language=user.language,
            )
    return message


def reset_password(studio: Studio, token: str, new_password: str) -> None:
    """Set a new password from an e-mailed link (once) and sign out every login."""
    claims = studio.tokens.read(token, "reset")
    user_id = uuid.UUID(claims["sub"])

    def check(user: User | None) -> User:
        if user is None or user.deleted_at is not None:
            raise Unauthorized("The password reset link is not valid.", code="link_invalid")
        if claims.get("fp") != fingerprint(user.password_hash):
            raise Unauthorized(
                "This password reset link was already used. Ask for a new one.", code="link_used"
            )
        return user

    with studio.db.read_session() as session:
        check(session.get(User, user_id))
    new_hash = studio.passwords.hash(new_password)  # outside the write transaction
    with studio.db.transaction() as session:
        user = check(session.get(User, user_id))  # the link may have been used meanwhile
        user.password_hash = new_hash
        revoke_logins(session, user_id)


def verify_email(studio: Studio, token: str) -> None:
    """Mark the address in a verification link as confirmed."""
    claims = studio.tokens.read(token, "verify")
    user_id = uuid.UUID(claims["sub"])
    with studio.db.transaction() as session:
        user = session.get(User, user_id)
        if user is None or user.deleted_at is not None:
            raise Unauthorized("The verification link is not valid.", code="link_invalid")
        if claims.get("fp") != fingerprint(user.email):
            raise Unauthorized(
                "This verification link is for an address you no longer use.", code="link_used"
            )
        user.email_verified = True
        address = user.email
    studio.cache.delete(profile_key(user_id))
    projects.claim_invites(studio, user_id, address)  # invitations wait for a proven address


def profile(studio: Studio, user_id: uuid.UUID, cached: str | None = None) -> UserPublic | None:
    """The public profile, from user:{id}:profile when cached (`cached`: already read by the
    caller); None for no such user."""
    if cached is None:
        cached = studio.cache.get(profile_key(user_id))
    if cached is not None:
        return UserPublic.model_validate_json(cached)
    with studio.db.read_session() as session:
        user = session.scalar(select(User).where(User.id == user_id, User.deleted_at.is_(None)))
        if user is None:
            return None
        public = UserPublic.model_validate(user)
    studio.cache.set(profile_key(user_id), public.model_dump_json(), studio.settings.cache_seconds)
    return public


def update_me(
    studio: Studio, user_id: uuid.UUID, data: UserUpdate
) -> tuple[UserPublic, Email | None]:
    """Change name, e-mail (unverified until confirmed again) or password."""
    message = None
    sensitive = data.email is not None or data.password is not None
    stored_hash: str | None = None
    if sensitive:
        # the slow argon2 work happens before the write transaction, which then checks that
        # the password it was done against is still the account's
        with studio.db.read_session() as session:
            stored_hash = usable(session.get(User, user_id)).password_hash
        if stored_hash is not None and (
            data.current_password is None
            or not studio.passwords.verify(data.current_password, stored_hash)
        ):
            raise CurrentPasswordWrong(
                "Changing your e-mail address or password needs your current password."
            )
    new_hash = studio.passwords.hash(data.password) if data.password is not None else None
    try:
        with studio.db.transaction() as session:
            user = usable(session.get(User, user_id))
            if sensitive and user.password_hash != stored_hash:
                raise Forbidden(
                    "Your password changed meanwhile. Try again with your current password.",
                    code="password_changed",
                )
            if data.name is not None:
                user.name = data.name
            language = getattr(data, "language", None)  # once UserUpdate carries it
            if language is not None:
                user.language = language_of(language)
            if data.email is not None and normalise_email(data.email) != user.email:
                email = normalise_email(data.email)
                if session.scalar(select(User.id).where(User.email == email)) is not None:
                    raise EmailTaken(EMAIL_TAKEN)
                user.email = email
                user.email_verified = False
                message = enqueue_for(  # commits with the new address
                    session,
                    studio.mailer,
                    verification_message(studio, user.id, email, user.language),
                    kind="verification",
                    user_id=user.id,
                    language=user.language,
                )
            if new_hash is not None:
                user.password_hash = new_hash
                revoke_logins(session, user.id)  # other devices must log in with the new one
            session.flush()
            public = UserPublic.model_validate(user)
    except IntegrityError as exc:
        raise EmailTaken(EMAIL_TAKEN) from exc
    studio.cache.delete(profile_key(user_id))
    return public, message


def close_in(session: Session, user_id: uuid.UUID) -> None:
    """Close the account in the caller's transaction: the user row keeps no personal data,
    logins end, projects are deleted, unfinished renders are cancelled and refunded."""
    from filmstudio.studio.jobs.service import cancel_unfinished_jobs
    from filmstudio.studio.projects.models import Project

    user = session.get(User, user_id)
    if user is None or user.deleted_at is not None:
        raise AccountGone("The account no longer exists.")
    now = utcnow()
    user.deleted_at = now
    user.email = f"deleted-{user.id}@deleted.invalid"
    user.name = ""
    user.password_hash = None
    revoke_logins(session, user_id)
    session.execute(
        update(Project)
        .where(Project.owner_id == user_id, Project.deleted_at.is_(None))
        .values(deleted_at=now)
    )
    session.execute(delete(OAuthAccount).where(OAuthAccount.user_id == user_id))
    cancel_unfinished_jobs(session, user_id=user_id)


def forget_cached(studio: Studio, user_id: uuid.UUID) -> None:
    studio.cache.delete(profile_key(user_id), projects_key(user_id), balance_key(user_id))


def oauth_login(
    studio: Studio,
    provider: str,
    subject: str,
    email: str | None,
    email_verified: bool,
    name: str,
) -> TokenPair | MfaChallenge:
    """Log in with a Google or GitHub identity: the linked account, else the account with the
    same address (now linked) when that account verified it, else a new free account. An
    account whose address was never verified is not linked (Conflict): its owner must log
    in with the password and verify the address first."""
    created: str | None = None  # a new account's address, verified by the provider
    with studio.db.transaction() as session:
        link = session.scalar(
            select(OAuthAccount).where(
                OAuthAccount.provider == provider, OAuthAccount.subject == subject
            )
        )
        if link is not None:
            user = usable(session.get(User, link.user_id))
        else:
            if not email or not email_verified:
                raise BadRequest(
                    f"Your {provider.title()} account has no verified e-mail address; "
                    "verify one there, or register with an e-mail address and password.",
                    code="oauth_email_unverified",
                )
            address = normalise_email(email)
            found = session.scalar(select(User).where(User.email == address))
            if found is not None:
                user = usable(found)
                if not user.email_verified:
                    # Anyone can register an address with a password of their own: linking
                    # an identity to an unconfirmed account would hand it to that person.
                    raise Conflict(
                        f"An account with the address {address} exists but its address is "
                        "not verified yet. Log in with its password and verify the address "
                        f"first, then log in with {provider.title()}.",
                        code="account_unverified",
                    )
            else:
                user = create_user(session, studio, address, None, name=name, verified=True)
                created = address
            session.add(
                OAuthAccount(user_id=user.id, provider=provider, subject=subject, email=address)
            )
        if needs_second_step(session, user):
            answer: TokenPair | MfaChallenge = challenge(studio, session, user)
        else:
            answer = issue_tokens(session, studio, user.id)
        user_id = user.id
    studio.cache.delete(profile_key(user_id))
    if created is not None:
        projects.claim_invites(studio, user_id, created)
    return answer

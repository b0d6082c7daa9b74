"""Account errors with a stable `code` the web UI translates (the class attribute is what
the central problem-details handler reads)."""

from __future__ import annotations

from filmstudio.studio.errors import (
    BadRequest,
    Conflict,
    Forbidden,
    NotAvailable,
    ServiceUnavailable,
    Unauthorized,
)


class WrongCredentials(Unauthorized):
    code = "wrong_credentials"


class WrongMfaCode(Unauthorized):
    """The authenticator or recovery code is wrong, expired or already used."""

    code = "mfa_code_wrong"


class MfaRequired(Forbidden):
    """This needs a login confirmed with a second factor (administrators always do)."""

    code = "mfa_required"


class MfaAlreadyOn(Conflict):
    code = "mfa_already_enabled"


class MfaNotStarted(Conflict):
    code = "mfa_not_started"


class MfaNotEnabled(Conflict):
    code = "mfa_not_enabled"


class MfaKeptForAdmins(Forbidden):
    code = "mfa_required_for_admins"


class CurrentPasswordWrong(Forbidden):
    code = "current_password_wrong"


class EmailTaken(Conflict):
    code = "email_taken"


class EmailUnchanged(BadRequest):
    code = "email_unchanged"


class AccountGone(Unauthorized):
    code = "account_gone"


class MailNotConfigured(NotAvailable):
    code = "mail_not_configured"


class StripeUnreachable(ServiceUnavailable):
    code = "billing_unreachable"


class MfaLoginRequired(Unauthorized):
    """The session predates two-step login (or the admin role): log in again with a code."""

    code = "mfa_login_required"

"""Every table, imported in one place so ``Base.metadata`` is complete (Alembic reads it)."""

from filmstudio.studio.accounts.models import (
    MfaSecret,
    OAuthAccount,
    RecoveryCode,
    RefreshToken,
    User,
)
from filmstudio.studio.admin.models import AuditEntry
from filmstudio.studio.billing import models as _billing_tables  # noqa: F401
from filmstudio.studio.credits.models import CreditTransaction
from filmstudio.studio.crm import models as _crm_tables  # noqa: F401
from filmstudio.studio.db.base import Base
from filmstudio.studio.jobs.models import Job
from filmstudio.studio.moderation.models import ModerationItem
from filmstudio.studio.notify import models as _mail_tables  # noqa: F401
from filmstudio.studio.projects.models import Project, ProjectShare, ProjectVersion
from filmstudio.studio.publishing.models import YoutubeIntegration, YoutubeUpload

metadata = Base.metadata

__all__ = [
    "AuditEntry",
    "CreditTransaction",
    "Job",
    "MfaSecret",
    "ModerationItem",
    "OAuthAccount",
    "Project",
    "ProjectShare",
    "ProjectVersion",
    "RecoveryCode",
    "RefreshToken",
    "User",
    "YoutubeIntegration",
    "YoutubeUpload",
    "metadata",
]

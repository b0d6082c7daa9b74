"""CRM tables (the Salesforce outbox)."""

from __future__ import annotations

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from filmstudio.studio.db.base import Base
from filmstudio.studio.notify.outbox import OutboxColumns


class CrmOutbox(OutboxColumns, Base):
    """One change to send to Salesforce: upsert the current state of the studio record
    `external_id` into `sobject`; `event` says what changed (for people reading the table).

    Written by ORM events in the transaction of the change, so every committed change is
    delivered at least once; upserting by external id makes a repeat harmless.
    """

    __tablename__ = "crm_outbox"

    sobject: Mapped[str] = mapped_column(String(80))
    external_id: Mapped[str] = mapped_column(String(100), index=True)
    event: Mapped[str] = mapped_column(String(40), default="upsert")

"""Send the CRM outbox to Salesforce: up to 200 rows per round, upserted by external id.

Rows for the same record collapse into one upsert of its current state. Each object goes in
one composite collection request (``PATCH composite/sobjects/<Object>/Studio_Id__c``, at
most 200 records, ``allOrNone: false``); a record Salesforce accepts marks its rows sent, a
record it refuses (a duplicate, a parent not there yet) and any request that fails (timeout,
4xx, 5xx) schedule a retry with backoff. Because every write is an upsert by external id, a
retry after a timeout that Salesforce did apply updates the record instead of creating a
second one.
"""

from __future__ import annotations

import logging
import threading
import uuid
from collections import defaultdict
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from simple_salesforce.api import Salesforce

from filmstudio.studio.crm import records
from filmstudio.studio.crm.capture import SOBJECTS
from filmstudio.studio.crm.client import connect
from filmstudio.studio.crm.models import CrmOutbox
from filmstudio.studio.crm.settings import CrmSettings
from filmstudio.studio.db.engine import Database
from filmstudio.studio.notify import outbox as rows

log = logging.getLogger("filmstudio.crm")

MAX_RECORDS = 200  # Salesforce's limit for one sObject collection request


def _errors(result: dict[str, Any]) -> str:
    parts = [
        f"{e.get('statusCode', 'ERROR')}: {e.get('message', '')}"
        for e in result.get("errors") or []
    ]
    return "; ".join(parts) or "Salesforce refused the record."


class CrmDelivery:
    name = "crm"

    def __init__(
        self,
        db: Database,
        settings: CrmSettings,
        low_threshold: int,
        client: Callable[[], Salesforce] | None = None,
        keep: timedelta = timedelta(days=30),
    ) -> None:
        self.keep = keep
        self.db = db
        self.settings = settings
        self.low_threshold = low_threshold
        self.batch = min(settings.salesforce_batch_size, MAX_RECORDS)
        self.lease = timedelta(seconds=max(settings.salesforce_timeout_seconds * 4, 60))
        self.backoff = rows.Backoff(
            settings.salesforce_retry_base_seconds,
            settings.salesforce_retry_max_seconds,
            settings.salesforce_max_attempts,
        )
        self._connect = client or (lambda: connect(settings))
        self._client: Salesforce | None = None

    def _sf(self) -> Salesforce:
        if self._client is None:
            self._client = self._connect()
        return self._client

    def _upsert(self, sobject: str, batch: list[records.Record]) -> list[dict[str, Any]]:
        body = {
            "allOrNone": False,
            "records": [{"attributes": {"type": sobject}, **r} for r in batch],
        }
        result = self._sf().restful(
            f"composite/sobjects/{sobject}/{records.EXTERNAL_ID}",
            method="PATCH",
            json=body,
            timeout=self.settings.salesforce_timeout_seconds,
        )
        if not isinstance(result, list) or len(result) != len(batch):
            raise ValueError("Salesforce answered the upsert with an unexpected body.")
        return result

    def prune(self) -> int:
        return rows.prune(self.db, CrmOutbox, self.keep)

    def deliver_once(self, stop: threading.Event | None = None) -> int:
        """Send one batch; returns how many rows were delivered."""
        token, claimed = rows.claim(
            self.db, CrmOutbox, self.batch, self.lease, exclusive=("sobject", "external_id")
        )
        if not claimed:
            return 0
        by_record: dict[tuple[str, str], list[CrmOutbox]] = defaultdict(list)
        for row in claimed:
            by_record[(row.sobject, row.external_id)].append(row)
        sent: list[uuid.UUID] = []
        failures: dict[uuid.UUID, str] = {}
        attempts = {row.id: row.attempts for row in claimed}
        for sobject in SOBJECTS:
            ids = [key[1] for key in by_record if key[0] == sobject]
            if not ids:
                continue
            with self.db.read_session() as session:
                current = records.load(session, sobject, ids, self.low_threshold)
            gone = [i for i in ids if i not in current]
            sent.extend(r.id for i in gone for r in by_record[(sobject, i)])  # nothing to send
            order = [i for i in ids if i in current]
            if not order:
                continue
            try:
                results = self._upsert(sobject, [current[i] for i in order])
            except Exception as error:  # timeout, 4xx, 5xx, bad body: retry them all later
                self._client = None if "Expired" in type(error).__name__ else self._client
                message = f"{type(error).__name__}: {error}"[:2000]
                log.warning(
                    "Salesforce upsert failed; will retry",
                    extra={"sobject": sobject, "records": len(order), "error": message[:300]},
                )
                for i in order:
                    failures.update({r.id: message for r in by_record[(sobject, i)]})
                continue
            for studio_id, result in zip(order, results, strict=True):
                group = by_record[(sobject, studio_id)]
                if result.get("success"):
                    sent.extend(r.id for r in group)
                else:
                    failures.update({r.id: _errors(result) for r in group})
        rows.mark_failed(self.db, CrmOutbox, token, failures, attempts, self.backoff)
        delivered = rows.mark_sent(self.db, CrmOutbox, token, sent)
        log.info(
            "CRM batch delivered",
            extra={"sent": delivered, "failed": len(failures), "claimed": len(claimed)},
        )
        return delivered

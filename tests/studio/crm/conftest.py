"""A fake Salesforce REST API over https (a self-signed certificate made by openssl), serving
sObject collection upserts by external id and failing on demand."""

from __future__ import annotations

import contextlib
import json
import ssl
import subprocess
import threading
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import Any

import pytest

from filmstudio.studio.crm.settings import CrmSettings
from tests.fake_http import FakeHandler, local_server

TOKEN = "00Dfake!session-token"
VERSION = "59.0"
PREFIX = f"/services/data/v{VERSION}/composite/sobjects/"
KNOWN = {"Contact", "AI_Project__c", "AI_Credit__c", "YouTube_Integration__c"}
PARENTS = {"Contact__r": "Contact", "AI_Project__r": "AI_Project__c"}


@dataclass
class FakeSalesforce:
    port: int
    cert: Path
    records: dict[tuple[str, str], dict[str, Any]] = field(default_factory=dict)
    creates: dict[tuple[str, str], int] = field(default_factory=dict)
    requests: list[tuple[str, int]] = field(default_factory=list)  # (object, records)
    #: what the next requests do: "timeout" (apply, answer too late), "500", "400", "401",
    #: "duplicate" (the first record is refused as a duplicate value)
    behaviours: list[str] = field(default_factory=list)
    stall_seconds: float = 2.0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def of(self, sobject: str) -> dict[str, dict[str, Any]]:
        with self.lock:
            return {k[1]: v for k, v in self.records.items() if k[0] == sobject}


def _handler(fake: FakeSalesforce) -> type[BaseHTTPRequestHandler]:
    class Handler(FakeHandler):
        def _answer(self, status: int, body: Any) -> None:
            # the client may have given up already (a timeout test)
            with contextlib.suppress(BrokenPipeError, ConnectionResetError, ssl.SSLError):
                self.send_json(status, body)

        def _fail(self, status: int, code: str, message: str) -> None:
            self._answer(status, [{"errorCode": code, "message": message}])

        def _upsert(self, sobject: str, record: dict[str, Any]) -> dict[str, Any]:
            ext = record.get("Studio_Id__c")
            if not ext:
                return _error("REQUIRED_FIELD_MISSING", "Studio_Id__c is required.")
            if record.get("attributes", {}).get("type") != sobject:
                return _error("INVALID_TYPE", "attributes.type must name the object.")
            if sobject == "Contact" and not record.get("LastName"):
                return _error("REQUIRED_FIELD_MISSING", "Required fields are missing: [LastName]")
            for name, parent in PARENTS.items():
                ref = record.get(name)
                if ref is not None and (parent, ref["Studio_Id__c"]) not in fake.records:
                    return _error(
                        "INVALID_FIELD",
                        f"Foreign key external ID: {ref['Studio_Id__c']} not found for "
                        f"field Studio_Id__c in entity {parent}",
                    )
            key = (sobject, str(ext))
            fields = {k: v for k, v in record.items() if k != "attributes"}
            created = key not in fake.records
            if created:
                fake.creates[key] = fake.creates.get(key, 0) + 1
                fake.records[key] = {"Id": "a0" + uuid.uuid4().hex[:16], **fields}
            else:
                fake.records[key].update(fields)
            return {
                "id": fake.records[key]["Id"],
                "success": True,
                "errors": [],
                "created": created,
            }

        def do_PATCH(self) -> None:
            length = int(self.headers.get("Content-Length", "0"))
            raw = self.rfile.read(length)
            if self.headers.get("Authorization") != f"Bearer {TOKEN}":
                self._fail(401, "INVALID_SESSION_ID", "Session expired or invalid")
                return
            if not self.path.startswith(PREFIX) or not self.path.endswith("/Studio_Id__c"):
                self._fail(404, "NOT_FOUND", f"The requested resource does not exist: {self.path}")
                return
            sobject = self.path[len(PREFIX) :].split("/")[0]
            if sobject not in KNOWN:
                self._fail(404, "NOT_FOUND", f"The requested resource does not exist: {sobject}")
                return
            body = json.loads(raw)
            records = body.get("records", [])
            if body.get("allOrNone") is not False or not 1 <= len(records) <= 200:
                self._fail(400, "INVALID_BATCH_SIZE", "1 to 200 records, allOrNone false.")
                return
            with fake.lock:
                behaviour = fake.behaviours.pop(0) if fake.behaviours else ""
                fake.requests.append((sobject, len(records)))
                if behaviour in ("500", "400", "401"):
                    code = {"500": "UNKNOWN_EXCEPTION", "400": "JSON_PARSER_ERROR"}
                    self._fail(int(behaviour), code.get(behaviour, "INVALID_SESSION_ID"), "boom")
                    return
                results = []
                for n, record in enumerate(records):
                    if behaviour == "duplicate" and n == 0:
                        results.append(
                            _error("DUPLICATE_VALUE", "duplicate value found: Studio_Id__c")
                        )
                    else:
                        results.append(self._upsert(sobject, record))
            if behaviour == "timeout":
                time.sleep(fake.stall_seconds)  # applied, but the answer comes too late
            self._answer(200, results)

    return Handler


def _error(code: str, message: str) -> dict[str, Any]:
    return {"success": False, "errors": [{"statusCode": code, "message": message, "fields": []}]}


@pytest.fixture(scope="session")
def certificate(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("tls")
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        [
            "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
            "-keyout", str(key), "-out", str(cert), "-subj", "/CN=127.0.0.1",
            "-addext", "subjectAltName=IP:127.0.0.1",
        ],
        check=True,
        capture_output=True,
    )  # fmt: skip
    return cert, key


@pytest.fixture
def fake_salesforce(certificate: tuple[Path, Path]) -> Iterator[FakeSalesforce]:
    with local_server(tls=certificate) as server:
        fake = FakeSalesforce(port=server.server_address[1], cert=certificate[0])
        server.RequestHandlerClass = _handler(fake)
        yield fake


def crm_settings(fake: FakeSalesforce, **overrides: Any) -> CrmSettings:
    fields: dict[str, Any] = {
        "salesforce_instance_url": f"https://127.0.0.1:{fake.port}",
        "salesforce_access_token": TOKEN,
        "salesforce_api_version": VERSION,
        "salesforce_ca_bundle": str(fake.cert),
        "salesforce_timeout_seconds": 1.0,
        "salesforce_retry_base_seconds": 0.05,
        "salesforce_retry_max_seconds": 0.2,
    }
    fields.update(overrides)
    return CrmSettings(**fields)

"""The SFDX project under deploy/salesforce names exactly the objects and fields our CRM sync
writes (studio/crm/records.py is the one source), every object has the external id the sync
upserts by, the Flows trigger on those objects and call Apex that exists, and each Apex class
has a test class."""

from __future__ import annotations

import json
import re
import uuid
import xml.etree.ElementTree as ET
from datetime import UTC, datetime
from pathlib import Path

from filmstudio.studio.accounts.models import User
from filmstudio.studio.credits.models import CreditTransaction
from filmstudio.studio.crm import records
from filmstudio.studio.crm.capture import CONTACT, CREDIT, PROJECT, UPLOAD
from filmstudio.studio.projects.models import Project
from filmstudio.studio.publishing.models import YoutubeUpload

ROOT = Path(__file__).resolve().parents[2] / "deploy" / "salesforce"
SOURCE = ROOT / "force-app" / "main" / "default"
NS = {"sf": "http://soap.sforce.com/2006/04/metadata"}
#: Standard fields Salesforce already has (the sync writes them, the project defines none).
STANDARD = {CONTACT: {"Email", "FirstName", "LastName"}}
NOW = datetime(2026, 12, 7, tzinfo=UTC)


def _written() -> dict[str, set[str]]:
    """The field names each sync record carries (a relationship ``X__r`` is the field ``X__c``)."""
    ids = {"id": uuid.uuid4(), "created_at": NOW, "updated_at": NOW}
    user = User(email="a@example.com", name="Ada Lovelace", tier="free", credits=3, **ids)
    project = Project(owner_id=uuid.uuid4(), title="t", style="s", duration=30, version=1, **ids)
    credit = CreditTransaction(
        id=uuid.uuid4(),
        user_id=uuid.uuid4(),
        amount=-1,
        balance_after=2,
        kind="deduct",
        description="",
        created_at=NOW,
    )
    upload = YoutubeUpload(
        user_id=uuid.uuid4(), project_id=uuid.uuid4(), title="t", status="queued", **ids
    )
    built = {
        CONTACT: records.contact(user, 5),
        PROJECT: records.project(project),
        CREDIT: records.credit(credit, uuid.uuid4()),
        UPLOAD: records.upload(upload),
    }
    return {
        sobject: {re.sub(r"__r$", "__c", key) for key in record} - STANDARD.get(sobject, set())
        for sobject, record in built.items()
    }


def _field(path: Path) -> ET.Element:
    return ET.parse(path).getroot()


def _defined() -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for folder in sorted((SOURCE / "objects").iterdir()):
        fields = {p.name.removesuffix(".field-meta.xml") for p in (folder / "fields").glob("*.xml")}
        definition = folder / f"{folder.name}.object-meta.xml"
        name_type = definition.exists() and _field(definition).findtext(
            "sf:nameField/sf:type", namespaces=NS
        )
        if name_type == "Text":
            fields.add("Name")  # a writable name field (an AutoNumber one Salesforce fills)
        out[folder.name] = fields
    return out


def test_the_metadata_names_exactly_what_the_sync_writes() -> None:
    assert _defined() == _written()


def test_every_object_has_the_external_id_the_sync_upserts_by() -> None:
    for sobject in _written():
        field = _field(
            SOURCE / "objects" / sobject / "fields" / f"{records.EXTERNAL_ID}.field-meta.xml"
        )
        assert field.findtext("sf:externalId", namespaces=NS) == "true", sobject
        assert field.findtext("sf:unique", namespaces=NS) == "true", sobject


def test_relationship_fields_point_at_the_objects_the_sync_names() -> None:
    lookups = {}
    for path in (SOURCE / "objects").glob("*/fields/*.xml"):
        field = _field(path)
        if field.findtext("sf:type", namespaces=NS) == "Lookup":
            key = (path.parent.parent.name, path.name.removesuffix(".field-meta.xml"))
            lookups[key] = field.findtext("sf:referenceTo", namespaces=NS)
    assert lookups == {
        (PROJECT, "Contact__c"): CONTACT,
        (CREDIT, "Contact__c"): CONTACT,
        (CREDIT, "AI_Project__c"): PROJECT,
        (UPLOAD, "Contact__c"): CONTACT,
        (UPLOAD, "AI_Project__c"): PROJECT,
    }


def test_flows_trigger_on_the_synced_objects_and_call_existing_apex() -> None:
    classes = {p.stem for p in (SOURCE / "classes").glob("*.cls")}
    flows = {}
    for path in (SOURCE / "flows").glob("*.flow-meta.xml"):
        flow = ET.parse(path).getroot()
        start = flow.find("sf:start", NS)
        assert start is not None
        action = flow.findtext("sf:actionCalls/sf:actionName", namespaces=NS)
        assert action in classes, action
        flows[start.findtext("sf:object", namespaces=NS)] = (
            start.findtext("sf:recordTriggerType", namespaces=NS),
            start.findtext("sf:filters/sf:field", namespaces=NS),
        )
    assert flows == {PROJECT: ("Update", "Status__c"), CREDIT: ("Create", None)}


def test_every_apex_class_has_metadata_and_a_test() -> None:
    classes = {p.stem for p in (SOURCE / "classes").glob("*.cls")}
    assert {"StudioCreditService", "StudioProjectNotifier"} <= classes
    for name in classes:
        assert (SOURCE / "classes" / f"{name}.cls-meta.xml").exists(), name
        if not name.endswith("Test"):
            test = (SOURCE / "classes" / f"{name}Test.cls").read_text()
            assert "@IsTest" in test and name in test, name
    project = json.loads((ROOT / "sfdx-project.json").read_text())
    assert project["packageDirectories"][0]["path"] == "force-app"

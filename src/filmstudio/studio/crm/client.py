"""A simple-salesforce client from the CRM settings."""

from __future__ import annotations

import requests
from simple_salesforce.api import Salesforce

from filmstudio.studio.crm.settings import CrmSettings


def connect(settings: CrmSettings) -> Salesforce:
    """Log in with an access token (instance URL + token) or username/password/token.

    With ``salesforce_ca_bundle`` set, only that CA is trusted and proxy/CA variables from
    the environment are ignored (``REQUESTS_CA_BUNDLE`` would otherwise override it).
    """
    session = requests.Session()
    if settings.salesforce_ca_bundle:
        session.trust_env = False
        session.verify = settings.salesforce_ca_bundle
    if settings.salesforce_instance_url and settings.salesforce_access_token:
        return Salesforce(
            instance_url=settings.salesforce_instance_url,
            session_id=settings.salesforce_access_token,
            version=settings.salesforce_api_version,
            session=session,
        )
    return Salesforce(
        username=settings.salesforce_username,
        password=settings.salesforce_password,
        security_token=settings.salesforce_security_token or "",
        domain=settings.salesforce_domain,
        version=settings.salesforce_api_version,
        session=session,
    )

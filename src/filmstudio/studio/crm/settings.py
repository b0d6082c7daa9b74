"""CRM settings (Salesforce), read from ``FILMSTUDIO_*`` environment variables."""

from __future__ import annotations

from pydantic_settings import BaseSettings, SettingsConfigDict


class CrmSettings(BaseSettings):
    """Salesforce configuration; CRM sync is switched off unless configured.

    Either an instance URL and an access token (from a Connected App's OAuth flow), or a
    username, password and security token (simple-salesforce logs in itself).
    """

    model_config = SettingsConfigDict(env_prefix="FILMSTUDIO_", extra="ignore")

    salesforce_instance_url: str | None = None
    salesforce_access_token: str | None = None
    salesforce_username: str | None = None
    salesforce_password: str | None = None
    salesforce_security_token: str | None = None
    salesforce_domain: str = "login"
    salesforce_api_version: str = "59.0"
    salesforce_ca_bundle: str | None = None  # a CA file to trust (a private or test server)
    salesforce_timeout_seconds: float = 30.0
    salesforce_batch_size: int = 200
    salesforce_max_attempts: int = 20
    salesforce_retry_base_seconds: float = 30.0
    salesforce_retry_max_seconds: float = 3600.0

    @property
    def enabled(self) -> bool:
        token = bool(self.salesforce_instance_url and self.salesforce_access_token)
        login = bool(self.salesforce_username and self.salesforce_password)
        return token or login

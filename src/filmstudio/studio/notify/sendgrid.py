"""E-mail through SendGrid's v3 API with the official ``sendgrid`` client."""

from __future__ import annotations

import logging
from email.utils import parseaddr

from sendgrid import SendGridAPIClient  # type: ignore[import-untyped]
from sendgrid.helpers.mail import Mail  # type: ignore[import-untyped]

from filmstudio.studio.notify import Email

log = logging.getLogger("filmstudio.notify")


class SendGridMailer:
    """Sends one message per call; any non-2xx answer raises (the outbox retries it)."""

    def __init__(
        self,
        api_key: str,
        sender: str,
        host: str = "https://api.sendgrid.com",
        timeout: float = 30.0,
    ) -> None:
        if not api_key:
            raise ValueError("SendGrid needs an API key: set FILMSTUDIO_SENDGRID_API_KEY.")
        self.client = SendGridAPIClient(api_key=api_key, host=host)
        self.client.client.timeout = timeout
        name, address = parseaddr(sender)
        self.sender = (address, name or None)

    def send(self, email: Email) -> None:
        message = Mail(
            from_email=self.sender,
            to_emails=email.to,
            subject=email.subject,
            plain_text_content=email.text,
            html_content=email.html,
        )
        response = self.client.send(message)
        if not 200 <= response.status_code < 300:
            raise RuntimeError(f"SendGrid answered {response.status_code}.")
        log.info("e-mail sent", extra={"to": email.to, "subject": email.subject})

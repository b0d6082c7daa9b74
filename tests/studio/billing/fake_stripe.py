"""A fake Stripe API on 127.0.0.1 that checks what the real `stripe` client sends, and
webhook payloads signed with Stripe's scheme (``t=<time>,v1=<HMAC-SHA256>``)."""

from __future__ import annotations

import hashlib
import hmac
import html
import json
import threading
import time
import urllib.request
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler
from typing import Any
from urllib.parse import parse_qsl

from filmstudio.studio.billing.settings import BillingSettings
from tests.fake_http import FakeHandler, local_server

SECRET_KEY = "sk_test_fake_123"
WEBHOOK_SECRET = "whsec_test_secret"
REQUIRED = ("mode", "success_url", "cancel_url", "line_items[0][quantity]", "client_reference_id")


@dataclass
class FakeStripe:
    port: int
    requests: list[dict[str, str]] = field(default_factory=list)
    fail_next: list[int] = field(default_factory=list)  # HTTP statuses to answer first
    by_idempotency_key: dict[str, dict[str, Any]] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)
    #: Set for browser tests: checkout pages are served here (a "Pay" button) and paying
    #: sends Stripe's signed webhook to this address, `webhook_delay` seconds later.
    webhook_url: str | None = None
    webhook_delay: float = 0.0
    sessions: dict[str, dict[str, Any]] = field(default_factory=dict)
    delivered: list[dict[str, Any]] = field(default_factory=list)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def page_url(self, session_id: str) -> str:
        """Where the buyer pays: Stripe's hosted page, or ours when we host checkouts."""
        if self.webhook_url is None:
            return f"https://checkout.stripe.com/c/pay/{session_id}"
        return f"{self.url}/c/pay/{session_id}"

    def pay(self, session_id: str) -> str:
        """Mark the session paid, send (or schedule) its webhook; returns the success URL."""
        with self.lock:
            session = self.sessions[session_id]
            session["payment_status"] = "paid"
            session["status"] = "complete"
            obj = {k: v for k, v in session.items() if k != "success_url"}
        if obj["mode"] == "subscription":
            obj["subscription"] = f"sub_{uuid.uuid4().hex[:14]}"
            obj["customer"] = f"cus_{uuid.uuid4().hex[:14]}"
        payload = event("checkout.session.completed", obj)
        timer = threading.Timer(self.webhook_delay, self._deliver, args=(payload,))
        timer.daemon = True
        timer.start()
        return str(session["success_url"]).replace("{CHECKOUT_SESSION_ID}", session_id)

    def _deliver(self, payload: bytes) -> None:
        assert self.webhook_url is not None
        request = urllib.request.Request(
            self.webhook_url,
            data=payload,
            headers={"Stripe-Signature": sign(payload), "Content-Type": "application/json"},
            method="POST",
        )
        opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # local, no proxy
        with opener.open(request, timeout=10) as answer:
            self.delivered.append(json.loads(answer.read()))


def _checkout_page(session: dict[str, Any]) -> bytes:
    """A page standing in for Stripe Checkout: what is sold, and a Pay button."""
    what = session["metadata"].get("credits") or session["metadata"].get("plan", "")
    return (
        "<!doctype html><html><head><meta charset='utf-8'><title>Fake Stripe Checkout</title>"
        "</head><body><h1>Fake Stripe Checkout</h1>"
        f"<p data-testid='sold'>{html.escape(session['mode'])}: {html.escape(str(what))}</p>"
        f"<form method='post' action='/c/pay/{html.escape(session['id'])}'>"
        "<button type='submit' data-testid='pay'>Pay</button></form></body></html>"
    ).encode()


def _handler(fake: FakeStripe) -> type[BaseHTTPRequestHandler]:
    class Handler(FakeHandler):
        def _answer(self, status: int, body: dict[str, Any]) -> None:
            self.send_json(status, body)

        def _error(self, status: int, message: str) -> None:
            self._answer(status, {"error": {"type": "invalid_request_error", "message": message}})

        def do_GET(self) -> None:
            session_id = self.path.removeprefix("/c/pay/")
            session = fake.sessions.get(session_id)
            if not self.path.startswith("/c/pay/") or session is None:
                self._error(404, "No such checkout page.")
                return
            page = _checkout_page(session)
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(page)))
            self.end_headers()
            self.wfile.write(page)

        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length", "0"))
            form = dict(parse_qsl(self.rfile.read(length).decode()))
            if self.path.startswith("/c/pay/") and self.path[7:] in fake.sessions:
                self.send_response(303)
                self.send_header("Location", fake.pay(self.path[7:]))
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            with fake.lock:
                if fake.fail_next:
                    status = fake.fail_next.pop(0)
                    self._answer(status, {"error": {"type": "api_error", "message": "boom"}})
                    return
            if self.headers.get("Authorization") != f"Bearer {SECRET_KEY}":
                self._error(401, "Invalid API key provided.")
                return
            if self.path != "/v1/checkout/sessions":
                self._error(404, f"Unrecognized request URL (POST: {self.path}).")
                return
            if "x-www-form-urlencoded" not in self.headers.get("Content-Type", ""):
                self._error(400, "Stripe takes form-encoded bodies.")
                return
            missing = [k for k in REQUIRED if k not in form]
            if missing:
                self._error(400, f"Missing required param: {missing[0]}.")
                return
            if form["mode"] == "payment" and "line_items[0][price_data][unit_amount]" not in form:
                self._error(400, "A payment needs a price.")
                return
            if form["mode"] == "subscription" and "line_items[0][price]" not in form:
                self._error(400, "A subscription needs a recurring price id.")
                return
            key = self.headers.get("Idempotency-Key")
            with fake.lock:
                fake.requests.append(form)
                if key and key in fake.by_idempotency_key:
                    self._answer(200, fake.by_idempotency_key[key])
                    return
                session_id = f"cs_test_{uuid.uuid4().hex}"
                body = {
                    "id": session_id,
                    "object": "checkout.session",
                    "mode": form["mode"],
                    "status": "open",
                    "payment_status": "unpaid",
                    "url": fake.page_url(session_id),
                    "client_reference_id": form["client_reference_id"],
                    "metadata": {
                        k[len("metadata[") : -1]: v
                        for k, v in form.items()
                        if k.startswith("metadata[")
                    },
                }
                if key:
                    fake.by_idempotency_key[key] = body
                fake.sessions[session_id] = {**body, "success_url": form["success_url"]}
            self._answer(200, body)

    return Handler


def billing_settings(fake: FakeStripe, **overrides: Any) -> BillingSettings:
    fields: dict[str, Any] = {
        "stripe_secret_key": SECRET_KEY,
        "stripe_webhook_secret": WEBHOOK_SECRET,
        "stripe_api_base": fake.url,
        "stripe_price_pro": "price_pro_monthly",
        "stripe_timeout_seconds": 5,
    }
    fields.update(overrides)
    return BillingSettings(**fields)


def sign(payload: bytes, secret: str = WEBHOOK_SECRET, timestamp: int | None = None) -> str:
    """A Stripe-Signature header: ``t=<unix time>,v1=<hex HMAC-SHA256 of "t.payload">``."""
    t = int(time.time()) if timestamp is None else timestamp
    mac = hmac.new(secret.encode(), f"{t}.".encode() + payload, hashlib.sha256).hexdigest()
    return f"t={t},v1={mac}"


def event(kind: str, obj: dict[str, Any], event_id: str | None = None) -> bytes:
    body = {
        "id": event_id or f"evt_{uuid.uuid4().hex}",
        "object": "event",
        "api_version": "2025-01-27.acacia",
        "created": int(time.time()),
        "type": kind,
        "livemode": False,
        "data": {"object": obj},
    }
    return json.dumps(body).encode()


@contextmanager
def running_fake_stripe() -> Iterator[FakeStripe]:
    """A fake Stripe API on 127.0.0.1 for as long as the block runs."""
    with local_server() as server:
        fake = FakeStripe(port=server.server_address[1])
        server.RequestHandlerClass = _handler(fake)
        yield fake

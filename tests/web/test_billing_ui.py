"""Buying credits in Chromium: out of credits -> buy -> the fake Stripe Checkout -> its webhook
-> the balance shown updates -> the render goes through; each pricing button opens its own
checkout. Desktop and phone."""

from __future__ import annotations

import re
import time
from typing import Any

import pytest

from tests.web.conftest import DESKTOP, PHONE, NewPage
from tests.web.helpers import PASSWORD, SCRIPT, email, expect, project_with_film, sign_in
from tests.web.shots import shot
from tests.web.studio_server import RunningStudio

pytestmark = pytest.mark.browser


def _jobs(server: RunningStudio, token: str) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = server.api("GET", "/jobs?page_size=100", token)["items"]
    return items


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
def test_out_of_credits_buy_through_checkout_then_render(
    new_page: NewPage, server: RunningStudio, viewport: str
) -> None:
    page: Any = new_page(viewport=DESKTOP if viewport == "desktop" else PHONE)
    token = server.account(email(f"buyer-{viewport}"), credits=0)
    project = server.api(
        "POST", "/projects", token, json={"title": "Harbour", "script": SCRIPT, "duration": 30}
    )
    sign_in(page, server, token)
    page.goto(f"/projects/{project['id']}")
    page.get_by_test_id("render").click()
    alert = page.get_by_role("alert").filter(has=page.get_by_test_id("buy-credits"))
    expect(alert).to_contain_text("Buy credits or upgrade")
    shot(page, f"billing-out-of-credits-{viewport}")
    assert _jobs(server, token) == []  # nothing was submitted

    alert.get_by_test_id("buy-10").click()
    page.wait_for_url(re.compile(rf"^{re.escape(server.stripe.url)}/c/pay/cs_test_"))
    expect(page.get_by_test_id("sold")).to_have_text("payment: 10")
    shot(page, f"billing-fake-checkout-{viewport}")
    page.get_by_test_id("pay").click()

    page.wait_for_url(re.compile(r"/settings\?checkout=success&session_id=cs_test_"))
    expect(page.get_by_test_id("checkout-waiting")).to_be_visible()  # the webhook is 1.5 s late
    shot(page, f"billing-waiting-{viewport}")
    expect(page.get_by_test_id("checkout-done")).to_have_text(
        "Payment confirmed: 10 credits added.", timeout=15_000
    )
    expect(page.get_by_test_id("balance")).to_have_text("10")
    shot(page, f"billing-confirmed-{viewport}")
    assert server.api("GET", "/credits/balance", token)["credits"] == 10

    page.get_by_test_id("checkout-continue").click()
    expect(page).to_have_url(re.compile(rf"/projects/{project['id']}$"))
    page.get_by_test_id("render").click()
    expect(page.get_by_test_id("confirm-dialog")).to_contain_text("10")
    page.get_by_test_id("confirm-yes").click()
    expect(page.get_by_test_id("live-progress")).to_be_visible()
    deadline = time.monotonic() + 10
    while not _jobs(server, token) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert len(_jobs(server, token)) == 1
    assert server.api("GET", "/credits/balance", token)["credits"] == 9


def test_each_pricing_button_opens_its_own_checkout(
    new_page: NewPage, server: RunningStudio
) -> None:
    page: Any = new_page()
    token = server.account(email("pricing"))
    sign_in(page, server, token)
    sold = []
    for plan in ("pro", "enterprise"):
        page.goto("/#pricing")
        page.get_by_test_id(f"plan-{plan}").click()
        page.wait_for_url(re.compile(rf"^{re.escape(server.stripe.url)}/c/pay/"))
        sold.append(page.get_by_test_id("sold").text_content())
    assert sold == ["subscription: pro", "subscription: enterprise"]
    prices = [r.get("line_items[0][price]") for r in server.stripe.requests[-2:]]
    assert prices == ["price_pro_monthly", "price_enterprise_monthly"]

    page.get_by_test_id("pay").click()  # the enterprise checkout
    expect(page.get_by_test_id("checkout-done")).to_contain_text("Enterprise", timeout=15_000)
    expect(page.get_by_test_id("plan")).to_have_text("Enterprise")
    expect(page.get_by_test_id("balance")).to_have_text("∞")
    assert server.api("GET", "/users/me", token)["tier"] == "enterprise"


def test_a_plan_chosen_before_signing_in_waits_on_the_settings_page(
    new_page: NewPage, server: RunningStudio
) -> None:
    page: Any = new_page(viewport=PHONE)
    address = email("visitor")
    server.account(address)
    page.goto("/#pricing")
    page.get_by_test_id("plan-pro").click()
    expect(page).to_have_url(re.compile(r"/auth/login"))
    page.locator("#email").fill(address)
    page.locator("#password").fill(PASSWORD)
    page.locator("form").get_by_role("button").last.click()
    expect(page).to_have_url(re.compile(r"/settings\?upgrade=pro"))
    shot(page, "billing-chosen-plan-phone")
    page.get_by_test_id("checkout-chosen").click()
    page.wait_for_url(re.compile(rf"^{re.escape(server.stripe.url)}/c/pay/"))
    expect(page.get_by_test_id("sold")).to_have_text("subscription: pro")


def test_a_quality_change_with_no_credit_left_offers_to_buy_one(
    new_page: NewPage, server: RunningStudio
) -> None:
    from sqlalchemy import update

    from filmstudio.studio.accounts.models import User

    page: Any = new_page()
    address = email("quality-broke")
    token = server.account(address)
    project_id = project_with_film(server, token, "The Lighthouse")
    with server.studio.db.transaction() as session:
        session.execute(update(User).where(User.email == address).values(credits=0))
    server.studio.cache.delete(*(f"user:{u}:balance" for u in _user_ids(server, address)))
    sign_in(page, server, token)
    page.goto(f"/projects/{project_id}")
    page.get_by_test_id("quality-select").select_option("360p")
    alert = page.get_by_role("alert").filter(has=page.get_by_test_id("buy-credits"))
    expect(alert).to_be_visible()
    expect(page.get_by_test_id("confirm-dialog")).to_have_count(0)  # no question about a credit
    shot(page, "billing-quality-no-credit-desktop")


def _user_ids(server: RunningStudio, address: str) -> list[str]:
    from sqlalchemy import select

    from filmstudio.studio.accounts.models import User

    with server.studio.db.read_session() as session:
        return [str(u) for u in session.scalars(select(User.id).where(User.email == address))]

"""Every account flow walked as a user, on a desktop (1280×800) and a phone (390×844), with a
screenshot of each step in out/screenshots/accounts (for a person to look at): register,
verify through the outbox's link, forgot and reset password, change password and e-mail,
export, delete, and an administrator's two-step login (set-up, then a later login with a
code; a session without it is asked to log in again)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.web.conftest import DESKTOP, PHONE, SCREENSHOTS, NewPage
from tests.web.helpers import PASSWORD, email, expect
from tests.web.studio_server import RunningStudio

pytestmark = pytest.mark.browser
SHOTS = SCREENSHOTS / "accounts"
NEW_PASSWORD = "a brand new secret phrase"
VIEWPORTS = {"desktop": DESKTOP, "phone": PHONE}


def _path(link: str) -> str:
    return "/" + link.split("://", 1)[1].split("/", 1)[1]


class Walk:
    """A page and where its screenshots go (``<step>-<viewport>.png``)."""

    def __init__(self, page: Any, viewport: str) -> None:
        self.page, self.viewport = page, viewport
        SHOTS.mkdir(parents=True, exist_ok=True)

    def shot(self, step: str) -> None:
        self.page.screenshot(path=str(SHOTS / f"{step}-{self.viewport}.png"), full_page=True)
        overflow = self.page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, f"{step} scrolls sideways by {overflow}px on {self.viewport}"


def _log_in(page: Any, address: str, password: str) -> None:
    page.goto("/auth/login")
    page.get_by_label("E-mail").fill(address)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
def test_register_verify_forget_and_reset(
    new_page: NewPage, server: RunningStudio, viewport: str
) -> None:
    walk = Walk(new_page(viewport=VIEWPORTS[viewport]), viewport)
    page, address = walk.page, email(f"walker-{viewport}")
    page.goto("/auth/register")
    page.get_by_label("Name").fill("Walker")
    page.get_by_label("E-mail").fill(address)
    page.get_by_label("Password").fill(PASSWORD)
    walk.shot("01-register")
    page.get_by_role("button", name="Create account").click()
    page.wait_for_url("**/dashboard")
    expect(page.get_by_test_id("films-quota")).to_be_visible()
    walk.shot("02-dashboard-after-register")
    page.goto(_path(server.mail_link(address, "/auth/verify-email")))
    expect(page.get_by_text("Your e-mail address is verified.")).to_be_visible()
    walk.shot("03-verified")
    page.evaluate("localStorage.clear()")  # a visitor who forgot their password
    page.goto("/auth/forgot-password")
    expect(page.get_by_text("This studio has no mail server").first).to_be_visible()
    page.get_by_label("E-mail").fill(address)
    page.get_by_role("button", name="Send the link").click()
    expect(page.get_by_role("status").last).to_contain_text("waiting in the development outbox")
    walk.shot("04-forgot-sent")
    page.goto(_path(server.mail_link(address, "/auth/reset-password")))
    walk.shot("05-reset")
    page.get_by_label("New password").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Save the new password").click()
    expect(page.get_by_text("Your password is changed.")).to_be_visible()
    walk.shot("06-reset-done")
    _log_in(page, address, "not the password")
    expect(page.get_by_role("alert")).to_be_visible()
    walk.shot("07-login-wrong")
    page.get_by_label("Password").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**/dashboard")


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
def test_settings_change_export_and_delete(
    new_page: NewPage, server: RunningStudio, viewport: str, tmp_path: Path
) -> None:
    walk = Walk(new_page(viewport=VIEWPORTS[viewport]), viewport)
    page, address = walk.page, email(f"settler-{viewport}")
    server.account(address)
    _log_in(page, address, PASSWORD)
    page.wait_for_url("**/dashboard")
    page.goto("/settings")
    walk.shot("10-settings")
    page.get_by_label("Current password").first.fill(PASSWORD)
    page.get_by_label("New password").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Change password").click()
    expect(page.get_by_text("Password changed.")).to_be_visible()
    walk.shot("11-password-changed")
    moved = email(f"moved-{viewport}")
    page.get_by_label("New e-mail address").fill(moved)
    page.locator("#email-password").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Change e-mail address").click()
    notices = page.locator("#email").get_by_role("status")
    expect(notices.first).to_contain_text("Open the link we sent to the new address")
    expect(notices.last).to_contain_text("no mail server")
    walk.shot("12-email-change-asked")
    page.goto(_path(server.mail_link(moved, "/auth/confirm-email")))
    expect(page.get_by_text("Your new e-mail address is confirmed.")).to_be_visible()
    walk.shot("13-email-confirmed")
    page.goto("/settings")
    with page.expect_download() as download:
        page.get_by_test_id("export-data").click()
    download.value.save_as(tmp_path / "export.zip")
    assert (tmp_path / "export.zip").stat().st_size > 0
    page.get_by_test_id("delete-account").click()
    expect(page.get_by_test_id("confirm-dialog")).to_contain_text("cannot be undone")
    walk.shot("14-delete-confirm")
    page.get_by_test_id("confirm-yes").click()
    page.wait_for_url(f"{server.url}/")
    walk.shot("15-deleted")


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
def test_an_administrators_two_step_login(
    new_page: NewPage, server: RunningStudio, viewport: str
) -> None:
    import pyotp

    walk = Walk(new_page(viewport=VIEWPORTS[viewport]), viewport)
    page, address = walk.page, email(f"chief-{viewport}")
    stale = server.account(address)  # signed in as a user, then promoted
    with server.studio.db.transaction() as session:
        from sqlalchemy import update

        from filmstudio.studio.accounts.models import User

        session.execute(update(User).where(User.email == address).values(role="admin"))
    refused = httpx.get(
        f"{server.url}/api/v1/admin/stats", headers={"Authorization": f"Bearer {stale}"}
    )
    assert (refused.status_code, refused.json()["code"]) == (403, "mfa_required")

    _log_in(page, address, PASSWORD)
    secret = page.get_by_test_id("mfa-secret").inner_text()
    walk.shot("20-mfa-enrol")
    page.get_by_label("Code").fill(pyotp.TOTP(secret).now())
    page.get_by_role("button", name="Check the code").click()
    expect(page.get_by_test_id("recovery-codes").locator("li")).not_to_have_count(0)
    walk.shot("21-recovery-codes")
    codes = page.get_by_test_id("recovery-codes").locator("li").all_inner_texts()
    page.get_by_role("button", name="I have saved them").click()
    page.wait_for_url("**/dashboard")
    page.goto("/admin")
    expect(page.locator("main h1")).to_be_visible()
    walk.shot("22-admin")
    page.goto("/settings")
    walk.shot("23-admin-settings")

    if viewport == "phone":
        page.get_by_role("button", name="Menu").click()  # the phone's menu holds Log out
    page.get_by_role("button", name="Log out").last.click()
    page.wait_for_url(f"{server.url}/")
    _log_in(page, address, PASSWORD)
    page.get_by_label("Code").wait_for()
    walk.shot("24-mfa-code")
    page.get_by_label("Code").fill(codes[0])  # a recovery code (the app's code was just used)
    page.get_by_role("button", name="Check the code").click()
    page.wait_for_url("**/dashboard")

"""Account pages in Chromium: verify e-mail, forgot and reset password, change password and
e-mail, export my data, delete my account, and an administrator's two-step login set-up.
The test studio has no mail server: the pages must say so, and the links come from its outbox."""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.web.conftest import PHONE, SCREENSHOTS, NewPage
from tests.web.helpers import PASSWORD, email, expect, sign_in
from tests.web.studio_server import RunningStudio

pytestmark = pytest.mark.browser
NEW_PASSWORD = "a brand new secret phrase"


def _path(link: str) -> str:
    """The page part of an e-mailed link (the browser's base URL is the test studio)."""
    return "/" + link.split("://", 1)[1].split("/", 1)[1]


def _logs_in(server: RunningStudio, address: str, password: str) -> bool:
    answer = httpx.post(
        f"{server.url}/api/v1/auth/login", json={"email": address, "password": password}
    )
    return answer.status_code == 200


def test_verify_forgot_and_reset_say_there_is_no_mail_server(
    new_page: NewPage, server: RunningStudio
) -> None:
    page: Any = new_page(viewport=PHONE)
    address = email("forgetful")
    server.account(address)
    page.goto(_path(server.mail_link(address, "/auth/verify-email")))
    expect(page.get_by_text("Your e-mail address is verified.")).to_be_visible()

    page.goto("/auth/login")
    page.get_by_role("link", name="Forgot your password?").click()
    expect(page.get_by_text("This studio has no mail server").first).to_be_visible()
    page.get_by_label("E-mail").fill(address)
    page.get_by_role("button", name="Send the link").click()
    expect(page.get_by_test_id("mail-sent")).to_contain_text("waiting in the development outbox")
    expect(page.get_by_test_id("no-mail")).to_have_count(1)  # said once, above the form
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "account-forgot-phone.png"), full_page=True)
    page.goto(_path(server.mail_link(address, "/auth/reset-password")))
    page.get_by_label("New password").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Save the new password").click()
    expect(page.get_by_text("Your password is changed.")).to_be_visible()
    assert _logs_in(server, address, NEW_PASSWORD) and not _logs_in(server, address, PASSWORD)


def test_change_password_and_email_export_and_delete(
    new_page: NewPage, server: RunningStudio, tmp_path: Path
) -> None:
    page: Any = new_page()
    address = email("mover")
    sign_in(page, server, server.account(address))
    page.goto("/settings")
    page.get_by_label("Current password").first.fill(PASSWORD)
    page.get_by_label("New password").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Change password").click()
    expect(page.get_by_text("Password changed.")).to_be_visible()
    assert _logs_in(server, address, NEW_PASSWORD)

    moved = email("moved")
    page.get_by_label("New e-mail address").fill(moved)
    page.locator("#email-password").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Change e-mail address").click()
    sent = page.locator("#email").get_by_test_id("mail-sent")
    expect(sent).to_contain_text("Open the link we sent to the new address")
    expect(sent.get_by_test_id("no-mail")).to_contain_text("no mail server")
    page.goto(_path(server.mail_link(moved, "/auth/confirm-email")))
    expect(page.get_by_text("Your new e-mail address is confirmed.")).to_be_visible()
    assert _logs_in(server, moved, NEW_PASSWORD)

    page.goto("/settings")
    with page.expect_download() as download:
        page.get_by_test_id("export-data").click()
    saved = tmp_path / "export.zip"
    download.value.save_as(saved)
    with zipfile.ZipFile(saved) as archive:
        assert archive.namelist()  # a real zip of my records
    page.screenshot(path=str(SCREENSHOTS / "account-settings-desktop.png"), full_page=True)

    page.get_by_test_id("delete-account").click()
    expect(page.get_by_test_id("confirm-dialog")).to_contain_text("cannot be undone")
    page.get_by_test_id("confirm-yes").click()
    page.wait_for_url(f"{server.url}/")
    assert not _logs_in(server, moved, NEW_PASSWORD)


def test_an_administrator_sets_up_two_step_login_on_first_login(
    new_page: NewPage, server: RunningStudio
) -> None:
    import pyotp

    page: Any = new_page()
    second = email("chief")
    httpx.post(f"{server.url}/api/v1/auth/register", json={"email": second, "password": PASSWORD})
    with server.studio.db.transaction() as session:
        from sqlalchemy import update

        from filmstudio.studio.accounts.models import User

        session.execute(update(User).where(User.email == second).values(role="admin"))
    page.goto("/auth/login")
    page.get_by_label("E-mail").fill(second)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    secret = page.get_by_test_id("mfa-secret").inner_text()
    page.get_by_label("Code").fill(pyotp.TOTP(secret).now())
    page.screenshot(path=str(SCREENSHOTS / "account-mfa-enrol-desktop.png"), full_page=True)
    page.get_by_role("button", name="Check the code").click()
    expect(page.get_by_test_id("recovery-codes").locator("li")).not_to_have_count(0)
    page.get_by_role("button", name="I have saved them").click()
    page.wait_for_url("**/dashboard")
    page.goto("/admin")
    expect(page.locator("main h1")).to_be_visible()

"""The studio's UI follow-ups in Chromium: an admin token without the second step ends the
session, the mail notices say each thing once, the dashboard asks to confirm the address,
two-step login is managed in Settings, administrators read the development outbox, the
delete confirmation is red, a restore names the version, buying waits while a payment is
confirmed, and "Save and render again" needs a film. Desktop and phone where layout matters."""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

import pytest

from tests.web.conftest import DESKTOP, PHONE, SCREENSHOTS, NewPage
from tests.web.helpers import PASSWORD, SCRIPT, email, expect, project_with_film, sign_in
from tests.web.locales import LANGUAGES, strings
from tests.web.shots import shot
from tests.web.studio_server import RunningStudio

pytestmark = pytest.mark.browser
VIEWPORTS = {"desktop": DESKTOP, "phone": PHONE}


def _path(link: str) -> str:
    """The page part of an e-mailed link (the browser's base URL is the test studio)."""
    return "/" + link.split("://", 1)[1].split("/", 1)[1]


def _promote(server: RunningStudio, address: str) -> None:
    """Make `address` an administrator after its login (its token has no second step)."""
    from sqlalchemy import select

    from filmstudio.studio.accounts.models import User

    with server.studio.db.transaction() as session:
        user = session.scalar(select(User).where(User.email == address))
        assert user is not None
        user.role = "admin"
        user_id = user.id
    server.studio.cache.delete(f"user:{user_id}:profile")


#: An element's background as sRGB bytes (Tailwind 4 writes colours in oklch): painted
#: on a one-pixel canvas and read back.
_RGB = """e => {
  const c = document.createElement('canvas'); c.width = c.height = 1
  const x = c.getContext('2d'); x.fillStyle = getComputedStyle(e).backgroundColor
  x.fillRect(0, 0, 1, 1); return [...x.getImageData(0, 0, 1, 1).data].slice(0, 3)
}"""


def _dialog_shot(page: Any, name: str) -> None:
    """A question in its dialog as the reader sees it (a full-page picture would paint the
    fixed overlay over the top of the page only)."""
    folder = Path(os.environ.get("FILMSTUDIO_SCREENSHOTS") or SCREENSHOTS)
    folder.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(folder / f"{name}.png"))


def _mfa(server: RunningStudio, token: str) -> dict[str, Any]:
    answer: dict[str, Any] = server.api("GET", "/users/me/mfa", token)
    return answer


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
def test_an_admin_token_without_the_second_step_logs_in_again(
    new_page: NewPage, server: RunningStudio, viewport: str
) -> None:
    page: Any = new_page(viewport=VIEWPORTS[viewport])
    address = email(f"half-admin-{viewport}")
    token = server.account(address)
    _promote(server, address)
    sign_in(page, server, token)
    page.goto("/dev/outbox")  # an administrator's page; the login lacks the second step
    page.wait_for_url("**/auth/login")
    expect(page.get_by_test_id("login-notice")).to_have_text(
        strings("en")["errors.codes.mfa_required"]
    )
    assert page.evaluate("localStorage.getItem('fs.access')") is None
    shot(page, f"followups-mfa-required-{viewport}")

    # logging in again takes the second step and goes back to the administration page
    page.get_by_label("E-mail").fill(address)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_test_id("second-step")).to_be_visible()
    import pyotp

    secret = page.get_by_test_id("mfa-secret").inner_text()
    page.get_by_label("Code").fill(pyotp.TOTP(secret).now())
    page.get_by_role("button", name="Check the code").click()
    page.get_by_role("button", name="I have saved them").click()
    page.wait_for_url("**/dev/outbox")  # back where the session ended
    expect(page.get_by_test_id("outbox-mail").first).to_be_visible()


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
def test_mail_notices_say_each_thing_once(
    new_page: NewPage, server: RunningStudio, viewport: str
) -> None:
    english = strings("en")
    page: Any = new_page(viewport=VIEWPORTS[viewport])
    address = email(f"notices-{viewport}")
    token = server.account(address)
    page.goto("/auth/forgot-password")
    page.get_by_label("E-mail").fill(address)
    page.get_by_role("button", name="Send the link").click()
    expect(page.get_by_test_id("mail-sent")).to_have_text(english["account.forgotSentNoMail"])
    expect(page.get_by_test_id("no-mail")).to_have_count(1)
    shot(page, f"followups-forgot-sent-{viewport}")
    server.mail_link(address, "/auth/reset-password")  # the link really waits in the outbox

    sign_in(page, server, token)
    page.goto("/settings")
    page.get_by_label("New e-mail address").fill(email(f"moved-{viewport}"))
    page.locator("#email-password").fill(PASSWORD)
    page.get_by_role("button", name="Change e-mail address").click()
    sent = page.locator("#email").get_by_test_id("mail-sent")
    expect(sent).to_contain_text(english["account.emailSent"])
    expect(sent.get_by_test_id("no-mail")).to_have_count(1)
    shot(page, f"followups-email-sent-{viewport}")


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
def test_the_dashboard_asks_to_confirm_the_address_until_it_is(
    new_page: NewPage, server: RunningStudio, viewport: str
) -> None:
    page: Any = new_page(viewport=VIEWPORTS[viewport])
    address = email(f"newcomer-{viewport}")
    page.goto("/auth/register")
    page.get_by_label("E-mail").fill(address)
    page.get_by_label("Password").fill(PASSWORD)
    page.locator("form").get_by_role("button").last.click()
    page.wait_for_url("**/dashboard")
    notice = page.get_by_test_id("confirm-address")
    expect(notice).to_contain_text(address)
    shot(page, f"followups-dashboard-unverified-{viewport}")
    first = server.mail_link(address, "/auth/verify-email")
    page.get_by_test_id("resend-verification").click()
    expect(page.get_by_test_id("resend-verification")).to_have_text(
        strings("en")["dashboard.resentNoMail"]
    )
    expect(page.get_by_test_id("resend-verification")).to_be_disabled()
    shot(page, f"followups-dashboard-resent-{viewport}")
    page.goto(_path(server.mail_link(address, "/auth/verify-email")))
    assert server.mail_link(address, "/auth/verify-email") != first  # a new link was sent
    expect(page.get_by_text("Your e-mail address is verified.")).to_be_visible()
    page.goto("/dashboard")
    expect(page.get_by_test_id("balance")).to_be_visible()
    expect(notice).to_have_count(0)


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
def test_two_step_login_codes_left_new_codes_and_off(
    new_page: NewPage, server: RunningStudio, viewport: str
) -> None:
    import pyotp

    page: Any = new_page(viewport=VIEWPORTS[viewport])
    token = server.account(email(f"careful-{viewport}"))
    sign_in(page, server, token)
    page.goto("/settings")
    section = page.locator("#two-step")
    expect(section.get_by_test_id("recovery-left")).to_have_count(0)  # off: no codes yet
    section.get_by_role("button", name="Turn on two-step login").click()
    secret = section.get_by_test_id("mfa-secret").inner_text()
    section.get_by_label("Code").fill(pyotp.TOTP(secret).now())
    section.get_by_role("button", name="Check the code").click()
    shown = section.get_by_test_id("recovery-codes").locator("li")
    expect(shown).not_to_have_count(0)
    first = shown.all_inner_texts()
    section.get_by_role("button", name="I have saved them").click()
    token = page.evaluate("localStorage.getItem('fs.access')")  # other logins ended
    left = _mfa(server, token)["recovery_codes_left"]
    assert left == len(first)
    expect(section.get_by_test_id("recovery-left")).to_have_text(f"{left} recovery codes left.")
    shot(page, f"followups-two-step-on-{viewport}")

    # new codes, proven with a recovery code: the old ones stop working
    section.get_by_test_id("new-codes").click()
    section.get_by_test_id("new-codes-form").get_by_label("Code").fill("not-a-code")
    section.get_by_test_id("new-codes-form").get_by_role("button").click()
    expect(section.get_by_role("alert")).to_have_text(strings("en")["errors.codes.mfa_code_wrong"])
    shot(page, f"followups-two-step-wrong-code-{viewport}")
    section.get_by_test_id("new-codes-form").get_by_label("Code").fill(first[0])
    section.get_by_test_id("new-codes-form").get_by_role("button").click()
    fresh = section.get_by_test_id("recovery-codes").locator("li")
    expect(fresh).not_to_have_count(0)
    second = fresh.all_inner_texts()
    assert not set(second) & set(first)
    shot(page, f"followups-two-step-new-codes-{viewport}")
    section.get_by_role("button", name="I have saved them").click()
    expect(section.get_by_test_id("recovery-left")).to_have_text(
        f"{len(second)} recovery codes left."
    )

    # off, with one of the new codes; the delete question is red
    section.get_by_test_id("two-step-off").click()
    form = section.get_by_test_id("two-step-off-form")
    shot(page, f"followups-two-step-off-form-{viewport}")
    assert "btn-danger" in (form.get_by_role("button").get_attribute("class") or "")
    form.get_by_label("Code").fill(second[0])
    form.get_by_role("button").click()
    expect(section.get_by_text("Two-step login is off.")).to_be_visible()
    assert _mfa(server, token)["enabled"] is False
    page.get_by_test_id("delete-account").click()
    yes = page.get_by_test_id("confirm-yes")
    expect(yes).to_have_class(re.compile(r"\bbtn-danger\b"))
    red, green, blue = yes.evaluate(_RGB)
    assert red > 150 and red > green + 60 and red > blue + 40  # it looks red, not the brand blue
    _dialog_shot(page, f"followups-delete-red-{viewport}")
    page.get_by_test_id("confirm-no").click()


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
def test_an_administrator_reads_the_outbox_and_opens_its_links(
    new_page: NewPage, server: RunningStudio, viewport: str
) -> None:
    page: Any = new_page(viewport=VIEWPORTS[viewport])
    address = email(f"postmaster-{viewport}")
    token = server.account(address, role="admin")
    sign_in(page, server, token)
    page.goto("/settings")
    section = page.locator("#two-step")
    expect(section.get_by_test_id("recovery-left")).to_be_visible()
    expect(section.get_by_test_id("two-step-off")).to_have_count(0)  # admins keep it on
    expect(section).to_contain_text("Administrators must keep two-step login on.")

    page.goto("/admin")
    page.get_by_test_id("outbox-link").click()
    page.wait_for_url("**/dev/outbox")
    expect(page.get_by_test_id("outbox-mail").first).to_be_visible()
    page.get_by_label("Only mail to this address").fill(address)
    page.get_by_role("button", name="Refresh").click()
    mails = page.get_by_test_id("outbox-mail")
    expect(mails).to_have_count(1)  # the verification link sent when the account was made
    expect(mails.first).to_contain_text(address)
    shot(page, f"followups-outbox-{viewport}")
    link = mails.first.get_by_test_id("outbox-mail-link").filter(has_text="/auth/verify-email")
    assert link.get_attribute("href") == server.mail_link(address, "/auth/verify-email")
    link.click()
    expect(page.get_by_text("Your e-mail address is verified.")).to_be_visible()
    assert server.api("GET", "/users/me", token)["email_verified"] is True


def test_a_plain_user_cannot_open_the_outbox(new_page: NewPage, server: RunningStudio) -> None:
    page: Any = new_page()
    sign_in(page, server, server.account(email("curious")))
    page.goto("/dev/outbox")
    expect(page.get_by_role("alert")).to_contain_text(strings("en")["errors.codes.forbidden"])
    assert page.evaluate("localStorage.getItem('fs.access')")  # still logged in


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
def test_restore_names_the_version_and_rerender_needs_a_film(
    new_page: NewPage, server: RunningStudio, viewport: str
) -> None:
    page: Any = new_page(viewport=VIEWPORTS[viewport])
    token = server.account(email(f"restorer-{viewport}"))
    draft = server.api(
        "POST", "/projects", token, json={"title": "Draft", "script": SCRIPT, "duration": 30}
    )
    sign_in(page, server, token)
    page.goto(f"/projects/{draft['id']}")
    expect(page.get_by_test_id("save-storyboard")).to_be_visible()
    expect(page.get_by_test_id("rerender")).to_have_count(0)  # no film yet: nothing to redo
    shot(page, f"followups-no-film-{viewport}")

    project_id = project_with_film(server, token, "The Lighthouse")
    for title in ("The Dark Lamp", "The Last Lamp"):  # versions 2 and 3
        server.api("PATCH", f"/projects/{project_id}", token, json={"title": title})
    server.api("PATCH", f"/projects/{project_id}/versions/1", token, json={"name": "First cut"})
    page.goto(f"/projects/{project_id}")
    expect(page.get_by_test_id("rerender")).to_be_visible()
    rows = page.get_by_test_id("version-row")
    expect(rows).to_have_count(3)  # newest first
    rows.nth(2).get_by_test_id("version-restore").click()
    dialog = page.get_by_test_id("confirm-dialog")
    expect(dialog).to_contain_text("version 1 (“First cut”)")
    _dialog_shot(page, f"followups-restore-named-{viewport}")
    page.get_by_test_id("confirm-no").click()
    rows.nth(1).get_by_test_id("version-restore").click()  # version 2 has no name
    expect(dialog).to_contain_text("version 2 the current")
    expect(dialog).not_to_contain_text("“")
    page.get_by_test_id("confirm-no").click()


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
def test_no_buying_while_a_payment_is_confirmed(
    new_page: NewPage, server: RunningStudio, viewport: str
) -> None:
    page: Any = new_page(viewport=VIEWPORTS[viewport])
    token = server.account(email(f"patient-{viewport}"))
    sign_in(page, server, token)
    page.goto("/settings")
    page.locator("#billing").get_by_test_id("buy-10").click()
    page.wait_for_url(re.compile(rf"^{re.escape(server.stripe.url)}/c/pay/cs_test_"))
    page.get_by_test_id("pay").click()
    page.wait_for_url(re.compile(r"/settings\?checkout=success&session_id=cs_test_"))
    expect(page.get_by_test_id("checkout-waiting")).to_be_visible()  # the webhook is 1.5 s late
    expect(page.locator("#billing").get_by_test_id("buy-credits")).to_have_count(0)
    shot(page, f"followups-payment-pending-{viewport}")
    expect(page.get_by_test_id("checkout-done")).to_be_visible(timeout=15_000)
    expect(page.locator("#billing").get_by_test_id("buy-credits")).to_be_visible()


@pytest.mark.parametrize("language", [lang for lang in LANGUAGES if lang != "en"])
def test_the_new_states_speak_the_readers_language(
    new_page: NewPage, server: RunningStudio, language: str
) -> None:
    """The dashboard notice, the two-step section and the outbox: no English left."""
    english, mine = strings("en"), strings(language)
    new = ("dashboard.unverified", "account.recoveryLeft", "account.newCodes", "outbox.")
    leftover = {
        v for k, v in english.items() if k.startswith(new) and "{{" not in v and v != mine.get(k)
    }
    page: Any = new_page(language, DESKTOP)
    token = server.account(email(f"polyglot-{language}"), role="admin")
    sign_in(page, server, token, language)
    found: list[str] = []
    for path, ready in (
        ("/dashboard", "confirm-address"),
        ("/settings", "recovery-left"),
        ("/dev/outbox", "outbox-mail"),
    ):
        page.goto(path)
        expect(page.get_by_test_id(ready).first).to_be_visible()
        text = page.inner_text("main")
        found += [f"{path}: {s}" for s in leftover if s in text]
        if path == "/dev/outbox":
            assert mine["outbox.title"] in text
        if path == "/dashboard":
            assert mine["dashboard.unverified"].split("{{")[0].strip() in text
    assert found == []

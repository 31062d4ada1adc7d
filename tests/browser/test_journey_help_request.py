"""A help request from the front desk to a guard's phone and back to the return visit, in real Chromium."""
import time
from pathlib import Path

from PIL import Image

from webapp.models import Photo, Ticket

from .. import factories

PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 2, "is_mobile": True, "has_touch": True}
SCREENSHOTS = Path(__file__).parent / "screenshots"


def sign_in(context, base, username):
    page = context.new_page()
    page.goto(f"{base}/login")
    page.fill("input[name=login]", username)
    page.fill("input[name=password]", factories.PASSWORD)
    page.click("button.primary")
    page.wait_for_url(lambda url: "/login" not in url)
    return page


def choose(page, name, value):
    """Tap the visible label of a radio choice, as a person does."""
    page.locator("label", has=page.locator(f"input[name={name}][value={value}]")).click()


def camera_photo(tmp_path):
    path = tmp_path / "IMG_2041.jpg"
    Image.new("RGB", (2000, 1500), (90, 140, 200)).save(path, "JPEG")
    return path


def test_help_request_reaches_the_guards_open_queue_within_2s_and_is_closed_by_the_return_visit(
        browser, live_server, estate, staff, tmp_path):
    guard = sign_in(browser.new_context(**PHONE), live_server, "guard")
    guard.goto(f"{live_server}/queue/security")  # open before the request exists
    desk = sign_in(browser.new_context(**PHONE), live_server, "desk")

    desk.goto(f"{live_server}/desk")
    choose(desk, "kind", "help")
    desk.fill("input[name=unit]", "1-201")
    choose(desk, "team", "security")
    desk.fill("input[name=contact_name]", "刘阿姨")
    desk.fill("input[name=contact_phone]", "13900001111")
    desk.fill("textarea[name=description]", "家中老人摔倒，需要帮忙")
    desk.click("button.big")
    number = desk.locator(".taken strong").inner_text()
    created = time.monotonic()

    card = guard.locator(f"#card-{number}")
    card.wait_for(timeout=2000)  # no reload: the open queue polls
    assert time.monotonic() - created <= 2.0
    SCREENSHOTS.mkdir(exist_ok=True)
    guard.screenshot(path=str(SCREENSHOTS / "guard-queue.png"))

    card.locator("form[action$='/accept'] button").click()
    guard.locator(f"#card-{number} form[action$='/arrive'] button").click()
    guard.locator(f"#card-{number} a.button").click()  # finish: opens the completion form
    guard.fill("textarea[name=note]", "已扶起老人，家属已到场")
    guard.set_input_files("input[name=photos]", str(camera_photo(tmp_path)))
    guard.click("button.big")
    guard.wait_for_url(lambda url: "/completion" not in url)

    desk.goto(f"{live_server}/revisits")
    row = desk.locator(f"#revisit-{number}")
    row.locator("label", has=desk.locator("input[name=reached][value=yes]")).click()
    row.locator("label", has=desk.locator("input[name=satisfaction][value='5']")).click()
    row.locator("button.primary").click()
    desk.wait_for_load_state()
    assert desk.locator(f"#revisit-{number}").count() == 0

    ticket = Ticket.get(Ticket.number == number)
    assert (ticket.state, ticket.satisfaction, ticket.assignee.username) == ("closed", 5, "guard")
    assert Photo.select().where(Photo.ticket == ticket).count() == 1

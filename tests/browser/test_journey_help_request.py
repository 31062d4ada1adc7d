"""A help request from the front desk to a guard's phone and back to the return visit, in real Chromium."""
import time

from webapp.models import Photo, Ticket

from .journeys import PHONE, SCREENSHOTS, camera_photo, choose, sign_in

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
    row.locator("summary").click()  # a compact row opens its form
    row.locator("label", has=desk.locator("input[name=reached][value=yes]")).click()
    row.locator("label", has=desk.locator("input[name=satisfaction][value='5']")).click()
    row.locator("button.primary").click()
    desk.wait_for_load_state()
    assert desk.locator(f"#revisit-{number}").count() == 0

    ticket = Ticket.get(Ticket.number == number)
    assert (ticket.state, ticket.satisfaction, ticket.assignee.username) == ("closed", 5, "guard")
    assert Photo.select().where(Photo.ticket == ticket).count() == 1

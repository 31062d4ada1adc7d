"""An engineer finishes a repair in a basement with no signal: the finish waits in the phone's outbox, survives a
reload, and is done exactly once when the network returns — even when the first answer is lost on the way."""
from webapp.models import Photo, Ticket, TicketEvent
from webapp.models.handling import finish

from ..test_completion_photos import accepted_repair
from .journeys import PHONE, camera_photo, sign_in

KEPT = "caches.open('pages').then((pages) => pages.match(location.href)).then(Boolean)"
KEPT_COUNT = "caches.open('pages').then((pages) => pages.keys()).then((kept) => kept.length)"


def on_site(browser, live_server, ticket):
    """The engineer's phone with the completion page open (and kept by the worker) while the signal still holds."""
    context = browser.new_context(**PHONE)
    page = sign_in(context, live_server, "eng")
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    page.goto(f"{live_server}/tickets/{ticket.number}/completion")
    page.wait_for_function("navigator.serviceWorker.controller !== null")
    page.wait_for_function(KEPT)
    return context, page


def finish_offline(context, page, tmp_path):
    context.set_offline(True)
    page.fill("textarea[name=note]", "地下室水泵已修复")
    page.locator("label", has=page.locator("input[name=paid][value=free]")).click()
    page.set_input_files("input[name=photos]", str(camera_photo(tmp_path)))
    page.click("button.big")
    page.locator(".outbox-note").wait_for()
    page.locator("[data-outbox-status]", has_text="1 条待发送").wait_for()


def done_once(ticket):
    ticket = Ticket.get_by_id(ticket.id)
    finishes = TicketEvent.select().where(TicketEvent.ticket == ticket, TicketEvent.action == "finish").count()
    return ticket.state, finishes, Photo.select().where(Photo.ticket == ticket).count()


def test_a_finish_made_offline_waits_survives_a_reload_and_is_done_once_back_online(
        browser, live_server, estate, staff, tmp_path):
    ticket = accepted_repair(estate, staff)
    context, page = on_site(browser, live_server, ticket)
    finish_offline(context, page, tmp_path)
    assert "已保存在本机" in page.locator(".outbox-note").inner_text()
    assert Ticket.get_by_id(ticket.id).state == "accepted"

    page.reload()  # still no signal: the worker serves the kept page
    assert ticket.number in page.locator("h1").inner_text()
    page.locator("[data-outbox-status]", has_text="1 条待发送").wait_for()

    assert "未发送" in page.locator("form[data-sign-out]").get_attribute("data-confirm")  # asks before signing out

    context.set_offline(False)
    page.locator("[data-outbox-status]").wait_for(state="hidden", timeout=10000)
    assert done_once(ticket) == ("done", 1, 1)

    page.click("details.more summary")
    page.click("form[data-sign-out] button")  # nothing unsent: no question, and the kept pages go
    page.wait_for_url(lambda url: "/login" in url)
    assert page.evaluate(KEPT_COUNT) == 0


def test_a_replay_whose_answer_is_lost_is_repeated_and_still_done_once(browser, live_server, estate, staff, tmp_path):
    ticket = accepted_repair(estate, staff)
    context, page = on_site(browser, live_server, ticket)
    finish_offline(context, page, tmp_path)
    lost = []

    def lose_first_answer(route):
        if route.request.method == "POST" and not lost:
            lost.append(route.fetch())  # the server did the work; the phone never hears of it
            route.abort("connectionreset")
        else:
            route.continue_()

    context.route(f"**/tickets/{ticket.number}/completion", lose_first_answer)
    context.set_offline(False)
    page.locator("[data-outbox-status]").wait_for(state="hidden", timeout=15000)
    assert lost and lost[0].status == 204
    assert done_once(ticket) == ("done", 1, 1)


def test_an_entry_refused_by_the_server_waits_under_needs_attention(browser, live_server, estate, staff, tmp_path):
    ticket = accepted_repair(estate, staff)
    context, page = on_site(browser, live_server, ticket)
    finish_offline(context, page, tmp_path)
    finish(ticket.id, staff["eng"], "已由同事在另一台手机上完成")  # done meanwhile, from elsewhere

    context.set_offline(False)
    page.locator("[data-outbox-status] .attention", has_text="1 条需处理").wait_for(timeout=10000)
    page.goto(f"{live_server}/outbox")
    entry = page.locator(".outbox-entry.attention")
    entry.wait_for()
    assert ticket.number in entry.inner_text() and entry.locator(".flash.error").inner_text()
    assert entry.locator("[name=note]").input_value() == "地下室水泵已修复"
    assert done_once(ticket)[:2] == ("done", 1)

    page.once("dialog", lambda dialog: dialog.accept())  # discarding is the one way out unsent, and it asks first
    entry.locator("[data-discard]").click()
    page.locator(".outbox-page .empty").wait_for()
    assert page.locator(".outbox-entry").count() == 0


def test_arriving_on_site_without_signal_is_recorded_once_when_it_returns(browser, live_server, estate, staff):
    ticket = accepted_repair(estate, staff)
    context = browser.new_context(**PHONE)
    page = sign_in(context, live_server, "eng")
    page.goto(f"{live_server}/tickets/{ticket.number}")
    context.set_offline(True)  # the lift down to the plant room
    page.locator("button.main-action.step-arrive").click()
    page.locator("[data-outbox-status]", has_text="1 条待发送").wait_for()
    assert Ticket.get_by_id(ticket.id).state == "accepted"
    context.set_offline(False)
    page.locator("[data-outbox-status]").wait_for(state="hidden", timeout=10000)
    arrivals = TicketEvent.select().where(TicketEvent.ticket == ticket, TicketEvent.action == "arrive").count()
    assert Ticket.get_by_id(ticket.id).state == "on_site" and arrivals == 1

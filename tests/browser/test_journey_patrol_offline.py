"""A guard walks a 10-checkpoint round and loses the signal after checkpoint 3: checkpoints 4–8 and a finding with a
photo wait on the phone, the round page still opens, and when the network returns the server holds each scan and
the finding once — also when the first answers of the replay are lost on the way and the phone sends again."""
from webapp.domain.patrol import DONE, OFFLINE
from webapp.models import Finding, Photo, Round, Ticket, Visit
from webapp.models.patrol import make_rounds

from .. import factories
from .journeys import PHONE, camera_photo, sign_in

KEPT = "caches.open('pages').then((pages) => pages.match(location.href)).then(Boolean)"


def scan_typed(page, place):
    """The code under the sticker typed into the in-app scanner (the camera's read takes the same path)."""
    page.fill(".scanner-typed input[name=code]", place.token)
    page.locator(".scanner-typed button").click()


def stop(page, place):
    return page.locator("#stops .stop", has_text=place.name)


def test_a_round_walked_partly_offline_reaches_the_server_whole_and_once(browser, live_server, estate, staff,
                                                                         tmp_path):
    route = factories.route(estate, 10, name="地库巡逻")
    factories.patrol_plan(estate, route, first="09:50", last=None, every=None)   # the server's clock: 10:00
    make_rounds(estate)
    places = [s.place for s in route.ordered_stops()]
    context = browser.new_context(**PHONE)
    page = sign_in(context, live_server, "guard")
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")

    page.locator(".tabbar a", has_text="巡查").click()
    page.locator(".rounds a", has_text="地库巡逻").click()
    page.wait_for_function("navigator.serviceWorker.controller !== null")
    page.get_by_role("button", name="开始巡查").click()
    page.locator(".badge", has_text="进行中").wait_for()
    page.wait_for_function(KEPT)
    for place in places[:3]:
        scan_typed(page, place)
        stop(page, place).locator(".badge", has_text="准时").wait_for()

    context.set_offline(True)
    for place in places[3:8]:
        scan_typed(page, place)
        stop(page, place).locator(".pending-mark").wait_for()
    page.select_option("select[name=place]", str(places[5].id))
    page.fill("textarea[name=description]", "6号点消防门闭门器脱落")
    page.set_input_files("input[name=photos]", str(camera_photo(tmp_path)))
    page.get_by_role("button", name="创建处理单").click()
    page.locator("[data-outbox-status]", has_text="6 条待发送").wait_for()
    assert Visit.select().count() == 3 and Ticket.select().count() == 0

    page.reload()  # still no signal: the kept round page, with what waits on the phone marked
    page.locator("h1", has_text="地库巡逻").wait_for()
    for place in places[3:8]:
        stop(page, place).locator(".pending-mark").wait_for()

    lost = []

    def lose_first_answers(route_):
        if route_.request.method == "POST" and len(lost) < 2:
            lost.append(route_.fetch())  # the server records it; the phone never hears back
            route_.abort("connectionreset")
        else:
            route_.continue_()

    context.route("**/patrol/rounds/*/scans", lose_first_answers)
    context.set_offline(False)
    page.locator("[data-outbox-status]").wait_for(state="hidden", timeout=20000)
    assert len(lost) == 2 and all(answer.status == 204 for answer in lost)

    for place in places[8:]:
        scan_typed(page, place)
        stop(page, place).locator(".badge", has_text="准时").wait_for()
    page.get_by_role("button", name="结束本轮").click()
    page.locator(".badge", has_text="已完成").first.wait_for()

    visits = list(Visit.select())
    assert len(visits) == 10 and len({v.stop_id for v in visits}) == 10 and all(v.counted for v in visits)
    assert sum(OFFLINE in v.flag_list for v in visits) == 5
    assert Round.get().state == DONE and Round.get().covered == 10
    ticket = Ticket.get()
    assert Ticket.select().count() == 1 and Finding.select().count() == 1
    assert ticket.channel == "patrol" and ticket.place_id == places[5].id
    assert Photo.select().where(Photo.ticket == ticket).count() == 1
    context.close()

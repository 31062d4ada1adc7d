"""The visitor register at the counter: sign-in and one-tap sign-out, the waiting list and its 3-minute rule,
take-over, the block list's warning, the clock's sign-out at the end of the day, the printed register."""
import threading
from datetime import timedelta

import pytest

from webapp import clock
from webapp.alerts.clock import REGISTER_JOBS
from webapp.db import db
from webapp.domain import Refused
from webapp.models import BlockedVisitor, Visitor, VisitorEvent
from webapp.models.visitors import arrive, block, sign_in, sign_out, sign_out_stale

from . import factories
from .conftest import DESK_HOURS_UTC

PHONE, ID_NUMBER = "13912345678", "11010519491231002X"
VISITOR = dict(phone=PHONE, name="王小明", id_number=ID_NUMBER, unit="1-101", host="业主111", purpose="探亲访友",
               companions="2", plate="粤b 12345")


@pytest.fixture(autouse=True)
def english(client):
    """The pages in English, so the tests read as the msgids do."""
    client.get("/lang/en")


def signed_in(estate, clerk, **fields):
    fields = dict(dict(name="王小明", phone=PHONE, id_number=ID_NUMBER, purpose="探亲访友"), **fields)
    return sign_in(estate, clerk, **fields)


def test_the_desk_signs_a_visitor_in_and_out_in_one_tap(client, login, estate):
    login("desk")
    response = client.post("/visitors/", data=VISITOR)
    assert response.status_code == 302
    visitor = Visitor.get()
    assert (visitor.unit.number, visitor.plate, visitor.companions) == ("1-101", "粤B12345", 2)
    page = client.get("/visitors/").get_data(as_text=True)
    assert "王小明" in page and "139****5678" in page and PHONE not in page
    assert client.post(f"/visitors/{visitor.id}/sign-out").status_code == 303
    page = client.get("/visitors/").get_data(as_text=True)
    assert "No visitor is in." in page
    record = client.get(f"/visitors/{visitor.id}").get_data(as_text=True)
    assert "Signed out" in record and "desk" in record


def test_the_phone_is_full_only_on_the_record_page_and_the_id_always_masked(client, login, estate, staff):
    login("desk")
    visitor = signed_in(estate, staff["desk"])
    record = client.get(f"/visitors/{visitor.id}").get_data(as_text=True)
    assert PHONE in record and "110***********002X" in record and ID_NUMBER not in record
    for page in ("/visitors/", "/visitors/register"):
        text = client.get(page).get_data(as_text=True)
        assert PHONE not in text and ID_NUMBER not in text and "139****5678" in text
    csv = client.get("/visitors/register.csv").get_data(as_text=True)
    assert "139****5678" in csv and "110***********002X" in csv and PHONE not in csv and ID_NUMBER not in csv


def test_the_printed_register_lists_the_days_visitors_with_the_paper_forms_columns(client, login, estate, staff):
    login("desk")
    signed_in(estate, staff["desk"], plate="粤B12345")
    with clock.frozen_at(DESK_HOURS_UTC - timedelta(days=1)):
        signed_in(estate, staff["desk"], name="昨日访客")
    page = client.get("/visitors/register").get_data(as_text=True)
    assert "Visitor register" in page and "王小明" in page and "粤B12345" in page and "昨日访客" not in page
    assert "Companions" in page and "Car plate" in page and "Time out" in page
    yesterday = client.get("/visitors/register?from=2026-11-22").get_data(as_text=True)
    assert "昨日访客" in yesterday
    csv = client.get("/visitors/register.csv")
    assert csv.headers["Content-Disposition"].startswith("attachment")
    assert "王小明" in csv.get_data(as_text=True)


def test_a_visitor_on_the_block_list_is_warned_about_and_the_clerk_decides(client, login, estate, staff):
    login("desk")
    assert client.post("/visitors/blocked", data=dict(phone="139 1234 5678", reason="多次骚扰前台")).status_code == 302
    warned = client.post("/visitors/", data=VISITOR)
    assert warned.status_code == 409
    text = warned.get_data(as_text=True)
    assert "On the block list" in text and "多次骚扰前台" in text and 'value="王小明"' in text
    assert Visitor.select().count() == 0
    response = client.post("/visitors/", data=dict(VISITOR, confirmed="y"))
    assert response.status_code == 302
    visitor = Visitor.get()
    assert "多次骚扰前台" in visitor.warning
    assert VisitorEvent.get(VisitorEvent.action == "warned").by == staff["desk"]
    record = client.get(f"/visitors/{visitor.id}").get_data(as_text=True)
    assert "Block-list warning" in record and "多次骚扰前台" in record


def test_a_name_on_the_block_list_warns_too_until_it_is_removed_with_a_reason(client, login, estate, staff):
    entry = block(estate, staff["cshead"], "王小明", "", "曾冲击前台")
    login("desk")
    assert client.post("/visitors/", data=VISITOR).status_code == 409
    assert client.post(f"/visitors/blocked/{entry.id}/removal", data=dict(reason="已和解")).status_code == 403
    client.post("/logout")
    login("cshead")
    assert client.post(f"/visitors/blocked/{entry.id}/removal", data=dict(reason="")).status_code == 303
    assert BlockedVisitor.get_by_id(entry.id).removed_at is None
    client.post(f"/visitors/blocked/{entry.id}/removal", data=dict(reason="已和解"))
    removed = BlockedVisitor.get_by_id(entry.id)
    assert (removed.removed_by, removed.removal_reason) == (staff["cshead"], "已和解")
    assert client.post("/visitors/", data=VISITOR).status_code == 302
    assert Visitor.get().warning == ""


def test_a_waiting_visitor_is_flagged_from_the_third_minute_for_another_clerk(client, login, estate, staff):
    login("desk2")
    waiting = arrive(estate, staff["desk"], purpose="咨询")
    with clock.frozen_at(DESK_HOURS_UTC + timedelta(minutes=2, seconds=59)):
        page = client.get("/visitors/waiting").get_data(as_text=True)
        assert "2:59" in page and "waiting-late" not in page and "Take over" not in page
    with clock.frozen_at(DESK_HOURS_UTC + timedelta(minutes=3)):
        page = client.get("/visitors/waiting").get_data(as_text=True)
        assert "3:00" in page and f'id="waiting-{waiting.id}" class="waiting-late"' in page and "Take over" in page


def test_taking_over_a_waiting_visitor_records_who_took_over_from_whom(client, login, estate, staff):
    login("desk2")
    waiting = arrive(estate, staff["desk"], name="李女士", purpose="交物业费")
    client.post(f"/visitors/{waiting.id}/take-over")  # too early: refused
    assert Visitor.get_by_id(waiting.id).handled_by == staff["desk"]
    with clock.frozen_at(DESK_HOURS_UTC + timedelta(minutes=4)):
        assert client.post(f"/visitors/{waiting.id}/take-over").status_code == 303
    assert Visitor.get_by_id(waiting.id).handled_by == staff["desk2"]
    event = VisitorEvent.get(VisitorEvent.action == "take_over")
    assert (event.by, event.target) == (staff["desk2"], staff["desk"])
    assert "from desk" in client.get(f"/visitors/{waiting.id}").get_data(as_text=True)


def test_serving_a_waiting_visitor_completes_their_sign_in(client, login, estate, staff):
    login("desk")
    waiting = client.post("/visitors/waiting", data=dict(purpose="找保安队长"))
    assert waiting.status_code == 302
    visitor = Visitor.get()
    assert visitor.served_at is None and "Nobody is waiting." not in client.get("/visitors/").get_data(as_text=True)
    assert "找保安队长" in client.get(f"/visitors/{visitor.id}/sign-in").get_data(as_text=True)
    assert client.post(f"/visitors/{visitor.id}/sign-out").status_code == 303  # still waiting: refused
    assert Visitor.get_by_id(visitor.id).is_open
    assert client.post(f"/visitors/{visitor.id}/sign-in", data=VISITOR).status_code == 302
    served = Visitor.get_by_id(visitor.id)
    assert (served.name, served.served_by, served.out_at) == ("王小明", staff["desk"], DESK_HOURS_UTC)
    assert "Nobody is waiting." in client.get("/visitors/").get_data(as_text=True)


def test_the_same_form_sent_twice_enters_one_visitor(client, login, estate):
    login("desk")
    for _ in range(2):
        client.post("/visitors/", data=dict(VISITOR, intake_key="k1"))
        client.post("/visitors/waiting", data=dict(purpose="咨询", intake_key="k2"))
    assert Visitor.select().count() == 2


def test_of_two_clerks_signing_the_same_visitor_out_at_once_exactly_one_does(estate, staff):
    for _ in range(10):
        visitor = signed_in(estate, staff["desk"])
        outcome = []
        barrier = threading.Barrier(2)

        def leave(clerk):
            barrier.wait()
            try:
                sign_out(visitor.id, clerk)
                outcome.append("won")
            except Refused as refused:
                outcome.append(refused.message)
            finally:
                db.close()

        threads = [threading.Thread(target=leave, args=(staff[c],)) for c in ("desk", "desk2")]
        for t in threads:
            t.start()
        for t in threads:
            t.join(30)
        assert sorted(outcome) == ["This visitor has already signed out.", "won"]
        assert VisitorEvent.select().where((VisitorEvent.visitor == visitor)
                                           & (VisitorEvent.action == "back")).count() == 1


def test_the_clock_signs_out_whoever_is_still_in_at_the_end_of_the_local_day_for_review(client, login, estate, staff):
    assert "visitors:sign_out_stale" in REGISTER_JOBS
    inside = signed_in(estate, staff["desk"])
    waiting = arrive(estate, staff["desk"])
    gone = signed_in(estate, staff["desk"], name="已离开")
    sign_out(gone.id, staff["desk"])
    last_moment = DESK_HOURS_UTC + timedelta(hours=13, minutes=59, seconds=59)  # 23:59:59 in Shanghai
    assert sign_out_stale(last_moment) == 0
    midnight = DESK_HOURS_UTC + timedelta(hours=14, seconds=1)
    with clock.frozen_at(midnight):
        assert sign_out_stale(midnight) == 2
        assert sign_out_stale(midnight) == 0
    flagged = Visitor.get_by_id(inside.id)
    assert flagged.auto_signed_out and flagged.returned_by is None and not flagged.is_open
    assert Visitor.get_by_id(waiting.id).auto_signed_out and not Visitor.get_by_id(gone.id).auto_signed_out
    login("desk")
    assert client.get("/visitors/review").status_code == 403
    assert "Auto signed out — review" in client.get(f"/visitors/{inside.id}").get_data(as_text=True)
    client.post("/logout")
    login("cshead")
    page = client.get("/visitors/review").get_data(as_text=True)
    assert f'id="visitor-{inside.id}"' in page and f'id="visitor-{waiting.id}"' in page
    assert client.post(f"/visitors/{inside.id}/review", data=dict(note="访客已于18:00离开")).status_code == 303
    assert client.post(f"/visitors/{inside.id}/review", data=dict(note="again")).status_code == 303
    reviewed = Visitor.get_by_id(inside.id)
    assert (reviewed.reviewed_by, reviewed.review_note) == (staff["cshead"], "访客已于18:00离开")
    assert f'id="visitor-{inside.id}"' not in client.get("/visitors/review").get_data(as_text=True)


def test_a_guard_has_no_visitor_register(client, login, estate, staff):
    visitor = signed_in(estate, staff["desk"])
    login("guard")
    for path in ("/visitors/", "/visitors/new", f"/visitors/{visitor.id}", "/visitors/register", "/visitors/blocked"):
        assert client.get(path).status_code == 403, path
    assert client.post("/visitors/", data=VISITOR).status_code == 403
    assert client.post(f"/visitors/{visitor.id}/sign-out").status_code == 403
    assert Visitor.get_by_id(visitor.id).is_open


def test_another_estates_visitor_is_not_found(client, login, estate, staff):
    other = factories.estate(code="LY", name="丽园")
    theirs = signed_in(other, staff["admin"])
    login("desk")
    assert client.get(f"/visitors/{theirs.id}").status_code == 404
    assert client.post(f"/visitors/{theirs.id}/sign-out").status_code == 404
    assert client.post(f"/visitors/{theirs.id}/sign-in", data=VISITOR).status_code == 404
    assert "王小明" not in client.get("/visitors/register").get_data(as_text=True)
    assert Visitor.get_by_id(theirs.id).is_open


def test_bad_entries_come_back_with_what_was_typed(client, login, estate):
    login("desk")
    for changed, message in ((dict(name=""), "s name."),
                             (dict(phone="call me"), "That does not look like a phone number."),
                             (dict(unit="9-999"), "There is no unit 9-999"),
                             (dict(unit="", host=""), "Give the unit visited, or whom they visit."),
                             (dict(companions="many"), "Companions"), (dict(id_number="1101-05"), "6 to 30"),
                             (dict(purpose="x" * 150), "at most 100")):
        response = client.post("/visitors/", data=dict(VISITOR, **changed))
        text = response.get_data(as_text=True)
        assert response.status_code == 422, changed
        kept = "王小明" if "purpose" in changed else "探亲访友"
        assert message in text and f'value="{kept}"' in text, changed
    assert Visitor.select().count() == 0
    assert client.post("/visitors/waiting", data=dict(purpose="x" * 300)).status_code == 422
    assert client.post("/visitors/blocked", data=dict(reason="无")).status_code == 422
    assert client.post("/visitors/999999/sign-out").status_code == 404


def test_a_visitor_who_left_while_waiting_is_cancelled_with_a_reason_and_stays_in_the_register(client, login, estate,
                                                                                                staff):
    login("desk")
    waiting = arrive(estate, staff["desk"], name="路人", purpose="问路")
    assert client.post(f"/visitors/{waiting.id}/cancellation", data=dict(reason=" ")).status_code == 303
    assert Visitor.get_by_id(waiting.id).is_open
    client.post(f"/visitors/{waiting.id}/cancellation", data=dict(reason="未接待即离开"))
    cancelled = Visitor.get_by_id(waiting.id)
    assert (cancelled.voided_by, cancelled.void_reason) == (staff["desk"], "未接待即离开")
    assert "Nobody is waiting." in client.get("/visitors/").get_data(as_text=True)
    assert "Cancelled: 未接待即离开" in client.get("/visitors/register").get_data(as_text=True)


def test_blank_or_too_short_entries_are_refused_on_the_block_list_and_the_sign_in(client, login, estate):
    login("desk")
    assert client.post("/visitors/blocked", data=dict(phone="13912345678", reason=" ")).status_code == 422
    assert client.post("/visitors/blocked", data=dict(phone="1 2 3", reason="骚扰")).status_code == 422
    assert client.post("/visitors/", data=dict(VISITOR, name="  ")).status_code == 422
    assert BlockedVisitor.select().count() == 0 and Visitor.select().count() == 0


def test_who_is_in_stays_unchanged_until_another_clerk_signs_a_visitor_in(client, login, estate, staff):
    login("desk")
    page = client.get("/visitors/").get_data(as_text=True)
    url = page.split('id="inside" hx-get="', 1)[1].split('"', 1)[0].replace("&amp;", "&")
    unchanged = client.get(url, headers={"HX-Request": "true"})
    assert unchanged.status_code == 204 and unchanged.data == b""
    assert client.get(url.split("&pass=")[0], headers={"HX-Request": "true"}).status_code == 204
    signed_in(estate, staff["desk2"], name="赵敏", unit=factories.Unit.find(estate, "2-101"), host="")
    changed = client.get(url, headers={"HX-Request": "true"})
    fragment = changed.get_data(as_text=True)
    assert changed.status_code == 200 and "赵敏" in fragment and 'id="inside"' in fragment
    assert "waiting-form" not in fragment  # only the list is redrawn, never the counter's form

"""Shift hand-over (交接班): the outgoing guard hands over the team's open tickets, keys out, overdue loans and the
shift's notes; a colleague confirms with their own sign-in; what is left unconfirmed is carried over; the history
keeps each hand-over as it was handed over, to print."""
import re
import threading
from datetime import timedelta

import pytest

from webapp import clock
from webapp.db import db
from webapp.domain import Refused
from webapp.models import Handover, HandoverItem
from webapp.models.handling import advance
from webapp.models.handover import confirm
from webapp.models.items import create_item_type, lend_items
from webapp.models.keys import create_key, lend_key

from . import factories
from .conftest import DESK_HOURS_UTC

CONTRACTOR = dict(holder_kind="contractor", holder_name="李工", holder_company="华安电梯",
                  holder_id_number="330102198001011234", holder_phone="13700001111", purpose="电梯年检")


@pytest.fixture
def open_things(estate, staff):
    """A help request in the security queue, a key out until later today and a ladder overdue since an hour."""
    ticket = factories.ticket(estate, staff["desk"], "help", team="security", description="2号楼电梯困人")
    key = create_key(estate, "1号楼电梯机房", hook="C3")
    lend_key(key.id, staff["desk"], DESK_HOURS_UTC + timedelta(hours=4), **CONTRACTOR)
    ladder = create_item_type(estate, "人字梯", 2)
    with clock.frozen_at(DESK_HOURS_UTC - timedelta(hours=3)):
        lend_items(ladder.id, staff["desk"], 1, DESK_HOURS_UTC - timedelta(hours=1),
                   holder_kind="staff", holder_staff=staff["eng"].id)
    return ticket


def signed_in(app, username):
    """A client of its own, signed in as one of the estate's staff (each person on their own phone)."""
    client = app.test_client()
    response = client.post("/login", data={"login": username, "password": factories.PASSWORD})
    assert response.status_code == 302
    return client


def hand_over(client, notes="21:40 3号楼地库积水，已报工程\n注意东门道闸"):
    assert client.post("/handover/", data={"team": "security"}).status_code == 302
    handover = Handover.select().order_by(Handover.id.desc()).first()
    response = client.post(f"/handover/{handover.id}/handing-over", data={"notes": notes})
    assert response.status_code == 302, response.get_data(as_text=True)
    return Handover.get_by_id(handover.id)


def items_of(handover, kind=None):
    query = HandoverItem.select().where(HandoverItem.handover == handover).order_by(HandoverItem.id)
    return list(query.where(HandoverItem.kind == kind) if kind else query)


def test_outgoing_guard_sees_the_open_ticket_the_key_out_and_the_overdue_loan_and_hands_over(app, open_things):
    guard = signed_in(app, "guard")
    page = guard.get("/handover/").get_data(as_text=True)
    assert "Start the hand-over" in page or "开始交接" in page
    assert open_things.number in page and "1号楼电梯机房" in page and "人字梯" in page
    handover = hand_over(guard)
    assert handover.awaiting and handover.outgoing.username == "guard"
    assert [i.text.split(" · ")[0] for i in items_of(handover, "ticket")] == [open_things.number]
    assert "1号楼电梯机房" in items_of(handover, "key")[0].text
    assert "人字梯" in items_of(handover, "loan")[0].text  # overdue, listed once, under overdue loans
    assert [i.text for i in items_of(handover, "note")] == ["21:40 3号楼地库积水，已报工程", "注意东门道闸"]
    waiting = guard.get("/handover/").get_data(as_text=True)
    assert "Confirm and take over" not in waiting and "确认接班" not in waiting


def test_guard2_confirms_leaving_one_item_unticked_and_the_next_hand_over_carries_it(app, open_things):
    handover = hand_over(signed_in(app, "guard"))
    guard2 = signed_in(app, "guard2")
    page = guard2.get("/handover/").get_data(as_text=True)
    assert page.count('name="accepted"') == len(items_of(handover)) and "checked" in page
    watch, key = items_of(handover, "note")[1], items_of(handover, "key")[0]
    accepted = [i.id for i in items_of(handover) if i.id not in (watch.id, key.id)]
    response = guard2.post(f"/handover/{handover.id}/confirmation", data={"accepted": accepted})
    assert response.status_code == 302
    handover = Handover.get_by_id(handover.id)
    assert handover.incoming.username == "guard2" and handover.confirmed_at is not None
    assert HandoverItem.get_by_id(watch.id).confirmed is False
    live = guard2.get("/handover/").get_data(as_text=True)
    assert live.count("注意东门道闸") == 1 and live.count("1号楼电梯机房") == 1  # carried, listed once
    following = hand_over(guard2, notes="")
    carried = items_of(following, "carried")
    assert [(c.text, c.was) for c in carried] == [(key.text, "key"), ("注意东门道闸", "note")]
    assert items_of(following, "key") == [] and len(items_of(following, "ticket")) == 1


def test_the_outgoing_guard_cannot_confirm_their_own_hand_over(app, open_things):
    guard = signed_in(app, "guard")
    handover = hand_over(guard)
    response = guard.post(f"/handover/{handover.id}/confirmation",
                          data={"accepted": [i.id for i in items_of(handover)]})
    assert response.status_code == 422
    assert "own sign-in" in response.get_data(as_text=True) or "本人登录" in response.get_data(as_text=True)
    assert Handover.get_by_id(handover.id).incoming is None


def test_an_engineer_can_neither_see_nor_confirm_a_security_hand_over(app, open_things):
    handover = hand_over(signed_in(app, "guard"))
    eng = signed_in(app, "eng")
    assert eng.get(f"/handover/{handover.id}").status_code == 404
    assert eng.post(f"/handover/{handover.id}/confirmation", data={"accepted": []}).status_code == 404
    assert "注意东门道闸" not in eng.get("/handover/").get_data(as_text=True)
    assert Handover.get_by_id(handover.id).incoming is None


def test_the_desk_reads_every_hand_over_but_confirms_none(app, open_things):
    handover = hand_over(signed_in(app, "guard"))
    desk = signed_in(app, "desk")
    assert desk.get("/handover/").status_code == 302
    assert desk.get(f"/handover/{handover.id}").status_code == 200
    assert desk.post(f"/handover/{handover.id}/confirmation", data={"accepted": []}).status_code == 403


def test_a_second_team_hand_over_cannot_be_opened_while_one_is_open(app, open_things):
    hand_over(signed_in(app, "guard"))
    guard2 = signed_in(app, "guard2")
    guard2.post("/handover/", data={"team": "security"})
    assert Handover.select().count() == 1
    assert guard2.get("/handover/").status_code == 200


def test_a_confirmation_sent_twice_counts_once_and_the_second_is_told(app, open_things):
    handover = hand_over(signed_in(app, "guard"))
    guard2 = signed_in(app, "guard2")
    first = guard2.post(f"/handover/{handover.id}/confirmation", data={"accepted": []})
    again = guard2.post(f"/handover/{handover.id}/confirmation",
                        data={"accepted": [i.id for i in items_of(handover)]})
    assert first.status_code == 302 and again.status_code == 422
    assert "guard2" in again.get_data(as_text=True)
    assert all(i.confirmed is False for i in items_of(handover))  # the first one's ticks stand


def test_of_two_colleagues_confirming_at_once_exactly_one_wins(estate, staff, open_things, app):
    guard3 = factories.person("guard3", "security", estate)
    for _ in range(5):
        Handover.update(pending=None).execute()
        handover = hand_over(signed_in(app, "guard"))
        barrier, outcome = threading.Barrier(2), {}

        def take_over(person):
            barrier.wait()
            try:
                confirm(handover.id, person, [])
                outcome[person.username] = "won"
            except Refused as refused:
                outcome[person.username] = refused.params.get("name")
            finally:
                db.close()

        threads = [threading.Thread(target=take_over, args=(p,)) for p in (staff["guard2"], guard3)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(30)
        winners = [name for name, result in outcome.items() if result == "won"]
        assert len(winners) == 1, outcome
        assert Handover.get_by_id(handover.id).incoming.username == winners[0]
        assert set(outcome.values()) == {"won", winners[0]}  # the other is told who confirmed


def test_history_lists_the_hand_over_and_its_print_keeps_the_snapshot_after_the_ticket_is_closed(
        app, staff, open_things):
    handover = hand_over(signed_in(app, "guard"))
    guard2 = signed_in(app, "guard2")
    keep = [i.id for i in items_of(handover) if i.kind != "loan"]
    guard2.post(f"/handover/{handover.id}/confirmation", data={"accepted": keep})
    advance(open_things.id, staff["desk"], "cancel", note="住户已自行解决")
    history = guard2.get("/handover/history").get_data(as_text=True)
    assert f"/handover/{handover.id}" in history and "guard → guard2" in history
    assert re.search(r'<span class="badge urgent">1</span>', history)  # one item not confirmed
    sheet = guard2.get(f"/handover/{handover.id}")
    page = sheet.get_data(as_text=True)
    assert sheet.status_code == 200 and "data-print" in page
    assert open_things.number in page and "state-dispatched" in page  # as it was handed over
    assert "state-cancelled" not in page and "人字梯" in page


def test_another_team_reads_only_its_own_history(app, open_things):
    hand_over(signed_in(app, "guard"))
    eng = signed_in(app, "eng")
    assert "guard →" not in eng.get("/handover/history?team=security").get_data(as_text=True)
    assert "guard →" in signed_in(app, "cshead").get("/handover/history?team=security").get_data(as_text=True)


def test_an_engineer_cannot_open_the_security_team_hand_over(app, open_things):
    eng = signed_in(app, "eng")
    eng.post("/handover/", data={"team": "security"})
    assert Handover.select().count() == 0
    assert "只能交接本班组的班" in eng.get("/handover/").get_data(as_text=True)
    assert eng.post("/handover/", data={"team": "engineering"}).status_code == 302
    assert Handover.get().team == "engineering"


def test_a_hand_over_left_half_prepared_is_withdrawn_by_a_colleague_and_the_team_starts_afresh(app, open_things):
    from webapp.models import AuditEntry
    guard = signed_in(app, "guard")
    guard.post("/handover/", data={"team": "security"})  # opened, then the guard's phone dies
    left = Handover.get()
    guard2 = signed_in(app, "guard2")
    assert "撤回" in guard2.get("/handover/").get_data(as_text=True)
    assert signed_in(app, "eng").post(f"/handover/{left.id}/withdrawal", data={"confirm": "yes"}).status_code == 404
    assert guard2.post(f"/handover/{left.id}/withdrawal", data={}).status_code == 302
    assert Handover.select().count() == 1  # without saying it means it, nothing happens
    guard2.post(f"/handover/{left.id}/withdrawal", data={"confirm": "yes"})
    assert Handover.select().count() == 0
    entry = AuditEntry.get((AuditEntry.subject == "handover") & (AuditEntry.action == "withdraw"))
    assert (entry.action, entry.staff.username) == ("withdraw", "guard2")
    hand_over(guard2)
    assert Handover.get().outgoing.username == "guard2"


def test_a_handed_over_hand_over_cannot_be_withdrawn(app, open_things):
    handed = hand_over(signed_in(app, "guard"))
    page = signed_in(app, "guard2").post(f"/handover/{handed.id}/withdrawal", data={"confirm": "yes"},
                                         follow_redirects=True).get_data(as_text=True)
    assert "此交接已经交出：只能确认，不能撤回。" in page
    assert Handover.get_by_id(handed.id).handed_at is not None

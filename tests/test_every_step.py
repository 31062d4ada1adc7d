"""Every step of a ticket's life, taken through its model operation on a real database."""
import pytest

from webapp.domain.workflow import SHOWN_TO_RESIDENT, STEPS
from webapp.models import Ticket, TicketEvent
from webapp.models.handling import advance, reclassify, revisit
from webapp.models.resident import urge, verdict

from . import factories


def repair(estate, staff):
    return factories.ticket(estate, staff["desk"], "repair")


def resident_complaint(estate, staff):
    return factories.ticket(estate, None, "complaint", channel="qr")


def accepted(estate, staff):
    ticket = repair(estate, staff)
    return advance(ticket.id, staff["eng"], "accept")


def on_site(estate, staff):
    return advance(accepted(estate, staff).id, staff["eng"], "arrive")


def on_hold(estate, staff):
    return advance(accepted(estate, staff).id, staff["eng"], "hold", note="等配件")


def done(estate, staff):
    return advance(accepted(estate, staff).id, staff["eng"], "finish", note="已修复")


def awaiting_approval(estate, staff):
    ticket = factories.ticket(estate, staff["desk"], "challenge", sensitive=True)
    advance(ticket.id, staff["area1"], "accept")
    return advance(ticket.id, staff["area1"], "finish", note="答复草稿")


def desk_complaint(estate, staff):
    return factories.ticket(estate, staff["desk"], "complaint")


# step: (the ticket before it, or None when the step makes it; the operation; the state after; events it adds)
WALKS = {
    "take": (None, lambda t, e, s: resident_complaint(e, s), "new", ["take"]),
    "route": (None, lambda t, e, s: repair(e, s), "dispatched", ["take", "route"]),
    "dispatch": (resident_complaint, lambda t, e, s: advance(t.id, s["desk"], "dispatch", target=s["area1"].id),
                 "dispatched", None),
    "reassign": (repair, lambda t, e, s: advance(t.id, s["desk"], "reassign", target=s["eng2"].id),
                 "dispatched", None),
    "accept": (repair, lambda t, e, s: advance(t.id, s["eng"], "accept"), "accepted", None),
    "arrive": (accepted, lambda t, e, s: advance(t.id, s["eng"], "arrive"), "on_site", None),
    "hold": (on_site, lambda t, e, s: advance(t.id, s["eng"], "hold", note="等配件"), "on_hold", None),
    "resume": (on_hold, lambda t, e, s: advance(t.id, s["eng"], "resume"), "accepted", None),
    "finish": (on_site, lambda t, e, s: advance(t.id, s["eng"], "finish", note="换了阀门"), "done", None),
    "approve": (awaiting_approval, lambda t, e, s: advance(t.id, s["cshead"], "approve"), "done", None),
    "send_back": (awaiting_approval, lambda t, e, s: advance(t.id, s["cshead"], "send_back", note="措辞需修改"),
                  "accepted", None),
    "resolve_at_desk": (lambda e, s: factories.ticket(e, s["desk"], "inquiry"),
                        lambda t, e, s: advance(t.id, s["desk"], "resolve_at_desk", note="已答复"),
                        "resolved_at_desk", None),
    "revisit_attempt": (done, lambda t, e, s: revisit(t.id, s["desk"], reached=False), "done", None),
    "revisit": (done, lambda t, e, s: revisit(t.id, s["desk"], reached=True, satisfaction=5), "closed", None),
    "cancel": (repair, lambda t, e, s: advance(t.id, s["desk"], "cancel", note="业主取消"), "cancelled", None),
    "escalate": (accepted, lambda t, e, s: advance(t.id, s["eng"], "escalate", note="需要主管协调"),
                 "accepted", None),
    "involve": (desk_complaint, lambda t, e, s: advance(t.id, s["desk"], "involve", target=s["eng"].id),
                "accepted", None),
    "urge": (repair, lambda t, e, s: urge(t.id), "dispatched", None),
    "rate": (done, lambda t, e, s: verdict(t.id, True, 5, "很好"), "done", None),
    "reopen": (done, lambda t, e, s: verdict(t.id, False, comment="还在漏"), "dispatched", None),
    "reclassify": (resident_complaint, lambda t, e, s: reclassify(t.id, s["desk"], "suggestion"), "dispatched",
                   None),
}


def test_every_declared_step_has_a_walk():
    assert set(WALKS) == set(STEPS)


def test_the_residents_timeline_shows_only_declared_steps():
    assert set(SHOWN_TO_RESIDENT) <= set(STEPS)


@pytest.mark.parametrize("action", list(WALKS))
def test_each_step_lands_in_its_state_and_records_one_event(estate, staff, action):
    prepare, take, expected, events = WALKS[action]
    before = prepare(estate, staff) if prepare else None
    seen = {e.id for e in before.events} if before else set()
    after = take(before, estate, staff)
    ticket = Ticket.get_by_id(after.id if before is None else before.id)
    added = [e for e in ticket.events.order_by(TicketEvent.id) if e.id not in seen]
    assert ticket.state == expected
    assert [e.action for e in added] == (events or [action])
    assert added[-1].to_state == expected
    if before is not None:
        assert added[-1].from_state == before.state

"""The ticket's legal steps and who may take them; no database."""
import pytest

from webapp.domain import Refused
from webapp.domain.workflow import (Actor, Facts, available_steps, check_satisfaction, next_state,
                                    reply_channel, revisit_closes)

ENGINEER, OTHER_ENGINEER, GUARD = Actor(30, "engineering"), Actor(31, "engineering"), Actor(20, "security")
DESK, CS_HEAD = Actor(1, "front_desk"), Actor(50, "cs_head")


def repair(state="dispatched", assignee=None):
    return Facts(kind="repair", state=state, team="engineering", assignee=assignee)


def refused(action, facts, actor, **kw):
    with pytest.raises(Refused) as caught:
        next_state(action, facts, actor, **kw)
    return caught.value.message


def test_engineer_accepts_an_order_waiting_in_the_engineering_queue():
    assert next_state("accept", repair(), ENGINEER) == "accepted"


def test_guard_cannot_accept_an_engineering_order():
    assert "not for you" in refused("accept", repair(), GUARD)


def test_order_assigned_to_a_named_person_is_accepted_only_by_that_person():
    assert next_state("accept", repair(assignee=30), ENGINEER) == "accepted"
    assert "not for you" in refused("accept", repair(assignee=30), OTHER_ENGINEER)


def test_full_field_life_new_to_done():
    facts = repair()
    for action, actor, expected in (("accept", ENGINEER, "accepted"), ("arrive", ENGINEER, "on_site"),
                                    ("finish", ENGINEER, "done")):
        state = next_state(action, facts, actor, note="换了阀门")
        assert state == expected
        facts = Facts("repair", state, "engineering", assignee=30)
    assert next_state("revisit", facts, DESK) == "closed"


def test_only_the_handler_marks_on_site():
    assert "Only the person" in refused("arrive", repair("accepted", 30), OTHER_ENGINEER)


def test_cannot_finish_before_accepting():
    assert "accepted order" in refused("finish", repair("dispatched", 30), ENGINEER, note="x")


def test_finishing_needs_a_note_of_what_was_done():
    assert "Write what was done" in refused("finish", repair("on_site", 30), ENGINEER, note="  ")


def test_hold_needs_a_reason_and_resume_returns_to_accepted():
    assert "waiting for" in refused("hold", repair("on_site", 30), ENGINEER)
    assert next_state("hold", repair("on_site", 30), ENGINEER, note="等配件") == "on_hold"
    assert next_state("resume", repair("on_hold", 30), ENGINEER) == "accepted"


def test_engineer_cannot_do_the_return_visit():
    assert "front desk" in refused("revisit", repair("done", 30), ENGINEER)


def test_return_visit_only_after_done():
    assert "finished ticket" in refused("revisit", repair("on_site", 30), DESK)


def test_cancel_needs_the_desk_and_a_reason():
    assert "Only the desk" in refused("cancel", repair(), ENGINEER, note="x")
    assert "Say why" in refused("cancel", repair(), DESK)
    assert next_state("cancel", repair(), DESK, note="业主取消") == "cancelled"


def test_closed_ticket_cannot_be_cancelled_or_escalated():
    assert "already finished" in refused("cancel", repair("closed", 30), DESK, note="x")
    assert "cannot be escalated" in refused("escalate", repair("closed", 30), DESK, note="x")


def test_escalating_keeps_the_state():
    assert next_state("escalate", repair("accepted", 30), ENGINEER, note="需要主管协调") == "accepted"


def test_complaint_cannot_be_reassigned_but_its_owner_may_involve_colleagues():
    complaint = Facts("complaint", "accepted", None, assignee=1)
    assert "first-contact" in refused("reassign", complaint, DESK)
    assert next_state("involve", complaint, DESK) == "accepted"


def test_only_complaints_involve_colleagues():
    assert "Only complaints" in refused("involve", repair("accepted", 30), ENGINEER)


def test_sensitive_challenge_waits_for_the_cs_head_before_its_reply_counts():
    challenge = Facts("challenge", "accepted", None, assignee=40, sensitive=True)
    manager = Actor(40, "area_manager")
    assert next_state("finish", challenge, manager, note="答复内容") == "awaiting_approval"
    waiting = Facts("challenge", "awaiting_approval", None, assignee=40, sensitive=True)
    assert "customer service head" in refused("approve", waiting, manager)
    assert next_state("approve", waiting, CS_HEAD) == "done"
    assert next_state("send_back", waiting, CS_HEAD, note="措辞需修改") == "accepted"


def test_ordinary_challenge_is_done_without_approval():
    challenge = Facts("challenge", "accepted", None, assignee=40)
    assert next_state("finish", challenge, Actor(40, "area_manager"), note="答复") == "done"


def test_accepting_beyond_the_estate_cap_is_refused():
    message = refused("accept", repair(), ENGINEER, held=3, cap=3)
    assert "most this estate allows" in message
    assert next_state("accept", repair(), ENGINEER, held=2, cap=3) == "accepted"


def test_only_inquiries_and_challenges_are_settled_at_desk():
    assert next_state("resolve_at_desk", Facts("inquiry", "new"), DESK, note="已答复") == "resolved_at_desk"
    assert "Only inquiries" in refused("resolve_at_desk", Facts("repair", "new"), DESK, note="x")


def test_monitoring_center_dispatches_what_waits_in_the_security_queue():
    waiting = Facts("repair", "dispatched", "security")
    assert next_state("reassign", waiting, GUARD) == "dispatched"
    assert "Only the desk" in refused("reassign", repair(), GUARD)


def test_available_steps_for_an_engineer_on_a_queued_order_is_accept_only():
    assert available_steps(repair(), ENGINEER) == ["accept"]


def test_unknown_step_is_refused():
    assert "Unknown" in refused("teleport", repair(), DESK)


def test_third_unreached_return_visit_closes_the_ticket():
    assert revisit_closes(True, 0)
    assert not revisit_closes(False, 0) and not revisit_closes(False, 1)
    assert revisit_closes(False, 2)


def test_satisfaction_is_one_to_five_when_reached():
    assert check_satisfaction(True, 4) == 4
    assert check_satisfaction(False, 4) is None
    with pytest.raises(Refused):
        check_satisfaction(True, 6)
    with pytest.raises(Refused):
        check_satisfaction(True, None)


def test_reply_goes_back_the_way_it_came():
    assert [reply_channel(c) for c in ("letter", "email", "phone", "walk_in", "qr")] == \
        ["letter", "email", "phone", "walk_in", "phone"]

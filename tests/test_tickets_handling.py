"""Tickets through their life on a real database: routing at intake, events, return visits, archive."""
from datetime import datetime

import pytest

from webapp import clock
from webapp.domain import Refused
from webapp.models import Revisit, Ticket, TicketEvent, Unit
from webapp.models.handling import advance, revisit

from . import factories


def events(ticket):
    return [(e.action, e.from_state, e.to_state)
            for e in TicketEvent.select().where(TicketEvent.ticket == ticket).order_by(TicketEvent.id)]


def test_repair_is_numbered_and_waits_in_the_engineering_queue(estate, staff):
    ticket = factories.ticket(estate, staff["desk"], "repair")
    assert ticket.number == "T20261123-0001"
    assert (ticket.state, ticket.team, ticket.assignee) == ("dispatched", "engineering", None)
    assert events(ticket) == [("take", None, "new"), ("route", "new", "dispatched")]


def test_numbers_count_up_within_a_day_and_restart_the_next(estate, staff):
    first = factories.ticket(estate, staff["desk"])
    second = factories.ticket(estate, staff["desk"])
    with clock.frozen_at(datetime(2026, 11, 24, 2, 0)):
        tomorrow = factories.ticket(estate, staff["desk"])
    assert (first.number, second.number, tomorrow.number) == \
        ("T20261123-0001", "T20261123-0002", "T20261124-0001")


def test_help_goes_to_todays_on_duty_guard(estate, staff):
    ticket = factories.ticket(estate, staff["desk"], "help", team="security")
    assert (ticket.assignee.username, ticket.state) == ("guard", "dispatched")


def test_inquiry_goes_to_the_area_manager_of_the_units_building(estate, staff):
    assert factories.ticket(estate, staff["desk"], "inquiry", unit="1-101").assignee.username == "area1"
    assert factories.ticket(estate, staff["desk"], "inquiry", unit="2-301").assignee.username == "area2"


def test_suggestion_from_an_important_owner_goes_to_the_center_head(estate, staff):
    Unit.update(important=True).where(Unit.number == "1-201").execute()
    assert factories.ticket(estate, staff["desk"], "suggestion", unit="1-201").assignee.username == "head"
    assert factories.ticket(estate, staff["desk"], "suggestion", unit="1-101").assignee.username == "cshead"


def test_after_desk_hours_a_repair_goes_to_the_monitoring_center(estate, staff):
    with clock.frozen_at(datetime(2026, 11, 23, 12, 0)):  # 20:00 in Shanghai
        ticket = factories.ticket(estate, staff["guard2"], "repair")
    assert (ticket.team, ticket.assignee, ticket.after_hours) == ("security", None, True)


def test_after_desk_hours_an_inquiry_goes_to_the_area_manager_not_to_the_guards_queue(estate, staff):
    with clock.frozen_at(datetime(2026, 11, 23, 12, 0)):  # 20:00 in Shanghai
        ticket = factories.ticket(estate, staff["guard2"], "inquiry", unit="1-101")
    assert (ticket.team, ticket.assignee.username, ticket.after_hours) == (None, "area1", True)
    route = ticket.events.where(TicketEvent.action == "route").get()
    assert "after desk hours" in route.note


def test_estate_desk_hours_are_its_own(estate, staff):
    estate.desk_closes = "21:00"
    estate.save()
    with clock.frozen_at(datetime(2026, 11, 23, 12, 0)):  # 20:00 in Shanghai
        ticket = factories.ticket(estate, staff["desk"], "inquiry")
    assert ticket.assignee.username == "area1"


def test_every_step_is_recorded_with_who_and_what(estate, staff):
    ticket = factories.ticket(estate, staff["desk"], "repair")
    advance(ticket.id, staff["eng2"], "accept")
    advance(ticket.id, staff["eng2"], "arrive")
    advance(ticket.id, staff["eng2"], "hold", note="等待配件")
    advance(ticket.id, staff["eng2"], "resume")
    advance(ticket.id, staff["eng2"], "finish", note="更换水龙头")
    revisit(ticket.id, staff["desk2"], reached=True, satisfaction=5, comment="满意")
    rows = list(TicketEvent.select().where(TicketEvent.ticket == ticket).order_by(TicketEvent.id))
    assert [r.action for r in rows] == ["take", "route", "accept", "arrive", "hold", "resume", "finish", "revisit"]
    assert rows[4].note == "等待配件" and rows[4].actor.username == "eng2"
    closed = Ticket.get_by_id(ticket.id)
    assert (closed.state, closed.satisfaction, closed.reply) == ("closed", 5, "更换水龙头")


def test_refused_step_changes_nothing_and_says_why(estate, staff):
    ticket = factories.ticket(estate, staff["desk"], "repair")
    with pytest.raises(Refused) as refused:
        advance(ticket.id, staff["eng"], "finish", note="x")
    assert "accepted order" in refused.value.message
    assert Ticket.get_by_id(ticket.id).state == "dispatched"
    assert len(events(ticket)) == 2


def test_second_engineer_is_told_who_took_the_order(estate, staff):
    ticket = factories.ticket(estate, staff["desk"], "repair")
    advance(ticket.id, staff["eng"], "accept")
    with pytest.raises(Refused) as refused:
        advance(ticket.id, staff["eng2"], "accept")
    assert refused.value.params == {"name": "eng"}


def test_cap_on_open_orders_per_person(estate, staff):
    estate.max_open_orders = 1
    estate.save()
    first, second = (factories.ticket(estate, staff["desk"]) for _ in range(2))
    advance(first.id, staff["eng2"], "accept")
    with pytest.raises(Refused) as refused:
        advance(second.id, staff["eng2"], "accept")
    assert refused.value.params == {"held": 1, "cap": 1}


def test_dispatching_to_someone_outside_the_estate_is_refused(estate, staff):
    stranger = factories.person("stranger", "engineering", factories.estate("ZZ", "别的小区"))
    ticket = factories.ticket(estate, staff["desk"], "inquiry", unit=None, location="大堂")
    with pytest.raises(Refused):
        advance(ticket.id, staff["desk"], "reassign", target=stranger.id)


def test_reassigning_sends_the_order_to_another_person(estate, staff):
    ticket = factories.ticket(estate, staff["desk"], "repair")
    moved = advance(ticket.id, staff["desk"], "reassign", target=staff["eng2"].id)
    assert (moved.state, moved.assignee.username, moved.team) == ("dispatched", "eng2", "engineering")


def test_complaint_owner_involves_a_colleague_and_stays_owner(estate, staff):
    ticket = factories.ticket(estate, staff["desk"], "complaint")
    advance(ticket.id, staff["desk"], "involve", target=staff["eng"].id, note="请工程部协助")
    assert Ticket.get_by_id(ticket.id).assignee.username == "desk"
    assert TicketEvent.get(TicketEvent.action == "involve").target.username == "eng"


def test_sensitive_challenge_reply_waits_for_cs_head(estate, staff):
    ticket = factories.ticket(estate, staff["desk"], "challenge", sensitive=True)
    advance(ticket.id, staff["area1"], "accept")
    waiting = advance(ticket.id, staff["area1"], "finish", note="答复草稿")
    assert (waiting.state, waiting.done_at) == ("awaiting_approval", None)
    done = advance(ticket.id, staff["cshead"], "approve")
    assert done.state == "done" and done.done_at is not None


def test_unreached_return_visits_keep_the_ticket_until_the_third(estate, staff):
    ticket = factories.ticket(estate, staff["desk"], "repair")
    advance(ticket.id, staff["eng"], "accept")
    advance(ticket.id, staff["eng"], "finish", note="已修复")
    assert revisit(ticket.id, staff["desk"], reached=False).state == "done"
    assert revisit(ticket.id, staff["desk"], reached=False).state == "done"
    assert revisit(ticket.id, staff["desk"], reached=False).state == "closed"
    assert Revisit.select().where(Revisit.ticket == ticket).count() == 3


def test_closed_suggestion_is_filed_to_the_units_archive_and_a_repair_is_not(estate, staff):
    suggestion = factories.ticket(estate, staff["desk"], "suggestion", unit="2-101")
    repair = factories.ticket(estate, staff["desk"], "repair", unit="2-101")
    for ticket, handler in ((suggestion, staff["cshead"]), (repair, staff["eng"])):
        advance(ticket.id, handler, "accept")
        advance(ticket.id, handler, "finish", note="已处理")
        revisit(ticket.id, staff["desk"], reached=True, satisfaction=4)
    assert Ticket.get_by_id(suggestion.id).archived and not Ticket.get_by_id(repair.id).archived


def test_same_form_submitted_twice_makes_one_ticket(estate, staff):
    first = factories.ticket(estate, staff["desk"], intake_key="k-1")
    again = factories.ticket(estate, staff["desk"], intake_key="k-1")
    assert first.id == again.id and Ticket.select().count() == 1

"""Past a target the clock process escalates along each kind's chain: each level once, also with two clocks at
once, on the kind's own clock (working time for complaints), never while on hold, and says so on the timeline."""
import threading
from datetime import timedelta

from webapp import clock
from webapp.db import db
from webapp.models import Alert, Team, TicketEvent
from webapp.models.calendar import set_day
from webapp.models.escalation import escalate_overdue
from webapp.models.handling import advance

from . import factories
from .conftest import DESK_HOURS_UTC  # Monday 23 November 2026, 10:00 in Shanghai


def later(**delta):
    return clock.frozen_at(DESK_HOURS_UTC + timedelta(**delta))


def clock_round(app):
    result = app.test_cli_runner().invoke(args=["clock", "--once"])
    assert result.exit_code == 0, result.output


def escalations(ticket=None):
    query = Alert.select().where(Alert.reason.in_(("overdue", "escalated"))).order_by(Alert.id)
    if ticket is not None:
        query = query.where(Alert.ticket == ticket)
    return [(a.message["level"], a.reason, a.recipient.username if a.recipient else None) for a in query]


def help_request(estate, staff):
    return factories.ticket(estate, staff["desk"], kind="help", team="security", urgent=True)


def test_help_nobody_accepts_climbs_its_chain_one_level_at_a_time_each_once(app, estate, staff):
    Team.update(lead=staff["guard2"]).where((Team.estate == estate) & (Team.code == "security")).execute()
    ticket = help_request(estate, staff)                       # respond target: 5 minutes
    for minutes in (4, 5, 6, 7.5, 8, 10, 11, 30):
        with later(minutes=minutes):
            clock_round(app)
            clock_round(app)                                   # a second round changes nothing
        if minutes == 4:
            assert escalations() == []
    assert escalations() == [(1, "overdue", "guard"),          # the guard holding it (or on duty)
                             (2, "escalated", "guard2"),       # the team's lead
                             (3, "escalated", "cshead"),       # at 1.5 × the target
                             (4, "escalated", "head")]         # at twice the target
    events = TicketEvent.select().where((TicketEvent.ticket == ticket) & (TicketEvent.action == "overdue"))
    assert [(e.note, e.target.username) for e in events.order_by(TicketEvent.id)] == [
        ("respond:1:handler", "guard"), ("respond:2:team_lead", "guard2"), ("respond:3:cs_head", "cshead"),
        ("respond:4:center_head", "head")]


def test_two_clock_processes_escalating_at_the_same_moment_alert_each_level_once(app, estate, staff):
    tickets = [help_request(estate, staff) for _ in range(3)]
    moment = DESK_HOURS_UTC + timedelta(minutes=11)
    written = []

    def one_clock():
        with db.connection_context():
            written.append(escalate_overdue(moment))

    clocks = [threading.Thread(target=one_clock) for _ in range(2)]
    for thread in clocks:
        thread.start()
    for thread in clocks:
        thread.join()
    assert sum(written) == 3 * 4
    for ticket in tickets:
        assert [level for level, _reason, _who in escalations(ticket)] == [1, 2, 3, 4]
        assert TicketEvent.select().where((TicketEvent.ticket == ticket)
                                          & (TicketEvent.action == "overdue")).count() == 4


def test_a_complaint_escalates_to_the_area_manager_on_working_time_past_a_holiday(app, estate, staff):
    with later():
        set_day(estate, staff["admin"], DESK_HOURS_UTC.date() + timedelta(days=1), "holiday", "测试假日")
    ticket = factories.ticket(estate, staff["desk"], kind="complaint", unit="1-101", description="噪音扰民")
    advance(ticket.id, staff["desk"], "accept") if ticket.state == "dispatched" else None
    # Resolve: 2 working days (1140 min). Mon 10:00–17:30 is 450; Tuesday is a holiday; Wed 570; Thu 120.
    with later(days=2):                                        # Wednesday 10:00: 1020 minutes only
        clock_round(app)
    assert escalations(ticket) == []
    with later(days=3):                                        # Thursday 10:00: 1140, the target
        clock_round(app)
    assert escalations(ticket) == [(1, "overdue", "desk"), (2, "escalated", "area1")]


def test_a_ticket_on_hold_is_not_escalated_and_its_hold_does_not_count_after(app, estate, staff):
    ticket = factories.ticket(estate, staff["desk"], kind="repair")   # resolve: 24 h round the clock
    advance(ticket.id, staff["eng"], "accept")
    with later(minutes=10):
        advance(ticket.id, staff["eng"], "arrive")
    with later(hours=1):
        advance(ticket.id, staff["eng"], "hold", note="等配件")
    with later(hours=30):
        clock_round(app)
    assert [e for e in escalations(ticket) if e[0] >= 1] == []
    with later(hours=31):
        advance(ticket.id, staff["eng"], "resume")             # 30 h on hold: the clock stood at 1 h
    with later(hours=31 + 22):
        clock_round(app)
    assert escalations(ticket) == []                           # 23 h of 24
    with later(hours=31 + 23, minutes=1):
        clock_round(app)
    assert escalations(ticket) == [(1, "overdue", "eng")]


def test_a_reassigned_order_starts_a_new_run_and_its_new_handler_hears(app, estate, staff):
    ticket = factories.ticket(estate, staff["desk"])           # repair in the engineering queue, respond 30 min
    with later(minutes=31):
        clock_round(app)
    assert escalations(ticket) == [(1, "overdue", "eng")]      # in the queue: the lead on duty
    with later(minutes=40):
        advance(ticket.id, staff["desk"], "reassign", target=staff["eng2"].id, note="换人")
    with later(minutes=69):
        clock_round(app)
    assert len(escalations(ticket)) == 1
    with later(minutes=71):
        clock_round(app)
    assert escalations(ticket)[1:] == [(1, "overdue", "eng2")]


def test_the_timeline_says_the_system_escalated_which_stage_to_whom(app, client, login, estate, staff):
    ticket = help_request(estate, staff)
    with later(minutes=5):
        clock_round(app)
    login("desk")
    page = client.get(f"/tickets/{ticket.number}").get_data(as_text=True)
    assert "超时升级" in page and "响应超时 · 第 2 级" in page and "系统" in page


def test_the_board_lists_escalated_tickets_by_the_level_their_clock_reached(app, client, login, estate, staff):
    help_ticket = help_request(estate, staff)                  # 11 min of 5: the center head's level
    repair = factories.ticket(estate, staff["desk"], description="水龙头坏了")   # 11 min of 30: not yet
    login("cshead")
    with later(minutes=11):
        page = client.get("/board/").get_data(as_text=True)
    section = page.split('<h2 class="escalated-title">')[1].split("<h2>")[0]
    assert "超时，已升级至物业服务中心主任 (1)" in section
    assert help_ticket.number in section.split("level-center_head")[1] and repair.number not in section
    with later(minutes=31):                                    # the repair reaches its handler's level
        page = client.get("/board/").get_data(as_text=True)
    section = page.split('<h2 class="escalated-title">')[1].split("<h2>")[0]
    headings = [line for line in section.splitlines() if "escalated-level" in line]
    assert ["物业服务中心主任" in headings[0], "处理人" in headings[1]] == [True, True]
    assert repair.number in section.split("level-handler")[1]


def test_a_backlog_is_escalated_over_several_rounds_each_level_still_once(app, estate, staff):
    tickets = [help_request(estate, staff) for _ in range(3)]  # 12 levels due at once after an outage
    moment = DESK_HOURS_UTC + timedelta(minutes=11)
    assert [escalate_overdue(moment, limit=5) for _ in range(4)] == [5, 5, 2, 0]
    assert sorted(level for ticket in tickets for level, _r, _w in escalations(ticket)) == [1, 1, 1, 2, 2, 2, 3, 3,
                                                                                              3, 4, 4, 4]

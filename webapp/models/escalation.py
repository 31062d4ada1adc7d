"""The clock process's escalation: a ticket past its stage's target is escalated along its kind's chain, each
level once per run of a stage, recorded on its timeline and alerted to the next person up."""
from peewee import IntegrityError

from ..db import write_transaction
from ..domain.alerts import ESCALATED, OVERDUE
from ..domain.escalation import (HANDLER, HORIZON, chain_of, level_of, levels_due, once_key, recipient,
                                 within_horizon)
from ..domain.clocks import stage_start
from ..domain.hours import local_time
from ..domain.vocabulary import CENTER_HEAD, CS_HEAD, DONE, OPEN_STATES
from .alerts import Alert, enqueue
from .changes import bump
from .clocks import Clocks
from .duty import Duty
from .estate import Estate, Team, post_holder
from .ticket import Ticket

TIMELINE_ACTION = "overdue"


def escalate_overdue(now):
    """Escalate every level now due on every estate's tickets; returns how many alerts were written."""
    written = 0
    for estate in Estate.select():
        clocks = Clocks(estate)
        due = {}
        for ticket in _timed(estate, now):
            for level, key in _levels_due(ticket, clocks, now):
                due[key] = ticket.id
        if not due:
            continue
        done = {a.once for a in Alert.select(Alert.once).where(Alert.once.in_(list(due)))}
        for key, ticket_id in due.items():
            if key not in done:
                written += _escalate(ticket_id, key, now)
    return written


def _timed(estate, now):
    """Tickets whose stage may have begun within the horizon: open ones, and done ones awaiting a visit."""
    since = now - HORIZON
    return list(Ticket.select().where(
        (Ticket.estate == estate) & (Ticket.state.in_(OPEN_STATES) | ((Ticket.state == DONE) & Ticket.needs_revisit))
        & ((Ticket.created_at >= since) | (Ticket.dispatched_at >= since) | (Ticket.done_at >= since))))


def _levels_due(ticket, clocks, now):
    """[(level, once key)] due now for the ticket's running stage."""
    clock = clocks.of(ticket, now)
    if clock is None or clock.paused:
        return []
    started = stage_start(clock.stage, ticket.created_at, ticket.dispatched_at, ticket.done_at)
    if not within_horizon(started, now):
        return []
    return [(level, once_key(ticket.id, clock.stage, started, level))
            for level, _rung in levels_due(ticket.kind, clock.stage, clock.elapsed, clock.target)]


def _escalate(ticket_id, key, now):
    from .handling import record_event  # the writer of tickets alerts through models/alerts.py
    try:
        with write_transaction():
            ticket = Ticket.get_by_id(ticket_id)  # accepted or done meanwhile? then nothing is due any more
            clocks = Clocks(ticket.estate)
            if key not in {k for _level, k in _levels_due(ticket, clocks, now)}:
                return 0
            stage, level = clocks.of(ticket, now).stage, level_of(key)
            rung = chain_of(ticket.kind, stage)[level - 1][0]
            person = recipient(rung, _people(ticket, now))
            enqueue(ticket.estate, ticket, person, OVERDUE if rung == HANDLER else ESCALATED, once=key,
                    extra=dict(stage=stage, level=level, rung=rung))
            record_event(ticket, None, TIMELINE_ACTION, ticket.state, ticket.state, note=f"{stage}:{level}:{rung}",
                         target=person, team=ticket.team, at=now)
            bump(ticket.estate_id)
    except IntegrityError:
        return 0  # another clock process escalated this level first
    return 1


def _people(ticket, now):
    """Who holds each rung of the chain for this ticket now (staff ids, or None)."""
    estate = ticket.estate
    team = Team.get_or_none((Team.estate == estate) & (Team.code == ticket.team)) if ticket.team else None
    on_duty = Duty.leads_now(estate, local_time(now, estate.timezone)).get(ticket.team) if ticket.team else None
    manager = ticket.unit.area_manager if ticket.unit_id else None
    heads = {role: post_holder(estate, role) for role in (CS_HEAD, CENTER_HEAD)}
    return dict(handler=ticket.assignee_id, team_lead=team.lead_id if team else None, on_duty_lead=on_duty,
                area_manager=manager.id if manager else None, cs_head=_id(heads[CS_HEAD]),
                center_head=_id(heads[CENTER_HEAD]))


def _id(person):
    return person.id if person else None


"""The clock process's escalation: a ticket past its stage's target is escalated along its kind's chain, each
level once per run of a stage, recorded on its timeline and alerted to the next person up."""
from peewee import IntegrityError

from ..db import write_transaction
from ..domain.alerts import ESCALATED, OVERDUE
from ..domain.escalation import (HANDLER, HORIZON, chain_of, level_of, levels_due, once_key, recipient,
                                 within_horizon)
from ..domain.hours import local_time
from ..domain.vocabulary import CENTER_HEAD, CS_HEAD
from .alerts import Alert, enqueue
from .changes import bump
from .clocks import Clocks, timed
from .duty import Duty
from .estate import Estate, Team, post_holder
from .ticket import Ticket

TIMELINE_ACTION = "overdue"
# A backlog (after the clock process was down) is escalated over several rounds, so the alerts already written
# are delivered in between rather than after minutes of writing.
PER_ROUND = 200
# What a ticket's clock reads (models/clocks.py moments, kind, state, urgent).
_CLOCK_FIELDS = (Ticket.id, Ticket.kind, Ticket.state, Ticket.urgent, Ticket.created_at, Ticket.dispatched_at,
                 Ticket.arrived_at, Ticket.done_at, Ticket.held_since, Ticket.paused_minutes, Ticket.needs_revisit)


def escalate_overdue(now, limit=PER_ROUND):
    """Escalate the levels now due on every estate's tickets, at most `limit` (the rest in the next rounds);
    returns how many alerts were written."""
    written = 0
    for estate in Estate.select():
        clocks = Clocks(estate)
        due = {}
        for ticket in _timed(estate, now):
            for level, key in _levels_due(ticket, clocks, now):
                due[key] = ticket.id
        if not due:
            continue
        done, posts = _escalated_since(estate, now - HORIZON), _Posts(estate, now)
        for key, ticket_id in due.items():
            if written >= limit:
                return written
            if key not in done:
                written += _escalate(ticket_id, key, now, clocks, posts)
    return written


def _escalated_since(estate, moment):
    """The once keys of the estate's alerts since a moment: a run within the horizon has all its keys there
    (cheaper every 5 s than asking for thousands of keys by name)."""
    return {once for once, in Alert.select(Alert.once).where(
        (Alert.estate == estate) & (Alert.created_at >= moment) & Alert.once.is_null(False)).tuples()}


def _timed(estate, now):
    """Tickets whose stage may have begun within the horizon: open ones, and done ones awaiting a visit."""
    since = now - HORIZON
    return list(Ticket.select(*_CLOCK_FIELDS).where(
        (Ticket.estate == estate) & timed()
        & ((Ticket.created_at >= since) | (Ticket.dispatched_at >= since) | (Ticket.done_at >= since)))
        .namedtuples())  # read every 5 s: plain rows, not models


def _levels_due(ticket, clocks, now):
    """[(level, once key)] due now for the ticket's running stage."""
    clock = clocks.of(ticket, now, turns=False)
    if clock is None or clock.paused:
        return []
    if not within_horizon(clock.started, now):
        return []
    return [(level, once_key(ticket.id, clock.stage, clock.started, level))
            for level, _rung in levels_due(ticket.kind, clock.stage, clock.elapsed, clock.target)]


def _escalate(ticket_id, key, now, clocks, posts):
    from .handling import record_event  # the writer of tickets alerts through models/alerts.py
    try:
        with write_transaction():
            ticket = Ticket.get_by_id(ticket_id)  # accepted or done meanwhile? then nothing is due any more
            if key not in {k for _level, k in _levels_due(ticket, clocks, now)}:
                return 0
            stage, level = clocks.of(ticket, now).stage, level_of(key)
            rung = chain_of(ticket.kind, stage)[level - 1][0]
            person = recipient(rung, posts.people(ticket))
            enqueue(ticket.estate, ticket, person, OVERDUE if rung == HANDLER else ESCALATED, once=key,
                    extra=dict(stage=stage, level=level, rung=rung))
            record_event(ticket, None, TIMELINE_ACTION, ticket.state, ticket.state, note=f"{stage}:{level}:{rung}",
                         target=person, team=ticket.team, at=now)
            bump(ticket.estate_id)
    except IntegrityError:
        return 0  # another clock process escalated this level first
    return 1


class _Posts:
    """Who holds an estate's posts during one round (team leads, leads on duty, the heads), read once."""

    def __init__(self, estate, now):
        self.estate, self.now, self._read = estate, now, None

    def people(self, ticket):
        """Who holds each rung of the chain for this ticket now (staff ids, or None)."""
        leads, on_duty, heads = self._posts()
        manager = ticket.unit.area_manager if ticket.unit_id else None
        return dict(handler=ticket.assignee_id, team_lead=leads.get(ticket.team), on_duty_lead=on_duty.get(ticket.team),
                    area_manager=manager.id if manager else None, **heads)

    def _posts(self):
        if self._read is None:
            leads = {team.code: team.lead_id for team in Team.select().where(Team.estate == self.estate)}
            on_duty = Duty.leads_now(self.estate, local_time(self.now, self.estate.timezone))
            heads = {role: post_holder(self.estate, role) for role in (CS_HEAD, CENTER_HEAD)}
            self._read = leads, on_duty, {role: person.id if person else None for role, person in heads.items()}
        return self._read


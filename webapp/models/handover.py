"""Shift hand-over (交接班): at the end of a shift the outgoing person of a team hands over what is open — the
team's tickets, keys and items out, overdue loans, carried items and the shift's notes — and a colleague coming
on shift confirms it item by item with their own sign-in. What is not confirmed is carried into the next one.

The items are a snapshot: a hand-over reads as it was handed over, however the tickets and loans move on."""
from collections import namedtuple

from peewee import (JOIN, BooleanField, Case, CharField, DateField, DateTimeField, ForeignKeyField, IntegerField,
                    IntegrityError, TextField, fn)

from .. import clock
from ..db import BaseModel, write_transaction
from ..domain import N_, Refused
from ..domain.handover import check_may_confirm, check_may_hand_over, check_may_withdraw, note_lines
from ..domain.hours import local_time
from ..domain.vocabulary import OPEN_STATES, OVERSEEING_ROLES, SECURITY, TEAM_ROLES
from .audit import record, snapshot
from .estate import Estate, Unit
from .loans import Loan
from .people import Staff
from .ticket import Ticket
from .duty import Shift

TICKET, KEY, ITEM, LOAN, NOTE, CARRIED = "ticket", "key", "item", "loan", "note", "carried"
KINDS = (CARRIED, TICKET, KEY, ITEM, LOAN, NOTE)  # in the order a hand-over lists them

# One line handed over: live (not yet saved) or as saved in a hand-over.
Line = namedtuple("Line", "kind ref_id text state was")


class Handover(BaseModel):
    estate = ForeignKeyField(Estate, backref="handovers", on_delete="CASCADE")
    team = CharField()
    outgoing = ForeignKeyField(Staff, backref="+")
    opened_at = DateTimeField()
    shift_name = CharField(default="")    # the team's shift running when it was opened, if any
    shift_starts = CharField(default="")
    shift_ends = CharField(default="")
    shift_day = DateField(null=True)
    notes = TextField(default="")
    handed_at = DateTimeField(null=True)  # None while the outgoing person is still preparing it
    incoming = ForeignKeyField(Staff, null=True, backref="+")
    confirmed_at = DateTimeField(null=True)
    pending = CharField(null=True, unique=True)  # "<estate id>:<team>" until confirmed: one at a time per team

    class Meta:
        indexes = ((("estate", "team", "opened_at"), False),)

    @property
    def awaiting(self):
        """Handed over, not yet confirmed."""
        return self.handed_at is not None and self.incoming_id is None

    def lines(self):
        """The items handed over, in the order they are listed."""
        return sorted(self.items.order_by(HandoverItem.id), key=lambda item: KINDS.index(item.kind))


class HandoverItem(BaseModel):
    """One thing handed over, as shown at the time, and whether the incoming person accepted it."""
    handover = ForeignKeyField(Handover, backref="items", on_delete="CASCADE")
    kind = CharField()
    ref_id = IntegerField(null=True)      # the ticket or loan it stands for (carried ones too); None: a note
    text = TextField()
    state = CharField(null=True)          # a ticket's state when handed over
    was = CharField(default="")           # a carried item's first kind
    confirmed = BooleanField(null=True)   # None until the hand-over is confirmed


def pending_key(estate_id, team):
    return f"{estate_id}:{team}"


def current(estate, team):
    """The team's hand-over being prepared or awaiting confirmation, or None."""
    return Handover.get_or_none(Handover.pending == pending_key(estate.id, team))


def may_read(staff, handover):
    """Team members read their team's hand-overs; the desk and area managers read all of the estate's."""
    return staff.role in OVERSEEING_ROLES or (staff.role in TEAM_ROLES and staff.team == handover.team)


def start(estate, outgoing, team=None):
    """Open a hand-over of the outgoing person's team; of two opened at once only one is kept."""
    check_may_hand_over(outgoing.role, outgoing.team, team)
    now = clock.utcnow()
    shift, day = running_shift(estate, outgoing.team, local_time(now, estate.timezone))
    try:
        with write_transaction():
            handover = Handover.create(
                estate=estate, team=outgoing.team, outgoing=outgoing, opened_at=now, pending=pending_key(
                    estate.id, outgoing.team), shift_name=shift.name if shift else "",
                shift_starts=shift.starts if shift else "", shift_ends=shift.ends if shift else "", shift_day=day)
            record(outgoing, "handover", handover.id, "create", after=snapshot(
                handover, ("team", "outgoing", "shift_name")), estate=estate)
    except IntegrityError:
        raise Refused(N_("Your team's hand-over is already open.")) from None
    return handover


def running_shift(estate, team, local_now):
    """The team's shift running now and the day it began, or (None, None)."""
    for shift in Shift.select().where((Shift.estate == estate) & (Shift.team == team)).order_by(Shift.id):
        day = shift.started_on(local_now)
        if day:
            return shift, day
    return None, None


def hand_over(handover_id, outgoing, notes):
    """Hand over: the notes and a snapshot of what is open are saved; once only."""
    now = clock.utcnow()
    with write_transaction():
        handover = Handover.get_by_id(handover_id)
        if not Handover.update(handed_at=now, notes=notes.strip()).where(
                (Handover.id == handover.id) & Handover.handed_at.is_null()
                & (Handover.outgoing == outgoing.id)).execute():
            raise Refused(N_("This hand-over was already handed over.") if handover.handed_at else
                          N_("Only the person who opened this hand-over hands it over."))
        lines = live_lines(handover.estate, handover.team, now) + [
            Line(NOTE, None, text, None, "") for text in note_lines(notes)]
        if lines:
            HandoverItem.insert_many([dict(handover=handover, **line._asdict()) for line in lines]).execute()
        record(outgoing, "handover", handover.id, "hand_over", after={"items": len(lines)},
               estate=handover.estate)
    return Handover.get_by_id(handover_id)


def confirm(handover_id, incoming, accepted_ids):
    """The incoming person confirms the items they accept; the rest will be carried. Of two confirming at
    once (or one form sent twice), only the first counts: the other is told who confirmed."""
    now = clock.utcnow()
    with write_transaction():
        handover = Handover.get_by_id(handover_id)
        check_may_confirm(incoming.role, incoming.team, incoming.id, handover.team, handover.outgoing_id)
        if not Handover.update(incoming=incoming, confirmed_at=now, pending=None).where(
                (Handover.id == handover.id) & Handover.incoming.is_null()
                & Handover.handed_at.is_null(False)).execute():
            _refuse_confirmation(Handover.get_by_id(handover.id))
        accepted = HandoverItem.id.in_(list(accepted_ids) or [0])
        mine = HandoverItem.handover == handover.id
        HandoverItem.update(confirmed=True).where(mine & accepted).execute()
        HandoverItem.update(confirmed=False).where(mine & ~accepted).execute()
        record(incoming, "handover", handover.id, "confirm", after={
            "incoming": incoming.id, "unconfirmed": HandoverItem.select().where(
                mine & (HandoverItem.confirmed == False)).count()}, estate=handover.estate)  # noqa: E712
    return Handover.get_by_id(handover_id)


def withdraw(handover_id, actor):
    """Withdraw a hand-over opened but never handed over; it held nothing yet, and the record keeps who did."""
    with write_transaction():
        handover = Handover.get_by_id(handover_id)
        check_may_withdraw(actor.role, actor.team, handover.team, handover.handed_at is not None)
        if not Handover.delete().where((Handover.id == handover.id) & Handover.handed_at.is_null()).execute():
            raise Refused(N_("This hand-over was already handed over: it is confirmed, not withdrawn."))
        record(actor, "handover", handover.id, "withdraw", before={"outgoing": handover.outgoing_id,
                                                                    "opened_at": handover.opened_at},
               estate=handover.estate)


def _refuse_confirmation(handover):
    if handover.incoming_id:
        raise Refused(N_("%(name)s has already confirmed this hand-over."), name=handover.incoming.name)
    raise Refused(N_("This hand-over is still being prepared: it can be confirmed once it is handed over."))


def live_lines(estate, team, now):
    """What a team would hand over now: carried items, its open tickets, keys and items out (the security
    team: all of the estate's; another team: those its people hold), and overdue loans."""
    tz = estate.timezone
    loans = _loans_out(estate, team)
    fresh = ([_ticket_line(t) for t in _open_tickets(estate, team)]
             + [_loan_line(KEY if loan.key_id else ITEM, loan, tz) for loan in loans if loan.due_at >= now]
             + [_loan_line(LOAN, loan, tz) for loan in loans if loan.due_at < now])
    open_now = {_thing(line): line for line in fresh}
    carried = []
    for line in _carried(estate, team):  # a thing still open is listed once: carried, as it is now
        now_line = open_now.pop(_thing(line), None) if line.ref_id else None
        carried.append(now_line._replace(kind=CARRIED, was=now_line.kind) if now_line else line)
    return carried + [line for line in fresh if _thing(line) in open_now]


def _thing(line):
    """What a line stands for: a ticket or a loan (a key, items, overdue or not) by its id."""
    kind = line.was if line.kind == CARRIED else line.kind
    return (TICKET if kind == TICKET else LOAN, line.ref_id)


def _carried(estate, team):
    previous = (Handover.select().where((Handover.estate == estate) & (Handover.team == team)
                                        & Handover.confirmed_at.is_null(False))
                .order_by(Handover.confirmed_at.desc(), Handover.id.desc()).first())
    if previous is None:
        return []
    left = previous.items.where(HandoverItem.confirmed == False).order_by(HandoverItem.id)  # noqa: E712
    return [Line(CARRIED, item.ref_id, item.text, item.state, item.was or item.kind) for item in left]


def _open_tickets(estate, team):
    handler = Staff.alias()
    return (Ticket.select(Ticket, Unit, handler)
            .join(Unit, JOIN.LEFT_OUTER, on=(Ticket.unit == Unit.id)).switch(Ticket)
            .join(handler, JOIN.LEFT_OUTER, on=(Ticket.assignee == handler.id))
            .where((Ticket.estate == estate) & (Ticket.team == team) & Ticket.state.in_(OPEN_STATES))
            .order_by(Ticket.created_at, Ticket.id))


def _ticket_line(ticket):
    where = ticket.unit.number if ticket.unit_id else ticket.location
    who = ticket.assignee.name if ticket.assignee_id else ""
    return Line(TICKET, ticket.id, " · ".join(filter(None, (ticket.number, where, who))), ticket.state, "")


def _loans_out(estate, team):
    query = Loan.open_of(estate).order_by(Loan.due_at, Loan.id)
    if team != SECURITY:  # security keeps the cabinets; another team answers for what its people hold
        query = query.join(Staff, on=(Loan.holder_staff == Staff.id)).where(Staff.team == team)
    return list(query)


def _loan_line(kind, loan, tz):
    due = local_time(loan.due_at, tz).strftime("%m-%d %H:%M")
    return Line(kind, loan.id, f"{loan.thing} → {loan.holder} · {due}", None, "")


def history(estate, team=None, limit=100):
    """The hand-overs of an estate (of one team), newest first, with their item and unconfirmed counts."""
    incoming = Staff.alias()
    query = (Handover.select(Handover, Staff, incoming)
             .join(Staff, on=(Handover.outgoing == Staff.id)).switch(Handover)
             .join(incoming, JOIN.LEFT_OUTER, on=(Handover.incoming == incoming.id))
             .where(Handover.estate == estate).order_by(Handover.opened_at.desc(), Handover.id.desc()).limit(limit))
    if team:
        query = query.where(Handover.team == team)
    handovers = list(query)
    return handovers, _counts([h.id for h in handovers])


def _counts(ids):
    """{handover id: (items, unconfirmed)}."""
    rows = (HandoverItem.select(HandoverItem.handover, fn.COUNT(HandoverItem.id),
                                fn.SUM(Case(None, [(HandoverItem.confirmed == False, 1)], 0)))  # noqa: E712
            .where(HandoverItem.handover.in_(ids or [0])).group_by(HandoverItem.handover).tuples())
    return {handover: (total, int(left or 0)) for handover, total, left in rows}

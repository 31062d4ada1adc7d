"""Operations that change tickets: each opens one transaction, asks the domain, writes the change and its event."""
from peewee import IntegrityError

from .. import clock
from ..db import db, write_transaction
from ..domain import N_, Refused
from ..domain.hours import is_desk_hours, local_time
from .calendar import desk_open_on
from ..domain.numbering import ticket_number
from ..domain.routing import Request, Staffing, route, team_for
from ..domain.vocabulary import CENTER_HEAD, CS_HEAD, DISPATCHED, HELD_STATES, HELP, NEW, REPAIR
from ..domain.workflow import (Actor, Facts, archived_when_closed, check_new_kind, check_picks, check_satisfaction,
                               chosen_team, next_state, revisit_closes, stamps)
from .alerts import alert_step
from .changes import bump
from .clocks import Clocks
from .duty import Duty
from .estate import Estate, Membership, post_holder
from .people import Staff
from .photo import FINISH, INTAKE, attach, discard
from .ticket import DayCounter, Revisit, Ticket, TicketEvent


def take_request(estate, taker, intake_key=None, answer="", photos=(), **fields):
    """Turn a request from any channel into a ticket, routed by the center's rules.

    A form submitted twice (double tap, retry) with the same intake_key yields the first ticket: views ask
    `sent_before` first, so photos are not stored again; the unique key settles two sent at the same moment.
    """
    estate = Estate.get_by_id(estate.id)  # its settings as saved now, however long the caller kept it
    now = clock.utcnow()
    local = local_time(now, estate.timezone)
    unit = fields.get("unit")
    team = fields.pop("team", None)
    if team and fields["kind"] == HELP:
        fields["category"] = team
    decision = decide_route(estate, taker, local, fields, team, settled=bool(answer.strip()))
    try:
        with write_transaction():
            ticket = Ticket.create(
                estate=estate, number=_next_number(local.date()), taken_by=taker,
                state=next_state("take", Facts(fields["kind"], None), _actor(taker)),
                owner_important=bool(unit and unit.important), after_hours=not _desk_open(estate, local),
                reply=answer.strip() or None, intake_key=intake_key or None,
                created_at=now, updated_at=now, **fields)
            record_event(ticket, taker, "take", None, NEW, note=ticket.channel, at=now)
            attach(ticket, photos, INTAKE, taker)
            bump(estate.id)
            if decision.state != NEW:
                step(ticket, taker, "route", note=decision.reason, person=decision.assignee, team=decision.team,
                     routed=decision.state, needs_revisit=decision.needs_revisit, at=now)
    except IntegrityError:
        existing = sent_before(intake_key)
        if existing is None:
            raise
        discard(photos)  # the same form, sent twice: the first one's ticket keeps its own copies
        return existing
    return Ticket.get_by_id(ticket.id)


def staff_scope(staff):
    """Where a member of staff's form keys count: their own forms only."""
    return f"s{staff.id}"


def sent_before(intake_key):
    """The ticket a form with this (scoped) key already made, or None."""
    return Ticket.get_or_none(Ticket.intake_key == intake_key) if intake_key else None


def _desk_open(estate, local):
    """Within desk hours on a day the desk opens (not on holidays; at weekends as the estate says)."""
    return is_desk_hours(local, *estate.desk_hours) and desk_open_on(estate, local.date())


def decide_route(estate, taker, local, fields, team, settled):
    """Where a request goes by the center's rules, with who holds which post today."""
    return route(_request_facts(estate, local, fields, team, settled),
                 _staffing(estate, taker, fields.get("unit"), local), estate.dispatch_modes())


def _request_facts(estate, local, fields, team, settled):
    unit = fields.get("unit")
    category = fields.get("category", "")
    return Request(kind=fields["kind"], team=team_for(fields["kind"], category, team, estate.dispatch_teams()),
                   category=category,
                   cosigners=fields.get("cosigners", 0), owner_important=bool(unit and unit.important),
                   settled_at_desk=settled, desk_hours=_desk_open(estate, local),
                   sensitive=bool(fields.get("sensitive")))


def _staffing(estate, taker, unit, local):
    def holder(role):
        person = post_holder(estate, role)
        return person.id if person else None
    manager = unit.area_manager if unit else None
    return Staffing(taker=taker.id if taker else None, on_duty=Duty.leads_now(estate, local),
                    area_manager=manager.id if manager else None,
                    cs_head=holder(CS_HEAD), center_head=holder(CENTER_HEAD))


def _next_number(day):
    key = f"{day:%Y%m%d}"
    if not DayCounter.update(last=DayCounter.last + 1).where(DayCounter.day == key).execute():
        try:
            with db.atomic():
                DayCounter.create(day=key, last=1)
        except IntegrityError:
            DayCounter.update(last=DayCounter.last + 1).where(DayCounter.day == key).execute()
    return ticket_number(day, DayCounter.get_by_id(key).last)


def record_event(ticket, actor, action, from_state, to_state, note="", target=None, team=None, at=None):
    """Append one step to a ticket's timeline (actor None: the resident)."""
    return TicketEvent.create(ticket=ticket, actor=actor, action=action, from_state=from_state,
                              to_state=to_state, note=note or "", target=target, team=team,
                              at=at or clock.utcnow())


def facts_of(ticket):
    return Facts(kind=ticket.kind, state=ticket.state, team=ticket.team, assignee=ticket.assignee_id,
                 sensitive=ticket.sensitive, needs_revisit=ticket.needs_revisit)


def advance(ticket_id, actor, action, note="", target=None, team=None, **given):
    """Take one step of a ticket's life (accept, arrive, hold, finish…) as staff, and record it.

    Race-free: the change is a conditional UPDATE on the state and handler that were read, so of two
    people accepting the same order at once exactly one wins; the other is told who took it.
    """
    with write_transaction():
        ticket = Ticket.get_by_id(ticket_id)
        person = _colleague(ticket, target) if target else None
        try:
            step(ticket, actor, action, note=note, person=person,
                 team=chosen_team(team, person.team if person else None),
                 held=_held_by(actor), cap=ticket.estate.max_open_orders, **given)
        except Refused:
            _explain_if_taken(Ticket.get_by_id(ticket_id), action, actor)
            raise
    return Ticket.get_by_id(ticket_id)


def step(ticket, actor, action, note="", person=None, team=None, routed=None, held=0, cap=None, at=None,
         shown=None, **given):
    """One step on a ticket read in the caller's transaction: the domain decides the state and the fields
    (actor None: the resident); `shown` overrides what the timeline shows (note, target, team)."""
    note = (note or "").strip()
    before = facts_of(ticket)
    to_state = next_state(action, before, _actor(actor), note=note, held=held, cap=cap, routed=routed)
    check_picks(action, person, team)
    at = at or clock.utcnow()
    if ticket.held_since is not None:  # leaving a hold: its minutes on the kind's clock do not count
        given["paused"] = Clocks(ticket.estate_id).paused(ticket, at)
    fields = stamps(action, to_state, now=at, note=note, actor=actor.id if actor else None,
                    person=_id(person), team=team, **given)
    event = dict(note=note, target=_id(person), team=fields.get("team"))
    event.update(shown or {})
    _write_step(ticket, before, actor, action, to_state, fields, at, **event)


def _write_step(ticket, before, actor, action, to_state, fields, at, **shown):
    """The one writer of Ticket.state: a conditional UPDATE on the state and handler that were read, so a
    step taken on a stale view loses instead of overwriting; then exactly one event."""
    won = (Ticket.update(state=to_state, updated_at=at, **fields)
           .where((Ticket.id == ticket.id) & (Ticket.state == before.state) & _same_handler(before.assignee))
           .execute())
    if not won:
        raise Refused(N_("Someone changed this ticket just now; look at it again."))
    record_event(ticket, actor, action, before.state, to_state, at=at, **shown)
    alert_step(ticket, action, before, to_state, fields)  # dispatched or urged: into the outbox, same transaction
    bump(ticket.estate_id)


def _actor(staff):
    return Actor(staff.id, staff.role, staff.team) if staff else None


def _id(person):
    return person.id if isinstance(person, Staff) else person


def _same_handler(assignee_id):
    return Ticket.assignee.is_null() if assignee_id is None else (Ticket.assignee == assignee_id)


def _explain_if_taken(ticket, action, actor):
    if action != "accept" or ticket.state == DISPATCHED or ticket.assignee_id is None:
        return
    if ticket.assignee_id == actor.id:
        raise Refused(N_("You have already accepted this order."))
    raise Refused(N_("%(name)s has already taken this order."), name=ticket.assignee.name)


def _held_by(staff):
    return Ticket.select().where((Ticket.assignee == staff) & Ticket.state.in_(HELD_STATES)).count()


def _colleague(ticket, staff_id):
    person = (Staff.select().join(Membership)
              .where((Staff.id == staff_id) & Staff.active & (Membership.estate == ticket.estate_id)).first())
    if person is None:
        raise Refused(N_("Choose a colleague who works in this estate."))
    return person


def reclassify(ticket_id, actor, kind, team=None):
    """The desk files a ticket as another kind; it is routed afresh by that kind's rules (a resident's
    complaint that is a suggestion goes to the CS head). Race-free like every step."""
    now = clock.utcnow()
    with write_transaction():
        ticket = Ticket.get_by_id(ticket_id)
        next_state("reclassify", facts_of(ticket), _actor(actor), routed=NEW)  # may they, before routing
        check_new_kind(ticket.kind, kind)
        fields = dict(kind=kind, unit=ticket.unit, category=ticket.category if kind == REPAIR else "",
                      cosigners=ticket.cosigners, sensitive=ticket.sensitive)
        decision = decide_route(ticket.estate, ticket.taken_by or actor, local_time(now, ticket.estate.timezone),
                                fields, team, settled=False)
        step(ticket, actor, "reclassify", person=decision.assignee, team=decision.team, routed=decision.state,
             at=now, shown=dict(note=f"{ticket.kind}>{kind}"), kind=kind, needs_revisit=decision.needs_revisit,
             category=decision.team if kind == HELP else fields["category"])
    return Ticket.get_by_id(ticket_id)


def revisit(ticket_id, actor, reached, satisfaction=None, comment=""):
    """Record a return visit (回访); reaching the owner closes the ticket, as does the third failed try."""
    with write_transaction():
        ticket = Ticket.get_by_id(ticket_id)
        next_state("revisit", facts_of(ticket), _actor(actor))
        satisfaction = check_satisfaction(reached, satisfaction)
        attempts = Revisit.select().where(Revisit.ticket == ticket).count()
        Revisit.create(ticket=ticket, by=actor, reached=reached, satisfaction=satisfaction,
                       comment=(comment or "").strip())
        if revisit_closes(reached, attempts):
            step(ticket, actor, "revisit", note=comment, satisfaction=satisfaction,
                 archived=archived_when_closed(ticket.kind, ticket.unit_id is not None))
        else:
            step(ticket, actor, "revisit_attempt", note=comment)
    return Ticket.get_by_id(ticket_id)


def finish(ticket_id, actor, note, photos=(), **charges):
    """Finish the work: what was done, its photos and, for repairs, paid or free with labour and materials."""
    with write_transaction():
        ticket = advance(ticket_id, actor, "finish", note=note, **charges)
        attach(ticket, photos, FINISH, actor)
    return Ticket.get_by_id(ticket_id)

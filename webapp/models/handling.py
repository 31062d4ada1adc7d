"""Operations that change tickets: each opens one transaction, asks the domain, writes the change and its event."""
from peewee import IntegrityError

from .. import clock
from ..db import db, write_transaction
from ..domain import N_, Refused
from ..domain.hours import is_desk_hours, local_time
from ..domain.numbering import ticket_number
from ..domain.routing import Request, Staffing, route
from ..domain.vocabulary import (ACCEPTED, ARCHIVED_KINDS, CENTER_HEAD, CLOSED, CS_HEAD, DISPATCHED, DONE, HELP,
                                 HELD_STATES, NEW, REPAIR, RESOLVED_AT_DESK)
from ..domain.workflow import Actor, Facts, check_new_kind, check_satisfaction, next_state, revisit_closes
from .changes import bump
from .duty import Duty
from .estate import Estate, Membership, post_holder
from .people import Staff
from .photo import FINISH, INTAKE, attach, discard
from .ticket import DayCounter, Revisit, Ticket, TicketEvent


def take_request(estate, taker, intake_key=None, answer="", photos=(), **fields):
    """Turn a request from any channel into a ticket, routed by the center's rules.

    A form submitted twice (double tap, retry) with the same intake_key yields the first ticket.
    """
    existing = sent_before(intake_key)
    if existing:
        discard(photos)
        return existing
    estate = Estate.get_by_id(estate.id)  # its settings as saved now, however long the caller kept it
    now = clock.utcnow()
    local = local_time(now, estate.timezone)
    unit = fields.get("unit")
    team = fields.pop("team", None)
    if team and fields["kind"] == HELP:
        fields["category"] = team
    decision = route(_request_facts(estate, local, fields, team, settled=bool(answer.strip())),
                     _staffing(estate, taker, unit, local.date()), estate.dispatch_modes())
    try:
        with write_transaction():
            ticket = Ticket.create(
                estate=estate, number=_next_number(local.date()), taken_by=taker, state=decision.state,
                team=decision.team, assignee=decision.assignee, needs_revisit=decision.needs_revisit,
                owner_important=bool(unit and unit.important), after_hours=not _desk_open(estate, local),
                reply=answer.strip() or None, intake_key=intake_key or None,
                created_at=now, updated_at=now,
                accepted_at=now if decision.state == ACCEPTED else None,
                closed_at=now if decision.state == RESOLVED_AT_DESK else None, **fields)
            record_event(ticket, taker, "take", None, NEW, note=ticket.channel, at=now)
            attach(ticket, photos, INTAKE, taker)
            bump(estate.id)
            if decision.state != NEW:
                record_event(ticket, taker, "route", NEW, decision.state, note=decision.reason,
                        target=decision.assignee, team=decision.team, at=now)
    except IntegrityError:
        existing = sent_before(intake_key)
        if existing is None:
            raise
        discard(photos)  # the same form, sent twice at once: the other request stored its own copies
        return existing
    return ticket


def staff_scope(staff):
    """Where a member of staff's form keys count: their own forms only."""
    return f"s{staff.id}"


def sent_before(intake_key):
    """The ticket a form with this (scoped) key already made, or None."""
    return Ticket.get_or_none(Ticket.intake_key == intake_key) if intake_key else None


def _desk_open(estate, local):
    return is_desk_hours(local, *estate.desk_hours)


def _request_facts(estate, local, fields, team, settled):
    unit = fields.get("unit")
    return Request(kind=fields["kind"], team=team, category=fields.get("category", ""),
                   cosigners=fields.get("cosigners", 0), owner_important=bool(unit and unit.important),
                   settled_at_desk=settled, desk_hours=_desk_open(estate, local),
                   sensitive=bool(fields.get("sensitive")))


def _staffing(estate, taker, unit, day):
    def holder(role):
        person = post_holder(estate, role)
        return person.id if person else None
    manager = unit.area_manager if unit else None
    return Staffing(taker=taker.id if taker else None, on_duty=Duty.leads(estate, day),
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


def advance(ticket_id, actor, action, note="", target=None, team=None):
    """Take one step of a ticket's life (accept, arrive, hold, finish…) and record it.

    Race-free: the change is a conditional UPDATE on the state and handler that were read, so of two
    people accepting the same order at once exactly one wins; the other is told who took it.
    """
    note = (note or "").strip()
    with write_transaction():
        ticket = Ticket.get_by_id(ticket_id)
        before = facts_of(ticket)
        target_staff = _colleague(ticket, target) if target else None
        try:
            to_state = next_state(action, before, Actor(actor.id, actor.role), note=note,
                                  held=_held_by(actor), cap=ticket.estate.max_open_orders)
        except Refused:
            _explain_if_taken(ticket, action, actor)
            raise
        changes = _changes(action, ticket, actor, to_state, note, target_staff, team)
        won = (Ticket.update(state=to_state, updated_at=clock.utcnow(), **changes)
               .where((Ticket.id == ticket.id) & (Ticket.state == before.state)
                      & _same_handler(before.assignee)).execute())
        if not won:
            _explain_if_taken(Ticket.get_by_id(ticket_id), action, actor)
            raise Refused(N_("Someone changed this ticket just now; look at it again."))
        record_event(ticket, actor, action, before.state, to_state, note=note,
                target=target_staff, team=changes.get("team"))
        bump(ticket.estate_id)
    return Ticket.get_by_id(ticket_id)


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


def _changes(action, ticket, actor, to_state, note, target, team):
    now = clock.utcnow()
    if action in ("dispatch", "reassign"):
        if target is None and not team:
            raise Refused(N_("Choose a team's queue or a person."))
        return {"assignee": target, "team": team or (target.team if target else None), "accepted_at": None}
    if action == "accept":
        return {"assignee": actor, "accepted_at": now}
    if action == "hold":
        return {"hold_reason": note}
    if action == "resume":
        return {"hold_reason": None}
    if action == "finish":
        return {"reply": note, "done_at": now if to_state == DONE else None}
    if action == "approve":
        return {"done_at": now} if to_state == DONE else {"closed_at": now}
    if action == "cancel":
        return {"closed_at": now}
    if action == "escalate":
        return {"escalated": True}
    if action == "involve" and target is None:
        raise Refused(N_("Choose the colleague to involve."))
    if action == "resolve_at_desk":
        return {"reply": note, "needs_revisit": False, "closed_at": now if to_state == RESOLVED_AT_DESK else None}
    return {}


def reclassify(ticket_id, actor, kind, team=None):
    """The desk files a ticket as another kind; it is routed afresh by that kind's rules (a resident's
    complaint that is a suggestion goes to the CS head). Race-free like every step."""
    now = clock.utcnow()
    with write_transaction():
        ticket = Ticket.get_by_id(ticket_id)
        before = facts_of(ticket)
        next_state("reclassify", before, Actor(actor.id, actor.role), note="-")
        check_new_kind(ticket.kind, kind)
        local = local_time(now, ticket.estate.timezone)
        fields = dict(kind=kind, unit=ticket.unit, category=ticket.category if kind == REPAIR else "",
                      cosigners=ticket.cosigners, sensitive=ticket.sensitive)
        decision = route(_request_facts(ticket.estate, local, fields, team, settled=False),
                         _staffing(ticket.estate, ticket.taken_by or actor, ticket.unit, local.date()),
                         ticket.estate.dispatch_modes())
        won = (Ticket.update(kind=kind, category=decision.team if kind == HELP else fields["category"],
                             state=decision.state,
                             team=decision.team, assignee=decision.assignee, needs_revisit=decision.needs_revisit,
                             accepted_at=now if decision.state == ACCEPTED else None, updated_at=now)
               .where((Ticket.id == ticket.id) & (Ticket.state == before.state) & _same_handler(before.assignee))
               .execute())
        if not won:
            raise Refused(N_("Someone changed this ticket just now; look at it again."))
        record_event(ticket, actor, "reclassify", before.state, decision.state, note=f"{ticket.kind}>{kind}",
                     target=decision.assignee, team=decision.team, at=now)
        bump(ticket.estate_id)
    return Ticket.get_by_id(ticket_id)


def revisit(ticket_id, actor, reached, satisfaction=None, comment=""):
    """Record a return visit (回访); reaching the owner closes the ticket, as does the third failed try."""
    with write_transaction():
        ticket = Ticket.get_by_id(ticket_id)
        next_state("revisit", facts_of(ticket), Actor(actor.id, actor.role), note="-")
        satisfaction = check_satisfaction(reached, satisfaction)
        attempts = Revisit.select().where(Revisit.ticket == ticket).count()
        Revisit.create(ticket=ticket, by=actor, reached=reached, satisfaction=satisfaction,
                       comment=(comment or "").strip())
        bump(ticket.estate_id)
        if not revisit_closes(reached, attempts):
            record_event(ticket, actor, "revisit_attempt", DONE, DONE, note=comment)
            return ticket
        now = clock.utcnow()
        Ticket.update(state=CLOSED, satisfaction=satisfaction, closed_at=now, updated_at=now,
                      archived=ticket.kind in ARCHIVED_KINDS and ticket.unit_id is not None
                      ).where(Ticket.id == ticket.id).execute()
        record_event(ticket, actor, "revisit", DONE, CLOSED, note=comment)
    return Ticket.get_by_id(ticket_id)


def finish(ticket_id, actor, note, photos=(), **charges):
    """Finish the work: what was done, its photos and, for repairs, paid or free with labour and materials."""
    with write_transaction():
        ticket = advance(ticket_id, actor, "finish", note=note)
        if charges:
            Ticket.update(**charges).where(Ticket.id == ticket_id).execute()
        attach(ticket, photos, FINISH, actor)
    return Ticket.get_by_id(ticket_id)

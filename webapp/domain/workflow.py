"""The ticket's life: which step is legal from which state, and who may take it."""
from dataclasses import dataclass
from typing import Callable

from . import N_, Refused
from .vocabulary import (
    ACCEPTED, AWAITING_APPROVAL, CANCELLED, CENTER_HEAD, CHALLENGE, CLOSED, COMPLAINT, CS_HEAD,
    DESK_ROLES, DISPATCHED, DONE, FRONT_DESK, ADMIN, INQUIRY, KINDS, NEW, ON_HOLD, ON_SITE,
    OPEN_STATES, RESOLVED_AT_DESK, SECURITY, team_of)


@dataclass(frozen=True)
class Facts:
    """What the rules need to know about a ticket."""
    kind: str
    state: str
    team: str | None = None
    assignee: int | None = None
    sensitive: bool = False
    needs_revisit: bool = True


@dataclass(frozen=True)
class Actor:
    id: int
    role: str


def _desk(actor, facts):
    return actor.role in DESK_ROLES


def _handler(actor, facts):
    return facts.assignee is not None and actor.id == facts.assignee


def _desk_or_handler(actor, facts):
    return _desk(actor, facts) or _handler(actor, facts)


def _dispatcher(actor, facts):
    # After desk hours the security monitoring center dispatches what waits in its queue.
    monitoring = actor.role == SECURITY and facts.team in (None, SECURITY)
    return _desk_or_handler(actor, facts) or monitoring


def _acceptor(actor, facts):
    if facts.assignee is not None:
        return actor.id == facts.assignee
    return facts.team is not None and team_of(actor.role) == facts.team


def _approver(actor, facts):
    return actor.role in (CS_HEAD, CENTER_HEAD)


def _revisitor(actor, facts):
    return actor.role in (FRONT_DESK, CS_HEAD, CENTER_HEAD, ADMIN)


@dataclass(frozen=True)
class Step:
    sources: tuple
    target: str | None           # None: the state does not change
    may: Callable
    wrong_state: str
    not_allowed: str
    needs_note: str | None = None


STEPS = {
    "dispatch": Step((NEW,), DISPATCHED, _dispatcher,
                     N_("Only a new ticket can be dispatched; use reassign for one already dispatched."),
                     N_("Only the desk or the monitoring center dispatches tickets.")),
    "reassign": Step((DISPATCHED, ACCEPTED, ON_SITE, ON_HOLD), DISPATCHED, _dispatcher,
                     N_("Only a ticket that is being handled can be reassigned."),
                     N_("Only the desk, the monitoring center or the current handler can reassign this ticket.")),
    "accept": Step((DISPATCHED,), ACCEPTED, _acceptor,
                   N_("Only a dispatched order can be accepted."),
                   N_("This order is not for you or your team.")),
    "arrive": Step((ACCEPTED,), ON_SITE, _handler,
                   N_("Accept the order before marking it on site."),
                   N_("Only the person handling the order can mark it on site.")),
    "hold": Step((ACCEPTED, ON_SITE), ON_HOLD, _desk_or_handler,
                 N_("Only an order being worked on can be put on hold."),
                 N_("Only the handler or the desk can put this order on hold."),
                 N_("Say what it is waiting for (parts, the owner…).")),
    "resume": Step((ON_HOLD,), ACCEPTED, _desk_or_handler,
                   N_("Only an order on hold can be resumed."),
                   N_("Only the handler or the desk can resume this order.")),
    "finish": Step((ACCEPTED, ON_SITE), DONE, _handler,
                   N_("Only an accepted order can be finished."),
                   N_("Only the person handling the ticket can finish it."),
                   N_("Write what was done or the reply given.")),
    "approve": Step((AWAITING_APPROVAL,), DONE, _approver,
                    N_("Only a reply waiting for approval can be approved."),
                    N_("Only the customer service head approves replies to sensitive challenges.")),
    "send_back": Step((AWAITING_APPROVAL,), ACCEPTED, _approver,
                      N_("Only a reply waiting for approval can be sent back."),
                      N_("Only the customer service head approves replies to sensitive challenges."),
                      N_("Say what the reply should change.")),
    "revisit": Step((DONE,), CLOSED, _revisitor,
                    N_("Only a finished ticket gets a return visit."),
                    N_("Return visits are done by the front desk.")),
    "cancel": Step(OPEN_STATES, CANCELLED, _desk,
                   N_("This ticket is already finished or cancelled."),
                   N_("Only the desk can cancel a ticket."),
                   N_("Say why the ticket is cancelled.")),
    "escalate": Step(OPEN_STATES, None, _desk_or_handler,
                     N_("A finished ticket cannot be escalated."),
                     N_("Only the handler or the desk can escalate this ticket."),
                     N_("Say why it needs escalating.")),
    "involve": Step(OPEN_STATES, None, _handler,
                    N_("A finished ticket cannot involve anyone else."),
                    N_("Only the owner of the complaint can involve colleagues.")),
    "reclassify": Step((NEW, DISPATCHED, ACCEPTED), None, _desk,
                       N_("Only a ticket not yet being worked on can change its kind."),
                       N_("Only the desk changes the kind of a ticket.")),
    "resolve_at_desk": Step((NEW, DISPATCHED), RESOLVED_AT_DESK, _desk,
                            N_("Only a ticket not yet taken up can be settled at the desk."),
                            N_("Only the desk settles inquiries and challenges on the spot."),
                            N_("Write the answer given.")),
}


def next_state(action, facts, actor, note="", held=0, cap=None):
    """The state after `action`, or Refused saying why the step is not allowed."""
    step = STEPS.get(action)
    if step is None:
        raise Refused(N_("Unknown step."))
    if facts.state not in step.sources:
        raise Refused(step.wrong_state)
    if not step.may(actor, facts):
        raise Refused(step.not_allowed)
    if step.needs_note and not (note or "").strip():
        raise Refused(step.needs_note)
    _check_kind(action, facts)
    if action == "accept" and cap is not None and held >= cap:
        raise Refused(N_("You already hold %(held)s open orders, the most this estate allows (%(cap)s). "
                         "Finish one first."), held=held, cap=cap)
    if action in ("finish", "resolve_at_desk") and reply_needs_approval(facts.kind, facts.sensitive):
        return AWAITING_APPROVAL
    if action == "approve" and not facts.needs_revisit:
        return RESOLVED_AT_DESK  # a reply given at the desk, now approved: nothing to revisit
    if action == "send_back" and facts.assignee is None:
        return NEW  # answered at the desk: back to the desk to answer again
    return step.target or facts.state


def check_new_kind(old_kind, new_kind):
    """The desk may file a ticket as another kind (a complaint that is really a suggestion)."""
    if new_kind not in KINDS or new_kind == old_kind:
        raise Refused(N_("Choose another kind for this ticket."))


def reply_needs_approval(kind, sensitive):
    """A sensitive challenge's reply needs the CS head's approval, however it is recorded: answered at intake,
    settled at the desk later, or finished by the handler."""
    return kind == CHALLENGE and sensitive


def _check_kind(action, facts):
    if action == "reassign" and facts.kind == COMPLAINT:
        raise Refused(N_("A complaint stays with the person who took it (first-contact responsibility); "
                         "involve a colleague instead."))
    if action == "involve" and facts.kind != COMPLAINT:
        raise Refused(N_("Only complaints involve colleagues; reassign other tickets."))
    if action == "resolve_at_desk" and facts.kind not in (INQUIRY, CHALLENGE):
        raise Refused(N_("Only inquiries and challenges are settled at the desk."))



REVISIT_ATTEMPTS = 3


def revisit_closes(reached, attempts_before):
    """A reached owner closes the ticket; so does the third failed attempt (三次未联系上)."""
    return reached or attempts_before + 1 >= REVISIT_ATTEMPTS


def check_satisfaction(reached, satisfaction):
    """A reached owner gives a satisfaction of 1–5; an unreached one gives none."""
    if not reached:
        return None
    if satisfaction not in (1, 2, 3, 4, 5):
        raise Refused(N_("Choose a satisfaction from 1 to 5."))
    return satisfaction


def available_steps(facts, actor):
    """The steps this person may take on the ticket now (notes aside), in the order shown."""
    possible = []
    for action in STEPS:
        try:
            next_state(action, facts, actor, note="-")
        except Refused:
            continue
        possible.append(action)
    return possible


def reply_channel(channel):
    """Reply the way the request came: letter by letter, e-mail by e-mail, otherwise phone or in person."""
    return channel if channel in ("letter", "email", "walk_in", "phone") else "phone"

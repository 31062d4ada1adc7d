"""The ticket's whole life: every step, from which states, to which, who may take it, what it stamps."""
from dataclasses import dataclass

from . import N_, Refused
from .steps import (ACTOR, COMPLETION, KEEP, KIND_FORM, NOTE, NOW, ON_PAGE, PERSON, PERSON_GIVEN, REVISIT_FORM,
                    TEAM_GIVEN, TEAM_OR_PERSON, From, Step, When, acceptor, anyone, approver, desk,
                    desk_or_handler, dispatcher, handler, resident, resolve, revisitor)
from .vocabulary import (ACCEPTED, ARCHIVED_KINDS, AWAITING_APPROVAL, CANCELLED, CHALLENGE, CLOSED, COMPLAINT,
                         DISPATCHED, DONE, INQUIRY, KINDS, NEW, ON_HOLD, ON_SITE, OPEN_STATES, RESOLVED_AT_DESK,
                         team_of)


@dataclass(frozen=True)
class Facts:
    """What the rules need to know about a ticket."""
    kind: str
    state: str | None
    team: str | None = None
    assignee: int | None = None
    sensitive: bool = False
    needs_revisit: bool = True


@dataclass(frozen=True)
class Actor:
    id: int
    role: str
    team: str | None = None  # the team whose queue they work; unset: the one of their role

    @property
    def works_in(self):
        return self.team if self.team is not None else team_of(self.role)


def _replied(settled):
    """Finished or settled, unless a sensitive challenge's reply must first be approved."""
    def target(facts):
        return AWAITING_APPROVAL if reply_needs_approval(facts.kind, facts.sensitive) else settled
    return target


def _approved(facts):
    return DONE if facts.needs_revisit else RESOLVED_AT_DESK  # a reply given at the desk: nothing to revisit


def _sent_back(facts):
    return ACCEPTED if facts.assignee is not None else NEW  # answered at the desk: back to the desk


ROUTED = From("routed")  # the target is the routing decision (domain/routing.py), made with the staffing
_ROUTE_STAMPS = dict(team=TEAM_GIVEN, assignee=PERSON_GIVEN, needs_revisit=From("needs_revisit"),
                     accepted_at=When(ACCEPTED, NOW, None), closed_at=When(RESOLVED_AT_DESK, NOW),
                     dispatched_at=When(DISPATCHED, NOW))
# A hold stops the clock; leaving it adds the minutes it took (PAUSED: computed by the writer on the kind's clock).
PAUSED = From("paused", KEEP)
_LEAVE_HOLD = dict(held_since=None, paused_minutes=PAUSED)
# A repair's charge (有偿/无偿), recorded with the work when the completion form gives it.
_CHARGES = {name: From(name, KEEP) for name in ("paid", "labour_fee", "materials", "materials_fee")}
_RESIDENT_ONLY = N_("Only the resident can do this, from their tracking link.")

STEPS = {
    "take": Step((None,), NEW, anyone, N_("This ticket has already been taken."),
                 N_("This ticket has already been taken.")),
    "route": Step((NEW,), ROUTED, anyone, N_("Only a new ticket is routed."), N_("Only a new ticket is routed."),
                  stamps=_ROUTE_STAMPS),
    "dispatch": Step((NEW,), DISPATCHED, dispatcher,
                     N_("Only a new ticket can be dispatched; use reassign for one already dispatched."),
                     N_("Only the desk or the monitoring center dispatches tickets."),
                     stamps=dict(assignee=PERSON_GIVEN, team=TEAM_GIVEN, accepted_at=None, dispatched_at=NOW),
                     picks=TEAM_OR_PERSON, form=ON_PAGE, takes_note=True),
    "reassign": Step((DISPATCHED, ACCEPTED, ON_SITE, ON_HOLD), DISPATCHED, dispatcher,
                     N_("Only a ticket that is being handled can be reassigned."),
                     N_("Only the desk, the monitoring center or the current handler can reassign this ticket."),
                     stamps=dict(assignee=PERSON_GIVEN, team=TEAM_GIVEN, accepted_at=None, dispatched_at=NOW,
                                 arrived_at=None, **_LEAVE_HOLD),
                     picks=TEAM_OR_PERSON, form=ON_PAGE, takes_note=True),
    "accept": Step((DISPATCHED,), ACCEPTED, acceptor,
                   N_("Only a dispatched order can be accepted."),
                   N_("This order is not for you or your team."),
                   stamps=dict(assignee=ACTOR, accepted_at=NOW), form=ON_PAGE, primary=True),
    "arrive": Step((ACCEPTED,), ON_SITE, handler,
                   N_("Accept the order before marking it on site."),
                   N_("Only the person handling the order can mark it on site."), stamps=dict(arrived_at=NOW),
                   form=ON_PAGE, primary=True),
    "hold": Step((ACCEPTED, ON_SITE), ON_HOLD, desk_or_handler,
                 N_("Only an order being worked on can be put on hold."),
                 N_("Only the handler or the desk can put this order on hold."),
                 N_("Say what it is waiting for (parts, the owner…)."), stamps=dict(hold_reason=NOTE, held_since=NOW),
                 form=ON_PAGE),
    "resume": Step((ON_HOLD,), ACCEPTED, desk_or_handler,
                   N_("Only an order on hold can be resumed."),
                   N_("Only the handler or the desk can resume this order."),
                   stamps=dict(hold_reason=None, **_LEAVE_HOLD), form=ON_PAGE),
    "finish": Step((ACCEPTED, ON_SITE), _replied(DONE), handler,
                   N_("Only an accepted order can be finished."),
                   N_("Only the person handling the ticket can finish it."),
                   N_("Write what was done or the reply given."),
                   stamps=dict(reply=NOTE, done_at=When(DONE, NOW, None), **_CHARGES), form=COMPLETION),
    "approve": Step((AWAITING_APPROVAL,), _approved, approver,
                    N_("Only a reply waiting for approval can be approved."),
                    N_("Only the customer service head approves replies to sensitive challenges."),
                    stamps=dict(done_at=When(DONE, NOW), closed_at=When(RESOLVED_AT_DESK, NOW)),
                    form=ON_PAGE, takes_note=True, primary=True),
    "send_back": Step((AWAITING_APPROVAL,), _sent_back, approver,
                      N_("Only a reply waiting for approval can be sent back."),
                      N_("Only the customer service head approves replies to sensitive challenges."),
                      N_("Say what the reply should change."), form=ON_PAGE),
    "revisit_attempt": Step((DONE,), None, revisitor,
                            N_("Only a finished ticket gets a return visit."),
                            N_("Return visits are done by the front desk.")),
    "revisit": Step((DONE,), CLOSED, revisitor,
                    N_("Only a finished ticket gets a return visit."),
                    N_("Return visits are done by the front desk."),
                    stamps=dict(satisfaction=From("satisfaction"), closed_at=NOW, archived=From("archived")),
                    form=REVISIT_FORM),
    "cancel": Step(OPEN_STATES, CANCELLED, desk,
                   N_("This ticket is already finished or cancelled."),
                   N_("Only the desk can cancel a ticket."),
                   N_("Say why the ticket is cancelled."), stamps=dict(closed_at=NOW, **_LEAVE_HOLD),
                   form=ON_PAGE),
    "escalate": Step(OPEN_STATES, None, desk_or_handler, N_("A finished ticket cannot be escalated."),
                     N_("Only the handler or the desk can escalate this ticket."),
                     N_("Say why it needs escalating."), stamps=dict(escalated=True), form=ON_PAGE),
    "involve": Step(OPEN_STATES, None, handler,
                    N_("A finished ticket cannot involve anyone else."),
                    N_("Only the owner of the complaint can involve colleagues."),
                    picks=PERSON, form=ON_PAGE, takes_note=True),
    "reclassify": Step((NEW, DISPATCHED, ACCEPTED), ROUTED, desk,
                       N_("Only a ticket not yet being worked on can change its kind."),
                       N_("Only the desk changes the kind of a ticket."),
                       stamps=dict(_ROUTE_STAMPS, kind=From("kind"), category=From("category")), form=KIND_FORM),
    "resolve_at_desk": Step((NEW, DISPATCHED), _replied(RESOLVED_AT_DESK), desk,
                            N_("Only a ticket not yet taken up can be settled at the desk."),
                            N_("Only the desk settles inquiries and challenges on the spot."),
                            N_("Write the answer given."),
                            stamps=dict(reply=NOTE, needs_revisit=False,
                                        closed_at=When(RESOLVED_AT_DESK, NOW, None)), form=ON_PAGE),
    "urge": Step(OPEN_STATES, None, resident, N_("This request is no longer waiting."), _RESIDENT_ONLY,
                 stamps=dict(urged_at=NOW)),
    "rate": Step((DONE,), None, resident, N_("You can rate the request once it is done."), _RESIDENT_ONLY,
                 stamps=dict(resident_rating=From("rating"), resident_comment=NOTE)),
    "reopen": Step((DONE,), DISPATCHED, resident, N_("You can rate the request once it is done."), _RESIDENT_ONLY,
                   stamps=dict(done_at=None, dispatched_at=NOW, arrived_at=None)),
}


# The steps a resident's tracking page shows: those that mean something to them (no internal hand-offs).
SHOWN_TO_RESIDENT = ("take", "route", "accept", "arrive", "hold", "resume", "finish", "approve", "urge", "rate",
                     "reopen", "revisit", "cancel", "dispatch", "reassign")


def next_state(action, facts, actor, note="", held=0, cap=None, routed=None):
    """The state after `action`, or Refused saying why the step is not allowed (actor None: the resident)."""
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
    if step.target is ROUTED:
        return routed
    if callable(step.target):
        return step.target(facts)
    return step.target or facts.state


def stamps(action, to_state, **given):
    """The fields `action` writes on its way to `to_state`, from what it was given (now, note, person…)."""
    return resolve(STEPS[action].stamps, to_state, given)


def check_picks(action, person, team):
    """Dispatching needs a team's queue or a person; involving needs the person."""
    picks = STEPS[action].picks
    if picks == TEAM_OR_PERSON and person is None and not team:
        raise Refused(N_("Choose a team's queue or a person."))
    if picks == PERSON and person is None:
        raise Refused(N_("Choose the colleague to involve."))


def chosen_team(team, person_team):
    """The queue a dispatched ticket waits in: the team chosen, else the chosen person's team."""
    return team or person_team


def archived_when_closed(kind, has_unit):
    """Suggestions and challenges of a unit go into the owner's archive when closed."""
    return kind in ARCHIVED_KINDS and has_unit


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
    """The steps this person may take from a page on the ticket now (notes aside), in the order shown."""
    possible = []
    for action, step in STEPS.items():
        if step.form is None:
            continue
        try:
            next_state(action, facts, actor, note="-")
        except Refused:
            continue
        possible.append(action)
    return possible


def page_steps(steps):
    """Of the available steps, those taken with the ticket page's generic step form."""
    return [action for action in steps if STEPS[action].form in (ON_PAGE, COMPLETION)]


def taken_on_page(action):
    """Whether the generic step route takes `action` (the others have forms of their own)."""
    return action in STEPS and STEPS[action].form == ON_PAGE


def reply_channel(channel):
    """Reply the way the request came: letter by letter, e-mail by e-mail, otherwise phone or in person."""
    return channel if channel in ("letter", "email", "walk_in", "phone") else "phone"

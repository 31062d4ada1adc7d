"""Who gets a new ticket: the routing rules of the seeds (DOMAIN.md)."""
from dataclasses import dataclass, field, replace

from . import N_
from .workflow import reply_needs_approval
from .vocabulary import (
    ACCEPTED, ASSIGN, AWAITING_APPROVAL, CHALLENGE, COMPLAINT, COSIGNERS_FOR_CENTER_HEAD, DISPATCHED, ENGINEERING,
    GRAB, HELP, INQUIRY, NEW, REPAIR, REPAIR_CATEGORIES, RESOLVED_AT_DESK, SECURITY, SUGGESTION, TEAMS)

# How each kind is dispatched unless the estate says otherwise (per kind and category).
DEFAULT_MODES = {REPAIR: GRAB, HELP: ASSIGN}
# The (kind, category) pairs an estate may set a mode for; category "" is the kind as a whole.
DISPATCH_SLOTS = ((REPAIR, ""),) + tuple((REPAIR, c) for c in REPAIR_CATEGORIES) + tuple((HELP, t) for t in TEAMS)


@dataclass(frozen=True)
class Request:
    """What the desk knows about a request when it takes it."""
    kind: str
    team: str | None = None          # help: a security or an engineering matter
    category: str = ""
    cosigners: int = 0               # suggestion: number of owners who co-sign
    owner_important: bool = False
    settled_at_desk: bool = False    # inquiry / challenge answered on the spot
    desk_hours: bool = True
    sensitive: bool = False          # challenge: the reply needs the CS head's approval


@dataclass(frozen=True)
class Staffing:
    """Who could take it, as staff ids (None where nobody holds the post)."""
    taker: int | None                # None: a resident reporting by QR
    on_duty: dict = field(default_factory=dict)   # team -> id of its on-duty lead today
    area_manager: int | None = None
    cs_head: int | None = None
    center_head: int | None = None


@dataclass(frozen=True)
class Route:
    state: str
    reason: str                 # why, in words for the timeline (marked for translation)
    team: str | None = None     # the queue it waits in
    assignee: int | None = None
    mode: str | None = None
    needs_revisit: bool = True


def default_team(kind, chosen=None):
    """The queue a help request or repair waits in: the one chosen (the place's own team, the desk's pick),
    else repairs to engineering and help to security; other kinds have no team queue."""
    if kind not in (HELP, REPAIR):
        return None
    return chosen or (ENGINEERING if kind == REPAIR else SECURITY)


def team_for(kind, category="", chosen=None, rules=None):
    """The team a help request or repair goes to: the one chosen (by the desk, by the place), else the team the
    estate gave its category or kind (e.g. public facilities to its cleaning team), else None for the usual one."""
    rules = rules or {}
    return chosen or rules.get((kind, category)) or rules.get((kind, "")) or None


def dispatch_mode(kind, category="", overrides=None):
    """抢单 (grab) or 派单 (assign) for a kind and category; an estate's rule for the category wins."""
    overrides = overrides or {}
    return overrides.get((kind, category)) or overrides.get((kind, "")) or DEFAULT_MODES.get(kind, ASSIGN)


def route(request, staffing, modes=None):
    """Decide where a new request goes."""
    kind = request.kind
    if kind == COMPLAINT and staffing.taker is None:
        return Route(NEW, N_("Reported by a resident: the desk takes it up (first contact)"))
    if kind == COMPLAINT:
        return Route(ACCEPTED, N_("First-contact responsibility: the person who took the complaint owns it"),
                     assignee=staffing.taker)
    if kind in (INQUIRY, CHALLENGE) and request.settled_at_desk:
        if reply_needs_approval(kind, request.sensitive):
            return Route(AWAITING_APPROVAL, N_("Answered at the desk: the reply waits for the customer service "
                                               "head's approval"), needs_revisit=False)
        return Route(RESOLVED_AT_DESK, N_("Settled at the desk"), needs_revisit=False)
    if kind in (HELP, REPAIR) and not request.desk_hours:
        return Route(DISPATCHED, N_("Outside desk hours: to the security monitoring center"),
                     team=SECURITY, mode=GRAB)
    if kind in (HELP, REPAIR):
        team = default_team(kind, request.team)
        return _to_team(team, dispatch_mode(kind, request.category, modes), staffing)
    owner = _to_owner(request, staffing)
    return replace(owner, reason=AFTER_HOURS) if owner.assignee and not request.desk_hours else owner


# Only help and repairs go to the monitoring center after hours; the rest keep their usual owner.
AFTER_HOURS = N_("Taken after desk hours: to its usual owner, from the next desk opening")


def _to_owner(request, staffing):
    kind = request.kind
    if kind == SUGGESTION:
        if request.owner_important or request.cosigners > COSIGNERS_FOR_CENTER_HEAD:
            return _to_person(staffing.center_head, N_("Suggestion from an important owner or more than "
                                                       "five owners: to the service center head"))
        return _to_person(staffing.cs_head, N_("Suggestion: handled by the customer service head"))
    return _to_person(staffing.area_manager, N_("Not settled at the desk: to the unit's area customer manager"))


def _to_team(team, mode, staffing):
    lead = staffing.on_duty.get(team)
    if mode == ASSIGN and lead:
        return Route(DISPATCHED, N_("To the on-duty lead"), team=team, assignee=lead, mode=ASSIGN)
    if mode == ASSIGN:
        return Route(DISPATCHED, N_("Nobody on duty: to the team's queue"), team=team, mode=GRAB)
    return Route(DISPATCHED, N_("To the team's queue: first to accept takes it"), team=team, mode=GRAB)


def _to_person(person, reason):
    if person is None:
        return Route(NEW, N_("Nobody holds this post: waiting for the desk to dispatch"))
    return Route(DISPATCHED, reason, assignee=person, mode=ASSIGN)

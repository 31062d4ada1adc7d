"""Who is alerted when, what an alert says, and how a failed delivery is tried again."""
from datetime import timedelta

from .targets import WAITING_STATES
from .vocabulary import HELP

DISPATCHED, URGED, UNACCEPTED, ESCALATED = "dispatched", "urged", "unaccepted", "escalated"
REASONS = (DISPATCHED, URGED, UNACCEPTED, ESCALATED)
# The escalation levels of a request nobody accepts, in order: (reason, multiple of the target).
LEVELS = ((UNACCEPTED, 1), (ESCALATED, 2))
# A help request is urgent by nature (求助: "arrive as fast as possible"), whether or not it was marked urgent.
ESCALATED_KINDS = (HELP,)
# Older requests are not escalated: after a long outage of the clock, a backlog would flood the center head.
ESCALATION_HORIZON = timedelta(days=1)
# Waits before the next try after the 1st, 2nd… failure; after the last one the delivery has failed for good.
BACKOFF = (timedelta(seconds=30), timedelta(minutes=2), timedelta(minutes=10), timedelta(hours=1),
           timedelta(hours=1))
MAX_TRIES = len(BACKOFF) + 1
PLACE_LENGTH = 40


def dispatch_recipient(assignee, team, on_duty):
    """Who must act on an order just dispatched: the person it is assigned to, else the on-duty lead of the
    team whose queue it waits in, else nobody by name (None)."""
    if assignee is not None:
        return assignee
    return on_duty.get(team) if team else None


def urge_recipient(assignee, team, on_duty):
    """Who hears a resident's 催单: the handler, else the on-duty lead of the ticket's team."""
    return dispatch_recipient(assignee, team, on_duty)


def escalation_recipient(reason, team_lead, on_duty_lead, center_head):
    """Who is alerted at an escalation level: the team's lead (else whoever leads it on duty now), then the
    service center head."""
    if reason == UNACCEPTED:
        return team_lead if team_lead is not None else on_duty_lead
    return center_head


def escalations_due(kind, state, accepted, waited, target_minutes, done=()):
    """The escalation reasons due now for a request that has waited `waited`, not counting those in `done`."""
    if kind not in ESCALATED_KINDS or state not in WAITING_STATES or accepted or not target_minutes:
        return []
    if waited > ESCALATION_HORIZON:
        return []
    return [reason for reason, times in LEVELS
            if reason not in done and waited >= timedelta(minutes=target_minutes * times)]


def message(kind, number, place, urgent, reason, url):
    """What an alert says: only what may show on a lock screen (kind, place, number), no names or phones."""
    return {"kind": kind, "number": number, "place": (place or "")[:PLACE_LENGTH], "urgent": bool(urgent),
            "reason": reason, "url": url}


def place_of(unit_number, place_name, location):
    """Where, as an alert names it: the unit number, else the QR place's name, else the written location."""
    return unit_number or place_name or location or ""


def next_try(attempts, now):
    """When to try a delivery again after its `attempts`-th failed try, or None: give up."""
    if attempts >= MAX_TRIES:
        return None
    return now + BACKOFF[max(attempts, 1) - 1]

"""Who is alerted when, what an alert says, and how a failed delivery is tried again."""
from datetime import timedelta

# overdue: a ticket's handler hears its stage is past the target; escalated: the next person up the chain hears
# (domain/escalation.py).
DISPATCHED, URGED, OVERDUE, ESCALATED = "dispatched", "urged", "overdue", "escalated"
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

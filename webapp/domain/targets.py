"""Response targets: how long a request may wait to be accepted, and how late it is."""
from datetime import timedelta

from .vocabulary import DISPATCHED, NEW

WAITING_STATES = (NEW, DISPATCHED)


def lateness(kind, state, waited, targets):
    """'ok', 'amber' (past the target) or 'red' (past twice the target) for a request not yet accepted."""
    minutes = targets.get(kind)
    if minutes is None or state not in WAITING_STATES:
        return "ok"
    if waited > timedelta(minutes=2 * minutes):
        return "red"
    return "amber" if waited > timedelta(minutes=minutes) else "ok"


def overdue_cutoffs(now, targets):
    """{kind: the creation time before which a still-waiting request of that kind is past its target}."""
    return {kind: now - timedelta(minutes=minutes) for kind, minutes in targets.items()}


def waited_minutes(created_at, now):
    """Whole minutes a request has waited, never negative."""
    return max(0, int((now - created_at).total_seconds() // 60))

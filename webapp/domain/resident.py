"""What a resident sees on a tracking link and when they may act: the timeline in plain words, when 催单
opens, and when a new report from a sticker joins an open one instead of making a duplicate."""
from datetime import timedelta

from . import N_, Refused
from .places import URGE_INTERVAL
from .vocabulary import AWAITING_APPROVAL, CLOSED, DONE, HELP, OPEN_STATES, REPAIR, RESOLVED_AT_DESK

# How long a resident waits after reporting before 催单 is offered: someone in need is urged on sooner.
URGE_WAIT = {HELP: timedelta(minutes=10), REPAIR: timedelta(minutes=30)}
OTHER_URGE_WAIT = timedelta(hours=2)
# The same problem reported again from the same place within this time joins the open ticket.
REPEAT_WINDOW = timedelta(minutes=30)
JOINABLE_KINDS = (REPAIR, HELP)  # a complaint or a suggestion is each person's own: never merged

WORKER_KINDS = (REPAIR, HELP)
REPORTED_AGAIN = "reported_again"

# What each step means to a resident; (worker words, words for other kinds) where they differ.
_WORDS = {
    "take": N_("Received"),
    "route": (N_("A worker has been assigned"), N_("Passed to the person in charge")),
    "dispatch": (N_("A worker has been assigned"), N_("Passed to the person in charge")),
    "reassign": (N_("A worker has been assigned"), N_("Passed to the person in charge")),
    "accept": (N_("The worker has taken the job"), N_("Being looked into")),
    "arrive": N_("The worker is on site"),
    "hold": N_("Paused for now"),
    "resume": N_("Work has resumed"),
    "finish": N_("Work done"),
    "approve": N_("Replied"),
    "urge": N_("You asked staff to hurry"),
    "rate": N_("You rated the work"),
    "reopen": N_("You said it is not fixed: staff have been told to handle it again"),
    "revisit": N_("Return visit made; the request is closed"),
    "cancel": N_("Cancelled"),
    REPORTED_AGAIN: N_("Reported again by another resident"),
}


def resident_words(action, kind, to_state):
    """A timeline step in the resident's words (marked for translation), or None when it is internal."""
    if action == "finish" and to_state == AWAITING_APPROVAL:
        return N_("A reply is being checked")
    words = _WORDS.get(action)
    if isinstance(words, tuple):
        return words[0] if kind in WORKER_KINDS else words[1]
    return words


def urge_opens_at(kind, reported_at):
    """When 催单 is first offered for a request of this kind reported at `reported_at`."""
    return reported_at + URGE_WAIT.get(kind, OTHER_URGE_WAIT)


def urge_offer(kind, state, reported_at, urged_at, now):
    """What the tracking page offers: None (no longer waiting), ("wait", from when), ("urged", again from
    when) or ("ready", None)."""
    if state not in OPEN_STATES:
        return None
    opens = urge_opens_at(kind, reported_at)
    if now < opens:
        return ("wait", opens)
    if urged_at is not None and now - urged_at < URGE_INTERVAL:
        return ("urged", urged_at + URGE_INTERVAL)
    return ("ready", None)


def check_urge_wait(kind, reported_at, now):
    """A resident urges only after the kind's wait: a request just sent has not yet been late."""
    if now < urge_opens_at(kind, reported_at):
        minutes = int((urge_opens_at(kind, reported_at) - now).total_seconds() // 60) + 1
        raise Refused(N_("Staff have only just received it; you can urge in %(minutes)s min."), minutes=minutes)


def joins_since(kind, now):
    """From when an open ticket of the same kind at the same place takes this report in, or None when a
    report of this kind always makes its own ticket."""
    return now - REPEAT_WINDOW if kind in JOINABLE_KINDS else None


def may_join(urgent, open_is_urgent):
    """An urgent report never disappears into a ticket not marked urgent: it makes its own, so it is
    escalated as urgent."""
    return open_is_urgent or not urgent


def repeat_note(contact_name, contact_phone, description):
    """What staff read on the open ticket's timeline about the repeated report."""
    who = " ".join(part for part in (contact_name, contact_phone) if part)
    return f"{who}: {description}" if who else description


def resident_urgent(kind, ticked):
    """A resident's 'urgent' counts for help and repairs (someone trapped, water pouring); other kinds are
    handled by their own clocks."""
    return bool(ticked) and kind in WORKER_KINDS


def told_to_redo(state, actions):
    """Whether the page should confirm that staff were told to handle it again: the resident's 'not fixed'
    is the latest of finishing and reopening, and the request is open again."""
    latest = [a for a in actions if a in ("finish", "reopen")]
    return state in OPEN_STATES and bool(latest) and latest[-1] == "reopen"


# Where the handler's reply (what was done, or the answer) is final enough to show the resident: not while a
# sensitive reply awaits approval, nor after the resident reopened the work.
REPLY_SHOWN = (DONE, CLOSED, RESOLVED_AT_DESK)
# Timeline notes a resident may read: only their own (another resident's contact on 'reported_again' never).
RESIDENTS_NOTES = ("rate", "reopen")

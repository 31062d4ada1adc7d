"""Places with QR stickers, and what a resident may do from a sticker: tokens, urging, reopening."""
import secrets
from datetime import timedelta

from . import N_, Refused
from .routing import default_team
from .vocabulary import (ACCEPTED, AWAITING_APPROVAL, CANCELLED, CLOSED, COMPLAINT, DISPATCHED, DONE, ENGINEERING, HELP,
                         INQUIRY, NEW, ON_HOLD, ON_SITE, OPEN_STATES, REPAIR, RESOLVED_AT_DESK, SECURITY, SUGGESTION)

MEETING_ROOM, LIFT_LOBBY, PUBLIC_AREA = "meeting_room", "lift_lobby", "public_area"
KEY_CABINET, LENDING_CABINET, CHECKPOINT, PLANT_ROOM = "key_cabinet", "lending_cabinet", "checkpoint", "plant_room"
FRONT_DESK = "front_desk"
PLACE_KINDS = (MEETING_ROOM, LIFT_LOBBY, PUBLIC_AREA, KEY_CABINET, LENDING_CABINET, CHECKPOINT, PLANT_ROOM, FRONT_DESK)

# What a resident chooses on the scan page, and the ticket kind it becomes.
# From a retired place's sticker a resident still reaches the desk: a message it answers.
DESK_MESSAGE = "desk"
# A complaint and a suggestion are two choices: a suggestion is never filed as a complaint.
RESIDENT_CHOICES = {"repair": REPAIR, "help": HELP, "complaint": COMPLAINT, "suggestion": SUGGESTION,
                    DESK_MESSAGE: INQUIRY}

URGE_INTERVAL = timedelta(minutes=30)
# The opening and closing checks of a meeting room (开档 / 收尾).
ROOM_CHECK_ITEMS = ("lights", "doors", "cleanliness", "equipment", "furniture")
OPENING, CLOSING = "opening", "closing"
CHECK_STAGES = (OPENING, CLOSING)
# A team the center may add; where an estate has none, what it would get goes to engineering.
CLEANING = "cleaning"
# The checklists per kind of place and stage (seed 000 三: 前台开档 / 收尾): each item and the team a failed one
# goes to. Door, light and equipment faults are engineering's; dirt and stains the cleaners' (夜间清洗 by PA).
CHECKLISTS = {
    MEETING_ROOM: {OPENING: {item: ENGINEERING for item in ROOM_CHECK_ITEMS},
                   CLOSING: {item: ENGINEERING for item in ROOM_CHECK_ITEMS}},
    FRONT_DESK: {OPENING: {"doors": ENGINEERING, "lights": ENGINEERING, "desk": CLEANING, "sofas": CLEANING,
                           "phone_booth": CLEANING, "carpet": CLEANING},
                 CLOSING: {"rooms_closed": ENGINEERING, "phones_keys": SECURITY, "bins": CLEANING,
                           "carpet_stains": CLEANING}},
}


def new_token():
    """A short, unguessable, URL-safe token for a sticker or a tracking link (72 bits)."""
    return secrets.token_urlsafe(9)


def resident_team(choice, place_team):
    """The queue a resident's report goes to: the place's own team, else the kind's usual one."""
    return default_team(RESIDENT_CHOICES.get(choice), place_team)


def check_urge(state, last_urged, now):
    """A resident may urge (催单) an open ticket at most once per 30 minutes."""
    if state not in OPEN_STATES:
        raise Refused(N_("This request is no longer waiting."))
    if last_urged is not None and now - last_urged < URGE_INTERVAL:
        minutes = int((URGE_INTERVAL - (now - last_urged)).total_seconds() // 60) + 1
        raise Refused(N_("You urged this request a moment ago; you can urge again in %(minutes)s min."),
                      minutes=minutes)


def check_resident_verdict(state, fixed, rating):
    """Once done, the resident rates it 1–5, or says it is not fixed (which reopens it)."""
    if state != DONE:
        raise Refused(N_("You can rate the request once it is done."))
    if fixed and rating not in (1, 2, 3, 4, 5):
        raise Refused(N_("Choose from 1 to 5 stars."))


def failed_items(results, items=ROOM_CHECK_ITEMS):
    """The checklist items marked as failed in {item: passed} (an item left out counts as failed)."""
    return [item for item in items if not results.get(item, False)]


def has_checks(kind):
    """Whether a kind of place has opening and closing checks."""
    return kind in CHECKLISTS


def checklist(kind, stage):
    """The items of a kind of place's check at a stage, in order; () when it has none."""
    return tuple(CHECKLISTS.get(kind, {}).get(stage, ()))


def check_groups(kind):
    """The check forms a place shows: [(stages, items)]; one form with a choice of stage when every stage checks
    the same items (a meeting room), else one form per stage (the front desk)."""
    stages = CHECKLISTS.get(kind, {})
    lists = {tuple(items) for items in stages.values()}
    if len(lists) == 1:
        return [(tuple(stages), lists.pop())]
    return [((stage,), tuple(items)) for stage, items in stages.items()]


def failed_item_ticket(kind, stage, item, teams):
    """(ticket kind, team) for a failed item: the checklist's team if the estate has it, else engineering; a
    security matter (keys not collected) is a help request, the rest repairs."""
    team = CHECKLISTS.get(kind, {}).get(stage, {}).get(item, ENGINEERING)
    team = team if team in teams else ENGINEERING
    return (HELP if team == SECURITY else REPAIR), team


RESIDENT_STATUS = {
    NEW: N_("Received: the service center will take it up shortly."),
    DISPATCHED: N_("Received: waiting for staff to take it."),
    ACCEPTED: N_("Taken: staff are on their way."),
    ON_SITE: N_("Staff are on site."),
    ON_HOLD: N_("Paused: waiting for parts or for you."),
    AWAITING_APPROVAL: N_("The reply is being checked."),
    DONE: N_("Done. Please tell us how it went."),
    CLOSED: N_("Closed. Thank you."),
    RESOLVED_AT_DESK: N_("Answered by the service center."),
    CANCELLED: N_("Cancelled."),
}


def resident_status(state):
    """The ticket's state in plain words for the resident (marked for translation)."""
    return RESIDENT_STATUS[state]

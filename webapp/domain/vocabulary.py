"""The words of the domain: kinds, channels, roles, teams and ticket states (codes only)."""

COMPLAINT, SUGGESTION, INQUIRY, CHALLENGE, HELP, REPAIR = (
    "complaint", "suggestion", "inquiry", "challenge", "help", "repair")
KINDS = (REPAIR, HELP, COMPLAINT, SUGGESTION, INQUIRY, CHALLENGE)

PHONE, WALK_IN, LETTER, EMAIL, QR, PATROL = "phone", "walk_in", "letter", "email", "qr", "patrol"
CHANNELS = (PHONE, WALK_IN, LETTER, EMAIL, QR, PATROL)

FRONT_DESK, AREA_MANAGER, CS_HEAD, CENTER_HEAD = "front_desk", "area_manager", "cs_head", "center_head"
SECURITY, ENGINEERING, ADMIN = "security", "engineering", "admin"
FIELD = "field"  # 一线员工 of a team the center added (cleaning, greening…): works its team's queue
ROLES = (FRONT_DESK, AREA_MANAGER, CS_HEAD, CENTER_HEAD, SECURITY, ENGINEERING, FIELD, ADMIN)

# Teams every estate has; the role of the same name works in it. A center adds its own teams as data.
BUILT_IN_TEAMS = TEAMS = (SECURITY, ENGINEERING)
# Roles that work in a team's queue.
TEAM_ROLES = (SECURITY, ENGINEERING, FIELD)

# Roles that run the desk: take requests, dispatch, cancel, do return visits.
DESK_ROLES = (FRONT_DESK, CS_HEAD, CENTER_HEAD, ADMIN)
# Roles whose members see every ticket of their estates.
OVERSEEING_ROLES = DESK_ROLES + (AREA_MANAGER,)
# Roles that span every estate of the operator.
OPERATOR_ROLES = (ADMIN,)

NEW, DISPATCHED, ACCEPTED, ON_SITE, ON_HOLD = "new", "dispatched", "accepted", "on_site", "on_hold"
AWAITING_APPROVAL, DONE, CLOSED = "awaiting_approval", "done", "closed"
RESOLVED_AT_DESK, CANCELLED = "resolved_at_desk", "cancelled"
STATES = (NEW, DISPATCHED, ACCEPTED, ON_SITE, ON_HOLD, AWAITING_APPROVAL, DONE, CLOSED,
          RESOLVED_AT_DESK, CANCELLED)
OPEN_STATES = (NEW, DISPATCHED, ACCEPTED, ON_SITE, ON_HOLD, AWAITING_APPROVAL)
# States in which a person holds the order (count toward the per-person cap).
HELD_STATES = (ACCEPTED, ON_SITE, ON_HOLD)

# What a repair is about; an estate may dispatch each category its own way.
REPAIR_CATEGORIES = ("plumbing", "electrical", "doors_windows", "lift", "public_facilities", "other")

GRAB, ASSIGN = "grab", "assign"  # 抢单: first to accept wins; 派单: a named person must accept

# Kinds filed to the unit's archive (业主档案) when closed.
ARCHIVED_KINDS = (SUGGESTION, CHALLENGE)
# More co-signing owners than this send a suggestion to the service center head.
COSIGNERS_FOR_CENTER_HEAD = 5


def team_of(role):
    """The team a role works in by default (security, engineering), or None: field staff are given theirs."""
    return role if role in BUILT_IN_TEAMS else None

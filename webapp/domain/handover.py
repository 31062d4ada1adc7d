"""Who hands over a shift, who confirms it, and who may withdraw one left half-prepared."""
from . import N_, Refused
from .vocabulary import ADMIN, CENTER_HEAD, CS_HEAD, TEAM_ROLES

# Heads who may withdraw a team's half-prepared hand-over, so the team is never blocked.
WITHDRAWERS = (CS_HEAD, CENTER_HEAD, ADMIN)


def check_may_hand_over(role, team, asked=None):
    """A member of a team hands over their own team's shift."""
    if role not in TEAM_ROLES or not team:
        raise Refused(N_("Only a member of a team hands over a shift."))
    if asked is not None and asked != team:
        raise Refused(N_("You hand over only your own team's shift."))


def check_may_confirm(role, team, staff_id, handover_team, outgoing_id):
    """The incoming person is a colleague of the same team, never the one who handed over."""
    if staff_id == outgoing_id:
        raise Refused(N_("You handed this over: a colleague coming on shift confirms it with their own sign-in."))
    if role not in TEAM_ROLES or team != handover_team:
        raise Refused(N_("Only a member of the team taking over confirms its hand-over."))


def check_may_withdraw(role, team, handover_team, handed_over):
    """A hand-over opened and never handed over (the person left, the phone died) is withdrawn by anyone of its
    team or a head, so the team can start afresh; once handed over it stands."""
    if handed_over:
        raise Refused(N_("This hand-over was already handed over: it is confirmed, not withdrawn."))
    if role not in WITHDRAWERS and not (role in TEAM_ROLES and team == handover_team):
        raise Refused(N_("Only a member of the team or a head withdraws its hand-over."))


def note_lines(notes):
    """The shift's notes, a line each, as items to confirm."""
    return [line.strip() for line in (notes or "").splitlines() if line.strip()]

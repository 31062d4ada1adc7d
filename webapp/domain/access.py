"""Who may see a ticket."""
from .vocabulary import OPERATOR_ROLES, OVERSEEING_ROLES, SUGGESTION, CS_HEAD, CENTER_HEAD, ADMIN, FRONT_DESK, team_of


def can_see(actor_id, role, estate_ids, ticket_estate, kind, team, assignee, taken_by, involved=(), actor_team=None):
    """Desk roles see their estates' tickets; field staff see their team's and their own."""
    if role not in OPERATOR_ROLES and ticket_estate not in estate_ids:
        return False
    if actor_id in (assignee, taken_by) or actor_id in involved:
        return True
    if kind == SUGGESTION:
        return role in (CS_HEAD, CENTER_HEAD, FRONT_DESK, ADMIN)
    if role in OVERSEEING_ROLES:
        return True
    return team is not None and (actor_team if actor_team is not None else team_of(role)) == team

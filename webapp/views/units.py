"""A unit's page: its owner and its whole ticket history, with the archive (业主档案)."""
from flask import Blueprint, abort, g, render_template
from flask_login import current_user

from ..web.auth import role_required
from ..domain.access import can_see
from ..domain.vocabulary import OVERSEEING_ROLES
from ..models import Ticket, Unit

bp = Blueprint("units", __name__, url_prefix="/units")


@bp.get("/<number>")
@role_required(*OVERSEEING_ROLES)
def show(number):
    unit = Unit.find(g.estate, number) or abort(404)
    estate_ids = {e.id for e in g.estates}
    history = [t for t in Ticket.of_estate(g.estate).where(Ticket.unit == unit).order_by(Ticket.created_at.desc())
               if can_see(current_user.id, current_user.role, estate_ids, t.estate_id, t.kind, t.team,
                          t.assignee_id, t.taken_by_id)]
    return render_template("units/show.html", unit=unit, history=history,
                           archive=[t for t in history if t.archived])

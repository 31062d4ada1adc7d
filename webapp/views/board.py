"""The desk's live board of everything open; what is past its response target shows as escalated."""
from flask import Blueprint, g, render_template, session, url_for
from flask_login import current_user

from .. import clock
from ..web import live
from ..web.auth import role_required
from ..web.htmx import wants_fragment
from ..domain.duty import unmanned
from ..domain.hours import local_time
from ..domain.targets import WAITING_STATES, card_clock, epoch_ms, overdue_cutoffs
from ..domain.vocabulary import ACCEPTED, AWAITING_APPROVAL, BUILT_IN_TEAMS, DESK_ROLES, ON_HOLD, ON_SITE
from ..models import Duty, Incident, Loan, Shift, Ticket
from ..models.estate import team_codes

bp = Blueprint("board", __name__, url_prefix="/board")


@bp.get("/")
@role_required(*DESK_ROLES)
def show():
    position = live.cursor(g.estate.id)
    if wants_fragment() and live.unchanged(position):
        return "", 204
    key = ("board", g.estate.id, session.get("lang", ""), position)
    html = live.rendered(key, lambda: _render_board(position))
    if wants_fragment():
        return html
    page_key = key + ("page", current_user.id, session.get("csrf_token"))
    return live.rendered(page_key, lambda: render_template("board/show.html", board_html=html))


def escalated(estate, now):
    """Open tickets past their response target (derived from the clock) or escalated by hand."""
    late = None
    for kind, cutoff in overdue_cutoffs(now, estate.targets).items():
        clause = (Ticket.kind == kind) & (Ticket.created_at < cutoff)
        late = clause if late is None else (late | clause)
    waiting_late = Ticket.state.in_(WAITING_STATES) & late
    return (Ticket.of_estate(estate).where(waiting_late | (Ticket.escalated & Ticket.state.not_in(
        ("done", "closed", "resolved_at_desk", "cancelled")))).order_by(Ticket.created_at))


def _render_board(position):
    now = clock.utcnow()
    open_tickets = Ticket.of_estate(g.estate).order_by(Ticket.urgent.desc(), Ticket.created_at)
    columns = [
        ("waiting", open_tickets.where(Ticket.state.in_(WAITING_STATES))),
        ("in_progress", open_tickets.where(Ticket.state.in_((ACCEPTED, ON_SITE)))),
        ("paused", open_tickets.where(Ticket.state.in_((ON_HOLD, AWAITING_APPROVAL)))),
    ]
    to_revisit = Ticket.awaiting_revisit(g.estate).count()
    unmanned_teams = unmanned(_dispatched_teams(), Duty.leads_now(g.estate, local_time(now, g.estate.timezone)))
    return render_template("board/_board.html", position=position, columns=columns, to_revisit=to_revisit,
                           unmanned=unmanned_teams,
                           poll_pass=live.poll_pass(url_for("board.show"), g.estate.id),
                           overdue_loans=Loan.overdue(g.estate, now),
                           overdue_incidents=Incident.overdue(g.estate, now),
                           escalated=escalated(g.estate, now), card=lambda t: _card(t, now), now_ms=epoch_ms(now))


def _dispatched_teams():
    """Teams that receive dispatched orders: the built-in ones, and those the center gave a lead shift."""
    rostered = {s.team for s in Shift.select(Shift.team).where((Shift.estate == g.estate) & Shift.lead)}
    return [code for code in team_codes(g.estate) if code in BUILT_IN_TEAMS or code in rostered]


def _card(ticket, now):
    return dict(card_clock(ticket.kind, ticket.state, ticket.created_at, now, g.estate.targets),
                steps=(), can_finish=False)

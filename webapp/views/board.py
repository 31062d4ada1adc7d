"""The desk's live board of everything open; what is past its stage's target shows as escalated, by level."""
from flask import Blueprint, g, render_template, session, url_for
from flask_login import current_user

from .. import clock
from ..web import live
from ..web.auth import role_required
from ..web.htmx import wants_fragment
from ..domain.duty import unmanned
from ..domain.hours import local_time
from ..domain.escalation import RUNGS, reached
from ..domain.targets import WAITING_STATES, epoch_ms
from ..domain.vocabulary import ACCEPTED, AWAITING_APPROVAL, BUILT_IN_TEAMS, DESK_ROLES, ON_HOLD, ON_SITE
from ..models import Duty, Incident, Loan, Shift, Ticket
from ..models.clocks import Clocks, timed
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
    """[(rung, tickets)] of the open tickets past their stage's target, grouped by the highest rung of their
    kind's chain their clock has reached (the center head first), then [tickets] escalated by hand."""
    clocks, groups, by_hand = Clocks(estate), {}, []
    for ticket in Ticket.of_estate(estate).where(timed()).order_by(Ticket.created_at):
        clock = clocks.of(ticket, now)
        rung = clock and reached(ticket.kind, clock.stage, clock.elapsed, clock.target)
        if rung:
            groups.setdefault(rung, []).append(ticket)
        elif ticket.escalated and ticket.is_open:
            by_hand.append(ticket)
    return [(rung, groups[rung]) for rung in reversed(RUNGS) if rung in groups], by_hand


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
                           escalated=escalated(g.estate, now), card=_card, now_ms=epoch_ms(now))


def _dispatched_teams():
    """Teams that receive dispatched orders: the built-in ones, and those the center gave a lead shift."""
    rostered = {s.team for s in Shift.select(Shift.team).where((Shift.estate == g.estate) & Shift.lead)}
    return [code for code in team_codes(g.estate) if code in BUILT_IN_TEAMS or code in rostered]


def _card(ticket):
    return dict(steps=(), can_finish=False)  # the board only looks; the clock is the card's own (ticket_clock)

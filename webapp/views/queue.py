"""The live queues of security and engineering, made for a phone: accept, on site, done in two taps."""
from flask import Blueprint, abort, flash, g, redirect, render_template, session, url_for
from flask_login import current_user
from flask_wtf.csrf import generate_csrf

from .. import clock
from ..web import live
from ..web.auth import role_required
from ..web.htmx import wants_fragment
from ..domain import Refused
from ..domain.targets import epoch_ms
from ..domain.vocabulary import AWAITING_APPROVAL, DESK_ROLES, DISPATCHED, HELD_STATES, SECURITY, TEAM_ROLES
from ..domain.workflow import Actor, available_steps
from ..web.i18n import explain
from ..models import Loan, Ticket
from ..models.estate import team_codes
from ..models.handling import advance, facts_of

bp = Blueprint("queue", __name__, url_prefix="/queue")
QUEUE_ROLES = DESK_ROLES + TEAM_ROLES
QUICK_STEPS = ("accept", "arrive")  # taken from the card; finishing opens the completion form


@bp.get("/<team>")
@role_required(*QUEUE_ROLES)
def show(team):
    _check_member(team)  # whether the estate has the team is asked only when the queue is drawn afresh
    position = live.cursor(g.estate.id)
    if wants_fragment() and live.unchanged(position):
        return "", 204
    generate_csrf()  # the cards' forms carry this session's token: it must exist before it keys the cache
    key = ("queue", g.estate.id, team, current_user.id, session.get("lang", ""), session.get("csrf_token"),
           position)
    html = live.rendered(key, lambda: _render_queue(team, position))
    if wants_fragment():
        return html
    page_key = key + ("page",)
    return live.rendered(page_key, lambda: render_template("queue/show.html", team=team, queue_html=html))


def _check_team(team):
    """Team members see their own team's queue; the desk and the heads see every team's."""
    _check_member(team)
    _check_exists(team)


def _check_member(team):
    if current_user.team and current_user.team != team:
        abort(403)


def _check_exists(team):
    if team not in team_codes(g.estate):
        abort(404)


def _render_queue(team, position, message=None):
    _check_exists(team)
    waiting = (Ticket.of_estate(g.estate)
               .where((Ticket.team == team) & (Ticket.state == DISPATCHED))
               .order_by(Ticket.urged_at.is_null(), Ticket.urgent.desc(), Ticket.created_at))
    mine = (Ticket.of_estate(g.estate)
            .where((Ticket.assignee == current_user.id) & Ticket.state.in_(HELD_STATES + (AWAITING_APPROVAL,)))
            .order_by(Ticket.urgent.desc(), Ticket.created_at))
    overdue_loans = Loan.overdue(g.estate, clock.utcnow()) if team == SECURITY else None
    return render_template("queue/_queue.html", team=team, position=position, waiting=waiting, mine=mine,
                           poll_pass=live.poll_pass(url_for("queue.show", team=team), g.estate.id),
                           card=_card_facts, message=message, overdue_loans=overdue_loans,
                           alerts=current_user.team == team, now_ms=epoch_ms(clock.utcnow()))


def _card_facts(ticket):
    """What a card shows beyond the ticket and its clock: which quick steps."""
    steps = available_steps(facts_of(ticket), Actor(current_user.id, current_user.role, current_user.team))
    return dict(steps=[s for s in QUICK_STEPS if s in steps], can_finish="finish" in steps)


@bp.post("/<team>/tickets/<number>/<action>")
@role_required(*QUEUE_ROLES)
def step(team, number, action):
    """Accept or mark on site from the card; the queue comes back redrawn, with why if it was refused."""
    _check_team(team)
    ticket = Ticket.get_or_none((Ticket.number == number) & (Ticket.estate == g.estate))
    if action not in QUICK_STEPS or ticket is None:
        abort(404)
    message = None
    try:
        advance(ticket.id, current_user, action)
    except Refused as refused:
        message = explain(refused)
    if not wants_fragment():
        if message:
            flash(message, "error")
        return redirect(url_for("queue.show", team=team))
    return _render_queue(team, live.cursor(g.estate.id), message)

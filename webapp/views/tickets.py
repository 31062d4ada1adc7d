"""A ticket's page, its timeline, and the steps of its life as verb routes."""
from flask import Blueprint, abort, flash, g, redirect, render_template, url_for
from flask_login import current_user

from ..web.auth import role_required, visible_ticket
from ..domain import Refused
from ..domain.vocabulary import DESK_ROLES, DISPATCHED, OPEN_STATES
from ..domain.steps import ON_PAGE
from ..domain.workflow import STEPS, Actor, available_steps, page_steps, reply_channel, taken_on_page
from ..forms.tickets import SATISFACTION, KindForm, RevisitForm, StepForm
from ..web.i18n import explain
from ..models import Ticket, TicketEvent
from ..models.estate import colleagues, team_codes
from ..models.handling import advance, facts_of, reclassify

bp = Blueprint("tickets", __name__, url_prefix="/tickets")


@bp.get("/")
@role_required()
def mine():
    """What the signed-in person holds, and what waits in their team's queue."""
    held = (Ticket.of_estate(g.estate).where((Ticket.assignee == current_user.id)
                                             & Ticket.state.in_(OPEN_STATES)).order_by(Ticket.created_at))
    queue = []
    if current_user.team:
        queue = (Ticket.of_estate(g.estate)
                 .where((Ticket.team == current_user.team) & (Ticket.state == DISPATCHED)
                        & Ticket.assignee.is_null())
                 .order_by(Ticket.urgent.desc(), Ticket.created_at))
    return render_template("tickets/mine.html", held=held, queue=queue)


@bp.get("/<number>")
@role_required()
def show(number):
    ticket = visible_ticket(number)
    return render_template("tickets/show.html", ticket=ticket, **_page_context(ticket))


# The step this person most likely takes next, shown first and large: the one that moves the work forward.
MAIN_STEPS = ("accept", "arrive", "finish", "approve", "revisit", "dispatch", "resume", "resolve_at_desk")


def main_step(available):
    """Of the steps available, the one the ticket page offers first."""
    return next((action for action in MAIN_STEPS if action in available), None)


def _page_context(ticket, step_form=None, failed=None):
    """What the ticket page shows; `step_form` and `failed` bring back a refused step's note and picks."""
    available = available_steps(facts_of(ticket), Actor(current_user.id, current_user.role, current_user.team))
    main = main_step(available)
    on_page = page_steps(available)
    others = [a for a in on_page if a not in (main, "cancel")]
    return dict(main=main, others=others, box=_step_box(main, others), STEPS=STEPS,
                can_cancel="cancel" in available, can_reclassify="reclassify" in available,
                can_revisit="revisit" in available, kind_form=KindForm(ticket.estate, formdata=None),
                step_form=step_form or StepForm(ticket.estate, formdata=None), failed=failed,
                events=ticket.events.order_by(TicketEvent.at, TicketEvent.id),
                reply_by=reply_channel(ticket.channel), colleagues=colleagues(ticket.estate), teams=team_codes(ticket.estate),
                revisit_form=RevisitForm(formdata=None), desk=current_user.role in DESK_ROLES, SATISFACTION=SATISFACTION)


def _step_box(main, others):
    """The page's one form of steps: the main step first and large, the others beside it, one note for all."""
    first = main if main and STEPS[main].form == ON_PAGE else None
    steps = ([first] if first else []) + [a for a in others if STEPS[a].form == ON_PAGE]
    return dict(main=first, steps=steps, picks=next((STEPS[a].picks for a in steps if STEPS[a].picks), None),
                picks_first=bool(first and STEPS[first].picks), note=any(STEPS[a].has_note for a in steps),
                note_first=bool(first and STEPS[first].has_note), needs_note=[a for a in steps if STEPS[a].needs_note])


@bp.post("/<number>/kind")
@role_required(*DESK_ROLES)
def change_kind(number):
    """File the ticket as another kind; it is routed afresh."""
    ticket = visible_ticket(number)
    form = KindForm(ticket.estate)
    try:
        if not form.validate():
            raise Refused(form.refusal())
        reclassify(ticket.id, current_user, form.kind.data, team=form.team.data or None)
    except Refused as refused:
        flash(explain(refused), "error")
        return render_template("tickets/show.html", ticket=ticket, **_page_context(Ticket.get_by_id(ticket.id))), 409
    return redirect(url_for("tickets.show", number=number))


@bp.post("/<number>/<action>")
@role_required()
def step(number, action):
    """Take one step (accept, arrive, hold, finish…) on the ticket."""
    ticket = visible_ticket(number)
    if not taken_on_page(action):  # the others have forms of their own, or are not staff's to take
        abort(404)
    form = StepForm(ticket.estate)
    picks = STEPS[action].picks is not None  # one form carries every step: only these use the person and team
    try:
        if not form.validate():
            raise Refused(form.refusal())
        advance(ticket.id, current_user, action, note=form.note.data, target=form.target.data if picks else None,
                team=(form.team.data or None) if picks else None)
    except Refused as refused:
        flash(explain(refused), "error")
        ticket = Ticket.get_by_id(ticket.id)
        return render_template("tickets/show.html", ticket=ticket,
                               **_page_context(ticket, step_form=form, failed=action)), 409
    return redirect(url_for("tickets.show", number=number))

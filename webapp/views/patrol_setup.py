"""Setting patrol up: the estate's routes of checkpoints and the plans of when each team walks them."""
from dataclasses import replace
from datetime import date

from flask import Blueprint, abort, flash, g, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext, pgettext
from flask_login import current_user

from ..domain import Refused
from ..domain.patrol import starts_on
from ..forms.patrol import PlanForm, RouteForm, StopForm
from ..models.duty import ROSTER_EDITORS, may_edit_roster
from ..models.estate import Team
from ..models.patrol import Plan, Route, RouteStop
from ..models.routes import (add_stop, checkpoints_of, create_route, move_stop, plans_of, remove_stop,
                             retire_route, routes_of, save_plan_by, stop_plan_by, update_route)
from ..web.auth import role_required
from ..web.htmx import wants_fragment
from ..web.i18n import explain
from ..web.labels import team_choices

bp = Blueprint("patrol_setup", __name__, url_prefix="/patrol")
# 周一、三、五: the first day named in full, the others by their number.
FIRST_DAY = (_l("Mon"), _l("Tue"), _l("Wed"), _l("Thu"), _l("Fri"), _l("Sat"), _l("Sun"))
NEXT_DAY = (lazy_pgettext("weekday after the first", "Mon"), lazy_pgettext("weekday after the first", "Tue"),
            lazy_pgettext("weekday after the first", "Wed"), lazy_pgettext("weekday after the first", "Thu"),
            lazy_pgettext("weekday after the first", "Fri"), lazy_pgettext("weekday after the first", "Sat"),
            lazy_pgettext("weekday after the first", "Sun"))


@bp.route("/routes", methods=["GET", "POST"])
@role_required()
def routes():
    _sets_up()
    form = RouteForm()
    if form.validate_on_submit():
        route = create_route(current_user.id, g.estate, **form.entries())
        flash(_("Route %(name)s made: now add its checkpoints.", name=route.name), "success")
        return redirect(url_for("patrol_setup.route_page", route_id=route.id), 303)
    return render_template("patrol/routes.html", routes=routes_of(g.estate), form=form), 422 if form.errors else 200


@bp.route("/routes/<int:route_id>", methods=["GET", "POST"])
@role_required()
def route_page(route_id):
    route = _route(route_id)
    form = RouteForm(obj=route)
    if form.validate_on_submit():
        update_route(current_user.id, route, **form.entries())
        flash(_("Route saved."), "success")
        return redirect(url_for("patrol_setup.route_page", route_id=route.id), 303)
    return _route_page(route, form=form, status=422 if form.errors else 200)


@bp.post("/routes/<int:route_id>/stops")
@role_required()
def new_stop(route_id):
    route = _route(route_id)
    form = _stop_form()
    if not form.validate_on_submit():
        return _route_page(route, stop_form=form, status=422)
    try:
        add_stop(current_user.id, route, _places()[form.place.data], form.walk_minutes.data, form.not_before.data)
    except Refused as refused:
        form.place.errors = [explain(refused)]
        return _route_page(route, stop_form=form, status=422)
    return _stops_changed(route)


@bp.post("/routes/<int:route_id>/stops/<int:stop_id>/removal")
@role_required()
def stop_removal(route_id, stop_id):
    route = _route(route_id)
    try:
        remove_stop(current_user.id, route, _stop(route, stop_id))
    except Refused as refused:
        flash(explain(refused), "error")
        return _route_page(route, status=422)
    return _stops_changed(route)


@bp.post("/routes/<int:route_id>/stops/<int:stop_id>/up")
@role_required()
def stop_up(route_id, stop_id):
    route = _route(route_id)
    move_stop(current_user.id, route, _stop(route, stop_id), -1)
    return _stops_changed(route)


@bp.post("/routes/<int:route_id>/stops/<int:stop_id>/down")
@role_required()
def stop_down(route_id, stop_id):
    route = _route(route_id)
    move_stop(current_user.id, route, _stop(route, stop_id), 1)
    return _stops_changed(route)


@bp.post("/routes/<int:route_id>/retirement")
@role_required()
def retirement(route_id):
    route = _route(route_id)
    try:
        retire_route(current_user.id, route)
    except Refused as refused:
        flash(explain(refused), "error")
        return _route_page(route, status=422)
    flash(_("Route %(name)s retired; its rounds stay on record.", name=route.name), "success")
    return redirect(url_for("patrol_setup.routes"), 303)


@bp.get("/plans")
@role_required()
def plans():
    _sets_up()
    shown = [(plan, plan_words(plan), may_edit_roster(current_user, g.estate, plan.team))
             for plan in plans_of(g.estate)]
    return render_template("patrol/plans.html", plans=shown)


@bp.route("/plans/new", methods=["GET", "POST"])
@role_required()
def new_plan():
    _sets_up()
    return _plan_form(PlanForm())


@bp.route("/plans/<int:plan_id>", methods=["GET", "POST"])
@role_required()
def plan_page(plan_id):
    plan = _plan(plan_id)
    return _plan_form(PlanForm(data=dict(route=str(plan.route_id), team=plan.team, first=plan.first, last=plan.last,
                                         every=plan.every, weekdays=list(plan.weekdays),
                                         window=plan.window_minutes, grace=plan.grace_minutes)), plan)


@bp.post("/plans/<int:plan_id>/stopping")
@role_required()
def plan_stopping(plan_id):
    plan = _plan(plan_id)
    stop_plan_by(current_user.id, plan)
    flash(_("Plan stopped: no more rounds from it; its rounds not yet started are cancelled."), "success")
    return redirect(url_for("patrol_setup.plans"), 303)


def _plan_form(form, plan=None):
    routes = {str(r.id): r for r in routes_of(g.estate)} | ({str(plan.route_id): plan.route} if plan else {})
    form.route.choices = [(key, route.name) for key, route in routes.items()]
    form.team.choices = [(code, name) for code, name in team_choices(g.estate)
                         if may_edit_roster(current_user, g.estate, code)]
    if form.validate_on_submit():
        try:
            save_plan_by(current_user.id, g.estate, form.entries(routes), plan)
        except Refused as refused:
            form.every.errors = list(form.every.errors) + [explain(refused)]
        else:
            flash(_("Plan saved; its rounds are made from it from now on."), "success")
            return redirect(url_for("patrol_setup.plans"), 303)
    return render_template("patrol/plan_form.html", form=form, plan=plan), 422 if form.errors else 200


def plan_words(plan):
    """When a plan's rounds start, in words: "Daily 20:00–06:00 every 2 hours", "Mon, Wed, Fri 09:00"."""
    days = [int(d) for d in plan.weekdays]
    between = pgettext("between weekdays", ", ")
    said = between.join(str(NEXT_DAY[d] if i else FIRST_DAY[d]) for i, d in enumerate(days)) if days else _("Daily")
    times = [t.strftime("%H:%M") for t in starts_on_any_day(plan)]
    if len(times) <= 3:
        listed = pgettext("between times", ", ").join(times)
        return f"{said} {listed}"
    every = (_("every hour") if plan.every == 60 else _("every %(num)s hours", num=plan.every // 60)
             if plan.every % 60 == 0 else _("every %(num)s minutes", num=plan.every))
    return f"{said} {plan.first}–{plan.last} {every}"


def starts_on_any_day(plan):
    """The plan's start times on a day it runs."""
    return starts_on(replace(plan.schedule, weekdays=frozenset()), date(2026, 1, 5))


def _sets_up():
    """403 unless the signed-in person sets patrol up: the heads, admins, and the lead of any of the estate's
    teams."""
    if current_user.role not in ROSTER_EDITORS and not Team.select().where(
            (Team.estate == g.estate.id) & (Team.lead == current_user.id)).exists():
        abort(403)


def _route(route_id):
    _sets_up()
    return Route.get_or_none((Route.id == route_id) & (Route.estate == g.estate.id) & ~Route.retired) or abort(404)


def _stop(route, stop_id):
    return RouteStop.get_or_none((RouteStop.id == stop_id) & (RouteStop.route == route)
                                 & RouteStop.removed_at.is_null()) or abort(404)


def _plan(plan_id):
    plan = Plan.get_or_none((Plan.id == plan_id) & (Plan.estate == g.estate.id)) or abort(404)
    if not may_edit_roster(current_user, g.estate, plan.team):
        abort(403)
    return plan


def _places():
    return {str(p.id): p for p in checkpoints_of(g.estate)}


def _stop_form():
    form = StopForm()
    form.place.choices = [(key, place.name) for key, place in _places().items()]
    return form


def _stops_changed(route):
    """The route's checkpoints again: the list alone for htmx, else the whole page."""
    if wants_fragment():
        return render_template("patrol/_route_stops.html", route=route, stops=list(route.ordered_stops()))
    return redirect(url_for("patrol_setup.route_page", route_id=route.id), 303)


def _route_page(route, form=None, stop_form=None, status=200):
    return render_template("patrol/route.html", route=route, form=form or RouteForm(obj=route),
                           stop_form=stop_form or _stop_form(), stops=list(route.ordered_stops())), status

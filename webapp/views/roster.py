"""The duty roster: a team's week to view, edit and print, each person's own shifts, swaps, and the calendar."""
from datetime import timedelta

from flask import Blueprint, abort, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from .. import clock
from ..domain import Refused
from ..domain.duty import SWAP_STEPS, week_name, week_start
from ..domain.hours import local_time
from ..domain.vocabulary import ADMIN, CENTER_HEAD, CS_HEAD
from ..forms.roster import CalendarDayForm, LeadForm, OverrideForm, RotationForm, ShiftForm, SwapForm
from ..models import Estate, Shift, SwapRequest
from ..models.calendar import CalendarDay, days_off_and_on, load_official, open_desk_at_weekends, remove_day, set_day
from ..models.duty import (choose_lead, delete_shift, may_edit_roster, names_of, on_duty_by_day, put_on,
                           save_rotation, save_shift, shifts_of, team_members)
from ..models.estate import Team, team_codes
from ..models.swaps import approvers, ask_swap, move_swap
from ..web.auth import forget, role_required
from ..web.i18n import explain

bp = Blueprint("roster", __name__, url_prefix="/roster")
CALENDAR_KEEPERS = (ADMIN, CENTER_HEAD, CS_HEAD)


def _today():
    return local_time(clock.utcnow(), g.estate.timezone).date()


def _team(code=None):
    """The team asked for (else one's own, else the first), of the current estate; 404 for any other."""
    codes = team_codes(g.estate)
    code = code or request.args.get("team") or (current_user.team if current_user.team in codes else None)
    if not codes or (code or codes[0]) not in codes:
        abort(404)
    return code or codes[0]


def _editing(team):
    if not may_edit_roster(current_user, g.estate, team):
        abort(403)
    return team


def _shift(shift_id):
    """A shift of the current estate that the signed-in person may edit."""
    shift = Shift.get_or_none((Shift.id == shift_id) & (Shift.estate == g.estate.id)) or abort(404)
    _editing(shift.team)
    return shift


def _choices(team, blank):
    return [("", blank)] + [(str(s.id), s.name) for s in team_members(g.estate, team)]


@bp.get("/")
@role_required()
def week():
    return _week("roster/week.html")


@bp.get("/print")
@role_required()
def print_week():
    return _week("roster/print.html")


def _week(template):
    team, today = _team(), _today()
    monday = week_start(request.args.get("week"), today)
    days = [monday + timedelta(days=n) for n in range(7)]
    shifts = list(Shift.of_team(g.estate, team))
    cells = on_duty_by_day(shifts, days)
    team_row = Team.get((Team.estate == g.estate.id) & (Team.code == team))
    lead_form = LeadForm(formdata=None, lead=str(team_row.lead_id or ""))
    lead_form.lead.choices = _choices(team, _("No lead: the heads approve"))
    return render_template(template, team=team, teams=team_codes(g.estate), days=days, today=today,
                           shifts=shifts, cells=cells, names=names_of(p for p, _how in cells.values()),
                           calendar=days_off_and_on(g.estate, days[0], days[-1]), this_week=week_name(monday),
                           previous=week_name(monday - timedelta(days=7)), next=week_name(monday + timedelta(days=7)),
                           editable=may_edit_roster(current_user, g.estate, team), lead_form=lead_form,
                           swaps=_swaps_to_approve(team))


def _swaps_to_approve(team):
    if current_user.id not in approvers(g.estate.id, team):
        return []
    return list(SwapRequest.pending_for(g.estate.id, team=team))


@bp.get("/mine")
@role_required()
def mine():
    today = _today()
    return render_template("roster/mine.html", entries=shifts_of(current_user, g.estate, today), today=today,
                           swaps=list(SwapRequest.pending_for(g.estate.id, person=current_user.id)))


@bp.route("/shifts/new", methods=["GET", "POST"])
@role_required()
def new_shift():
    team = _editing(_team())
    form = ShiftForm()
    if form.validate_on_submit():
        save_shift(g.estate, current_user, team, **form.fields())
        flash(_("Shift saved."), "success")
        return redirect(url_for("roster.week", team=team))
    return render_template("roster/shift.html", form=form, team=team, shift=None), 422 if form.errors else 200


@bp.route("/shifts/<int:shift_id>", methods=["GET", "POST"])
@role_required()
def edit_shift(shift_id):
    shift = _shift(shift_id)
    form = ShiftForm(obj=shift)
    if form.validate_on_submit():
        save_shift(g.estate, current_user, shift.team, shift, **form.fields())
        flash(_("Shift saved."), "success")
        return redirect(url_for("roster.week", team=shift.team))
    return render_template("roster/shift.html", form=form, team=shift.team, shift=shift), \
        422 if form.errors else 200


@bp.post("/shifts/<int:shift_id>/deletion")
@role_required()
def delete_shift_now(shift_id):
    shift = _shift(shift_id)
    _confirmed()
    delete_shift(shift, current_user)
    flash(_("Shift removed."), "success")
    return redirect(url_for("roster.week", team=shift.team))


@bp.route("/shifts/<int:shift_id>/rotation", methods=["GET", "POST"])
@role_required()
def rotation(shift_id):
    shift = _shift(shift_id)
    current = shift.rotation
    form = RotationForm(data=dict(anchor=current.anchor, days_each=current.days_each,
                                  people=[str(p) for p in current.people_ids]) if current else None)
    form.people.choices = _choices(shift.team, "—")
    if form.validate_on_submit():
        try:
            save_rotation(shift, current_user, form.anchor.data, form.people_ids(), form.days_each.data)
            flash(_("Rotation saved."), "success")
            return redirect(url_for("roster.week", team=shift.team))
        except Refused as refused:
            form.people.errors = [explain(refused)]
    return render_template("roster/rotation.html", form=form, shift=shift), 422 if form.errors else 200


@bp.route("/shifts/<int:shift_id>/override", methods=["GET", "POST"])
@role_required()
def override(shift_id):
    shift = _shift(shift_id)
    form = OverrideForm(day=request.args.get("day"))
    form.staff.choices = _choices(shift.team, _("As the rotation says"))
    if form.validate_on_submit():
        put_on(shift, form.day.data, int(form.staff.data) if form.staff.data else None, current_user)
        flash(_("Duty changed."), "success")
        return redirect(url_for("roster.week", team=shift.team, week=week_name(week_start(
            form.day.data.isoformat(), form.day.data))))
    return render_template("roster/override.html", form=form, shift=shift), 422 if form.errors else 200


@bp.post("/teams/<team>/lead")
@role_required(ADMIN, CENTER_HEAD)
def team_lead(team):
    team = _team(team)
    form = LeadForm()
    form.lead.choices = _choices(team, "")
    if form.validate():
        choose_lead(g.estate, team, int(form.lead.data) if form.lead.data else None, current_user)
        flash(_("Team lead saved."), "success")
    else:
        flash(form.refusal(), "error")
    return redirect(url_for("roster.week", team=team))


@bp.route("/swaps/new", methods=["GET", "POST"])
@role_required()
def new_swap():
    team = _team(current_user.team)
    form = SwapForm(formdata=None, shift=request.args.get("shift"), day=request.args.get("day")) \
        if request.method == "GET" else SwapForm()
    shifts = [(str(s.id), f"{s.name} {s.starts}–{s.ends}") for s in Shift.of_team(g.estate, team)]
    form.shift.choices, form.their_shift.choices = shifts, [("", _("None: they simply take mine"))] + shifts
    form.partner.choices = [c for c in _choices(team, "—") if c[0] != str(current_user.id)]
    if form.validate_on_submit():
        try:
            ask_swap(current_user, Shift.get_by_id(int(form.shift.data)), form.day.data,
                     int(form.partner.data or 0), _today(),
                     Shift.get_by_id(int(form.their_shift.data)) if form.their_shift.data else None,
                     form.their_day.data)
            flash(_("Swap asked for: your colleague answers, then the team lead approves."), "success")
            return redirect(url_for("roster.mine"))
        except Refused as refused:
            form.partner.errors = [explain(refused)]
    return render_template("roster/swap.html", form=form), 422 if form.errors else 200


@bp.post("/swaps/<int:swap_id>")
@role_required()
def swap_step(swap_id):
    """Accept, decline, approve, reject or withdraw a swap: the button pressed names the step."""
    swap = SwapRequest.get_or_none((SwapRequest.id == swap_id) & (SwapRequest.estate == g.estate.id))
    action = request.form.get("action", "")
    if swap is None:
        abort(404)
    if action not in SWAP_STEPS:
        abort(400)
    try:
        move_swap(swap.id, current_user, action)
        flash(_("Swap updated."), "success")
    except Refused as refused:
        flash(explain(refused), "error")
    back = url_for("roster.week", team=swap.team) if action in ("approve", "reject") else url_for("roster.mine")
    return redirect(back)


@bp.route("/holidays", methods=["GET", "POST"])
@role_required(*CALENDAR_KEEPERS)
def holidays():
    form = CalendarDayForm()
    if form.validate_on_submit():
        set_day(g.estate, current_user, form.day.data, form.kind.data, (form.name.data or "").strip())
        flash(_("Calendar saved."), "success")
        return redirect(url_for("roster.holidays", year=form.day.data.year))
    year = _year(form.day.data.year if form.day.data else None)
    return render_template("roster/holidays.html", form=form, year=year, days=list(CalendarDay.of_year(
        g.estate, year)), estate=Estate.get_by_id(g.estate.id)), 422 if form.errors else 200


def _confirmed():
    """A removal is sent by its own button (named confirm), never by a stray request."""
    if request.form.get("confirm") != "y":
        abort(400)


def _year(chosen=None):
    text = request.args.get("year", "")
    if chosen is None and text.isascii() and text.isdigit() and 1971 <= int(text) <= 2998:
        chosen = int(text)
    return chosen or _today().year


@bp.post("/holidays/<int:day_id>/deletion")
@role_required(*CALENDAR_KEEPERS)
def remove_holiday(day_id):
    _confirmed()
    if not remove_day(g.estate, current_user, day_id):
        abort(404)
    flash(_("Calendar saved."), "success")
    return redirect(url_for("roster.holidays", year=_year()))


@bp.post("/holidays/official")
@role_required(ADMIN, CENTER_HEAD)
def load_holidays():
    """Load the official days of the year chosen, or of this year and next."""
    year, chosen = _today().year, request.form.get("year", "")
    years = (int(chosen),) if chosen.isascii() and chosen.isdigit() and 1971 <= int(chosen) <= 2998 \
        else (year, year + 1)
    added = load_official(g.estate, current_user, years)
    flash(_("Loaded %(count)s official holidays and make-up working days.", count=added), "success")
    return redirect(url_for("roster.holidays", year=year))


@bp.post("/holidays/weekends")
@role_required(*CALENDAR_KEEPERS)
def desk_weekends():
    open_desk_at_weekends(g.estate, current_user, request.form.get("open_weekends") == "y")
    forget(current_user)  # the estate as this process keeps it changed
    flash(_("Calendar saved."), "success")
    return redirect(url_for("roster.holidays"))

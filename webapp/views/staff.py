"""Staff and teams administration: who works here, in which role, team and estates; temporary passwords;
leaving and coming back; the estate's teams."""
from flask import Blueprint, abort, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _, lazy_gettext as _l
from flask_login import current_user

from ..domain import Refused
from ..domain.people import may_manage
from ..domain.vocabulary import ADMIN, BUILT_IN_TEAMS, CENTER_HEAD
from ..forms.checks import text
from ..forms.staff import NewStaffForm, ReasonForm, StaffForm, TeamForm, TeamNameForm
from ..models import Estate, Staff, Team
from ..models.estate import teams_of
from ..models.staffing import (Clash, add_team, create_staff, deactivate, deactivate_team, estates_of,
                               history_of, open_tickets_of, reactivate, rename_team, reset_password, staff_of,
                               update_staff)
from ..web.auth import forget, role_required
from ..web.i18n import explain

bp = Blueprint("staff", __name__, url_prefix="/staff")
MANAGERS = (ADMIN, CENTER_HEAD)

FIELD_NAMES = {"username": _l("Username"), "name": _l("Name"), "mobile": _l("Mobile"), "role": _l("Role"),
               "team": _l("Team"), "active": _l("Active"), "estates": _l("Works in"),
               "must_change_password": _l("Must change password"), "reason": _l("Reason"), "code": _l("Code")}
CHANGE_NAMES = {"create": _l("Created"), "update": _l("Changed"), "deactivate": _l("Deactivated"),
                "reactivate": _l("Reactivated"), "reset_password": _l("Password reset")}


@bp.get("/")
@role_required(*MANAGERS)
def index():
    everyone = request.args.get("show") == "all"
    people = list(staff_of(g.estate, everyone))
    return render_template("staff/index.html", people=people, estates=estates_of(people), everyone=everyone,
                           manageable=_manageable)


@bp.route("/new", methods=["GET", "POST"])
@role_required(*MANAGERS)
def new():
    form = NewStaffForm(current_user.role, g.estate, g.estates, data={"estates": [g.estate.id]})
    if form.validate_on_submit():
        try:
            person, password = create_staff(current_user, form.fields(), form.estates.data, estate=g.estate)
            return _password_once(person, password, created=True)
        except Refused as refused:
            _refusal(form, refused)
    return render_template("staff/form.html", form=form, person=None), 422 if form.errors else 200


@bp.get("/<int:staff_id>")
@role_required(*MANAGERS)
def show(staff_id):
    person = _person(staff_id)
    return render_template("staff/show.html", person=person, estates=estates_of([person])[person.id],
                           tickets=list(open_tickets_of(person)), history=history_of(person),
                           form=ReasonForm(formdata=None), **_history_names())


@bp.route("/<int:staff_id>/edit", methods=["GET", "POST"])
@role_required(*MANAGERS)
def edit(staff_id):
    person, scope = _person(staff_id), {e.id for e in g.estates}
    mine = [e.id for e in estates_of([person])[person.id] if e.id in scope]
    form = StaffForm(current_user.role, g.estate, g.estates, obj=person, data={"estates": mine})
    if form.validate_on_submit():
        try:
            update_staff(current_user, person, form.fields(), form.estates.data, scope, estate=g.estate)
            return _done(person, _("Saved."))
        except Refused as refused:
            _refusal(form, refused)
    return render_template("staff/form.html", form=form, person=person), 422 if form.errors else 200


@bp.route("/<int:staff_id>/deactivation", methods=["GET", "POST"])
@role_required(*MANAGERS)
def deactivation(staff_id):
    """Confirm a person leaves, seeing the open tickets to hand to someone else; then deactivate them."""
    person, form = _person(staff_id), ReasonForm()
    if form.validate_on_submit():
        try:
            deactivate(current_user, person, text(form.reason), estate=g.estate)
            return _done(person, _("%(name)s can no longer sign in, and was signed out everywhere.",
                                   name=person.name))
        except Refused as refused:
            flash(explain(refused), "error")
    return render_template("staff/deactivation.html", person=person, form=form,
                           tickets=list(open_tickets_of(person))), 422 if request.method == "POST" else 200


@bp.post("/<int:staff_id>/reactivation")
@role_required(*MANAGERS)
def reactivation(staff_id):
    person, form = _person(staff_id), ReasonForm()
    if not form.validate():
        flash(form.refusal(), "error")
        return redirect(url_for("staff.show", staff_id=person.id))
    reactivate(current_user, person, text(form.reason), estate=g.estate)
    return _done(person, _("%(name)s can sign in again.", name=person.name))


@bp.post("/<int:staff_id>/password")
@role_required(*MANAGERS)
def password(staff_id):
    """A new temporary password, shown once; the person changes it at their next sign-in."""
    person, form = _person(staff_id), ReasonForm()
    try:
        if not form.validate():
            raise Refused(form.refusal())
        new_password = reset_password(current_user, person, text(form.reason), estate=g.estate)
    except Refused as refused:
        flash(explain(refused), "error")
        return redirect(url_for("staff.show", staff_id=person.id))
    forget(person)
    return _password_once(person, new_password, created=False)


@bp.route("/teams", methods=["GET", "POST"])
@role_required(*MANAGERS)
def teams():
    form = TeamForm()
    if form.validate_on_submit():
        try:
            add_team(current_user, g.estate, form.code.data, text(form.name))
            flash(_("Team added."), "success")
            return redirect(url_for("staff.teams"))
        except Refused as refused:
            form.code.errors.append(explain(refused))
    return _teams_page(form, 422 if form.errors else 200)


@bp.post("/teams/<team>/name")
@role_required(*MANAGERS)
def team_name(team):
    form = TeamNameForm()
    return _team_step(team, form, lambda t: rename_team(current_user, t, text(form.name)), _("Team renamed."), 422)


@bp.post("/teams/<team>/deactivation")
@role_required(*MANAGERS)
def team_deactivation(team):
    form = ReasonForm()
    return _team_step(team, form, lambda t: deactivate_team(current_user, t), _("Team deactivated."), 409)


def _team_step(code, form, change, done, refused_status):
    team = _team(code)
    try:
        if not form.validate():
            raise Refused(form.refusal())
        change(team)
    except Refused as refused:
        flash(explain(refused), "error")
        return _teams_page(TeamForm(formdata=None), refused_status)
    flash(done, "success")
    return redirect(url_for("staff.teams"))


def _teams_page(form, status):
    return render_template("staff/teams.html", form=form, teams=teams_of(g.estate, include_inactive=True),
                           built_in=BUILT_IN_TEAMS, rename=TeamNameForm(formdata=None)), status


def _person(staff_id):
    """The member of staff if the signed-in person manages them: 403 for an admin, 404 for anyone else."""
    person = Staff.get_or_none(Staff.id == staff_id)
    if person is None:
        abort(404)
    if not _manageable(person):
        abort(403 if person.role == ADMIN else 404)
    return person


def _manageable(person, estates=None):
    estates = estates_of([person])[person.id] if estates is None else estates
    return may_manage(current_user.role, [e.id for e in g.estates], person.role, [e.id for e in estates])


def _team(code):
    return Team.get_or_none((Team.estate == g.estate) & (Team.code == code)) or abort(404)


def _refusal(form, refused):
    if isinstance(refused, Clash):
        form[refused.field].errors.append(explain(refused))
    else:
        form.form_errors.append(explain(refused))


def _done(person, message):
    forget(person)  # this process drops what it kept of them: the change counts from their next request
    flash(message, "success")
    return redirect(url_for("staff.show", staff_id=person.id))


def _password_once(person, password, created):
    page = render_template("staff/password.html", person=person, password=password, created=created)
    return page, 200, {"Cache-Control": "no-store"}


def _history_names():
    return dict(FIELD_NAMES=FIELD_NAMES, CHANGE_NAMES=CHANGE_NAMES,
                ESTATE_NAMES={e.id: e.name for e in Estate.select()})

"""Incidents (突发事件): opened at the desk, escalated a level per tap, written up in the incident record within
two working days, typical cases kept for the archive, the record printed as the paper form."""
from flask import Blueprint, abort, flash, g, redirect, render_template, url_for
from flask_babel import gettext as _, lazy_gettext as _l
from flask_login import current_user

from .. import clock
from ..domain import Refused
from ..domain.incidents import (ADMIN_DEPT, HR_DEPT, HR_OFFICER, INSPECTION, EMPLOYEE, OWNER, QUALITY_DEPT,
                                SUPERVISOR)
from ..domain.vocabulary import ADMIN, AREA_MANAGER, CENTER_HEAD, CS_HEAD, DESK_ROLES, OVERSEEING_ROLES
from ..forms.incidents import EscalateForm, IncidentForm, RecordForm, TypicalForm, VoidForm
from ..models.incidents import Incident, IncidentEvent, escalate, mark_typical, open_incident, void, write_record
from ..web.auth import role_required
from ..web.i18n import explain

bp = Blueprint("incidents", __name__, url_prefix="/incidents")
ARCHIVISTS = (CS_HEAD, CENTER_HEAD, ADMIN)

INCIDENT_CLASSES = {OWNER: _l("A · an owner's unannounced, irrational complaint visit"),
                    EMPLOYEE: _l("B · a dismissed or disciplined employee's unannounced complaint visit"),
                    INSPECTION: _l("C · unannounced media or government inspection")}
INCIDENT_POSTS = {CS_HEAD: _l("Assistant to the center head (CS head)"), AREA_MANAGER: _l("Area head"),
                  CENTER_HEAD: _l("Center manager"), HR_OFFICER: _l("HR officer"),
                  SUPERVISOR: _l("Supervising executive"), QUALITY_DEPT: _l("Quality department"),
                  HR_DEPT: _l("Administration and HR department"), ADMIN_DEPT: _l("Administration and HR department")}
INCIDENT_STEPS = {"out": _l("Opened"), "alerted": _l("Alerted"), "escalated": _l("Escalated"),
                  "back": _l("Record written"), "typical": _l("Kept as a typical case"),
                  "not_typical": _l("Taken off the typical cases"), "void": _l("Voided")}
for _name, _labels in (("INCIDENT_CLASSES", INCIDENT_CLASSES), ("INCIDENT_POSTS", INCIDENT_POSTS),
                       ("INCIDENT_STEPS", INCIDENT_STEPS)):
    bp.add_app_template_global(_labels, _name)


@bp.get("/")
@role_required(*OVERSEEING_ROLES)
def index():
    waiting = Incident.open_of(g.estate).order_by(Incident.due_at)
    written = Incident.recent(g.estate).where(Incident.returned_at.is_null(False))
    voided = Incident.recent(g.estate).where(Incident.voided_at.is_null(False))
    return render_template("incidents/index.html", waiting=waiting, written=written, voided=voided,
                           now=clock.utcnow(), may_open=current_user.role in DESK_ROLES)


@bp.get("/typical")
@role_required(*OVERSEEING_ROLES)
def typical_cases():
    return render_template("incidents/typical.html", incidents=Incident.typical_cases(g.estate))


@bp.route("/new", methods=["GET", "POST"])
@role_required(*DESK_ROLES)
def new():
    form = IncidentForm(g.estate, INCIDENT_CLASSES)
    if not form.is_submitted():
        return render_template("incidents/new.html", form=form)
    try:
        incident = open_incident(g.estate, current_user, **form.incident_fields())
    except Refused as refused:
        return render_template("incidents/new.html", form=form, error=explain(refused)), 422
    flash(_("Incident opened; its department and the first in its chain are alerted."), "success")
    return redirect(url_for("incidents.show", incident_id=incident.id))


@bp.get("/<int:incident_id>")
@role_required(*OVERSEEING_ROLES)
def show(incident_id):
    return _page(_incident(incident_id))


@bp.post("/<int:incident_id>/escalation")
@role_required(*OVERSEEING_ROLES)
def escalation(incident_id):
    incident, form = _incident(incident_id), EscalateForm()
    try:
        if not form.validate():
            raise Refused(form.refusal())
        escalate(incident.id, current_user, form.level.data)
        flash(_("Escalated: the next in the chain is alerted."), "success")
    except Refused as refused:
        flash(explain(refused), "error")
    return redirect(url_for("incidents.show", incident_id=incident.id))


@bp.post("/<int:incident_id>/record")
@role_required(*OVERSEEING_ROLES)
def record(incident_id):
    incident, form = _incident(incident_id), RecordForm()
    try:
        if not form.validate():
            raise Refused(form.refusal())
        write_record(incident.id, current_user, form.handling.data, form.outcome.data, form.measures.data)
    except Refused as refused:
        return _page(incident, form, explain(refused))
    flash(_("The incident record is written. Print it for the quality department."), "success")
    return redirect(url_for("incidents.show", incident_id=incident.id))


@bp.post("/<int:incident_id>/void")
@role_required(*DESK_ROLES)
def voiding(incident_id):
    incident, form = _incident(incident_id), VoidForm()
    try:
        if not form.validate():
            raise Refused(form.refusal())
        void(incident.id, current_user, form.reason.data)
    except Refused as refused:
        return _page(incident, void_form=form, void_error=explain(refused))
    flash(_("The incident is voided; it stays in the register with its history."), "success")
    return redirect(url_for("incidents.show", incident_id=incident.id))


@bp.post("/<int:incident_id>/typical")
@role_required(*ARCHIVISTS)
def typical(incident_id):
    incident, form = _incident(incident_id), TypicalForm()
    try:
        mark_typical(incident.id, current_user, form.typical.data == "yes")
    except Refused as refused:
        flash(explain(refused), "error")
    return redirect(url_for("incidents.show", incident_id=incident.id))


@bp.get("/<int:incident_id>/print")
@role_required(*OVERSEEING_ROLES)
def sheet(incident_id):
    return render_template("incidents/print.html", incident=_incident(incident_id))


def _incident(incident_id):
    return Incident.of_estate(g.estate, incident_id) or abort(404)


def _page(incident, form=None, error=None, void_form=None, void_error=None):
    return render_template("incidents/show.html", incident=incident, form=form or RecordForm(formdata=None),
                           error=error, void_form=void_form or VoidForm(formdata=None), void_error=void_error,
                           now=clock.utcnow(), archivist=current_user.role in ARCHIVISTS,
                           may_void=current_user.role in DESK_ROLES,
                           events=incident.events.order_by(IncidentEvent.at, IncidentEvent.id)
                           ), 422 if error or void_error else 200

"""The center's master data: its estates, and the current estate's areas and buildings."""
from flask import Blueprint, abort, flash, g, redirect, render_template, session, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from ..domain.vocabulary import ADMIN, CENTER_HEAD
from ..forms.master import AreaForm, BuildingForm, EstateForm
from ..models import Area, Building, Estate
from ..models.master import (create_area, create_building, create_estate, history, update_area,
                             update_building, update_estate)
from ..web.auth import forget, role_required

bp = Blueprint("estates", __name__, url_prefix="/estates")
EDITORS = (ADMIN, CENTER_HEAD)


@bp.get("/")
@role_required(*EDITORS)
def index():
    return render_template("estates/index.html", estates=g.estates)


@bp.route("/new", methods=["GET", "POST"])
@role_required(ADMIN)
def new():
    form = EstateForm()
    estate = form.validate_on_submit() and form.saved_by(create_estate, current_user.id, form.entries())
    if estate:
        forget(current_user)  # the new estate is among theirs from the next page on
        session["estate_id"] = estate.id
        flash(_("%(name)s created with its security and engineering teams; you are now working in it.",
                name=estate.name), "success")
        return redirect(url_for("estates.edit", estate_id=estate.id))
    return render_template("estates/form.html", form=form, estate=None), 422 if form.errors else 200


@bp.route("/<int:estate_id>/edit", methods=["GET", "POST"])
@role_required(*EDITORS)
def edit(estate_id):
    estate = _estate(estate_id)
    form = EstateForm(obj=estate)
    if form.validate_on_submit() and form.saved_by(update_estate, current_user.id, estate, form.entries()):
        forget(current_user)
        flash(_("Estate saved."), "success")
        return redirect(url_for("estates.edit", estate_id=estate.id))
    return render_template("estates/form.html", form=form, estate=estate, history=history("estate", estate.id)), \
        422 if form.errors else 200


@bp.get("/buildings/")
@role_required(*EDITORS)
def buildings():
    return render_template("estates/buildings.html", areas=g.estate.areas.order_by(Area.name),
                           buildings=g.estate.buildings.order_by(Building.number))


@bp.route("/buildings/new", methods=["GET", "POST"])
@role_required(*EDITORS)
def new_building():
    return _part(BuildingForm)


@bp.route("/buildings/<int:building_id>/edit", methods=["GET", "POST"])
@role_required(*EDITORS)
def edit_building(building_id):
    return _part(BuildingForm, Building.get_or_none((Building.id == building_id) & (Building.estate == g.estate))
                 or abort(404))


@bp.route("/areas/new", methods=["GET", "POST"])
@role_required(*EDITORS)
def new_area():
    return _part(AreaForm)


@bp.route("/areas/<int:area_id>/edit", methods=["GET", "POST"])
@role_required(*EDITORS)
def edit_area(area_id):
    return _part(AreaForm, Area.get_or_none((Area.id == area_id) & (Area.estate == g.estate)) or abort(404))


# The parts of an estate listed on one page, by their form: what they are, how one is added and changed, and
# what a save says.
PARTS = {BuildingForm: ("building", create_building, update_building, _l("Building saved.")),
         AreaForm: ("area", create_area, update_area, _l("Area saved."))}


def _part(form_class, row=None):
    """Add (no row) or change an area or a building of the current estate."""
    kind, create, update, saved_message = PARTS[form_class]
    form = form_class(g.estate, row)
    saved = form.validate_on_submit() and (form.saved_by(update, current_user.id, row, form.entries()) if row
                                           else form.saved_by(create, current_user.id, g.estate, form.entries()))
    if saved:
        flash(str(saved_message), "success")
        return redirect(url_for("estates.buildings"))
    return render_template("estates/part.html", kind=kind, form=form, row=row,
                           history=history(kind, row.id) if row else []), 422 if form.errors else 200


def _estate(estate_id):
    """An estate the signed-in person works in, as saved now; 404 for any other."""
    if estate_id not in {e.id for e in g.estates}:
        abort(404)
    return Estate.get_by_id(estate_id)


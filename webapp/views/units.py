"""Units: the estate's list and search, a unit's page (its owners, its whole ticket history with the archive
(业主档案), its change history), and keeping a unit and its owners up to date."""
from flask import Blueprint, abort, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..web.auth import role_required
from ..web.htmx import wants_fragment
from ..domain.access import can_see
from ..domain.people import mask_phone
from ..domain.vocabulary import ADMIN, CENTER_HEAD, DESK_ROLES, OVERSEEING_ROLES
from ..forms.master import OwnerForm, OwnerRemovalForm, UnitForm
from ..models import Area, Building, Owner, Ticket, Unit
from ..models.master import (add_owner, create_unit, find_units, owners_of, remove_owner, unit_history,
                             update_owner, update_unit)

bp = Blueprint("units", __name__, url_prefix="/units")
EDITORS = (ADMIN, CENTER_HEAD)
PER_PAGE = 100
SEARCH_LIMIT = 60  # characters of a search: more is no unit number, name or phone


@bp.app_template_filter("masked")
def masked(phone):
    return mask_phone(phone)


@bp.get("/")
@role_required(*OVERSEEING_ROLES)
def index():
    buildings = list(g.estate.buildings.order_by(Building.number))
    areas = list(g.estate.areas.order_by(Area.name))
    building, area = _chosen(buildings, "building"), _chosen(areas, "area")
    text = request.args.get("q", "").strip()[:SEARCH_LIMIT]
    query = find_units(g.estate, building, area, text)
    page = _page(request.args.get("page", ""))
    units = list(query.paginate(page, PER_PAGE))
    # A history restore asks for the whole page, though htmx sends it.
    fragment = wants_fragment() and request.headers.get("HX-History-Restore-Request") != "true"
    template = "units/_list.html" if fragment else "units/index.html"
    return render_template(template, units=units, owners=owners_of(units), buildings=buildings, areas=areas,
                           building=building, area=area, text=text, page=page,
                           pages=max(1, -(-query.count() // PER_PAGE)), may_edit=current_user.role in EDITORS)


@bp.get("/<number>")
@role_required(*OVERSEEING_ROLES)
def show(number):
    unit = _unit(number)
    estate_ids = {e.id for e in g.estates}
    history = [t for t in Ticket.of_estate(g.estate).where(Ticket.unit == unit).order_by(Ticket.created_at.desc())
               if can_see(current_user.id, current_user.role, estate_ids, t.estate_id, t.kind, t.team,
                          t.assignee_id, t.taken_by_id)]
    area = unit.building.area
    full_phones = current_user.role in DESK_ROLES or (area is not None and area.manager_id == current_user.id)
    return render_template("units/show.html", unit=unit, history=history, archive=[t for t in history if t.archived],
                           changes=unit_history(unit), full_phones=full_phones,
                           may_edit=current_user.role in EDITORS)


@bp.route("/new", methods=["GET", "POST"])
@role_required(*EDITORS)
def new():
    form = UnitForm(g.estate, building=request.args.get("building", ""))
    unit = form.validate_on_submit() and form.saved_by(create_unit, current_user.id, g.estate, form.entries())
    if unit:
        flash(_("Unit %(number)s saved. Add its owners now.", number=unit.number), "success")
        return redirect(url_for("units.new_owner", number=unit.number))
    return render_template("units/form.html", form=form, unit=None), 422 if form.errors else 200


@bp.route("/<number>/edit", methods=["GET", "POST"])
@role_required(*EDITORS)
def edit(number):
    unit = _unit(number)
    form = UnitForm(g.estate, obj=unit, building=str(unit.building_id))
    saved = form.validate_on_submit() and form.saved_by(update_unit, current_user.id, unit, form.entries())
    if saved:
        flash(_("Unit %(number)s saved.", number=saved.number), "success")
        return redirect(url_for("units.show", number=saved.number))
    return render_template("units/form.html", form=form, unit=unit), 422 if form.errors else 200


@bp.route("/<number>/owners/new", methods=["GET", "POST"])
@role_required(*EDITORS)
def new_owner(number):
    unit = _unit(number)
    form = OwnerForm()
    if form.validate_on_submit():
        add_owner(current_user.id, unit, form.entries())
        flash(_("%(name)s added to %(number)s.", name=form.name.data, number=unit.number), "success")
        return redirect(url_for("units.show", number=unit.number))
    return render_template("units/owner.html", form=form, unit=unit, owner=None), 422 if form.errors else 200


@bp.route("/<number>/owners/<int:owner_id>/edit", methods=["GET", "POST"])
@role_required(*EDITORS)
def edit_owner(number, owner_id):
    unit, owner = _owner(number, owner_id)
    form = OwnerForm(obj=owner)
    if form.validate_on_submit():
        update_owner(current_user.id, owner, form.entries())
        flash(_("%(name)s saved.", name=form.name.data), "success")
        return redirect(url_for("units.show", number=unit.number))
    return render_template("units/owner.html", form=form, unit=unit, owner=owner,
                           removal=OwnerRemovalForm(formdata=None)), 422 if form.errors else 200


@bp.post("/<number>/owners/<int:owner_id>/removal")
@role_required(*EDITORS)
def owner_removal(number, owner_id):
    unit, owner = _owner(number, owner_id)
    removal = OwnerRemovalForm()
    if not removal.validate():
        return render_template("units/owner.html", form=OwnerForm(obj=owner, formdata=None), unit=unit, owner=owner,
                               removal=removal), 422
    remove_owner(current_user.id, owner, removal.reason.data or "")
    flash(_("%(name)s removed from %(number)s.", name=owner.name, number=unit.number), "success")
    return redirect(url_for("units.show", number=unit.number))


def _unit(number):
    return Unit.find(g.estate, number) or abort(404)


def _owner(number, owner_id):
    unit = _unit(number)
    owner = Owner.get_or_none((Owner.id == owner_id) & (Owner.unit == unit)) or abort(404)
    return unit, owner


def _chosen(rows, name):
    """The row whose id a filter names, or None (all of them) for anything else."""
    wanted = request.args.get(name, "")
    return next((row for row in rows if str(row.id) == wanted), None)


def _page(text):
    return int(text) if text.isascii() and text.isdigit() and 0 < len(text) < 6 and int(text) > 0 else 1

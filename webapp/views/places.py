"""Places with a QR sticker: the estate's list, adding and editing, a new token, retirement, printing labels."""
from io import BytesIO

from flask import Blueprint, abort, current_app, flash, g, redirect, render_template, send_file, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from markupsafe import Markup
from peewee import JOIN

from ..media import qr
from ..web import labels
from ..web.auth import role_required
from ..domain.vocabulary import ADMIN, CS_HEAD
from ..forms.places import PlaceForm
from ..models import Building, Place
from ..models.place import create_place, retire_place, rotate_token, update_place
from ..web.parsing import ids_arg

bp = Blueprint("places", __name__, url_prefix="/places")

CALL_TO_SCAN = _l("Scan to report a repair or ask for help")


@bp.get("/")
@role_required(ADMIN, CS_HEAD)
def index():
    places = (Place.select(Place, Building).join(Building, JOIN.LEFT_OUTER).where(Place.estate == g.estate)
              .order_by(Place.retired, Place.name))
    return render_template("places/index.html", places=places)


@bp.route("/new", methods=["GET", "POST"])
@role_required(ADMIN, CS_HEAD)
def new():
    form = PlaceForm(g.estate, labels.PLACE_KINDS)
    if form.validate_on_submit():
        place = create_place(g.estate, **form.place_fields())
        flash(_("%(name)s added. Print its sticker from the list.", name=place.name), "success")
        return redirect(url_for("places.index"))
    return render_template("places/form.html", form=form, place=None), 422 if form.errors else 200


@bp.route("/<int:place_id>/edit", methods=["GET", "POST"])
@role_required(ADMIN, CS_HEAD)
def edit(place_id):
    place = _place(place_id)
    form = PlaceForm(g.estate, labels.PLACE_KINDS, place=place)
    if form.validate_on_submit():
        # The token is not a field: a renamed or moved place keeps its printed sticker.
        update_place(place, **form.place_fields())
        flash(_("Place saved; its sticker stays valid."), "success")
        return redirect(url_for("places.index"))
    return render_template("places/form.html", form=form, place=place, sticker=_sticker(place)), \
        422 if form.errors else 200


@bp.post("/<int:place_id>/rotation")
@role_required(ADMIN, CS_HEAD)
def rotation(place_id):
    place = rotate_token(_place(place_id))
    flash(_("%(name)s has a new sticker: print it and replace the old one, which now says it was replaced.",
            name=place.name), "success")
    return redirect(url_for("places.edit", place_id=place.id))


@bp.post("/<int:place_id>/retirement")
@role_required(ADMIN, CS_HEAD)
def retirement(place_id):
    place = _place(place_id)
    retire_place(place)
    flash(_("%(name)s retired. Its sticker now sends residents to the desk.", name=place.name), "success")
    return redirect(url_for("places.index"))


@bp.get("/labels")
@role_required(ADMIN, CS_HEAD)
def label_sheet():
    """A printable A4 sheet of stickers: the chosen places, or every place in use when none is chosen."""
    places = Place.select().where((Place.estate == g.estate) & ~Place.retired).order_by(Place.name)
    ids = ids_arg("ids")
    if ids:
        places = places.where(Place.id.in_(ids))
    return render_template("places/labels.html", stickers=[_sticker(p) for p in places],
                           scans_nowhere=qr.scans_nowhere(current_app.config["PUBLIC_BASE_URL"]))


@bp.get("/<int:place_id>/label.png")
@role_required(ADMIN, CS_HEAD)
def label_png(place_id):
    place = _place(place_id)
    if place.retired:
        abort(404)
    png = qr.label_png(_scan_url(place), place.name, str(CALL_TO_SCAN))
    return send_file(BytesIO(png), mimetype="image/png", download_name=f"{place.name}.png")


def _place(place_id):
    return Place.get_or_none((Place.id == place_id) & (Place.estate == g.estate)) or abort(404)


def _scan_url(place):
    # Built from the public address, not url_for: the sticker outlives whichever host rendered it.
    return qr.scan_url(current_app.config["PUBLIC_BASE_URL"], place.token)


def _sticker(place):
    url = _scan_url(place)
    return dict(place=place, url=url, short_url=url.partition("://")[2], svg=Markup(qr.label_svg(url)))

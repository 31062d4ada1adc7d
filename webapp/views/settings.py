"""An estate's own settings: desk hours, the cap on open orders, grab or assign per kind and category."""
from flask import Blueprint, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..web.auth import forget, role_required
from ..domain.routing import DISPATCH_SLOTS, dispatch_mode
from ..domain.vocabulary import ADMIN, ASSIGN, CENTER_HEAD, CS_HEAD, GRAB, REPAIR
from ..web.labels import team_choices
from ..forms.settings import SettingsForm
from ..models import Estate
from ..models.alerts import keep_webhook_secret
from ..models.estate import configure, team_codes

bp = Blueprint("settings", __name__, url_prefix="/settings")


@bp.route("/", methods=["GET", "POST"])
@role_required(ADMIN, CENTER_HEAD)
def edit():
    estate = Estate.get_by_id(g.estate.id)  # as saved now, not as this process last kept it
    form = SettingsForm(obj=estate)
    modes, teams = estate.dispatch_modes(), estate.dispatch_teams()
    if request.method == "POST":
        modes = {slot: _mode(slot) for slot in DISPATCH_SLOTS}
        teams = {slot: _team(slot, estate) for slot in DISPATCH_SLOTS if slot[0] == REPAIR}
        if form.validate():
            configure(estate, modes, teams, actor=current_user, **form.settings())
            secret = keep_webhook_secret(estate, current_user, renew=form.new_webhook_secret.data)
            forget(current_user)
            flash(_("Settings saved."), "success")
            if secret:  # shown this once, in this answer only: never in a redirect's session cookie
                saved = Estate.get_by_id(estate.id)
                return _page(saved, SettingsForm(formdata=None, obj=saved), modes, teams, new_secret=secret)
            return redirect(url_for("settings.edit"))
    return _page(estate, form, modes, teams)


def _page(estate, form, modes, teams, new_secret=None):
    return render_template("settings/edit.html", form=form, slots=DISPATCH_SLOTS, modes=modes, teams=teams,
                           team_choices=team_choices(estate), estate=estate, new_secret=new_secret,
                           effective=lambda kind, category: dispatch_mode(kind, category, modes)), \
        422 if form.errors else 200


@bp.get("/center")
@role_required(ADMIN, CENTER_HEAD, CS_HEAD)
def center():
    """Where a center sets itself up: estates, units, staff, teams, imports, roster, holidays, places."""
    return render_template("settings/center.html")


def _mode(slot):
    chosen = request.form.get(f"mode-{slot[0]}-{slot[1]}", "")
    return chosen if chosen in (GRAB, ASSIGN) else ""


def _team(slot, estate):
    chosen = request.form.get(f"team-{slot[0]}-{slot[1]}", "")
    return chosen if chosen in team_codes(estate) else ""

"""The estate's stage targets per kind (and urgency): what every clock, the board and the escalation count against."""
from flask import Blueprint, flash, g, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..domain.escalation import CHAINS, REVISIT_CHAIN
from ..domain.vocabulary import ADMIN, CENTER_HEAD, CS_HEAD, KINDS
from ..forms.targets import STAGE_NAMES, STAGE_SPANS, TargetsForm, defaults_of, entries_of, row_name
from ..models import Estate
from ..models.stage_targets import overrides_of, set_targets
from ..web.auth import role_required

bp = Blueprint("targets", __name__, url_prefix="/settings/targets")


@bp.route("", methods=["GET", "POST"])
@role_required(ADMIN, CENTER_HEAD, CS_HEAD)
def edit():
    """Each cell empty for the default, 0 for not timed, or the estate's own minutes."""
    estate = Estate.get_by_id(g.estate.id)  # its response targets as saved now
    defaults = defaults_of(estate.targets)
    form = TargetsForm(data=entries_of(overrides_of(estate)))
    if form.validate_on_submit():
        set_targets(estate, current_user, form.cells(defaults))
        flash(_("Targets saved."), "success")
        return redirect(url_for("targets.edit"))
    return render_template("settings/targets.html", form=form, rows=form.rows(defaults), stages=STAGE_NAMES,
                           spans=STAGE_SPANS, row_name=row_name, kinds=KINDS, chains=CHAINS,
                           revisit_chain=REVISIT_CHAIN), 422 if form.errors else 200

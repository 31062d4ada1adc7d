"""The alerts sent (to the estate's webhook, to staff phones) and those that failed, for the admin."""
from flask import Blueprint, g, render_template
from flask_babel import lazy_gettext as _l

from ..domain.vocabulary import ADMIN, CENTER_HEAD
from ..models import Estate
from ..models.alerts import recent_deliveries
from ..web.auth import role_required

bp = Blueprint("alerts", __name__, url_prefix="/alerts")

REASONS = {"dispatched": _l("Dispatched"), "urged": _l("Urged by the resident"),
           "unaccepted": _l("Not accepted in time: to the lead"),
           "overdue": _l("Past its target: to the handler"),
           "escalated": _l("Past its target: to the next level up"),
           "incident": _l("Incident: to its next level"), "parcel_arrived": _l("Parcel arrived: notice to the recipient"),
           "parcel_reminder": _l("Parcel still waiting: reminder to the recipient"),
           "round_missed": _l("Patrol round missed: to the team lead"),
           "round_incomplete": _l("Patrol round incomplete: to the team lead")}
STATES = {"pending": _l("Waiting"), "sent": _l("Sent"), "failed": _l("Failed"), "gone": _l("Gone")}
CHANNELS = {"webhook": _l("Webhook"), "push": _l("Web Push")}


@bp.get("/")
@role_required(ADMIN, CENTER_HEAD)
def index():
    """The estate's latest deliveries, failed ones marked, with their tries and last error."""
    return render_template("alerts/index.html", deliveries=recent_deliveries(g.estate),
                           estate=Estate.get_by_id(g.estate.id), reasons=REASONS, states=STATES, channels=CHANNELS)

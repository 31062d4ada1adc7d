"""Sign-in, roles on every route, and the estate a member of staff is working in."""
import time
from functools import wraps

from flask import abort, current_app, g, redirect, request, session, url_for
from flask_babel import lazy_gettext as _l
from flask_login import LoginManager, current_user
from htmx_flask import Htmx, make_response

from .domain.access import can_see
from .models import Estate, Staff, Ticket, TicketEvent

login_manager = LoginManager()
login_manager.login_view = "auth.login"
login_manager.login_message = _l("Please sign in to continue.")
login_manager.login_message_category = "info"


# The signed-in person and their estates, kept per process for a moment: loading them was a third of a
# cached page's cost. A deactivation or a new estate therefore takes effect within SIGNED_IN_SECONDS.
SIGNED_IN_SECONDS = 2.0


def _kept():
    return current_app.extensions.setdefault("signed_in", {})


@login_manager.user_loader
def load_staff(staff_id):
    staff_id, now = int(staff_id), time.monotonic()
    kept = _kept().get(staff_id)
    if kept is None or kept[0] < now:
        staff = Staff.signed_in(staff_id)
        kept = _kept()[staff_id] = (now + SIGNED_IN_SECONDS, staff, Estate.visible_to(staff) if staff else [])
    return kept[1]


def estates_of(staff):
    """The estates the signed-in person works in (loaded with them)."""
    kept = _kept().get(staff.id)
    return kept[2] if kept else Estate.visible_to(staff)


@login_manager.unauthorized_handler
def unauthorized():
    target = url_for("auth.login", next=request.full_path if request.method == "GET" else None)
    if request.htmx:
        return make_response("", 401, redirect=target)
    return redirect(target)


def role_required(*roles):
    """Let only signed-in staff with one of `roles` (any role when none given) through."""
    def decorate(view):
        @wraps(view)
        def guarded(*args, **kwargs):
            if not current_user.is_authenticated:
                return login_manager.unauthorized()
            if (roles and current_user.role not in roles) or g.estate is None:
                abort(403)  # a role without this page, or staff not yet placed in any estate
            return view(*args, **kwargs)
        return guarded
    return decorate


def visible_ticket(number):
    """The ticket with this number if the signed-in person may see it; 404 otherwise."""
    ticket = Ticket.get_or_none(Ticket.number == number)
    if ticket is None or not can_see(
            current_user.id, current_user.role, {e.id for e in g.estates}, ticket.estate_id, ticket.kind,
            ticket.team, ticket.assignee_id, ticket.taken_by_id, _involved(ticket)):
        abort(404)
    return ticket


def _involved(ticket):
    return {e.target_id for e in ticket.events.where(TicketEvent.action == "involve")}


def _load_estate():
    """Put the estate the signed-in person works in on `g` (remembered in the session)."""
    g.estate, g.estates = None, []
    if not current_user.is_authenticated:
        return
    estates = estates_of(current_user)
    g.estates = estates
    wanted = session.get("estate_id")
    g.estate = next((e for e in estates if e.id == wanted), estates[0] if estates else None)
    if g.estate and wanted != g.estate.id:
        session["estate_id"] = g.estate.id  # checked here, trusted by live.unchanged_poll


def init_app(app):
    Htmx(app)
    login_manager.init_app(app)
    app.before_request(_load_estate)

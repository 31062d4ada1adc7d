"""Sign-in, roles on every route, and the estate a member of staff is working in."""
import math
import time
from functools import wraps

from flask import abort, current_app, flash, g, redirect, render_template, request, session, url_for
from flask_babel import lazy_gettext as _l, ngettext
from flask_login import LoginManager, current_user
from htmx_flask import make_response

from ..domain.access import can_see
from .htmx import wants_fragment
from .limits import retry_after
from ..models import Estate, Staff, Ticket, TicketEvent

login_manager = LoginManager()
login_manager.login_view = "auth.login"
login_manager.login_message = _l("Please sign in to continue.")
login_manager.login_message_category = "info"


# The signed-in person and their estates, kept per process for a moment: loading them was a third of a
# cached page's cost. A deactivation or a new estate therefore takes effect within SIGNED_IN_SECONDS; a
# signing out or a password change at once in this process (see `forget`), within it in the others.
SIGNED_IN_SECONDS = 2.0


def _kept():
    return current_app.extensions.setdefault("signed_in", {})


@login_manager.user_loader
def load_staff(session_id):
    """The person a session was signed in as ('<id>:<session version>'), if that version still holds."""
    try:
        staff_id, version = (int(part) for part in str(session_id).split(":"))
    except ValueError:
        return None  # signed in before session versions, or not ours
    now = time.monotonic()
    kept = _kept().get(staff_id)
    if kept is None or kept[0] < now or _version(kept[1]) != version:  # another worker may have moved it on
        staff = Staff.signed_in(staff_id)
        kept = _kept()[staff_id] = (now + SIGNED_IN_SECONDS, staff, Estate.visible_to(staff) if staff else [])
    return kept[1] if _version(kept[1]) == version else None


def _version(staff):
    return staff.session_version if staff else None


def forget(staff):
    """Drop what this process keeps of a person, so their changed sessions count from the next request."""
    _kept().pop(staff.id, None)


def estates_of(staff):
    """The estates the signed-in person works in (loaded with them)."""
    kept = _kept().get(staff.id)
    return kept[2] if kept else Estate.visible_to(staff)


@login_manager.unauthorized_handler
def unauthorized():
    target = url_for("auth.login", next=request.full_path if request.method == "GET" else None)
    if wants_fragment():
        return make_response("", 401, redirect=target)
    return redirect(target)


# Wrong passwords allowed for one account from one address (keyed by both, so guessing from elsewhere cannot
# lock the real person out), and from one address for all accounts together.
TRIES_PER_ACCOUNT = "5 per 15 minutes"
TRIES_PER_CLIENT = "20 per 15 minutes"


def wrong_password(response):
    """Whether a password form was refused (422): only those spend a try, signing in does not."""
    return response.status_code == 422


def too_many_tries(template, **context):
    """The page again, refused (429), saying how long to wait before the next password is tried."""
    seconds = retry_after()
    flash(ngettext("Too many wrong passwords. Please try again in %(num)s minute.",
                   "Too many wrong passwords. Please try again in %(num)s minutes.", math.ceil(seconds / 60)),
          "error")
    return render_template(template, **context), 429, {"Retry-After": str(seconds)}


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
            ticket.team, ticket.assignee_id, ticket.taken_by_id, _involved(ticket), current_user.team):
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


# What a person with a temporary password may still reach: everything else sends them to change it first.
REACHABLE_WITH_TEMPORARY_PASSWORD = {"static", "auth.login", "auth.logout", "account.password", "lang",
                                     "pwa.manifest", "pwa.service_worker"}


def _insist_on_new_password():
    """A person given a temporary password changes it before doing anything else."""
    if (current_user.is_authenticated and current_user.must_change_password
            and request.endpoint not in REACHABLE_WITH_TEMPORARY_PASSWORD):
        target = url_for("account.password")
        if wants_fragment():
            return make_response("", 200, redirect=target)
        flash(_l("Choose your own password before you go on: the one you were given is temporary."), "info")
        return redirect(target)
    return None


def init_app(app):
    login_manager.init_app(app)
    app.before_request(_load_estate)
    app.before_request(_insist_on_new_password)

"""The resident's private tracking link: status in plain words, the reply and its photos, the timeline,
urge, rate or reopen."""
from functools import wraps

from flask import Blueprint, abort, redirect, render_template, send_from_directory, url_for
from flask_babel import gettext as _
from werkzeug.exceptions import TooManyRequests

from .. import clock
from ..domain import Refused
from ..domain.places import resident_status
from ..domain.resident import REPLY_SHOWN, check_urge_wait, told_to_redo, urge_offer
from ..forms.resident import VerdictForm
from ..web.i18n import explain
from ..web.limits import per_client, quota, retry_after
from ..web.uploads import photo_folder
from ..models.resident import finish_photo, finish_photos, timeline, tracked, urge, verdict

bp = Blueprint("tracking", __name__, url_prefix="/t")


def _ticket(token):
    return tracked(token) or abort(404)


def _kept_when_limited(view):
    """Past this phone's quota: the same page with what was typed, a word and the phone number (429)."""
    @wraps(view)
    def guarded(token):
        try:
            return view(token)
        except TooManyRequests:
            error = _("Many requests were sent from this phone just now. Please try again in a few minutes, "
                      "or call the service center.")
            return _page(_ticket(token), form=VerdictForm(), error=error), 429, {"Retry-After": str(retry_after())}
    return guarded


@bp.get("/<token>")
def show(token):
    return _page(_ticket(token))


@bp.post("/<token>/urge")
@_kept_when_limited
@quota(per_client)
def urge_it(token):
    ticket = _ticket(token)
    try:
        check_urge_wait(ticket.kind, ticket.created_at, clock.utcnow())
        urge(ticket.id)
    except Refused as refused:
        return _page(ticket, error=explain(refused)), 409
    return redirect(url_for("tracking.show", token=token, urged=1), 303)


@bp.post("/<token>/verdict")
@_kept_when_limited
@quota(per_client)
def give_verdict(token):
    ticket = _ticket(token)
    form = VerdictForm()
    try:
        if not form.validate():
            raise Refused(form.refusal())
        verdict(ticket.id, form.fixed.data == "yes", form.rating.data, form.comment.data)
    except Refused as refused:
        return _page(ticket, form=form, error=explain(refused)), 422
    return redirect(url_for("tracking.show", token=token), 303)


@bp.get("/<token>/photos/<int:photo_id>")
def photo(token, photo_id):
    return _send(token, photo_id, thumb=False)


@bp.get("/<token>/photos/<int:photo_id>/thumb")
def thumb(token, photo_id):
    return _send(token, photo_id, thumb=True)


def _send(token, photo_id, thumb):
    shown = finish_photo(_ticket(token), photo_id) or abort(404)
    response = send_from_directory(photo_folder(), shown.thumb if thumb else shown.name, mimetype="image/jpeg")
    response.headers["Cache-Control"] = "private, max-age=86400"
    return response


def _page(ticket, form=None, error=None):
    steps = timeline(ticket)
    done = ticket.state in REPLY_SHOWN
    return render_template("scan/tracking.html", ticket=ticket, steps=steps, error=error,
                           status=_(resident_status(ticket.state)), form=form or VerdictForm(formdata=None),
                           urge=urge_offer(ticket.kind, ticket.state, ticket.created_at, ticket.urged_at,
                                           clock.utcnow()),
                           reply=ticket.reply if done else None, photos=list(finish_photos(ticket)) if done else (),
                           redo=told_to_redo(ticket.state, [step[1] for step in steps]))

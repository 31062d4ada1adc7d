"""Requests from a phone's outbox: a key makes a repeated entry answer what the first one did, and every answer
says plainly whether the entry was taken (2xx), must wait (409, 5xx) or needs the person (other 4xx).

Headers: `Idempotency-Key` (8-64 of [A-Za-z0-9_-]) on a POST from signed-in staff is claimed before the view
runs; `X-Outbox: 1` asks for outbox answers: a redirect becomes 204 with the target in `X-Location`, a redirect
to sign-in 401. `X-Device-Time` is the phone's clock (ms since 1970) when it sent; see `device_time()`.
"""
import re
from datetime import datetime, timezone
from functools import wraps
from urllib.parse import urlsplit

from flask import Response, abort, g, make_response, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..models import replay

KEY = re.compile(r"[A-Za-z0-9_-]{8,64}")
RETRY_AFTER_SECONDS = 5
REDIRECTS = (301, 302, 303, 307, 308)
# A device clock outside these years (ms since 1970) is broken, not merely off: no difference worth recording.
EARLIEST_MS, LATEST_MS = 946684800000, 4102444800000  # 2000-01-01, 2100-01-01


def outbox_request():
    """Whether the request comes from the outbox (and wants its unambiguous answers)."""
    return request.headers.get("X-Outbox") == "1"


def device_time():
    """The phone's clock when it sent the request (`X-Device-Time`), as naive UTC; None when absent or nonsense."""
    raw = request.headers.get("X-Device-Time", "").strip()
    if not (raw.isascii() and raw.isdigit() and EARLIEST_MS <= int(raw) < LATEST_MS):
        return None
    return datetime.fromtimestamp(int(raw) / 1000, timezone.utc).replace(tzinfo=None)


def keep_offline(response):
    """Mark a page the service worker keeps, to show it again when the network is gone."""
    response = make_response(response)
    response.headers["X-Offline"] = "keep"
    return response


def offline_page(view):
    """A view whose page stays reachable offline (see keep_offline)."""
    @wraps(view)
    def kept(*args, **kwargs):
        return keep_offline(view(*args, **kwargs))
    return kept


def _message(status, message, **headers):
    return Response(message, status, headers, mimetype="text/plain")


def _claim():
    g.replay_reached = True  # every earlier before-request hook let the request through
    key = request.headers.get("Idempotency-Key")
    if request.method != "POST" or key is None:
        return None
    if not KEY.fullmatch(key):
        abort(400)
    if not current_user.is_authenticated:
        return None  # the view sends them to sign in: nothing to remember
    held = replay.claim(current_user.id, key, request.path)
    if held is None:
        g.replay_key = key
        return None
    if held.path != request.path:
        return _message(422, _("This entry was already sent to another page. Discard it and enter it again."))
    if held.status is None:
        return _message(409, _("This entry is being sent right now."), **{"Retry-After": str(RETRY_AFTER_SECONDS)})
    answer = redirect(held.location, held.status) if held.status in REDIRECTS else Response(status=held.status)
    answer.headers["X-Replayed"] = "1"
    return answer


def _settle(response):
    key = g.pop("replay_key", None)
    if key is not None:
        if response.status_code < 400:
            replay.finished(current_user.id, key, response.status_code, response.location)
        else:
            replay.release(current_user.id, key)
    return _unambiguous(response) if outbox_request() else response


def _release_failed(error):
    key = g.pop("replay_key", None)
    if key is not None and current_user.is_authenticated:
        replay.release(current_user.id, key)  # an unhandled error: the entry may be sent again


def _unambiguous(response):
    """An outbox answer: a redirect to a page is success (204 + X-Location), a redirect to sign-in is 401."""
    if response.status_code not in REDIRECTS:
        return response
    target = response.location or ""
    if urlsplit(target).path == url_for("auth.login"):
        return _message(401, _("You were signed out. Sign in again, then send the entry again: it was kept."))
    if not g.get("replay_reached"):  # turned away before the view, e.g. to change a temporary password
        return _message(403, _("Open the app and do what it asks first, then send the entry again."))
    return Response(status=204, headers={"X-Location": target})


def init_app(app):
    app.before_request(_claim)
    app.after_request(_settle)
    app.teardown_request(_release_failed)

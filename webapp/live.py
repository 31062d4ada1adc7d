"""Live lists without wasted work: a cursor that moves when a ticket changes (or the minute turns, so
waiting times stay true), rendered fragments kept per cursor, and unchanged polls answered before any
user or estate is loaded."""
from collections import OrderedDict

from flask import current_app, request, session

from . import clock
from .models.changes import current

_MAX_FRAGMENTS = 512
# endpoint -> roles allowed to poll it
_POLLED = {}


def cursor(estate_id):
    """Where the estate's tickets stand now: '<change counter>.<minute>'."""
    minute = int(clock.utcnow().timestamp() // 60)
    return f"{current(estate_id)}.{minute}"


def unchanged(position):
    """Whether the poller already shows this position (it sends it back as ?since=)."""
    return request.args.get("since") == position


def polled(blueprint, *roles):
    """Mark a view as a live list that answers 204 to an unchanged poll from these roles."""
    def mark(view):
        _POLLED[f"{blueprint.name}.{view.__name__}"] = roles
        return view
    return mark


def unchanged_poll():
    """Answer 204 to an htmx poll whose cursor is still current, from the signed session alone.

    The session is signed by the server at sign-in and holds the role and the estate checked then;
    anything else (a changed list, a deactivated account) goes down the full path.
    """
    roles = _POLLED.get(request.endpoint)
    if roles is None or not request.args.get("since") or not request.headers.get("HX-Request"):
        return None
    if "_user_id" not in session or session.get("role") not in roles or "estate_id" not in session:
        return None
    if unchanged(cursor(session["estate_id"])):
        return "", 204
    return None


def fragment(key, render):
    """The fragment rendered for `key` (which must include the cursor), rendering it only once."""
    fragments = current_app.extensions.setdefault("live_fragments", OrderedDict())
    html = fragments.get(key)
    if html is None:
        html = fragments[key] = render()
        if len(fragments) > _MAX_FRAGMENTS:
            fragments.popitem(last=False)
    return html


def init_app(app):
    app.before_request(unchanged_poll)

"""Live lists without wasted work: a cursor that moves when a ticket changes (or the minute turns, so
waiting times stay true), and rendered fragments kept per cursor so an unchanged list is never redrawn."""
from collections import OrderedDict

from flask import current_app, request

from . import clock
from .models.changes import current

_MAX_FRAGMENTS = 512


def cursor(estate_id):
    """Where the estate's tickets stand now: '<change counter>.<minute>'."""
    minute = int(clock.utcnow().timestamp() // 60)
    return f"{current(estate_id)}.{minute}"


def unchanged(position):
    """Whether the poller already shows this position (it sends it back as ?since=)."""
    return request.args.get("since") == position


def fragment(key, render):
    """The fragment rendered for `key` (which must include the cursor), rendering it only once."""
    fragments = current_app.extensions.setdefault("live_fragments", OrderedDict())
    html = fragments.get(key)
    if html is None:
        html = fragments[key] = render()
        if len(fragments) > _MAX_FRAGMENTS:
            fragments.popitem(last=False)
    return html

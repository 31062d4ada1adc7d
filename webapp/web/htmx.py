"""htmx requests: the one place that tells a fragment request from a page request, and says so in `Vary`."""
from flask import g, request
from htmx_flask import Htmx


def wants_fragment():
    """Whether htmx sent this request (a fragment will do); the response then varies by HX-Request, so no
    cache hands a fragment to a page load or a page to htmx."""
    g.varies_by_htmx = True
    return request.headers.get("HX-Request") == "true"


def _say_it_varies(response):
    if g.get("varies_by_htmx"):
        response.vary.add("HX-Request")
    return response


def init_app(app):
    Htmx(app)  # htmx_flask.make_response's HX-Redirect for sign-in from a fragment
    app.after_request(_say_it_varies)

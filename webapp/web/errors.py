"""Error pages in the user's language; htmx requests get the message as a fragment."""
from flask import render_template
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError

from .htmx import wants_fragment

MESSAGES = {
    400: lambda: _("The request could not be understood."),
    403: lambda: _("Your role does not allow this."),
    404: lambda: _("Not found: it may have been moved, or the link is wrong."),
    405: lambda: _("That action is not available here."),
    413: lambda: _("The upload is too large."),
    500: lambda: _("Something went wrong on our side; nothing you saved was lost."),
}


def _page(status, message):
    template = "errors/_message.html" if wants_fragment() else "errors/page.html"
    return render_template(template, status=status, message=message), status


def init_app(app):
    for status, message in MESSAGES.items():
        app.register_error_handler(status, lambda e, s=status, m=message: _page(s, m()))
    app.register_error_handler(
        CSRFError, lambda e: _page(400, _("This form has expired or was not sent from this site. "
                                          "Reload the page and try again; nothing was saved.")))

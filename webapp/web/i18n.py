"""Chinese by default, English on request; times shown on the current estate's clock."""
import os
from functools import lru_cache

from flask import current_app, g, redirect, request, session, url_for
from babel import Locale
from flask_babel import Babel, format_datetime, get_locale

babel = Babel()
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
TRANSLATIONS = os.path.join(ROOT, "translations")


def select_locale():
    return _parsed(session.get("lang") or current_app.config["BABEL_DEFAULT_LOCALE"])


@lru_cache(maxsize=8)
def _parsed(code):
    # Babel's Locale.parse scans every known locale name (~0.5 ms); Flask-Babel calls it per request.
    return Locale.parse(code)


def select_timezone():
    estate = g.get("estate")
    return estate.timezone if estate else None


def switch_language(code):
    """Remember the chosen language and go back where the user was."""
    if code in current_app.config["LANGUAGES"]:
        session["lang"] = code
    target = request.referrer if request.referrer and request.referrer.startswith(request.host_url) else None
    return redirect(target or url_for("desk.home"))


def init_app(app):
    babel.init_app(app, locale_selector=select_locale, timezone_selector=select_timezone,
                   default_translation_directories=TRANSLATIONS)
    app.jinja_env.filters["when"] = lambda value, fmt="short": format_datetime(value, fmt) if value else ""
    app.jinja_env.globals["locale"] = lambda: str(get_locale())
    app.add_url_rule("/lang/<code>", "lang", switch_language)


def explain(refused):
    """A domain refusal in the user's language."""
    from flask_babel import gettext
    return gettext(refused.message, **refused.params)

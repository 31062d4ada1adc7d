"""The service desk of a property service center (物业服务中心)."""
from flask import Flask
from flask_wtf.csrf import CSRFProtect

from . import cli, db
from .web import assets, auth, clocks, errors, headers, htmx, i18n, labels, limits, live, parsing, replay
from .config import Config, settle_secret_key

csrf = CSRFProtect()


def create_app(config=None):
    """Build the app; `config` is a Config subclass or a dict of overrides (tests)."""
    app = Flask(__name__, instance_relative_config=True,
                template_folder="../templates", static_folder="../static")
    app.config.from_object(Config)
    if isinstance(config, dict):
        app.config.update(config)
    elif config is not None:
        app.config.from_object(config)
    settle_secret_key(app)  # before anything that signs with it (live's poll gate)
    db.init_app(app)
    parsing.init_app(app)
    csrf.init_app(app)
    live.init_app(app)
    headers.init_app(app)  # around the poll gate, so its 204s carry the headers too
    i18n.init_app(app)
    htmx.init_app(app)
    auth.init_app(app)
    replay.init_app(app)  # after sign-in's own redirects, so an outbox answer can tell them apart
    errors.init_app(app)
    limits.init_app(app)
    labels.init_app(app)
    clocks.init_app(app)
    assets.init_app(app)
    cli.init_app(app)
    from .views import register
    register(app)
    return app

"""One blueprint per area of the app."""


def register(app):
    from . import auth, desk, log, revisits, settings, tickets, units
    for module in (auth, desk, log, revisits, settings, tickets, units):
        app.register_blueprint(module.bp)

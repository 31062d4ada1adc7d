"""One blueprint per area of the app."""


def register(app):
    from . import auth, board, completion, desk, log, photos, pwa, queue, revisits, settings, tickets, units
    for module in (auth, board, completion, desk, log, photos, pwa, queue, revisits, settings, tickets, units):
        app.register_blueprint(module.bp)

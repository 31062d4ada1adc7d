"""One blueprint per area of the app."""

AREAS = ("account", "auth", "board", "borrowing", "completion", "desk", "items", "keys", "loans", "log",
         "photos", "place_actions", "places", "pwa", "queue", "revisits", "scan", "settings", "tickets",
         "tracking", "units")


def register(app):
    from importlib import import_module
    for name in AREAS:
        app.register_blueprint(import_module(f"{__name__}.{name}").bp)

"""One blueprint per area of the app."""

AREAS = ("account", "alerts", "auth", "board", "borrowing", "completion", "desk", "estates", "handover", "imports", "items", "keys", "loans", "log", "patrol", "patrol_board", "patrol_setup",
         "photos", "place_actions", "places", "push", "pwa", "queue", "revisits", "roster", "scan", "scanner", "settings", "tickets",
         "tracking", "units", "incidents", "parcels", "visitors", "storage", "surveys", "reports", "targets",
         "staff")  # last: the fuzz test sweeps routes in this order, and staff changes disturb its signed-in roles


def register(app):
    from importlib import import_module
    for name in AREAS:
        app.register_blueprint(import_module(f"{__name__}.{name}").bp)

"""A push reaches the app's service worker in real Chromium (delivered through the DevTools protocol, as a push
service would) and the phone shows the notification: the kind and number as title, the place as body."""
import json

import pytest

from webapp.alerts import push
from webapp.domain.alerts import message as alert_message

from webapp.models.push import subscribe

from .journeys import PHONE, SCREENSHOTS, sign_in


@pytest.fixture
def vapid_file(app, tmp_path):
    app.config["VAPID_KEY_FILE"] = str(tmp_path / "vapid.pem")
    yield
    push._KEYS.clear()


def registration_id(cdp, page, origin):
    """The id Chromium gives the app's service worker registration, once it is active."""
    found = {}

    def seen(event):
        for registration in event["registrations"]:
            if registration["scopeURL"] == f"{origin}/" and not registration["isDeleted"]:
                found["id"] = registration["registrationId"]

    cdp.on("ServiceWorker.workerRegistrationUpdated", seen)
    cdp.send("ServiceWorker.enable")
    assert page.evaluate("navigator.serviceWorker.ready.then(() => true)") is True
    for _ in range(50):
        if "id" in found:
            return found["id"]
        page.wait_for_timeout(100)
    raise AssertionError("the service worker's registration was never reported")


def test_a_push_delivered_to_the_service_worker_shows_a_notification(
        persistent_context, live_server, app, estate, staff, vapid_file):
    persistent_context.grant_permissions(["notifications"], origin=live_server)
    page = sign_in(persistent_context, live_server, "guard")
    page.goto(f"{live_server}/account/alerts")
    page.locator("[data-state=off]").wait_for()  # notifications allowed, this phone not subscribed yet
    page.evaluate("""() => { window.shown = new Promise((resolve) =>
        navigator.serviceWorker.addEventListener('message', (event) => resolve(event.data))); }""")

    cdp = persistent_context.new_cdp_session(page)
    with app.app_context():  # what the clock process sends for an urgent help request dispatched to the guard
        message = push.payload(alert_message("help", "T20261123-0001", "1-101", True, "dispatched",
                                             "/tickets/T20261123-0001"))
    cdp.send("ServiceWorker.deliverPushMessage", {"origin": live_server, "data": json.dumps(message),
                                                  "registrationId": registration_id(cdp, page, live_server)})

    assert page.evaluate("window.shown") == {"type": "push-shown", "title": "紧急：求助 T20261123-0001",
                                            "tag": "T20261123-0001"}
    notifications = page.evaluate("""() => navigator.serviceWorker.ready
        .then((registration) => registration.getNotifications())
        .then((list) => list.map((n) => ({title: n.title, body: n.body, tag: n.tag, url: n.data.url})))""")
    assert notifications == [{"title": "紧急：求助 T20261123-0001", "body": "1-101 · 派给你", "tag": "T20261123-0001",
                              "url": "/tickets/T20261123-0001"}]


def test_a_browser_without_push_is_told_how_to_get_alerts(browser, live_server, app, estate, staff, vapid_file):
    subscribe(staff["guard"], "https://web.push.apple.com/QOld", "BA" * 43, "AA" * 11, "Safari · iPhone")
    context = browser.new_context(**PHONE)
    # An iPhone's Safari outside the installed app has no PushManager.
    context.add_init_script("delete window.PushManager;")
    page = sign_in(context, live_server, "guard")
    page.goto(f"{live_server}/account/alerts")
    assert "添加到主屏幕" in page.locator("[data-state=unsupported]").inner_text()
    assert page.locator("[data-push-on]").is_hidden()
    assert "Safari · iPhone" in page.locator("main").inner_text()  # where alerts go now, and a way to stop them
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "push-alerts-unsupported.png"), full_page=True)
    context.close()

"""Web Push end to end without the internet: a loopback push service stands in for the browser vendor's, checks
the VAPID signature and decrypts what it was given with the key only the subscribed browser holds."""
import base64
import json
import os
import re
import stat
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

import http_ece
import pytest
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature

from webapp import clock
from webapp.alerts import clock as alert_clock
from webapp.alerts import push
from webapp.models import Delivery, PushSubscription, Staff
from webapp.models.push import subscribe

from . import factories

PHONE_UA = ("Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) "
            "Chrome/131.0.0.0 Mobile Safari/537.36")


def b64url(raw):
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def unb64url(text):
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


class Browser:
    """What a subscribed browser holds: its own key pair and auth secret, as PushManager.subscribe() makes."""

    def __init__(self, endpoint):
        self.private_key = ec.generate_private_key(ec.SECP256R1())
        self.auth = os.urandom(16)
        self.endpoint = endpoint
        point = self.private_key.public_key().public_bytes(serialization.Encoding.X962,
                                                           serialization.PublicFormat.UncompressedPoint)
        self.fields = {"endpoint": endpoint, "p256dh": b64url(point), "auth": b64url(self.auth)}

    def decrypt(self, body):
        return json.loads(http_ece.decrypt(body, private_key=self.private_key, auth_secret=self.auth,
                                           version="aes128gcm"))


class PushService(BaseHTTPRequestHandler):
    """A push service on 127.0.0.1: keeps what it is sent and answers with the status the test sets."""

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        self.server.received.append((self.path, {k.lower(): v for k, v in self.headers.items()}, body))
        self.send_response(self.server.status)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def push_service():
    server = ThreadingHTTPServer(("127.0.0.1", 0), PushService)
    server.received, server.status = [], 201
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    server.url = f"http://127.0.0.1:{server.server_port}"
    yield server
    server.shutdown()
    server.server_close()
    thread.join(timeout=5)


@pytest.fixture
def vapid_file(app, tmp_path):
    app.config["VAPID_KEY_FILE"] = str(tmp_path / "vapid" / "private.pem")
    yield app.config["VAPID_KEY_FILE"]
    push._KEYS.clear()


def deliver(app):
    with app.app_context():
        return alert_clock.deliver_due(clock.utcnow())


def help_request(estate, staff, urgent=True):
    """A lift entrapment taken at the desk and dispatched to security, whose on-duty lead is `guard`."""
    return factories.ticket(estate, staff["desk"], kind="help", unit="1-101", team="security", urgent=urgent,
                            description="电梯困人", contact_name="王先生", contact_phone="13912345678")


def verified_claims(authorization, public_key_b64):
    """The JWT claims of a VAPID Authorization header, after checking its ES256 signature with the key."""
    scheme, _, params = authorization.partition(" ")
    assert scheme == "vapid"
    parts = dict(part.split("=", 1) for part in params.split(","))
    assert parts["k"] == public_key_b64
    header, claims, signature = parts["t"].split(".")
    assert json.loads(unb64url(header)) == {"typ": "JWT", "alg": "ES256"}
    raw = unb64url(signature)
    public = ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), unb64url(parts["k"]))
    der = encode_dss_signature(int.from_bytes(raw[:32], "big"), int.from_bytes(raw[32:], "big"))
    public.verify(der, f"{header}.{claims}".encode(), ec.ECDSA(hashes.SHA256()))  # raises if forged
    return json.loads(unb64url(claims))


# ---- delivery -----------------------------------------------------------------------------------------------

def test_urgent_help_reaches_the_on_duty_guards_phone_signed_and_readable_only_by_it(
        app, estate, staff, push_service, vapid_file):
    phone = Browser(f"{push_service.url}/wpush/guard-phone")
    subscribe(staff["guard"], **phone.fields, label="Chrome · Android")
    ticket = help_request(estate, staff)

    assert deliver(app) >= 1
    [(path, headers, body)] = push_service.received
    assert path == "/wpush/guard-phone"
    assert (headers["ttl"], headers["urgency"], headers["content-encoding"]) == ("600", "high", "aes128gcm")
    with app.app_context():
        server_key = push.application_server_key()
    claims = verified_claims(headers["authorization"], server_key)
    assert claims["aud"] == push_service.url  # the push service's origin, no path
    assert time.time() < claims["exp"] <= time.time() + 24 * 3600
    assert claims["sub"] == "mailto:admin@localhost"

    shown = phone.decrypt(body)
    assert shown["title"] == f"紧急：求助 {ticket.number}"
    assert shown["body"] == "1-101 · 派给你"
    assert (shown["tag"], shown["url"], shown["urgent"]) == (ticket.number, f"/tickets/{ticket.number}", True)
    assert "王先生" not in json.dumps(shown, ensure_ascii=False) and "13912345678" not in json.dumps(shown)
    assert Delivery.get(Delivery.channel == "push").state == "sent"


def test_a_request_that_is_not_urgent_waits_an_hour_at_normal_urgency(app, estate, staff, push_service, vapid_file):
    phone = Browser(f"{push_service.url}/wpush/eng")
    subscribe(staff["eng"], **phone.fields)
    factories.ticket(estate, staff["desk"], kind="repair", team="engineering", category="plumbing")

    deliver(app)
    [(_path, headers, body)] = push_service.received
    assert (headers["ttl"], headers["urgency"]) == ("3600", "normal")
    assert phone.decrypt(body)["title"].startswith("报修 ")


def test_a_subscription_its_push_service_calls_gone_is_removed(app, estate, staff, push_service, vapid_file):
    push_service.status = 410
    subscribe(staff["guard"], **Browser(f"{push_service.url}/wpush/expired").fields)
    help_request(estate, staff)

    deliver(app)
    assert len(push_service.received) == 1
    assert Delivery.get(Delivery.channel == "push").state == "gone"
    assert not PushSubscription.select().exists()


def test_a_push_service_that_fails_is_tried_again_and_the_subscription_kept(
        app, estate, staff, push_service, vapid_file):
    push_service.status = 500
    subscribe(staff["guard"], **Browser(f"{push_service.url}/wpush/busy").fields)
    help_request(estate, staff)

    deliver(app)
    delivery = Delivery.get(Delivery.channel == "push")
    assert (delivery.state, delivery.attempts) == ("pending", 1)
    assert "500" in delivery.last_error
    assert PushSubscription.select().count() == 1


def test_nobody_is_pushed_who_did_not_subscribe_or_was_deactivated(app, estate, staff, push_service, vapid_file):
    subscribe(staff["guard2"], **Browser(f"{push_service.url}/wpush/guard2").fields)  # not on duty
    subscribe(staff["guard"], **Browser(f"{push_service.url}/wpush/guard").fields)
    Staff.update(active=False).where(Staff.id == staff["guard"].id).execute()
    help_request(estate, staff)

    deliver(app)
    assert push_service.received == []


def test_the_vapid_key_is_made_once_in_the_instance_folder_for_its_owner_only(app, vapid_file):
    with app.app_context():
        first = push.application_server_key()
        push._KEYS.clear()  # another process starting later
        assert push.application_server_key() == first
    assert stat.S_IMODE(os.stat(vapid_file).st_mode) == 0o600
    assert len(unb64url(first)) == 65 and unb64url(first)[0] == 4


# ---- subscribing --------------------------------------------------------------------------------------------

def test_staff_find_alerts_on_this_phone_from_their_account(client, login, vapid_file):
    login("guard")
    page = client.get("/account/password").get_data(as_text=True)
    assert 'href="/account/alerts"' in page and "在本机接收提醒" in page

    page = client.get("/account/alerts").get_data(as_text=True)
    with client.application.app_context():
        assert f'data-key="{push.application_server_key()}"' in page
    assert "在本机开启提醒" in page and '<script src="/static/push.js?v=' in page
    assert "添加到主屏幕" in page  # what an iPhone without the installed app is told


def test_a_guard_subscribes_this_phone_and_sees_it_listed(client, login, staff, vapid_file):
    login("guard")
    phone = Browser("https://fcm.googleapis.com/fcm/send/abc123")
    response = client.post("/push/subscription", data=phone.fields, headers={"User-Agent": PHONE_UA})
    assert response.status_code == 303 and response.location.endswith("/account/alerts")

    saved = PushSubscription.get()
    assert (saved.staff_id, saved.endpoint, saved.p256dh, saved.auth, saved.label) == (
        staff["guard"].id, phone.endpoint, phone.fields["p256dh"], phone.fields["auth"], "Chrome · Android")
    page = client.get("/account/alerts").get_data(as_text=True)
    assert "已为此浏览器开启提醒" in page and "Chrome · Android" in page


def test_a_shared_duty_phone_alerts_whoever_subscribed_it_last(client, login, staff, vapid_file):
    phone = Browser("https://fcm.googleapis.com/fcm/send/duty-phone")
    subscribe(staff["guard"], **phone.fields)
    login("guard2")
    client.post("/push/subscription", data=phone.fields)
    assert [(s.staff_id, s.endpoint) for s in PushSubscription.select()] == [(staff["guard2"].id, phone.endpoint)]


@pytest.mark.parametrize("field, value", [("endpoint", "http://push.example.com/x"), ("endpoint", "/relative"),
                                          ("endpoint", "https://"), ("p256dh", "AAAA"), ("auth", "not*base64"),
                                          ("auth", b64url(b"short")), ("p256dh", "")])
def test_a_subscription_that_cannot_be_used_is_refused_on_the_page(client, login, vapid_file, field, value):
    login("guard")
    fields = Browser("https://fcm.googleapis.com/fcm/send/abc").fields | {field: value}
    response = client.post("/push/subscription", data=fields)
    assert response.status_code == 422
    assert "此浏览器给出的订阅无法使用" in response.get_data(as_text=True)
    assert not PushSubscription.select().exists()


def test_subscribing_needs_the_pages_csrf_token(app, client, login, vapid_file):
    login("guard")
    app.config["WTF_CSRF_ENABLED"] = True
    fields = Browser("https://fcm.googleapis.com/fcm/send/csrf").fields
    assert client.post("/push/subscription", data=fields).status_code == 400
    token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/account/alerts").get_data(as_text=True))[1]
    assert client.post("/push/subscription", data=fields | {"csrf_token": token}).status_code == 303
    assert PushSubscription.select().count() == 1


def test_staff_turn_off_their_own_browsers_only(client, login, staff, vapid_file):
    guards_phone = Browser("https://fcm.googleapis.com/fcm/send/guards").fields
    subscribe(staff["guard"], **guards_phone)
    login("eng")
    response = client.post("/push/subscription/removal", data={"endpoint": guards_phone["endpoint"]})
    assert response.status_code == 303
    assert "此浏览器并未接收你的提醒" in client.get("/account/alerts").get_data(as_text=True)
    assert PushSubscription.select().count() == 1

    login("guard")
    client.post("/push/subscription/removal", data={"endpoint": guards_phone["endpoint"]})
    assert not PushSubscription.select().exists()
    assert "该浏览器的提醒已关闭" in client.get("/account/alerts").get_data(as_text=True)


def test_signing_in_comes_before_subscribing(client, vapid_file):
    fields = Browser("https://fcm.googleapis.com/fcm/send/anon").fields
    assert client.post("/push/subscription", data=fields).status_code in (302, 401)
    assert client.get("/account/alerts").status_code in (302, 401)
    assert not PushSubscription.select().exists()


def test_the_service_worker_shows_pushes_and_opens_their_page(client):
    worker = client.get("/sw.js").get_data(as_text=True)
    assert "addEventListener('push'" in worker and "showNotification" in worker
    assert "addEventListener('notificationclick'" in worker and "openWindow" in worker
    assert "addEventListener('fetch'" in worker  # the offline shell is still there


def test_an_incident_reaches_the_cs_heads_phone_as_an_incident_of_its_class(app, estate, staff, push_service,
                                                                             vapid_file):
    from webapp.models.incidents import open_incident
    phone = Browser(f"{push_service.url}/wpush/cshead-phone")
    subscribe(staff["cshead"], **phone.fields, label="Safari · iPhone")
    open_incident(estate, staff["desk"], "A", clock.utcnow(), "服务中心大堂", "业主到前台情绪激动")

    assert deliver(app) >= 1
    [(path, _headers, body)] = push_service.received
    shown = phone.decrypt(body)
    assert path == "/wpush/cshead-phone"
    assert shown["title"] == "紧急：突发事件 A" and shown["body"] == "服务中心大堂 · 突发事件已升级到你"

"""Alerts: written in the ticket's transaction, delivered by the clock process to the estate's signed webhook,
retried with backoff, and listed for the admin when they fail."""
import hashlib
import hmac
import json
import threading
import time
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from webapp import clock
from webapp.alerts.clock import deliver_due
from webapp.db import db
from webapp.models import Alert, AuditEntry, Delivery, Estate
from webapp.models.handling import advance
from webapp.models.resident import urge

from . import factories
from .conftest import DESK_HOURS_UTC

SECRET = "s3cret-for-tests"
PHONE_REPAIR = {"kind": "repair", "channel": "phone", "unit": "2-301", "contact_name": "王先生",
                "contact_phone": "13912345678", "description": "卫生间漏水", "intake_key": "form-1"}


class Receiver:
    """A webhook receiver on the loopback: keeps what it gets, answers the statuses it is given (then 200)."""

    def __init__(self):
        self.got, self.statuses, self.delay = [], [], 0.0

    def bodies(self):
        return [json.loads(body) for _, body in self.got]


@pytest.fixture
def receiver():
    box = Receiver()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            body = self.rfile.read(int(self.headers["Content-Length"]))
            box.got.append((self.headers, body))
            time.sleep(box.delay)
            self.send_response(box.statuses.pop(0) if box.statuses else 200)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    box.url = f"http://127.0.0.1:{server.server_port}/hook"
    yield box
    server.shutdown()
    server.server_close()


@pytest.fixture
def webhook(estate, receiver):
    Estate.update(webhook_url=receiver.url, webhook_secret=SECRET).where(Estate.id == estate.id).execute()
    return receiver


def clock_round(app):
    result = app.test_cli_runner().invoke(args=["clock", "--once"])
    assert result.exit_code == 0, result.output
    return result.output


def later(**delta):
    return clock.frozen_at(DESK_HOURS_UTC + timedelta(**delta))


def quiet(ticket, staff):
    """Cancel a ticket once its dispatch alert is written, so hours later no escalation alerts join it."""
    advance(ticket.id, staff["desk"], "cancel", note="测试")


def help_request(estate, staff, **fields):
    return factories.ticket(estate, staff["desk"], kind="help", team="security", urgent=True, **fields)


def test_a_dispatch_by_the_desk_alerts_the_on_duty_lead_and_sends_nothing_inside_the_request(
        app, client, login, staff, webhook):
    login("desk")
    assert client.post("/tickets", data=PHONE_REPAIR).status_code == 302
    alert = Alert.get()
    assert (alert.reason, alert.recipient.username) == ("dispatched", "eng")  # the engineering queue's lead today
    assert [d.state for d in Delivery.select()] == ["pending"] and webhook.got == []
    clock_round(app)
    assert len(webhook.got) == 1 and Delivery.get().state == "sent"


def test_a_help_request_assigned_to_the_guard_on_duty_alerts_that_guard(client, login, staff, webhook):
    login("desk")
    client.post("/tickets", data=dict(PHONE_REPAIR, kind="help", team="security"))
    assert Alert.get().recipient.username == "guard"


def test_with_nobody_on_duty_the_webhook_still_gets_the_estate_wide_message(app, estate, staff, webhook):
    factories.Duty.delete().execute()
    factories.ticket(estate, staff["desk"], kind="repair", unit="2-301")
    alert = Alert.get()
    assert alert.recipient is None and Delivery.get().target == webhook.url


def test_the_webhook_is_signed_and_carries_only_kind_place_and_number(app, estate, staff, webhook):
    ticket = factories.ticket(estate, staff["desk"], kind="repair", unit="2-301")
    clock_round(app)
    (headers, body), = webhook.got
    timestamp = headers["X-Servicedesk-Timestamp"]
    expected = hmac.new(SECRET.encode(), f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()
    assert headers["X-Servicedesk-Signature"] == f"sha256={expected}"
    message = json.loads(body)
    assert message == {"kind": "repair", "number": ticket.number, "place": "2-301", "urgent": False,
                       "reason": "dispatched", "url": f"/tickets/{ticket.number}", "alert": Alert.get().id,
                       "estate": estate.code}
    for personal in ("王先生", "13912345678", "厨房水管漏水", "eng"):
        assert personal not in body.decode()


def test_a_receiver_answering_500_is_tried_again_after_a_backoff_then_succeeds(app, estate, staff, webhook):
    webhook.statuses = [500]
    factories.ticket(estate, staff["desk"])
    clock_round(app)
    delivery = Delivery.get()
    assert (delivery.state, delivery.attempts, delivery.last_error) == ("pending", 1, "HTTP 500")
    assert delivery.next_try_at == DESK_HOURS_UTC + timedelta(seconds=30)
    clock_round(app)
    assert len(webhook.got) == 1  # not before its time
    with later(seconds=31):
        clock_round(app)
    delivery = Delivery.get()
    assert (delivery.state, delivery.attempts, len(webhook.got)) == ("sent", 2, 2)


def test_a_receiver_that_keeps_failing_is_given_up_and_shown_to_the_admin(app, client, login, estate, staff, webhook):
    webhook.statuses = [500] * 10
    quiet(factories.ticket(estate, staff["desk"]), staff)
    for hour in range(8):
        with later(hours=hour * 2):
            clock_round(app)
    delivery = Delivery.get()
    assert (delivery.state, delivery.attempts, len(webhook.got)) == ("failed", 6, 6)
    login("admin")
    page = client.get("/alerts/").get_data(as_text=True)
    assert "HTTP 500" in page and 'class="delivery-failed"' in page and 'badge urgent' in page


def test_only_the_admin_and_the_center_head_see_the_alerts_page(client, login, staff):
    login("guard")
    assert client.get("/alerts/").status_code == 403
    client.post("/logout")
    login("head")
    assert client.get("/alerts/").status_code == 200
    assert "/alerts/" in client.get("/settings/center").get_data(as_text=True)


def test_a_receiver_gone_for_good_is_not_tried_again(app, estate, staff, webhook):
    webhook.statuses = [410]
    quiet(factories.ticket(estate, staff["desk"]), staff)
    clock_round(app)
    with later(hours=3):
        clock_round(app)
    assert Delivery.get().state == "gone" and len(webhook.got) == 1


def test_a_resident_urging_alerts_the_handler(app, estate, staff):
    ticket = factories.ticket(estate, staff["desk"])  # the engineering queue
    urge(ticket.id)
    assert Alert.get(Alert.reason == "urged").recipient.username == "eng"  # nobody took it: the lead on duty
    advance(ticket.id, staff["eng2"], "accept")
    with later(hours=1):
        urge(ticket.id)
    assert [a.recipient.username for a in Alert.select().where(Alert.reason == "urged").order_by(Alert.id)] == [
        "eng", "eng2"]


def test_two_clock_rounds_at_once_never_send_a_delivery_twice(app, estate, staff, webhook):
    for n in range(6):
        factories.ticket(estate, staff["desk"], description=f"第{n}件")
    webhook.delay = 0.05

    def one_round():
        with db.connection_context():
            deliver_due(clock.utcnow())

    rounds = [threading.Thread(target=one_round) for _ in range(2)]
    for thread in rounds:
        thread.start()
    for thread in rounds:
        thread.join()
    sent = [body["alert"] for body in webhook.bodies()]
    assert sorted(sent) == sorted(set(sent)) and len(sent) == 6
    assert {d.state for d in Delivery.select()} == {"sent"}


def test_a_delivery_read_by_two_processes_is_claimed_by_one(app, estate, staff, webhook):
    from webapp.models.alerts import claim, due_deliveries
    factories.ticket(estate, staff["desk"])
    first, second = due_deliveries(clock.utcnow()), due_deliveries(clock.utcnow())
    assert claim(first[0], clock.utcnow()) is True
    assert claim(second[0], clock.utcnow()) is False


def test_the_center_head_sets_the_webhook_and_sees_its_secret_once(client, login, estate, staff):
    login("head")
    client.get("/settings/")
    settings = {"desk_opens": "08:00", "desk_closes": "17:30", "target_help_minutes": "5",
                "target_repair_minutes": "30", "webhook_url": "https://relay.example.cn/hook"}
    page = client.post("/settings/", data=settings).get_data(as_text=True)
    secret = Estate.get_by_id(estate.id).webhook_secret
    assert len(secret) == 64 and secret in page
    again = client.get("/settings/").get_data(as_text=True)
    assert secret not in again and f"{secret[:4]}…" in again
    assert secret not in "".join(e.before + e.after for e in AuditEntry.select())
    renewed = client.post("/settings/", data=dict(settings, new_webhook_secret="y")).get_data(as_text=True)
    assert Estate.get_by_id(estate.id).webhook_secret not in (secret, "")
    assert Estate.get_by_id(estate.id).webhook_secret in renewed


def test_only_a_web_address_is_taken_as_the_webhook(client, login, estate, staff):
    login("head")
    client.get("/settings/")
    response = client.post("/settings/", data={"desk_opens": "08:00", "desk_closes": "17:30",
                                               "target_help_minutes": "5", "target_repair_minutes": "30",
                                               "webhook_url": "file:///etc/passwd"})
    assert response.status_code == 422 and "file:///etc/passwd" in response.get_data(as_text=True)
    assert Estate.get_by_id(estate.id).webhook_url == ""

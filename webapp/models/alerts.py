"""The alert outbox: an alert is written in the ticket's own transaction with one delivery per channel target,
and the clock process delivers it later, so a request never waits on the network and nothing is lost."""
import json
import secrets
from datetime import timedelta

from peewee import CharField, DateTimeField, ForeignKeyField, IntegerField, TextField

from .. import clock
from ..db import BaseModel, db
from ..domain.alerts import (DISPATCHED as DISPATCH_ALERT, URGED, dispatch_recipient, message, next_try, place_of,
                             urge_recipient)
from ..domain.hours import local_time
from ..domain.vocabulary import DISPATCHED
from .audit import record
from .duty import Duty
from .estate import Estate
from .people import Staff
from .ticket import Ticket

PENDING, SENT, FAILED, GONE = "pending", "sent", "failed", "gone"
# A claimed delivery whose worker died mid-send is tried again after this.
LEASE = timedelta(minutes=2)
TICKET_PATH = "/tickets/{number}"  # tickets.show; built here because the clock process has no request


class Alert(BaseModel):
    """Something someone must act on: a dispatched order, a resident's 催单, a ticket past its target."""
    estate = ForeignKeyField(Estate, backref="+", on_delete="CASCADE")
    ticket = ForeignKeyField(Ticket, null=True, backref="alerts", on_delete="CASCADE")
    recipient = ForeignKeyField(Staff, null=True, backref="+")  # None: nobody by name (the estate's webhook)
    reason = CharField()
    payload = TextField()  # JSON: kind, number, place, urgent, reason, url
    once = CharField(null=True, unique=True)  # an escalation's key (domain/escalation.py once_key): each level once
    created_at = DateTimeField(default=clock.utcnow)

    class Meta:
        indexes = ((("estate", "created_at"), False),)

    @property
    def message(self):
        return json.loads(self.payload)


class Delivery(BaseModel):
    """One alert to one target of one channel (a webhook URL, a push subscription), with its tries."""
    alert = ForeignKeyField(Alert, backref="deliveries", on_delete="CASCADE")
    channel = CharField()
    target = TextField()
    state = CharField(default=PENDING)  # pending, sent, failed, gone
    attempts = IntegerField(default=0)
    next_try_at = DateTimeField(default=clock.utcnow)
    last_error = TextField(default="")
    sent_at = DateTimeField(null=True)

    class Meta:
        indexes = ((("state", "next_try_at"), False),)


def enqueue(estate, ticket=None, recipient=None, reason=DISPATCH_ALERT, once=None, extra=None):
    """Write an alert and one delivery per target of every channel; call inside the ticket's transaction.
    `extra` adds to the message (an escalation's stage and level)."""
    return _write(estate, ticket, recipient, reason, dict(_message(ticket, reason), **(extra or {})), once)


def _write(estate, ticket, recipient, reason, body, once):
    from ..alerts import CHANNELS  # the channels read the models
    now = clock.utcnow()
    alert = Alert.create(estate=estate, ticket=ticket, recipient=recipient, reason=reason, once=once,
                         payload=json.dumps(body, ensure_ascii=False), created_at=now)
    rows = [dict(alert=alert, channel=name, target=target, next_try_at=now)
            for name, channel in CHANNELS.items() for target in channel.targets(alert)]
    if rows:
        Delivery.insert_many(rows).execute()
    return alert


def notify(estate, reason, payload, recipient=None, once=None):
    """Write an alert that is not about a ticket (a parcel's arrival, an incident's escalation): its message is
    the usual one with `payload` over it. With `once`, a second call for the same thing raises IntegrityError
    (call it in a savepoint); the clock process delivers it like any alert."""
    return _write(estate, None, recipient, reason, dict(message("", "", "", False, reason, ""), **payload), once)


def _message(ticket, reason):
    if ticket is None:
        return message("", "", "", False, reason, "")
    place = place_of(ticket.unit.number if ticket.unit_id else "", ticket.place.name if ticket.place_id else "",
                     ticket.location)
    return message(ticket.kind, ticket.number, place, ticket.urgent, reason,
                   TICKET_PATH.format(number=ticket.number))


def alert_step(ticket, action, before, to_state, fields):
    """Alert who must act after a step: the person or on-duty lead an order is dispatched to, the handler a
    resident urges. Called by the one writer of a ticket's state, inside its transaction."""
    if action == "urge":
        reason, rule = URGED, urge_recipient
    elif to_state == DISPATCHED:
        reason, rule = DISPATCH_ALERT, dispatch_recipient
    else:
        return None
    assignee = fields.get("assignee", before.assignee)
    team = fields.get("team", before.team)
    on_duty = _leads_now(ticket.estate) if assignee is None and team else {}
    return enqueue(ticket.estate, ticket, rule(assignee, team, on_duty), reason)


def _leads_now(estate):
    return Duty.leads_now(estate, local_time(clock.utcnow(), estate.timezone))


def due_deliveries(now, limit=100):
    """Deliveries waiting to be tried, the longest waiting first."""
    return list(Delivery.select().where((Delivery.state == PENDING) & (Delivery.next_try_at <= now))
                .order_by(Delivery.next_try_at, Delivery.id).limit(limit))


def claim(delivery, now):
    """Take a delivery for one try; of two clock processes reading it at once exactly one wins."""
    won = (Delivery.update(attempts=Delivery.attempts + 1, next_try_at=now + LEASE)
           .where((Delivery.id == delivery.id) & (Delivery.state == PENDING) & (Delivery.next_try_at <= now)
                  & (Delivery.attempts == delivery.attempts))
           .execute())
    if won:
        delivery.attempts += 1
    return bool(won)


def settle(delivery, outcome, now):
    """Record a try: sent, gone (never again), failed for good after the last try, else when to try next."""
    if outcome.ok:
        fields = dict(state=SENT, sent_at=now, last_error="")
    elif outcome.gone:
        fields = dict(state=GONE, last_error=outcome.detail or "")
    else:
        later = next_try(delivery.attempts, now)
        fields = dict(state=FAILED if later is None else PENDING, next_try_at=later or now,
                      last_error=outcome.detail or "")
    Delivery.update(**fields).where((Delivery.id == delivery.id) & (Delivery.attempts == delivery.attempts)).execute()


def recent_deliveries(estate, limit=100):
    """An estate's latest deliveries with their alerts, newest first."""
    return (Delivery.select(Delivery, Alert).join(Alert).where(Alert.estate == estate)
            .order_by(Alert.created_at.desc(), Delivery.id.desc()).limit(limit))


def keep_webhook_secret(estate, actor, renew=False):
    """Give the estate's webhook its signing secret once it has a URL (a new one when asked); returns the new
    secret, to be shown this once, or None. The audit record says it changed, never what it is."""
    estate = Estate.get_by_id(estate.id)
    if not estate.webhook_url or (estate.webhook_secret and not renew):
        return None
    secret = secrets.token_hex(32)
    with db.atomic():
        Estate.update(webhook_secret=secret).where(Estate.id == estate.id).execute()
        record(actor, "estate", estate.id, "update", {"webhook_secret": "old" if estate.webhook_secret else ""},
               {"webhook_secret": "new"}, estate=estate)
    return secret

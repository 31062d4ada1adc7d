"""The Web Push channel: an alert, encrypted for each browser its recipient subscribed, posted to that browser's
push service with the center's VAPID signature.

What a lock screen shows is only the kind, the number and the place: no resident's name, phone or words."""
import json
import os

import requests
from flask import current_app
from flask_babel import force_locale, gettext as _, lazy_gettext as _l
from py_vapid import Vapid
from py_vapid.utils import b64urlencode
from pywebpush import WebPushException, webpush
from cryptography.hazmat.primitives import serialization

from ..config import keep_once
from ..models.push import PushSubscription, forget, subscriptions_of
from ..web.labels import KINDS
from . import Outcome

# An urgent alert that waited longer is stale: by then the escalation has called someone else.
TTL_URGENT, TTL_OTHER = 10 * 60, 60 * 60
TIMEOUT = 10  # seconds for the push service to answer; the worker retries later
GONE = (404, 410)  # the push service no longer knows the subscription: the browser unsubscribed or expired
_KEYS = {}  # path -> Vapid, read once per process
# Why this person is alerted, as the notification says it (the reasons of webapp/domain/alerts.py).
REASONS = {"dispatched": _l("Dispatched to you"), "urged": _l("The resident urges it"),
           "overdue": _l("Past its target: act now"), "escalated": _l("Past its target: escalated to you"),
           "incident": _l("An incident: you are its next level"),
           "round_missed": _l("Patrol round missed: nobody walked it"),
           "round_incomplete": _l("Patrol round left incomplete: checkpoints not covered")}
# Alerts that are not about a ticket name their own kind (an incident's also its class, A, B or C).
OTHER_KINDS = {"incident": _l("Incident"), "patrol": _l("Patrol round")}


def targets(alert):
    """The ids (as text) of the push subscriptions of the alert's recipient; none without a recipient."""
    if not alert.recipient_id:
        return []
    return [str(s.id) for s in subscriptions_of(alert.recipient_id)]


def send(alert, target):
    """Post the alert to one subscription's push service; a 404/410 removes the subscription."""
    subscription = PushSubscription.get_or_none(PushSubscription.id == _id(target))
    if subscription is None:
        return Outcome(False, True, "no such subscription")
    urgent = bool(alert.message.get("urgent"))
    try:
        response = webpush(subscription_info(subscription), data=json.dumps(payload(alert.message)),
                           vapid_private_key=vapid_key(), vapid_claims={"sub": current_app.config["VAPID_SUBJECT"]},
                           ttl=TTL_URGENT if urgent else TTL_OTHER, timeout=TIMEOUT,
                           headers={"Urgency": "high" if urgent else "normal"})
    except WebPushException as error:
        if error.status_code in GONE:
            forget(subscription.id)
            return Outcome(False, True, f"{error.status_code}: subscription gone, removed")
        return Outcome(False, False, f"{error.status_code or ''} {error.message}"[:300])
    except requests.RequestException as error:
        return Outcome(False, False, repr(error)[:300])
    except (ValueError, TypeError) as error:  # keys that no longer decode: nothing can ever be sent there
        forget(subscription.id)
        return Outcome(False, True, f"unusable subscription keys: {error}"[:300])
    return Outcome(True, False, str(response.status_code))


def subscription_info(subscription):
    """A subscription as pywebpush takes it (what the browser's PushSubscription.toJSON() gave)."""
    return {"endpoint": subscription.endpoint, "keys": {"p256dh": subscription.p256dh, "auth": subscription.auth}}


def payload(message):
    """What the service worker shows: a title of kind and number, the place and why as body, the link to open."""
    with force_locale(current_app.config["BABEL_DEFAULT_LOCALE"]):
        kind = message.get("kind")
        kind = str(KINDS.get(kind) or OTHER_KINDS.get(kind) or kind or "")
        title = f"{kind} {message.get('number') or message.get('class') or ''}".strip()
        if message.get("urgent"):
            title = _("Urgent: %(title)s", title=title)
        why = str(REASONS.get(message.get("reason"), ""))
    body = " · ".join(part for part in (message.get("place"), why) if part)
    return {"title": title, "body": body, "tag": message.get("number") or "",
            "url": message.get("url") or "/", "urgent": bool(message.get("urgent")),
            "reason": message.get("reason") or ""}


def _id(target):
    text = str(target)
    return int(text) if text.isascii() and text.isdigit() and len(text) < 19 else 0


# ---- the center's VAPID key ----------------------------------------------------------------------------------

def vapid_key(app=None):
    """The center's VAPID key pair: kept in the instance folder (VAPID_KEY_FILE), made there on first use."""
    path = vapid_key_path(app or current_app)
    if path not in _KEYS:
        _KEYS[path] = Vapid.from_pem(_kept_pem(path))
    return _KEYS[path]


def application_server_key(app=None):
    """The public VAPID key as browsers take it for PushManager.subscribe (base64url, uncompressed point)."""
    public = vapid_key(app).public_key.public_bytes(serialization.Encoding.X962,
                                                    serialization.PublicFormat.UncompressedPoint)
    return b64urlencode(public)


def vapid_key_path(app):
    """Where the app keeps its VAPID private key."""
    return app.config.get("VAPID_KEY_FILE") or os.path.join(app.instance_path, "vapid_private.pem")


def _kept_pem(path):
    return keep_once(path, _new_pem, lambda pem: b"-----END" in pem)


def _new_pem():
    made = Vapid()
    made.generate_keys()
    return made.private_pem()

"""Web Push subscriptions: the phones and browsers on which a member of staff asked to be alerted.

A subscription is what the browser's push service gave: an endpoint to POST to and the keys that encrypt for
this browser alone. One endpoint is one browser: a shared duty phone subscribed by the next guard on shift
becomes that guard's, so the alert follows the person holding the phone."""
import re

from peewee import CharField, DateTimeField, ForeignKeyField, TextField

from .. import clock
from ..db import BaseModel, db, write_transaction
from .audit import record
from .people import Staff

# Ordered: the first name found wins (Edge and Chrome on Android also say "Safari"; WeChat says everything).
BROWSERS = (("MicroMessenger", "WeChat"), ("EdgA?/", "Edge"), ("Firefox/", "Firefox"), ("SamsungBrowser", "Samsung"),
            ("HuaweiBrowser", "Huawei"), ("CriOS|Chrome/", "Chrome"), ("Safari/", "Safari"))
SYSTEMS = (("iPhone", "iPhone"), ("iPad", "iPad"), ("Android", "Android"), ("HarmonyOS", "HarmonyOS"),
           ("Windows", "Windows"), ("Mac OS X|Macintosh", "Mac"), ("Linux", "Linux"))


class PushSubscription(BaseModel):
    staff = ForeignKeyField(Staff, backref="push_subscriptions", on_delete="CASCADE")
    endpoint = TextField(unique=True)  # a push service's URL; one browser each
    p256dh = CharField()  # the browser's public key (base64url), to encrypt for it
    auth = CharField()  # the browser's shared secret (base64url)
    label = CharField(default="")  # "Chrome · Android": which of one's phones this is
    created_at = DateTimeField(default=clock.utcnow)


def device_label(user_agent):
    """A short name of the browser and system a User-Agent header describes ("Safari · iPhone"), or ""."""
    text = user_agent or ""
    browser = next((name for pattern, name in BROWSERS if re.search(pattern, text)), "")
    system = next((name for pattern, name in SYSTEMS if re.search(pattern, text)), "")
    return " · ".join(part for part in (browser, system) if part)


def subscribe(staff, endpoint, p256dh, auth, label=""):
    """Alert `staff` on the browser of this endpoint from now on (taking it over from whoever had it)."""
    with write_transaction():
        kept = PushSubscription.get_or_none(PushSubscription.endpoint == endpoint)
        if kept is None:
            kept = PushSubscription.create(staff=staff, endpoint=endpoint, p256dh=p256dh, auth=auth, label=label)
            record(staff, "push_subscription", kept.id, "create", None, {"staff": staff.id, "label": label})
            return kept
        before = {"staff": kept.staff_id, "label": kept.label}
        PushSubscription.update(staff=staff, p256dh=p256dh, auth=auth, label=label, created_at=clock.utcnow()).where(
            PushSubscription.id == kept.id).execute()
        record(staff, "push_subscription", kept.id, "update", before, {"staff": staff.id, "label": label})
    return PushSubscription.get_by_id(kept.id)


def unsubscribe(staff, endpoint=None, subscription_id=None):
    """Stop alerting `staff` on one of their own browsers, named by endpoint or id; whether there was one."""
    mine = PushSubscription.staff == staff.id
    which = (PushSubscription.endpoint == endpoint) if endpoint is not None else (
        PushSubscription.id == subscription_id)
    with write_transaction():
        gone = PushSubscription.get_or_none(mine & which)
        if gone is None:
            return False
        PushSubscription.delete().where(PushSubscription.id == gone.id).execute()
        record(staff, "push_subscription", gone.id, "delete", {"staff": staff.id, "label": gone.label}, None)
    return True


def forget(subscription_id):
    """Drop a subscription its push service no longer knows (it answered 404 or 410)."""
    with db.atomic():
        return PushSubscription.delete().where(PushSubscription.id == subscription_id).execute()


def subscriptions_of(staff_id):
    """The browsers on which this member of staff is alerted, while they are active: newest first."""
    return (PushSubscription.select().join(Staff)
            .where((PushSubscription.staff == staff_id) & (Staff.active == True))  # noqa: E712
            .order_by(PushSubscription.created_at.desc(), PushSubscription.id.desc()))

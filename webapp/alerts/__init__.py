"""The channels an alert is delivered through, and the contract each keeps.

A channel module has `targets(alert) -> list[str]` (where to deliver this alert: the estate's webhook URL, a
person's push subscriptions…) and `send(alert, target) -> Outcome`. `gone` means the target no longer exists:
its delivery is marked "gone" and never tried again. Channels are called by the clock process, never inside a
request.
"""
from collections import namedtuple

Outcome = namedtuple("Outcome", "ok gone detail")

from . import push, webhook  # noqa: E402  (the channels use Outcome)

CHANNELS = {"webhook": webhook, "push": push}

"""The webhook channel: each estate may name a URL that receives every alert as signed JSON, so a WeChat service
account or an SMS gateway can relay it where Web Push cannot reach (Chrome's push service is blocked in China).

The receiver checks `X-Servicedesk-Signature: sha256=<hex>`, the HMAC-SHA256 of "<timestamp>.<body>" with the
estate's secret, where the timestamp is the `X-Servicedesk-Timestamp` header (Unix seconds).
"""
import calendar
import hashlib
import hmac
import json
import urllib.error
import urllib.request
from urllib.parse import urlsplit

from .. import clock
from . import Outcome

TIMEOUT = 5  # seconds; the clock process must not hang on a dead relay
# An answer meaning "this URL is no more": the delivery is given up at once.
GONE = (410,)


def targets(alert):
    """The estate's webhook URL, when it has one (and its secret)."""
    estate = alert.estate
    return [estate.webhook_url] if estate.webhook_url and estate.webhook_secret else []


def is_web_url(url):
    """Whether a URL may receive webhooks: http or https with a host."""
    try:
        parts = urlsplit(url or "")
        return parts.scheme in ("http", "https") and bool(parts.hostname)
    except ValueError:
        return False


def body_of(alert):
    """The JSON body: the alert's message, its id (to drop a retried duplicate) and the estate's code."""
    return json.dumps(dict(alert.message, alert=alert.id, estate=alert.estate.code), ensure_ascii=False,
                      sort_keys=True).encode()


def sign(secret, timestamp, body):
    """The signature header's value for a body sent at `timestamp`."""
    digest = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()
    return f"sha256={digest}"


def send(alert, target):
    """POST the alert to the URL; a 2xx answer is a delivery."""
    if not is_web_url(target):
        return Outcome(False, True, "not an http(s) URL")
    body = body_of(alert)
    timestamp = str(calendar.timegm(clock.utcnow().timetuple()))
    request = urllib.request.Request(target, data=body, method="POST", headers={
        "Content-Type": "application/json; charset=utf-8", "User-Agent": "servicedesk-webhook",
        "X-Servicedesk-Timestamp": timestamp,
        "X-Servicedesk-Signature": sign(alert.estate.webhook_secret, timestamp, body)})
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT) as response:
            return Outcome(True, False, f"HTTP {response.status}")
    except urllib.error.HTTPError as error:
        return Outcome(False, error.code in GONE, f"HTTP {error.code}")
    except (urllib.error.URLError, OSError, ValueError) as error:
        return Outcome(False, False, str(getattr(error, "reason", error))[:200])

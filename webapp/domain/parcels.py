"""Parcels and mail at the desk (快递/信报收发, 代收/签收登记表): what arrives, who may take it and how, when the
recipient is reminded, and what the notice to the SMS/WeChat gateway carries."""
from datetime import timedelta

from . import N_, Refused
from .people import mask_name
from .register import check_claim_code

PARCEL, MAIL, NEWSPAPER = "parcel", "mail", "newspaper"
KINDS = (PARCEL, MAIL, NEWSPAPER)
CODED_KINDS = (PARCEL,)            # mail and newspapers are picked up by name, without a code
NOTIFIED_KINDS = (PARCEL, MAIL)    # newspapers come every day: no notice, no reminder
SIZES = ("small", "medium", "large")
# The carriers most parcels come with; brand names, the same in every language. "other": typed at the desk.
CARRIERS = {"sf": "顺丰", "jd": "京东", "ems": "EMS", "zto": "中通", "yto": "圆通", "sto": "申通",
            "yunda": "韵达", "jt": "极兔", "other": ""}
COLLECT_DAYS = 7                   # due for collection a week after arrival
REMINDER_DAYS = (1, 3, 7)
AGE_BANDS = (7, 3, 1)              # the unclaimed list: 7+, 3+, 1+ days
BY_CODE, BY_NAME, BY_PROXY = "code", "name", "proxy"
ARRIVED, REMINDED = "parcel_arrived", "parcel_reminder"
DUPLICATE_DAYS = 30                # a scanner gun reading a label twice: warn within a month of the first
DUPLICATE_NOTE = "duplicate-of:"   # an arrival event's note: registered despite the warning, naming the earlier


def due_for_collection(out_at):
    return out_at + timedelta(days=COLLECT_DAYS)


def check_recipient(kind, tracking, unit_number, name):
    """A parcel needs its tracking number; anything needs a unit or a name to be handed to."""
    if kind not in KINDS:
        raise Refused(N_("Choose parcel, mail or newspaper."))
    if kind == PARCEL and not tracking:
        raise Refused(N_("Scan or type the tracking number."))
    if not unit_number and not name:
        raise Refused(N_("Give the recipient's unit or name."))


def tracking_key(tracking):
    """The tracking number as duplicates compare it: trimmed, lower case; "" (mail, newspapers) matches nothing."""
    return (tracking or "").strip().lower()


def duplicate_since(now):
    """The earliest arrival a new one with the same tracking number is warned about."""
    return now - timedelta(days=DUPLICATE_DAYS)


def duplicate_note(earlier_id):
    """What the arrival event keeps when the clerk registered a parcel despite the same tracking number."""
    return f"{DUPLICATE_NOTE}{earlier_id}"


def duplicate_of(note):
    """The earlier parcel's id an arrival note names, or None."""
    rest = (note or "").removeprefix(DUPLICATE_NOTE)
    return int(rest) if rest != note and rest.isdigit() else None


def carrier_name(carrier, other=""):
    """The carrier as the slip and the notice name it."""
    return (other or "").strip() if carrier == "other" else CARRIERS.get(carrier, carrier or "")


def check_pickup(kind, expected_code, code, signer_name, signed, proxy_name="", proxy_phone="", proxy_photo=False):
    """How the parcel is taken (code, name or proxy), or Refused saying what is missing. A coded parcel always
    needs its code; the taker signs or types their name; a proxy (代领) also gives a phone and a photo."""
    if kind in CODED_KINDS:
        code = (code or "").strip()
        # hmac.compare_digest raises TypeError on non-ASCII text: such a code is simply wrong.
        check_claim_code(code if code.isascii() else "", expected_code)
    if proxy_name or proxy_phone or proxy_photo:
        if not (proxy_name and proxy_phone):
            raise Refused(N_("A proxy gives their name and phone."))
        if not proxy_photo:
            raise Refused(N_("Take a photo of the proxy's ID or face."))
        return BY_PROXY
    if not (signed or signer_name):
        raise Refused(N_("Ask the recipient to sign, or type their name."))
    return BY_CODE if kind in CODED_KINDS else BY_NAME


def reminder_due(out_at, now, reminded=0):
    """The reminder to send now (days since arrival: 1, 3 or 7) and when the next falls due. A clock that was
    stopped sends only the latest reminder due, not every one it missed."""
    due = [n for n in REMINDER_DAYS if n > reminded and out_at + timedelta(days=n) <= now]
    later = [n for n in REMINDER_DAYS if out_at + timedelta(days=n) > now]
    next_at = out_at + timedelta(days=later[0]) if later else None
    return (due[-1] if due else None), next_at


def first_reminder_at(kind, out_at):
    return out_at + timedelta(days=REMINDER_DAYS[0]) if kind in NOTIFIED_KINDS else None


def age_band(out_at, now):
    """How long it has waited, in the unclaimed list's bands: 7, 3, 1 (days or more) or 0."""
    return next((n for n in AGE_BANDS if now - out_at >= timedelta(days=n)), 0)


def notice(kind, unit_number, name, carrier, code, desk_hours, phone, shelf, reason=ARRIVED, days=0):
    """What the gateway (SMS/WeChat) needs to tell the recipient: unlike a ticket's alert, it carries the
    recipient's phone and the pickup code, for the gateway to send to that phone only."""
    body = {"kind": kind, "reason": reason, "unit": unit_number or "", "place": unit_number or "",
            "name": mask_name(name), "carrier": carrier, "code": code or "", "desk_hours": desk_hours,
            "phone": (phone or "").strip(), "shelf": shelf or ""}
    if days:
        body["days"] = days
    return body


def search_kind(text):
    """What a search box entry most likely is: a code (6 digits), a unit (2-1503), else a tracking tail or a
    name."""
    text = (text or "").strip()
    if len(text) == 6 and text.isdigit():
        return "code"
    if "-" in text and all(part.isdigit() for part in text.split("-") if part):
        return "unit"
    return "text"


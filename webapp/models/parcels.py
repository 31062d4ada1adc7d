"""The parcel register (代收/签收登记表): a parcel is out from its arrival, due for collection a week later, back
when picked up, voided when returned to the sender; the recipient is told on arrival and reminded at 1, 3 and 7
days through the alert outbox."""
from datetime import timedelta

from peewee import JOIN, CharField, DateTimeField, ForeignKeyField, IntegerField, IntegrityError, fn

from .. import clock
from ..db import db, write_transaction
from ..domain import N_, Refused
from ..domain import parcels as rules
from ..domain.register import new_claim_code
from . import register
from .alerts import notify
from .estate import Estate, Unit
from .register import LedgerEvent, LedgerRecord

PAGE = 30


class Parcel(LedgerRecord):
    closed_message = N_("This parcel was already picked up or returned.")
    estate = ForeignKeyField(Estate, backref="+")
    kind = CharField(default=rules.PARCEL)
    carrier = CharField(default="")
    carrier_other = CharField(default="")
    tracking = CharField(default="")
    unit = ForeignKeyField(Unit, null=True, backref="+")
    recipient_name = CharField(default="")
    recipient_phone = CharField(default="")
    size = CharField(default="small")
    shelf = CharField(default="")
    code = CharField(null=True)              # the pickup code; None for mail and newspapers
    label_photo = CharField(null=True)       # photo paths under the photo folder
    reminded = IntegerField(default=0)       # the last reminder sent: days after arrival
    next_reminder_at = DateTimeField(null=True)
    pickup_method = CharField(default="")    # code, name, proxy
    signer_name = CharField(default="")
    signature = CharField(null=True)
    proxy_name = CharField(default="")
    proxy_phone = CharField(default="")
    proxy_photo = CharField(null=True)

    class Meta:
        indexes = ((("estate", "out_at"), False), (("estate", "returned_at", "voided_at", "out_at"), False),
                   (("next_reminder_at",), False), (("estate", "code"), False), (("estate", "tracking"), False))

    @property
    def carrier_name(self):
        return rules.carrier_name(self.carrier, self.carrier_other)

    @property
    def recipient(self):
        """The unit and name, as a list shows them."""
        return " ".join(filter(None, (self.unit.number if self.unit_id else "", self.recipient_name)))

    def log(self, action, by, at, note=""):
        ParcelEvent.create(parcel=self, action=action, by=by, at=at, note=note)

    @classmethod
    def of_estate(cls, estate, parcel_id):
        return cls.get_or_none((cls.id == parcel_id) & (cls.estate == estate))


# Duplicates compare tracking numbers in lower case: this index serves that lookup (migration 0029).
Parcel.add_index(Parcel.estate, fn.LOWER(Parcel.tracking), Parcel.out_at, name="parcel_estate_lower_tracking_out_at")


class ParcelEvent(LedgerEvent):
    """One step of a parcel (arrived, picked up, returned): who and when; never changed afterwards."""
    parcel = ForeignKeyField(Parcel, backref="events", on_delete="CASCADE")


def receive(estate, by, label_photo=None, note="", **fields):
    """Register an arrival with its pickup code (parcels only), and tell the recipient through the outbox, in
    one transaction; `note` goes on the arrival event (a duplicate warning passed)."""
    now = clock.utcnow()
    kind = fields.get("kind", rules.PARCEL)
    rules.check_recipient(kind, fields.get("tracking"), fields.get("unit"), fields.get("recipient_name"))
    code = new_claim_code() if kind in rules.CODED_KINDS else None
    with write_transaction():
        parcel = register.open_record(Parcel, estate, by, rules.due_for_collection(now), note, code=code,
                                      label_photo=label_photo, next_reminder_at=rules.first_reminder_at(kind, now),
                                      **fields)
        if kind in rules.NOTIFIED_KINDS:
            notify(estate, rules.ARRIVED, notice_of(parcel, estate), once=f"parcel:{parcel.id}:arrived")
    return parcel


def earlier_arrival(estate, tracking):
    """The estate's latest parcel with the same tracking number (any case, trimmed) that arrived within the
    duplicate window, or None; mail without a number never matches."""
    key = rules.tracking_key(tracking)
    if not key:
        return None
    return (Parcel.select(Parcel, Unit).join(Unit, on=(Parcel.unit == Unit.id), join_type=JOIN.LEFT_OUTER)
            .where((Parcel.estate == estate) & (fn.LOWER(Parcel.tracking) == key)
                   & (Parcel.out_at >= rules.duplicate_since(clock.utcnow())))
            .order_by(Parcel.out_at.desc()).first())


def notice_of(parcel, estate, reason=rules.ARRIVED, days=0):
    """The notice's payload for the gateway."""
    return rules.notice(parcel.kind, parcel.unit.number if parcel.unit_id else "", parcel.recipient_name,
                        parcel.carrier_name, parcel.code, f"{estate.desk_opens}–{estate.desk_closes}",
                        parcel.recipient_phone, parcel.shelf, reason, days)


def hand_over(parcel_id, by, code="", signer_name="", signature=None, proxy_name="", proxy_phone="",
              proxy_photo=None):
    """Give a parcel to its recipient or a proxy, once: of two clerks at once one wins, the other is refused."""
    parcel = Parcel.get_by_id(parcel_id)
    method = check_handover(parcel, code, signer_name, signature is not None, proxy_name, proxy_phone,
                            proxy_photo is not None)
    note = proxy_name or signer_name
    return register.check_in(Parcel, parcel.id, by, note, pickup_method=method, signer_name=signer_name,
                             signature=signature, proxy_name=proxy_name, proxy_phone=proxy_phone,
                             proxy_photo=proxy_photo, next_reminder_at=None)


def check_handover(parcel, code, signer_name, signed, proxy_name="", proxy_phone="", proxy_photo=False):
    """Refused unless the parcel is still here and what was given lets it go."""
    if not parcel.is_open:
        raise Refused(Parcel.closed_message)
    return rules.check_pickup(parcel.kind, parcel.code, code, signer_name, signed, proxy_name, proxy_phone,
                              proxy_photo)


def return_to_sender(parcel_id, by, reason):
    """Send a parcel back to the carrier with a reason; the record and its history stay."""
    if not Parcel.get_by_id(parcel_id).is_open:
        raise Refused(Parcel.closed_message)
    if not (reason or "").strip():
        raise Refused(N_("Say why it goes back to the sender."))
    register.void(Parcel, parcel_id, by, reason)
    Parcel.update(next_reminder_at=None).where(Parcel.id == parcel_id).execute()
    return Parcel.get_by_id(parcel_id)


def remind_due(now):
    """The clock's job: remind recipients of parcels waiting 1, 3 and 7 days, each reminder once. Returns how
    many reminders it wrote."""
    waiting = Parcel.select(Parcel.id).where(Parcel.next_reminder_at <= now).order_by(Parcel.next_reminder_at)
    return sum(_remind(row.id, now) for row in waiting.limit(500))


def _remind(parcel_id, now):
    try:
        with write_transaction():
            parcel = Parcel.get_by_id(parcel_id)
            days, next_at = rules.reminder_due(parcel.out_at, now, parcel.reminded)
            mine = (Parcel.id == parcel.id) & (Parcel.reminded == parcel.reminded)
            if not parcel.is_open or days is None:
                Parcel.update(next_reminder_at=None if not parcel.is_open else next_at).where(mine).execute()
                return 0
            if not Parcel.update(reminded=days, next_reminder_at=next_at).where(mine).execute():
                return 0  # another clock process reminded it first
            with db.atomic():
                notify(parcel.estate, rules.REMINDED, notice_of(parcel, parcel.estate, rules.REMINDED, days),
                       once=f"parcel:{parcel.id}:d{days}")
    except IntegrityError:
        return 0
    return 1


def arrived_between(estate, start, end):
    """The parcels that arrived in [start, end), newest first."""
    return (Parcel.select(Parcel, Unit).join(Unit, on=(Parcel.unit == Unit.id), join_type=JOIN.LEFT_OUTER)
            .where((Parcel.estate == estate) & (Parcel.out_at >= start) & (Parcel.out_at < end))
            .order_by(Parcel.out_at.desc(), Parcel.id.desc()))


def waiting(estate, older_than=None):
    """The parcels not yet picked up (older than a moment, if given), oldest first."""
    query = Parcel.open_of(estate).select(Parcel, Unit).join(Unit, on=(Parcel.unit == Unit.id),
                                                              join_type=JOIN.LEFT_OUTER)
    if older_than is not None:
        query = query.where(Parcel.out_at <= older_than)
    return query.order_by(Parcel.out_at, Parcel.id)


def search(estate, text):
    """Parcels matching a unit, a tracking number's tail, a pickup code or a name, newest first."""
    text = text.strip()
    kind = rules.search_kind(text)
    query = (Parcel.select(Parcel, Unit).join(Unit, on=(Parcel.unit == Unit.id), join_type=JOIN.LEFT_OUTER)
             .where(Parcel.estate == estate))
    if kind == "code":
        found = (Parcel.code == text) | Parcel.tracking.endswith(text)
    elif kind == "unit":
        found = Unit.number.startswith(text)
    else:
        found = Parcel.tracking.endswith(text) | Parcel.recipient_name.contains(text)
    return query.where(found).order_by(Parcel.out_at.desc(), Parcel.id.desc())


def page_of(query, page, per=PAGE):
    """One page of a query and whether another follows (no count over the whole history)."""
    rows = list(query.offset((page - 1) * per).limit(per + 1))
    return rows[:per], len(rows) > per


def waiting_by_age(estate, now):
    """How many parcels wait 1+, 3+, 7+ days: {days: count}."""
    counts = {}
    for days in rules.AGE_BANDS:
        cutoff = now - timedelta(days=days)
        counts[days] = Parcel.open_of(estate).where(Parcel.out_at <= cutoff).select(fn.COUNT(Parcel.id)).scalar()
    return counts

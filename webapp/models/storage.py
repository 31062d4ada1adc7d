"""Small-item storage (小件物品寄存): an item deposited at the desk with a claim slip, released once on its
code to the depositor or someone they named; every step an event."""
from peewee import CharField, ForeignKeyField, IntegerField

from .. import clock
from ..domain import N_
from ..domain.register import check_claim_code, new_claim_code
from ..domain.storage import check_collector, storage_due, stored_since
from . import register
from .estate import Estate, Unit
from .register import LedgerEvent, LedgerRecord


class StoredItem(LedgerRecord):
    """One deposit: out = deposited, back = claimed, voided = e.g. handed to lost property."""
    closed_message = N_("This item was already collected or voided.")
    estate = ForeignKeyField(Estate, backref="stored_items")
    description = CharField()
    count = IntegerField(default=1)
    depositor_name = CharField()
    depositor_phone = CharField(default="")   # kept; lists and slips show it masked
    depositor_unit = ForeignKeyField(Unit, null=True, backref="+")
    collectors = CharField(default="")        # the names the depositor gave, separated by 、
    photo = CharField(null=True)              # the re-encoded photo's path under the photo folder
    photo_thumb = CharField(null=True)
    claim_code = CharField()
    collected_by = CharField(default="")      # who collected it: the depositor or a named collector

    class Meta:
        indexes = ((("estate", "returned_at", "out_at"), False), (("estate", "out_at"), False))

    @property
    def collector_list(self):
        return [name for name in self.collectors.split("、") if name]

    @property
    def may_collect(self):
        """The depositor, then those they named."""
        return [self.depositor_name] + [n for n in self.collector_list if n != self.depositor_name]

    @classmethod
    def of_estate(cls, estate, item_id):
        return cls.get_or_none((cls.id == item_id) & (cls.estate == estate))

    @classmethod
    def in_storage(cls, estate):
        """The items still kept, oldest first."""
        return cls.open_of(estate).order_by(cls.out_at)

    @classmethod
    def left_over(cls, estate, now, days):
        """Items kept for more than `days` days, oldest first."""
        return cls.in_storage(estate).where(cls.out_at < stored_since(now, days))

    @classmethod
    def with_code(cls, estate, code):
        """The item still kept under a claim code, or None."""
        return cls.open_of(estate).where(cls.claim_code == (code or "").strip()).first()

    def log(self, action, by, at, note=""):
        StorageEvent.create(item=self, action=action, by=by, at=at, note=note)


class StorageEvent(LedgerEvent):
    """One step of a stored item (out, back, void): who and when; never changed afterwards."""
    item = ForeignKeyField(StoredItem, backref="events", on_delete="CASCADE")


def _free_code(estate):
    """A claim code no item still kept in the estate carries, so a code finds one item."""
    while True:
        code = new_claim_code()
        if StoredItem.with_code(estate, code) is None:
            return code


def deposit(estate, by, collectors=(), photo=None, **fields):
    """Take an item into storage with a new claim code; the slip prints it."""
    return register.open_record(
        StoredItem, estate, by, storage_due(clock.utcnow(), estate.storage_days), note=fields.get("description", ""),
        claim_code=_free_code(estate), collectors="、".join(collectors),
        photo=photo.name if photo else None, photo_thumb=photo.thumb if photo else None, **fields)


def claim(item, by, code, collector):
    """Release the item on its code to the depositor or a named collector; once only, even with two desks."""
    check_claim_code(code, item.claim_code)
    check_collector(collector, item.depositor_name, item.collector_list)
    return register.check_in(StoredItem, item.id, by, note=collector, collected_by=collector)


def void(item, by, reason):
    """Void a deposit with a reason (a mistake, handed to lost property); its record stays."""
    return register.void(StoredItem, item.id, by, reason)

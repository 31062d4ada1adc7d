"""The lending cabinet (物品借用): item types with their stock on hand, lent by the desk or, where the estate
enables it, borrowed by a resident on their own phone."""
from flask_babel import lazy_gettext as _l
from peewee import CharField, DecimalField, ForeignKeyField, IntegerField, IntegrityError

from ..db import write_transaction
from ..domain import N_, Refused
from ..domain.loans import RESIDENT, check_quantity, check_self_service, check_stock
from ..domain.places import new_token
from .changes import bump
from .estate import Estate
from .loans import Loan, lend
from .place import Place
from .register import InventoryEntry, create_entry


class ItemType(InventoryEntry):
    estate = ForeignKeyField(Estate, backref="item_types")
    name = CharField()
    cabinet = ForeignKeyField(Place, null=True, backref="item_types")
    quantity = IntegerField()
    available = IntegerField()
    deposit = DecimalField(max_digits=10, decimal_places=2, default=0)
    tag_prefix, record_field = "i", "item"
    noun = _l("Item")
    contractors_allowed = True  # items may leave with anyone the ledger accepts

    @property
    def tag_title(self):
        return self.name

    @property
    def tag_detail(self):
        return self.cabinet.name if self.cabinet else ""

    @property
    def lent_out(self):
        return self.quantity - self.available

    @classmethod
    def nothing_out(cls):
        return cls.available == cls.quantity

    def check_available(self, quantity):
        if self.retired:
            raise Refused(N_("This item is no longer in the register."))
        check_quantity(self.available, quantity)

    def hold(self, loan):
        """Take the loan's units from the stock, which never goes negative, even with two desks at once."""
        if not ItemType.update(available=ItemType.available - loan.quantity).where(
                (ItemType.id == self.id) & (ItemType.available >= loan.quantity)).execute():
            check_quantity(ItemType.get_by_id(self.id).available, loan.quantity)

    def release(self, loan):
        ItemType.update(available=ItemType.available + loan.quantity).where(ItemType.id == self.id).execute()


def create_item_type(estate, name, quantity, **fields):
    return create_entry(ItemType, estate, name=name, quantity=quantity, available=quantity, **fields)


def update_item_type(item, quantity, **fields):
    """Change an item type; a new total moves the stock on hand by the same amount, never below what is out.
    Race-free: the lent-out count is checked in the same UPDATE that changes the stock."""
    with write_transaction():
        check_stock(quantity, ItemType.get_by_id(item.id).lent_out)
        changed = ItemType.update(quantity=quantity, available=ItemType.available + (quantity - ItemType.quantity),
                                  **fields).where(
            (ItemType.id == item.id) & (ItemType.quantity - ItemType.available <= quantity)).execute()
        if not changed:  # lent out meanwhile
            check_stock(quantity, ItemType.get_by_id(item.id).lent_out)
        bump(item.estate_id)


def lend_items(item_id, by, quantity, due_at, **holder):
    """Lend units of an item type; the stock never goes negative, even with two desks at once."""
    return lend(ItemType, item_id, by, due_at, quantity=quantity, **holder)


def borrow(item_id, unit, quantity, due_at, phone, name="", intake_key=None):
    """A resident borrows from the lending cabinet on their own phone, when the estate enables it: a loan
    made by nobody on the staff, recorded with the unit and phone, followed by a private link.

    The same form sent twice (double tap, retry after a dropped connection) gives the first loan.
    """
    earlier = Loan.get_or_none(Loan.intake_key == intake_key) if intake_key else None
    if earlier:
        return earlier
    item = ItemType.get_by_id(item_id)
    check_self_service(item.estate.self_service_lending, item.deposit, quantity, phone)
    try:
        return lend_items(item.id, None, quantity, due_at, holder_kind=RESIDENT, holder_unit=unit,
                          holder_phone=phone.strip(), holder_name=name.strip(), tracking_token=new_token(),
                          intake_key=intake_key)
    except IntegrityError:
        # the same form, sent twice at the same moment: the other request made the loan
        return Loan.get(Loan.intake_key == intake_key)

"""The rules of lending keys and items: who lends, who may hold what, quantities, self-service, masking.
Due times, overdue, voiding and retirement are the rules of every register: see register.py."""
from . import N_, Refused
from .vocabulary import ADMIN, CENTER_HEAD, CS_HEAD, FRONT_DESK, SECURITY

LENDING_ROLES = (FRONT_DESK, SECURITY, CS_HEAD, CENTER_HEAD, ADMIN)
INVENTORY_ROLES = (FRONT_DESK, CS_HEAD, CENTER_HEAD, ADMIN)  # who adds, changes and retires keys and items
STAFF, CONTRACTOR, RESIDENT = "staff", "contractor", "resident"
HOLDER_KINDS = (STAFF, CONTRACTOR, RESIDENT)
DEPOSIT_METHODS = ("none", "cash", "wechat", "alipay", "card")
CONDITIONS = ("good", "damaged", "incomplete")  # how a key or item came back
SELF_SERVICE_MOST = 2  # units one self-service loan may take: the cabinet is not emptied by one scan


def may_lend(role, estate_ids, estate_id):
    """Whether someone of this role, working in these estates, lends in that one (a scanned tag then opens
    its page)."""
    return role in LENDING_ROLES and estate_id in estate_ids


def check_holder(kind, staff_id=None, name="", company="", id_number="", unit_id=None, contractors_allowed=True):
    """Refuse a holder the ledger cannot accept: contractors need a company, a name and an ID number;
    a resident needs a unit; some keys may leave only with staff."""
    if kind not in HOLDER_KINDS:
        raise Refused(N_("Choose who takes it: staff, contractor or resident."))
    if kind == STAFF and not staff_id:
        raise Refused(N_("Choose the member of staff who takes it."))
    if kind == CONTRACTOR:
        if not contractors_allowed:
            raise Refused(N_("This key may leave only with staff."))
        if not (company.strip() and name.strip() and id_number.strip()):
            raise Refused(N_("A contractor needs a company, a name and an ID number."))
    if kind == RESIDENT and not unit_id:
        raise Refused(N_("A resident needs a unit."))


def check_quantity(available, wanted):
    """Lend 1..available units; the stock never goes negative."""
    if wanted < 1:
        raise Refused(N_("Lend at least one."))
    if wanted > available:
        raise Refused(N_("Only %(available)s left to lend."), available=available)


def check_self_service_item(enabled, deposit):
    """Refuse an item a resident may not borrow on their own phone: nothing at all unless the estate enables
    it, and nothing that takes a deposit (money changes hands at the desk)."""
    if not enabled:
        raise Refused(N_("Borrowing here is done at the front desk."))
    if deposit:
        raise Refused(N_("This takes a deposit of %(deposit)s yuan: please borrow it at the front desk."),
                      deposit=deposit)


def check_self_service(enabled, deposit, quantity, phone):
    """Refuse a self-service loan: an item the resident may not borrow alone, more than a couple at a time,
    or no phone number the desk can call when it is overdue."""
    check_self_service_item(enabled, deposit)
    if not (phone or "").strip():
        raise Refused(N_("Leave a phone number so the service center can reach you."))
    if quantity > SELF_SERVICE_MOST:
        raise Refused(N_("Borrow at most %(most)s at a time here; for more, ask the front desk."),
                      most=SELF_SERVICE_MOST)


def self_service_allowed(enabled, deposit):
    """Whether the cabinet's page offers the item for self-service."""
    try:
        check_self_service_item(enabled, deposit)
    except Refused:
        return False
    return True


def check_stock(quantity, lent_out):
    """An item type's total may change, but never below the units now lent out."""
    if quantity < 1:
        raise Refused(N_("Give a quantity of at least 1."))
    if quantity < lent_out:
        raise Refused(N_("%(out)s are lent out now: the quantity cannot be less than that."), out=lent_out)


def mask_id(number):
    """An ID number as shown on screen after entry: the first 3 and last 4 characters."""
    number = (number or "").strip()
    if len(number) <= 7:
        return "*" * len(number)
    return number[:3] + "*" * (len(number) - 7) + number[-4:]

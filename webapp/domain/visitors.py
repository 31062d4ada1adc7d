"""The visitor register's rules (前台接待信息登记表): the desk's three-minute rule, who may take a waiting visitor
over, when a visitor may sign out, and when someone entering matches the block list (a warning, never a bar)."""
import re
from datetime import timedelta

from . import N_, Refused

# The seed (来访接待标准 2): once a customer "has waited 3 minutes" (已等待 3 分钟) another clerk is found for
# them, so the third minute itself already counts.
WAITING_LIMIT = timedelta(minutes=3)
ID_NUMBER_PATTERN = re.compile(r"^[0-9A-Za-z]{6,30}$")
PLATE_PATTERN = re.compile(r"^[0-9A-Z\u4e00-\u9fff·-]{4,12}$")
# Fewer digits than this cannot tell one phone from another.
PHONE_DIGITS_TO_MATCH = 5


def is_waiting_too_long(arrived_at, now, limit=WAITING_LIMIT):
    """Whether a visitor waiting since `arrived_at` is due to be handed to another clerk (at 3:00 exactly: yes)."""
    return now - arrived_at >= limit


def waited(arrived_at, now):
    """How long a visitor has waited, as the list shows it: minutes:seconds (12:05)."""
    seconds = max(0, int((now - arrived_at).total_seconds()))
    return f"{seconds // 60}:{seconds % 60:02d}"


def check_take_over(arrived_at, now, handler_id, taker_id):
    """Another clerk takes a waiting visitor over once the three minutes are up; never the one serving them."""
    if handler_id == taker_id:
        raise Refused(N_("You are already the one serving this visitor."))
    if not is_waiting_too_long(arrived_at, now):
        raise Refused(N_("This visitor has waited less than 3 minutes: the clerk who greeted them serves them."))


def check_waiting(served_at, is_open):
    """Only a visitor still waiting at the counter is served or taken over."""
    if not is_open:
        raise Refused(N_("This visitor has already signed out."))
    if served_at is not None:
        raise Refused(N_("This visitor is already signed in."))


def check_sign_out(served_at):
    """A visitor signs out once signed in; one who leaves while waiting is cancelled with a reason instead."""
    if served_at is None:
        raise Refused(N_("This visitor is still waiting: sign them in, or cancel the entry if they left."))


def check_id_number(number):
    """An ID or passport number, if one was given: letters and digits only, 6 to 30 of them."""
    if number and not ID_NUMBER_PATTERN.match(number):
        raise Refused(N_("An ID number has 6 to 30 letters and digits."))


def normalised_plate(plate):
    """A car plate as the register keeps it: upper case, no spaces (粤B 12345 → 粤B12345)."""
    return re.sub(r"\s+", "", plate or "").upper()


def check_plate(plate):
    if plate and not PLATE_PATTERN.match(plate):
        raise Refused(N_("That does not look like a car plate, e.g. 粤B12345."))


def phone_digits(phone):
    """A phone number's digits, without a leading +86 or 86 of a mobile (so 139 1234 5678 = +86 13912345678)."""
    digits = re.sub(r"\D", "", phone or "")
    return digits[2:] if len(digits) == 13 and digits.startswith("86") else digits


def _same_name(one, other):
    squeeze = lambda name: re.sub(r"\s+", "", name or "").casefold()  # noqa: E731
    return bool(squeeze(one)) and squeeze(one) == squeeze(other)


def matches_block(name, phone, blocked_name, blocked_phone):
    """Whether a visitor being entered is a block-list entry: the same phone number, or the same name."""
    digits = phone_digits(phone)
    same_phone = len(digits) >= PHONE_DIGITS_TO_MATCH and digits == phone_digits(blocked_phone)
    return same_phone or _same_name(name, blocked_name)


def check_block_entry(name, phone, reason):
    """A block-list entry names a person by name or phone (or both) and says why."""
    if not (name or "").strip() and len(phone_digits(phone)) < PHONE_DIGITS_TO_MATCH:
        raise Refused(N_("Give the name or the phone number of the person to watch for."))
    if not (reason or "").strip():
        raise Refused(N_("Say why this person is on the block list."))


def check_removal(reason, removed_at):
    """An entry leaves the block list once, with a reason."""
    if removed_at is not None:
        raise Refused(N_("This entry was already removed from the block list."))
    if not (reason or "").strip():
        raise Refused(N_("Say why the entry is removed."))

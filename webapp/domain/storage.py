"""Small-item storage (小件物品寄存): who may collect a deposited item, and how old an item is before the desk
looks into it."""
import re
from datetime import timedelta

from . import N_, Refused

# Estate-wide: an item left longer than this is listed for the desk to chase (or hand to lost property).
STORAGE_DAYS = 30
MAX_DAYS = 3650
MAX_COLLECTORS = 5
_SEPARATORS = re.compile(r"[,，、;；/\n\r]+")


def collector_names(text):
    """The names typed for who may collect, one each, in order (separated by commas, 、 or new lines)."""
    names = []
    for name in _SEPARATORS.split(text or ""):
        name = name.strip()
        if name and name not in names:
            names.append(name)
    return names


def check_collectors(names):
    if len(names) > MAX_COLLECTORS:
        raise Refused(N_("Name at most %(count)s people who may collect it."), count=MAX_COLLECTORS)


def check_collector(chosen, depositor, collectors):
    """Only the depositor or someone they named may collect the item."""
    if not chosen or chosen not in [depositor, *collectors]:
        raise Refused(N_("Only the depositor or someone they named may collect it: tick who is collecting."))


def storage_days(value, default=STORAGE_DAYS):
    """The age asked for in a query argument (?days=): whole days from 0 (every item kept) to 3650, else the
    default."""
    text = str(value or "").strip()
    if text.isascii() and text.isdigit() and len(text) < 6 and int(text) <= MAX_DAYS:
        return int(text)
    return default


def stored_since(now, days):
    """The moment before which an item counts as left for `days` days."""
    return now - timedelta(days=days)


def storage_due(out_at, days=STORAGE_DAYS):
    """When a deposited item is due to be collected: after the estate's storage time."""
    return out_at + timedelta(days=days)

"""The one clock the app reads, so the demo and the tests can set it."""
from contextlib import contextmanager
from datetime import datetime, timezone

_fixed = None


def utcnow():
    """Now as naive UTC, the form the database stores."""
    return _fixed or datetime.now(timezone.utc).replace(tzinfo=None)


@contextmanager
def frozen_at(moment):
    """Read `moment` (naive UTC) as now inside the block."""
    global _fixed
    previous, _fixed = _fixed, moment
    try:
        yield moment
    finally:
        _fixed = previous

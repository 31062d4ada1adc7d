"""Rate-limit counts kept in the app's own database, so every worker of one deployment counts together.

`DatabaseStorage` is a storage of the `limits` package (what Flask-Limiter counts with), registered as
`database://`. It supports the fixed-window strategy: a window opens at a key's first hit and lasts the limit's
period, as limits' memory and Redis storages do.
"""
import hashlib
import time
from contextlib import contextmanager

from limits.storage import Storage
from peewee import EXCLUDED, Case, CharField, DatabaseError, DoubleField, IntegerField, InterfaceError

from ..db import BaseModel, db

PURGE_EVERY = 60  # seconds between sweeps of ended windows, per process


class RateLimitHit(BaseModel):
    """One window of one limit for one client or sticker: hits so far and when it ends (epoch seconds)."""
    key = CharField(primary_key=True)
    hits = IntegerField()
    expires_at = DoubleField(index=True)


def stored_key(key):
    """The key as a row can hold it: a key from the URL (a sticker token) may be any length or hold a NUL
    byte, which neither a 255-character column nor PostgreSQL text accepts; such keys are stored hashed."""
    if len(key) <= 200 and key.isprintable():
        return key
    return key[:100].encode("ascii", "replace").decode().replace("\x00", "?") + "#" + \
        hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()


def count_hit(key, expiry, amount=1, now=None):
    """Add `amount` hits to the key's window, opening a new one of `expiry` seconds if it has none or it
    ended; returns the window's hits. One statement, so workers counting at the same moment lose no hit."""
    now = time.time() if now is None else now
    ended = RateLimitHit.expires_at <= now
    upsert = RateLimitHit.insert(key=stored_key(key), hits=amount, expires_at=now + expiry).on_conflict(
        conflict_target=[RateLimitHit.key],
        update={RateLimitHit.hits: Case(None, [(ended, EXCLUDED.hits)], RateLimitHit.hits + EXCLUDED.hits),
                RateLimitHit.expires_at: Case(None, [(ended, EXCLUDED.expires_at)], RateLimitHit.expires_at)})
    return upsert.returning(RateLimitHit.hits).tuples().execute()[0][0]


def _live(key, now):
    return RateLimitHit.select().where((RateLimitHit.key == stored_key(key)) & (RateLimitHit.expires_at > now))


def hits(key, now=None):
    """The hits in the key's current window (0 when it has none)."""
    return _live(key, time.time() if now is None else now).select(RateLimitHit.hits).scalar() or 0


def window_end(key, now=None):
    """When the key's current window ends (epoch seconds); now when it has none."""
    now = time.time() if now is None else now
    return _live(key, now).select(RateLimitHit.expires_at).scalar() or now


def purge(now=None):
    """Delete the windows that have ended; returns how many."""
    return RateLimitHit.delete().where(RateLimitHit.expires_at <= (time.time() if now is None else now)).execute()


@contextmanager
def _connection():
    """The request's connection when there is one (a pooled one on PostgreSQL); else one just for the call."""
    if not db.is_closed():
        yield
        return
    db.connect()
    try:
        yield
    finally:
        db.close()


class DatabaseStorage(Storage):
    """Counts for Flask-Limiter in the app's database: RATELIMIT_STORAGE_URI = "database://"."""
    STORAGE_SCHEME = ["database"]

    def __init__(self, uri=None, wrap_exceptions=False, **options):
        super().__init__(uri, wrap_exceptions=wrap_exceptions, **options)
        self._last_purge = 0.0

    @property
    def base_exceptions(self):
        return (DatabaseError, InterfaceError)

    def incr(self, key, expiry, amount=1):
        now = time.time()
        with _connection():
            if now - self._last_purge > PURGE_EVERY:
                self._last_purge = now
                purge(now)
            return count_hit(key, expiry, amount, now)

    def get(self, key):
        with _connection():
            return hits(key)

    def get_expiry(self, key):
        with _connection():
            return window_end(key)

    def check(self):
        try:
            with _connection():
                db.execute_sql("SELECT 1")
            return True
        except self.base_exceptions:
            return False

    def reset(self):
        with _connection():
            return RateLimitHit.delete().execute()

    def clear(self, key):
        with _connection():
            RateLimitHit.delete().where(RateLimitHit.key == stored_key(key)).execute()

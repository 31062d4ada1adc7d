"""Requests sent with an Idempotency-Key: claimed before their view runs, their answer kept once it succeeded."""
from datetime import timedelta

from peewee import CharField, DateTimeField, ForeignKeyField, IntegerField, IntegrityError, TextField

from .. import clock
from ..db import BaseModel, write_transaction
from .people import Staff

# A claim this old and still unfinished belongs to a request that died (a killed worker): the next try takes it.
ABANDONED_AFTER = timedelta(minutes=2)
KEPT_FOR = timedelta(days=30)


class ReplayedRequest(BaseModel):
    staff = ForeignKeyField(Staff, backref="+", on_delete="CASCADE")
    key = CharField(max_length=64)
    path = TextField()  # a key sent again for another address is a client's mistake, not a replay
    claimed_at = DateTimeField(index=True)
    status = IntegerField(null=True)  # None while the view runs
    location = TextField(null=True)

    class Meta:
        indexes = ((("staff", "key"), True),)


def claim(staff, key, path, tries=3):
    """Claim (staff, key) for this request: None when claimed now, else the claim that holds it already."""
    now = clock.utcnow()
    try:
        with write_transaction():
            ReplayedRequest.create(staff=staff, key=key, path=path, claimed_at=now)
            (ReplayedRequest.delete()  # no outbox keeps an entry this long
             .where(ReplayedRequest.staff == staff, ReplayedRequest.claimed_at < now - KEPT_FOR).execute())
        return None
    except IntegrityError:
        pass
    held = ReplayedRequest.get_or_none(ReplayedRequest.staff == staff, ReplayedRequest.key == key)
    if held is None and tries > 1:  # released between our insert and this read
        return claim(staff, key, path, tries - 1)
    if held is not None and held.status is None and held.claimed_at < now - ABANDONED_AFTER and held.path == path:
        taken = (ReplayedRequest.update(claimed_at=now)
                 .where(ReplayedRequest.id == held.id, ReplayedRequest.claimed_at == held.claimed_at,
                        ReplayedRequest.status.is_null()).execute())
        if taken:
            return None
    return held


def finished(staff, key, status, location):
    """Keep the answer of a request that did its work."""
    with write_transaction():
        (ReplayedRequest.update(status=status, location=location)
         .where(ReplayedRequest.staff == staff, ReplayedRequest.key == key).execute())


def release(staff, key):
    """Forget a claim whose request was refused or failed, so the corrected entry can be sent with the same key."""
    with write_transaction():
        ReplayedRequest.delete().where(ReplayedRequest.staff == staff, ReplayedRequest.key == key,
                                       ReplayedRequest.status.is_null()).execute()


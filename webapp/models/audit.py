"""The record of every change to master data: who, when, and each changed field before → after.
Tickets and loans keep their own event logs; this is the same promise for estates, units, owners and staff."""
import json
from datetime import date, datetime
from decimal import Decimal

from peewee import JOIN, CharField, DateTimeField, ForeignKeyField, IntegerField, TextField

from .. import clock
from ..db import BaseModel
from .estate import Estate, Unit
from .people import Staff


class AuditEntry(BaseModel):
    estate = ForeignKeyField(Estate, null=True, on_delete="CASCADE")
    staff = ForeignKeyField(Staff, null=True)
    at = DateTimeField(default=clock.utcnow)
    subject = CharField()
    subject_id = IntegerField()
    action = CharField()
    before = TextField(default="{}")
    after = TextField(default="{}")
    unit = ForeignKeyField(Unit, null=True)  # the unit a change concerns: its own, or one of its owners'

    class Meta:
        indexes = ((("subject", "subject_id"), False), (("estate", "at"), False))

    @property
    def changes(self):
        """[(field, before, after)] in field order."""
        before, after = json.loads(self.before), json.loads(self.after)
        return [(name, before.get(name), after.get(name)) for name in sorted(set(before) | set(after))]

    @classmethod
    def of(cls, subject, subject_id):
        return (cls.select(cls, Staff).join(Staff, JOIN.LEFT_OUTER, on=(cls.staff == Staff.id))
                .where((cls.subject == subject) & (cls.subject_id == subject_id)).order_by(cls.at.desc(), cls.id.desc()))


def snapshot(row, fields):
    """The values of some fields of a row, as JSON-ready plain values (foreign keys by id)."""
    return {name: _plain(row.__data__.get(name)) for name in fields}


def record(actor, subject, subject_id, action, before=None, after=None, estate=None, unit=None):
    """Record a change; only the fields whose value changed are kept. Call inside the change's transaction."""
    fields = entry_fields(actor, subject, subject_id, action, before, after, estate, unit)
    return AuditEntry.create(**fields) if fields else None


def entry_fields(actor, subject, subject_id, action, before=None, after=None, estate=None, unit=None, at=None):
    """The fields of one audit entry (for `record`, or many inserted at once), keeping only what changed;
    None for an update that changed nothing."""
    before, after = before or {}, after or {}
    changed = {k for k in set(before) | set(after) if before.get(k) != after.get(k)}
    if action == "update" and not changed:
        return None
    return dict(estate=estate, staff=actor, subject=subject, subject_id=subject_id, action=action, unit=unit,
                at=at or clock.utcnow(), before=_json({k: v for k, v in before.items() if k in changed}),
                after=_json({k: v for k, v in after.items() if k in changed}))


def _plain(value):
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    return value


def _json(values):
    return json.dumps({k: _plain(v) for k, v in values.items()}, ensure_ascii=False, sort_keys=True)

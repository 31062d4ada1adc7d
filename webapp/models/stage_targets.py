"""An estate's own stage targets over the defaults (webapp/domain/targets.py), set by the center and audited."""
from peewee import BooleanField, CharField, ForeignKeyField, IntegerField

from ..db import BaseModel, write_transaction
from .audit import record
from .estate import Estate


class StageTarget(BaseModel):
    """Minutes a stage of a kind (urgent or not) may take in one estate; 0: not timed."""
    estate = ForeignKeyField(Estate, backref="+", on_delete="CASCADE")
    kind = CharField()
    urgent = BooleanField(default=False)
    stage = CharField()
    minutes = IntegerField()

    class Meta:
        indexes = ((("estate", "kind", "urgent", "stage"), True),)


def overrides_of(estate):
    """{(kind, urgent, stage): minutes} the estate set."""
    return {(row.kind, row.urgent, row.stage): row.minutes
            for row in StageTarget.select().where(StageTarget.estate == estate)}


def set_targets(estate, actor, cells):
    """Make the estate's own targets exactly `cells` ({(kind, urgent, stage): minutes}; a cell left out goes back
    to the default); the change is audited as one entry."""
    with write_transaction():
        before = {_name(key): minutes for key, minutes in overrides_of(estate).items()}
        StageTarget.delete().where(StageTarget.estate == estate).execute()
        StageTarget.insert_many([dict(estate=estate, kind=kind, urgent=urgent, stage=stage, minutes=minutes)
                                 for (kind, urgent, stage), minutes in cells.items()]).execute() if cells else None
        after = {_name(key): minutes for key, minutes in cells.items()}
        record(actor, "stage_targets", estate.id, "update", before, after, estate=estate)


def _name(key):
    kind, urgent, stage = key
    return f"{kind}{'/urgent' if urgent else ''}/{stage}"

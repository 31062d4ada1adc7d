"""A counter per estate that every ticket write moves on, so live lists know when to redraw."""
from peewee import IntegerField, IntegrityError

from ..db import BaseModel, db


class ChangeCounter(BaseModel):
    estate_id = IntegerField(primary_key=True)  # references estate (see the migration)
    value = IntegerField(default=0)


def bump(estate_id):
    """Move the estate's counter on; call inside the transaction that makes the change."""
    if not ChangeCounter.update(value=ChangeCounter.value + 1).where(ChangeCounter.estate_id == estate_id).execute():
        try:
            with db.atomic():
                ChangeCounter.insert(estate_id=estate_id, value=1).execute()
        except IntegrityError:
            bump(estate_id)


def current(estate_id):
    """The estate's counter; one indexed read, cheap enough for every poll."""
    row = db.execute_sql(f"SELECT value FROM change_counter WHERE estate_id = {db.param}", (estate_id,)).fetchone()
    return row[0] if row else 0

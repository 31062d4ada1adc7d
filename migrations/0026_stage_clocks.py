"""Stage clocks (issue 16): when the order was last dispatched (the respond clock restarts for a new handler),
when its handler arrived on site (the arrival stage is over, also after a hold), since when it is on hold and how many minutes of its clock holds have already taken (they do not count).
Tickets already dispatched or on hold get the moment from their timeline."""
from peewee import DateTimeField, FloatField

_LAST_EVENT = ("UPDATE ticket SET {column} = (SELECT MAX(e.at) FROM ticket_event e WHERE e.ticket_id = ticket.id "
               "AND e.to_state = '{state}' AND e.from_state <> '{state}') WHERE state {where}")


def up(migrator, db):
    migrator.migrate(
        migrator.add_column("ticket", "dispatched_at", DateTimeField(null=True)),
        migrator.add_column("ticket", "arrived_at", DateTimeField(null=True)),
        migrator.add_column("ticket", "held_since", DateTimeField(null=True)),
        migrator.add_column("ticket", "paused_minutes", FloatField(default=0)),
    )
    db.execute_sql(_LAST_EVENT.format(column="dispatched_at", state="dispatched", where="IS NOT NULL"))
    db.execute_sql(_LAST_EVENT.format(column="held_since", state="on_hold", where="= 'on_hold'"))
    db.execute_sql(_LAST_EVENT.format(column="arrived_at", state="on_site",
                                      where="IN ('accepted', 'on_site', 'on_hold', 'awaiting_approval', 'done')"))


def down(migrator, db):
    migrator.migrate(*(migrator.drop_column("ticket", name) for name in ("dispatched_at", "arrived_at", "held_since",
                                                                         "paused_minutes")))

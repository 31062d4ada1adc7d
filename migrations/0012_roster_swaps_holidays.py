"""The roster grows up: an override may replace one shift on one day (a whole-day one still works), a team has a
lead who approves swaps, swaps are requested, accepted and approved, and the calendar knows holidays and make-up
working days (调休) per estate, with a choice of whether the desk opens at weekends."""
from peewee import BooleanField, CharField, DateField, DateTimeField, ForeignKeyField, Model


def _models(db):
    class Base(Model):
        class Meta:
            database = db
            legacy_table_names = False

    class Estate(Base):
        pass

    class Staff(Base):
        pass

    class Shift(Base):
        pass

    class CalendarDay(Base):
        estate = ForeignKeyField(Estate, backref="calendar_days", on_delete="CASCADE")
        day = DateField()
        kind = CharField()  # "holiday" (休) or "workday" (班, a make-up working day)
        name = CharField(default="")

        class Meta:
            indexes = ((("estate", "day"), True),)

    class SwapRequest(Base):
        estate = ForeignKeyField(Estate, backref="swaps", on_delete="CASCADE")
        team = CharField()
        shift = ForeignKeyField(Shift, backref="swaps", on_delete="CASCADE")
        day = DateField()
        requester = ForeignKeyField(Staff, backref="swaps_asked")
        partner = ForeignKeyField(Staff, backref="swaps_offered")
        their_shift = ForeignKeyField(Shift, null=True, on_delete="CASCADE")
        their_day = DateField(null=True)
        state = CharField()
        requested_at = DateTimeField()
        answered_at = DateTimeField(null=True)   # accepted or declined by the partner
        decided_at = DateTimeField(null=True)    # approved, rejected or cancelled
        decided_by = ForeignKeyField(Staff, null=True)

        class Meta:
            indexes = ((("estate", "state"), False),)

    return Estate, Staff, Shift, [CalendarDay, SwapRequest]


def up(migrator, db):
    _estate, staff, shift, tables = _models(db)
    db.create_tables(tables)
    migrator.migrate(
        migrator.add_column("duty", "shift_id", ForeignKeyField(shift, null=True, on_delete="CASCADE",
                                                                field=shift.id)),
        migrator.add_column("team", "lead_id", ForeignKeyField(staff, null=True, field=staff.id)),
        migrator.add_column("estate", "desk_open_weekends", BooleanField(default=True)),
    )


def down(migrator, db):
    _estate, _staff, _shift, tables = _models(db)
    migrator.migrate(migrator.drop_column("duty", "shift_id"), migrator.drop_column("team", "lead_id"),
                     migrator.drop_column("estate", "desk_open_weekends"))
    db.drop_tables(list(reversed(tables)))

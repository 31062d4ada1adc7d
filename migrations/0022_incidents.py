"""Incidents (issue 15, seed 001): the incident register (突发事件) with its class, place, who and what, how far up
its escalation chain it was alerted, its record (处理经过, 结果, 整改措施) and the typical-case mark; and its events."""
from peewee import BooleanField, CharField, DateTimeField, ForeignKeyField, IntegerField, Model, TextField


def _models(db):
    class Base(Model):
        class Meta:
            database = db
            legacy_table_names = False

    class Estate(Base):
        pass

    class Staff(Base):
        pass

    class Incident(Base):
        out_at = DateTimeField()
        out_by = ForeignKeyField(Staff, null=True, backref="+")
        due_at = DateTimeField()
        returned_at = DateTimeField(null=True)
        returned_by = ForeignKeyField(Staff, null=True, backref="+")
        voided_at = DateTimeField(null=True)
        voided_by = ForeignKeyField(Staff, null=True, backref="+")
        void_reason = TextField(default="")
        estate = ForeignKeyField(Estate, backref="+")
        incident_class = CharField()
        happened_at = DateTimeField()
        place = CharField()
        who = CharField(default="")
        what = TextField()
        level = IntegerField(default=0)
        handling = TextField(default="")
        outcome = TextField(default="")
        measures = TextField(default="")
        typical = BooleanField(default=False)
        typical_at = DateTimeField(null=True)
        typical_by = ForeignKeyField(Staff, null=True, backref="+")

        class Meta:
            indexes = ((("estate", "returned_at", "due_at"), False), (("estate", "out_at"), False),
                       (("estate", "typical"), False))

    class IncidentEvent(Base):
        action = CharField()
        at = DateTimeField()
        by = ForeignKeyField(Staff, null=True, backref="+")
        note = TextField(default="")
        incident = ForeignKeyField(Incident, backref="+", on_delete="CASCADE")

    return [Incident, IncidentEvent]


def up(migrator, db):
    db.create_tables(_models(db))


def down(migrator, db):
    db.drop_tables(list(reversed(_models(db))))

"""Small-item storage (issue 15, 小件物品寄存): the deposited items and each one's events. The desk's opening and
closing checks keep the room-check table as it is: a check names its place, whose kind gives the checklist."""
from peewee import CharField, DateTimeField, ForeignKeyField, IntegerField, Model, TextField


def _models(db):
    class Base(Model):
        class Meta:
            database = db
            legacy_table_names = False

    class Estate(Base):
        pass

    class Staff(Base):
        pass

    class Unit(Base):
        pass

    class StoredItem(Base):
        out_at = DateTimeField()
        out_by = ForeignKeyField(Staff, null=True, backref="+")
        due_at = DateTimeField()
        returned_at = DateTimeField(null=True)
        returned_by = ForeignKeyField(Staff, null=True, backref="+")
        voided_at = DateTimeField(null=True)
        voided_by = ForeignKeyField(Staff, null=True, backref="+")
        void_reason = TextField(default="")
        estate = ForeignKeyField(Estate, backref="+")
        description = CharField()
        count = IntegerField(default=1)
        depositor_name = CharField()
        depositor_phone = CharField(default="")
        depositor_unit = ForeignKeyField(Unit, null=True, backref="+")
        collectors = CharField(default="")
        photo = CharField(null=True)
        photo_thumb = CharField(null=True)
        claim_code = CharField()
        collected_by = CharField(default="")

        class Meta:
            indexes = ((("estate", "returned_at", "out_at"), False), (("estate", "out_at"), False))

    class StorageEvent(Base):
        item = ForeignKeyField(StoredItem, backref="+", on_delete="CASCADE")
        action = CharField()
        at = DateTimeField()
        by = ForeignKeyField(Staff, null=True, backref="+")
        note = TextField(default="")

    return [StoredItem, StorageEvent]


def up(migrator, db):
    db.create_tables(_models(db))


def down(migrator, db):
    db.drop_tables(list(reversed(_models(db))))

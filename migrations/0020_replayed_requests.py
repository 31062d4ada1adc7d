"""What a request sent with an Idempotency-Key answered: the outbox of a phone that lost its signal sends the same
entry again, and the second arrival gets the first one's answer instead of doing the work twice."""
from peewee import CharField, DateTimeField, ForeignKeyField, IntegerField, Model, TextField


def _models(db):
    class Base(Model):
        class Meta:
            database = db
            legacy_table_names = False

    class Staff(Base):
        pass

    class ReplayedRequest(Base):
        staff = ForeignKeyField(Staff, backref="+", on_delete="CASCADE")
        key = CharField(max_length=64)
        path = TextField()
        claimed_at = DateTimeField(index=True)
        status = IntegerField(null=True)
        location = TextField(null=True)

        class Meta:
            indexes = ((("staff", "key"), True),)

    return [ReplayedRequest]


def up(migrator, db):
    db.create_tables(_models(db))


def down(migrator, db):
    db.drop_tables(_models(db))

"""Web Push subscriptions: the browsers on which a member of staff is alerted."""
from peewee import CharField, DateTimeField, ForeignKeyField, Model, TextField


def _models(db):
    class Base(Model):
        class Meta:
            database = db
            legacy_table_names = False

    class Staff(Base):
        pass

    class PushSubscription(Base):
        staff = ForeignKeyField(Staff, backref="+", on_delete="CASCADE")
        endpoint = TextField(unique=True)
        p256dh = CharField()
        auth = CharField()
        label = CharField(default="")
        created_at = DateTimeField()

    return [PushSubscription]


def up(migrator, db):
    db.create_tables(_models(db))


def down(migrator, db):
    db.drop_tables(_models(db))

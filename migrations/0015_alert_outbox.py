"""Alerts (issue 13): an outbox of alerts, each with one delivery per channel target, delivered by the clock
process with retries; and each estate's webhook (a URL and the secret its messages are signed with)."""
from peewee import CharField, DateTimeField, ForeignKeyField, IntegerField, Model, TextField


def _models(db):
    class Base(Model):
        class Meta:
            database = db
            legacy_table_names = False

    class Estate(Base):
        pass

    class Ticket(Base):
        pass

    class Staff(Base):
        pass

    class Alert(Base):
        estate = ForeignKeyField(Estate, backref="+", on_delete="CASCADE")
        ticket = ForeignKeyField(Ticket, null=True, backref="+", on_delete="CASCADE")
        recipient = ForeignKeyField(Staff, null=True, backref="+")
        reason = CharField()
        payload = TextField()
        once = CharField(null=True, unique=True)
        created_at = DateTimeField()

        class Meta:
            indexes = ((("estate", "created_at"), False),)

    class Delivery(Base):
        alert = ForeignKeyField(Alert, backref="+", on_delete="CASCADE")
        channel = CharField()
        target = TextField()
        state = CharField(default="pending")
        attempts = IntegerField(default=0)
        next_try_at = DateTimeField()
        last_error = TextField(default="")
        sent_at = DateTimeField(null=True)

        class Meta:
            indexes = ((("state", "next_try_at"), False),)

    return [Alert, Delivery]


def up(migrator, db):
    db.create_tables(_models(db))
    migrator.migrate(
        migrator.add_column("estate", "webhook_url", CharField(max_length=500, default="")),
        migrator.add_column("estate", "webhook_secret", CharField(default="")),
    )


def down(migrator, db):
    migrator.migrate(migrator.drop_column("estate", "webhook_url"), migrator.drop_column("estate", "webhook_secret"))
    db.drop_tables(list(reversed(_models(db))))

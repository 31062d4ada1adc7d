"""A resident's report that joined an open ticket of the same problem at the same place (issue 13): its form key,
so the same form sent twice joins once while two residents writing the same words count twice. The report
itself is the 'reported_again' event on the ticket's timeline."""
from peewee import CharField, DateTimeField, ForeignKeyField, Model


def _models(db):
    class Base(Model):
        class Meta:
            database = db
            legacy_table_names = False

    class Ticket(Base):
        pass

    class JoinedReport(Base):
        ticket = ForeignKeyField(Ticket, backref="+", on_delete="CASCADE")
        intake_key = CharField(unique=True)
        at = DateTimeField()

    return [JoinedReport]


def up(migrator, db):
    db.create_tables(_models(db))


def down(migrator, db):
    db.drop_tables(_models(db))

"""Photos of a refused form are kept, stored once, until the same form comes back with their token: a finish
or intake form refused for a missing note no longer makes the person choose and upload the photos again."""
from peewee import CharField, DateTimeField, ForeignKeyField, IntegerField, Model


def _models(db):
    class Base(Model):
        class Meta:
            database = db
            legacy_table_names = False

    class Staff(Base):
        pass

    class KeptPhoto(Base):
        token = CharField(index=True)
        kept_by = ForeignKeyField(Staff, backref="+", on_delete="CASCADE")
        filename = CharField()
        name = CharField()
        thumb = CharField()
        width = IntegerField()
        height = IntegerField()
        size = IntegerField()
        at = DateTimeField(index=True)

    return [KeptPhoto]


def up(migrator, db):
    db.create_tables(_models(db))


def down(migrator, db):
    db.drop_tables(_models(db))

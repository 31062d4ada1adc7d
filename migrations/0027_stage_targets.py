"""An estate's own stage targets (issue 16): minutes per kind, urgent or not, and stage, over the defaults of
webapp/domain/targets.py; 0 means the stage is not timed."""
from peewee import BooleanField, CharField, ForeignKeyField, IntegerField, Model


def _models(db):
    class Base(Model):
        class Meta:
            database = db
            legacy_table_names = False

    class Estate(Base):
        pass

    class StageTarget(Base):
        estate = ForeignKeyField(Estate, backref="+", on_delete="CASCADE")
        kind = CharField()
        urgent = BooleanField(default=False)
        stage = CharField()
        minutes = IntegerField()

        class Meta:
            indexes = ((("estate", "kind", "urgent", "stage"), True),)

    return [StageTarget]


def up(migrator, db):
    db.create_tables(_models(db))


def down(migrator, db):
    db.drop_tables(_models(db))

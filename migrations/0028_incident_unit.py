"""An incident may name a unit (房号): the owner's unit of a class A visit, so the alert goes to that unit's area
manager rather than the estate's first one."""
from peewee import ForeignKeyField, Model


def _unit(db):
    class Unit(Model):
        class Meta:
            database = db
            legacy_table_names = False
    return Unit


def up(migrator, db):
    unit = _unit(db)
    migrator.migrate(
        migrator.add_column("incident", "unit_id", ForeignKeyField(unit, null=True, field=unit.id)))  # indexed


def down(migrator, db):
    migrator.migrate(migrator.drop_index("incident", "incident_unit_id"),
                     migrator.drop_column("incident", "unit_id"))

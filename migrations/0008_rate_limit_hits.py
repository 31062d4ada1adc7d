"""Rate-limit counts in the app's own database, so every worker of one deployment shares them without Redis:
one row per limit and client (or sticker) for its current window, ending at `expires_at` (epoch seconds)."""
from peewee import CharField, DoubleField, IntegerField, Model


def _models(db):
    class RateLimitHit(Model):
        key = CharField(primary_key=True)
        hits = IntegerField()
        expires_at = DoubleField(index=True)

        class Meta:
            database = db
            table_name = "rate_limit_hit"

    return [RateLimitHit]


def up(migrator, db):
    db.create_tables(_models(db))


def down(migrator, db):
    db.drop_tables(_models(db))

"""Parcels by tracking number in any case (issue 15): a scanner gun reading a label twice is warned about before a
second parcel is made. The lookup compares lower(tracking) within the estate over the last 30 days; without this
index SQLite walked the estate's last 30 days of arrivals."""

INDEX = "parcel_estate_lower_tracking_out_at"


def up(migrator, db):
    db.execute_sql(f"CREATE INDEX IF NOT EXISTS {INDEX} ON parcel (estate_id, lower(tracking), out_at)")


def down(migrator, db):
    db.execute_sql(f"DROP INDEX IF EXISTS {INDEX}")

"""Self-service lending: an estate may let residents borrow from the lending cabinet on their own phone.

Such a loan is made and may be handed back by nobody on the staff, so `loan.out_by_id` and
`loan_event.by_id` become optional; the resident follows the loan by a private link (`tracking_token`) and a
form sent twice gives one loan (`intake_key`).
"""
from peewee import BooleanField, CharField


def up(migrator, db):
    migrator.migrate(
        migrator.add_column("estate", "self_service_lending", BooleanField(default=False)),
        migrator.drop_not_null("loan", "out_by_id"),
        migrator.drop_not_null("loan_event", "by_id"),
        migrator.add_column("loan", "tracking_token", CharField(null=True)),
        migrator.add_column("loan", "intake_key", CharField(null=True)),
        migrator.add_index("loan", ("tracking_token",), True),
        migrator.add_index("loan", ("intake_key",), True))


def down(migrator, db):
    migrator.migrate(
        migrator.drop_index("loan", "loan_intake_key"),
        migrator.drop_index("loan", "loan_tracking_token"),
        migrator.drop_column("loan", "intake_key"),
        migrator.drop_column("loan", "tracking_token"),
        migrator.add_not_null("loan_event", "by_id"),
        migrator.add_not_null("loan", "out_by_id"),
        migrator.drop_column("estate", "self_service_lending"))

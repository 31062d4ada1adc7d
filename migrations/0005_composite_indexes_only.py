"""Drop single-column ticket indexes that shadow composite ones.

Without statistics SQLite picked `ticket_assignee_id` for "my open orders" and walked a person's whole
history; the composite (assignee_id, state) index serves the same lookups and only the open rows.
"""


def up(migrator, db):
    migrator.migrate(*[migrator.drop_index("ticket", name) for name in (
        "ticket_assignee_id", "ticket_estate_id", "ticket_unit_id")])


def down(migrator, db):
    migrator.migrate(migrator.add_index("ticket", ("assignee_id",), False),
                     migrator.add_index("ticket", ("estate_id",), False),
                     migrator.add_index("ticket", ("unit_id",), False))

"""Commands: load the demo estate, create a member of staff, keep a session signing key."""
import os

import click
from flask.cli import with_appcontext

from .db import db
from .domain.vocabulary import ROLES, team_of


def init_app(app):
    app.cli.add_command(demo_command)
    app.cli.add_command(create_user_command)
    app.cli.add_command(secret_key_command)
    app.cli.add_command(setup_command)
    app.cli.add_command(holidays_command)
    from .alerts.clock import clock_command
    app.cli.add_command(clock_command)


@click.command("holidays")
@click.option("--year", "years", type=click.IntRange(1971, 2998), multiple=True,
              help="A year to load (repeat for more); this year and next when not given")
@click.option("--estate", "estate_code", help="Only this estate (all estates when not given)")
@with_appcontext
def holidays_command(years, estate_code):
    """Load the official holidays and make-up working days (调休) into the estates' calendars."""
    from . import clock
    from .models import Estate
    from .models.calendar import load_official
    years = years or (clock.utcnow().year, clock.utcnow().year + 1)
    with db.connection_context():
        estates = Estate.select().where(Estate.code == estate_code) if estate_code else Estate.select()
        for estate in estates:
            click.echo(f"{estate.code}: added {load_official(estate, None, years)} days.")


@click.command("setup")
@click.option("--estate-code", prompt="Estate code (short, e.g. CH)")
@click.option("--estate-name", prompt="Estate name")
@click.option("--timezone", default="Asia/Shanghai", show_default=True, prompt="Time zone")
@click.option("--username", prompt="First admin's username")
@click.option("--name", prompt="First admin's name")
@click.password_option(help="The admin's password (asked twice when not given)")
@with_appcontext
def setup_command(estate_code, estate_name, timezone, username, name, password):
    """First run of a real center: its first estate and first admin (refused once an admin exists)."""
    from .domain import Refused
    from .models.people import set_up_center
    try:
        with db.connection_context():
            set_up_center(estate_code.strip(), estate_name.strip(), timezone.strip(), username.strip(), name.strip(),
                          password)
    except Refused as refused:
        raise click.ClickException(str(refused)) from None
    click.echo(f"Set up {estate_name.strip()} ({estate_code.strip()}) with the admin {username.strip()}. "
               "Serve the app and sign in to add buildings, units and staff.")


@click.command("demo")
@with_appcontext
def demo_command():
    """Load the demo estates if the database is empty, then print the demo logins."""
    from flask import current_app

    from . import demo
    from .models import Estate
    with db.connection_context():
        if Estate.select().exists():
            click.echo("The database already has estates; the demo was not loaded again.")
        else:
            demo.load()
            click.echo("Loaded the demo estates.")
        click.echo(demo.logins_text(current_app.config["PUBLIC_BASE_URL"]))


@click.command("create-user")
@click.argument("username")
@click.argument("name")
@click.argument("role", type=click.Choice(ROLES))
@click.option("--estate", "estate_code", help="Estate code the person works in")
@click.option("--mobile", default=None)
@click.password_option()
def create_user_command(username, name, role, estate_code, mobile, password):
    """Create a member of staff."""
    from .models import Estate, Membership, Staff
    with db.connection_context(), db.atomic():
        staff = Staff(username=username, name=name, role=role, mobile=mobile, team=team_of(role))
        staff.set_password(password)
        staff.save()
        if estate_code:
            Membership.create(staff=staff, estate=Estate.get(Estate.code == estate_code))
    click.echo(f"Created {username} ({role}).")


@click.command("secret-key")
@with_appcontext
def secret_key_command():
    """Keep a new session signing key in the instance folder, for a start without SECRET_KEY."""
    from flask import current_app

    from .config import keep_secret_key, read_secret_key, secret_key_path
    path = secret_key_path(current_app)
    if read_secret_key(path):
        click.echo(f"A key is already kept in {path}; delete the file first to replace it (signs everyone out).")
    else:
        keep_secret_key(path)
        click.echo(f"Kept a new key in {path} (readable by its owner only).")
    if os.environ.get("SECRET_KEY"):
        click.echo("SECRET_KEY is set in the environment: it is used instead of the kept key.")

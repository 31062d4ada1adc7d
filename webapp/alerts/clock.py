"""The clock process (`flask --app webapp clock`, the Procfile's worker): every few seconds it escalates
tickets past their stage's target (webapp/models/escalation.py), delivers the alerts waiting in the outbox (retrying failures with backoff), makes the day's patrol
rounds from the plans and closes the rounds whose window and grace have passed."""
import logging
import time
from importlib import import_module

import click
from flask.cli import with_appcontext

from .. import clock
from ..db import db
from ..models.alerts import claim, due_deliveries, settle
from ..models.escalation import escalate_overdue
from ..models.estate import Estate
from ..models.patrol import make_rounds
from ..models.rounds import close_due
from . import CHANNELS, Outcome

log = logging.getLogger(__name__)
INTERVAL = 5  # seconds between rounds
BATCH = 100   # deliveries tried per round at most


# The desk registers' periodic jobs, "module:function" in webapp.models, each `job(now)` returning how many
# things it did (reminders written, visitors signed out…); one line per register.
REGISTER_JOBS = ("parcels:remind_due", "visitors:sign_out_stale",)


def run_round(now=None):
    """One round: escalate, patrol, the registers' jobs, then deliver what is due.
    Returns (alerts written, deliveries tried)."""
    now = now or clock.utcnow()
    escalated = escalate_overdue(now)
    patrol(now)
    registers(now)
    return escalated, deliver_due(now)


def registers(now):
    """Run each register's periodic job once; {job: what it did}."""
    done = {}
    for job in REGISTER_JOBS:
        module, _, name = job.partition(":")
        done[job] = getattr(import_module(f"webapp.models.{module}"), name)(now)
    return done


def patrol(now):
    """Make the estates' rounds due today, then judge those whose time is up. Returns (made, closed)."""
    made = sum(make_rounds(estate, now) for estate in Estate.select())
    return made, close_due(now)


def deliver_due(now, limit=BATCH):
    """Try every delivery that is due, each claimed first so no two processes send the same one."""
    tried = 0
    for delivery in due_deliveries(now, limit):
        if not claim(delivery, now):
            continue
        settle(delivery, _send(delivery), clock.utcnow())
        tried += 1
    return tried


def _send(delivery):
    channel = CHANNELS.get(delivery.channel)
    if channel is None:
        return Outcome(False, False, f"no channel {delivery.channel!r}")
    try:
        return channel.send(delivery.alert, delivery.target)
    except Exception as error:  # a channel's bug must not stop the clock for every other alert
        log.exception("alert delivery %s failed", delivery.id)
        return Outcome(False, False, repr(error)[:200])


@click.command("clock")
@click.option("--once", is_flag=True, help="Run one round and stop (for tests and cron).")
@click.option("--interval", default=INTERVAL, show_default=True, type=click.FloatRange(0.5, 3600),
              help="Seconds between rounds")
@with_appcontext
def clock_command(once, interval):
    """Escalate help nobody accepted and deliver waiting alerts, every few seconds (the Procfile's worker)."""
    while True:
        try:
            with db.connection_context():
                escalated, tried = run_round()
            if escalated or tried:
                log.info("clock: %s alerts written, %s deliveries tried", escalated, tried)
        except Exception:  # the database restarting must not end the worker; the next round tries again
            if once:
                raise
            log.exception("clock round failed")
        if once:
            click.echo(f"Escalated {escalated}, tried {tried} deliveries.")
            return
        time.sleep(interval)

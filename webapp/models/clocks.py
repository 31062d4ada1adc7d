"""Tickets' running clocks on their estate's calendar and targets, read once for a page or a clock round."""
from ..domain.clocks import EstateClock, clock_words, paused_through, running_clock
from ..domain.targets import stage_targets
from ..domain.vocabulary import DONE, OPEN_STATES
from .calendar import HOLIDAY, CalendarDay
from .estate import Estate
from .stage_targets import overrides_of
from .ticket import Ticket


def estate_clock(estate):
    """The estate's wall and working clocks: its time zone, desk hours, holidays and make-up days."""
    holidays, workdays = set(), set()
    for row in CalendarDay.select(CalendarDay.day, CalendarDay.kind).where(CalendarDay.estate == estate):
        (holidays if row.kind == HOLIDAY else workdays).add(row.day)
    opens, closes = estate.desk_hours
    return EstateClock(estate.timezone, opens, closes, holidays, workdays)


class Clocks:
    """An estate's clocks and per-kind stage targets (its own response targets over the defaults)."""

    def __init__(self, estate):
        estate = estate if isinstance(estate, Estate) else Estate.get_by_id(estate)
        self.on, self.respond, self.own, self._targets = estate_clock(estate), estate.targets, overrides_of(estate), {}

    def targets(self, kind, urgent=False):
        if (kind, urgent) not in self._targets:
            self._targets[(kind, urgent)] = stage_targets(kind, self.respond, urgent, self.own)
        return self._targets[(kind, urgent)]

    def of(self, ticket, now, turns=True):
        """The running clock of the ticket's stage (domain.clocks.Clock), or None; without `turns`, not when it
        turns amber and red (the clock process needs only how long it has run)."""
        return running_clock(ticket.kind, ticket.state, moments(ticket), self.targets(ticket.kind, ticket.urgent),
                             now, self.on, turns)

    def words(self, ticket, now):
        """What a card or list says about the ticket's clock (domain.clocks.clock_words)."""
        return clock_words(self.of(ticket, now))

    def paused(self, ticket, now):
        """The minutes holds have taken from the ticket's clock, the one ending now included."""
        return paused_through(ticket.paused_minutes, ticket.held_since, now,
                              self.targets(ticket.kind, ticket.urgent)["clock"], self.on)


def timed():
    """The condition on tickets whose clock may be running: open ones, and done ones awaiting a return visit."""
    return Ticket.state.in_(OPEN_STATES) | ((Ticket.state == DONE) & Ticket.needs_revisit)


def moments(ticket):
    return dict(created_at=ticket.created_at, dispatched_at=ticket.dispatched_at, done_at=ticket.done_at,
                arrived_at=ticket.arrived_at, needs_revisit=ticket.needs_revisit,
                held_since=ticket.held_since, paused_minutes=ticket.paused_minutes)

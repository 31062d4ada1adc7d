"""Every list's and card's running clock: `ticket_clock(t)` in templates, on the ticket's estate's calendar."""
from flask import g

from .. import clock
from ..models.clocks import Clocks


def ticket_clock(ticket):
    """What a list or card says about a ticket's clock (domain.clocks.clock_words), as of this request."""
    if "stage_clocks" not in g:
        # One now per page, so every row agrees; one calendar read per estate (lists may mix estates).
        g.stage_clocks, g.stage_clocks_now = {}, clock.utcnow()
    clocks = g.stage_clocks.get(ticket.estate_id)
    if clocks is None:
        estate = g.get("estate")
        own = estate is not None and estate.id == ticket.estate_id
        clocks = g.stage_clocks[ticket.estate_id] = Clocks(estate if own else ticket.estate_id)
    words = clocks.words(ticket, g.stage_clocks_now)
    if words.get("paused"):
        words["reason"] = ticket.hold_reason  # what it waits for: parts, the owner…
    return words


def init_app(app):
    app.add_template_global(ticket_clock)

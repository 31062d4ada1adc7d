"""Two engineers accept the same order at the same moment: exactly one wins, the other learns who."""
import threading

from webapp.db import db
from webapp.domain import Refused
from webapp.models import Ticket, TicketEvent
from webapp.models.handling import advance

from . import factories

ROUNDS = 15


def accept_together(ticket_id, people):
    barrier = threading.Barrier(len(people))
    outcome = {}

    def accept(person):
        barrier.wait()
        try:
            advance(ticket_id, person, "accept")
            outcome[person.username] = "won"
        except Refused as refused:
            outcome[person.username] = refused.params.get("name", refused.message)
        finally:
            db.close()  # each thread has its own connection

    threads = [threading.Thread(target=accept, args=(p,)) for p in people]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    return outcome


def test_exactly_one_of_two_simultaneous_accepts_wins(estate, staff):
    people = [staff["eng"], staff["eng2"]]
    for _ in range(ROUNDS):
        ticket = factories.ticket(estate, staff["desk"], "repair")
        outcome = accept_together(ticket.id, people)
        winners = [name for name, result in outcome.items() if result == "won"]
        assert len(winners) == 1, outcome
        loser = next(name for name in outcome if name != winners[0])
        assert outcome[loser] == winners[0]  # told who took it
        taken = Ticket.get_by_id(ticket.id)
        assert taken.assignee.username == winners[0]
        accepts = TicketEvent.select().where((TicketEvent.ticket == ticket) & (TicketEvent.action == "accept"))
        assert accepts.count() == 1

"""The shape of a step in a ticket's life: who may take it, and the fields it stamps as data."""
from dataclasses import dataclass, field
from typing import Callable

from .vocabulary import ADMIN, CENTER_HEAD, CS_HEAD, DESK_ROLES, FRONT_DESK, SECURITY


# Where staff take a step: the ticket page's generic step form, or a form of its own.
ON_PAGE, COMPLETION, KIND_FORM, REVISIT_FORM = "page", "completion", "kind", "revisit"
# What a step asks for besides a note: a team's queue or a person, or a person only.
TEAM_OR_PERSON, PERSON = "team_or_person", "person"


@dataclass(frozen=True)
class Step:
    sources: tuple
    target: str | Callable | None    # None: the state does not change; a function: decided by the facts
    may: Callable                    # (actor, facts) -> bool; the resident is the actor None
    wrong_state: str
    not_allowed: str
    needs_note: str | None = None    # the refusal when the note is missing
    stamps: dict = field(default_factory=dict)
    picks: str | None = None
    form: str | None = None          # None: not taken by staff from a page
    takes_note: bool = False         # an optional note box
    primary: bool = False            # the step the page suggests first

    @property
    def has_note(self):
        return bool(self.needs_note) or self.takes_note


# ---- stamps: a field's value as data, filled in from what the step was given ---------------------------------

KEEP = object()  # leave the field as it is


@dataclass(frozen=True)
class From:
    """The value given to the step under this name (now, note, actor, person, team, rating…)."""
    name: str
    absent: object = None  # the value when nothing was given under the name


@dataclass(frozen=True)
class When:
    """`then` when the step lands in `state`, else `otherwise`."""
    state: str
    then: object
    otherwise: object = KEEP


NOW, NOTE, ACTOR, PERSON_GIVEN, TEAM_GIVEN = From("now"), From("note"), From("actor"), From("person"), From("team")


def resolve(stamps, to_state, given):
    """The fields a step writes, from its declared stamps and what it was given."""
    fields = {}
    for name, value in stamps.items():
        if isinstance(value, When):
            value = value.then if to_state == value.state else value.otherwise
        if isinstance(value, From):
            value = given.get(value.name, value.absent)
        if value is not KEEP:
            fields[name] = value
    return fields


# ---- who may take a step -------------------------------------------------------------------------------------

def staff(rule):
    """A rule about staff: the resident (no account) never passes it."""
    def may(actor, facts):
        return actor is not None and rule(actor, facts)
    may.__doc__ = rule.__doc__
    return may


def anyone(actor, facts):
    return True


def resident(actor, facts):
    return actor is None


@staff
def desk(actor, facts):
    return actor.role in DESK_ROLES


@staff
def handler(actor, facts):
    return facts.assignee is not None and actor.id == facts.assignee


@staff
def desk_or_handler(actor, facts):
    return desk(actor, facts) or handler(actor, facts)


@staff
def dispatcher(actor, facts):
    # After desk hours the security monitoring center dispatches what waits in its queue.
    monitoring = actor.role == SECURITY and facts.team in (None, SECURITY)
    return desk_or_handler(actor, facts) or monitoring


@staff
def acceptor(actor, facts):
    if facts.assignee is not None:
        return actor.id == facts.assignee
    return facts.team is not None and actor.works_in == facts.team


@staff
def approver(actor, facts):
    return actor.role in (CS_HEAD, CENTER_HEAD)


@staff
def revisitor(actor, facts):
    return actor.role in (FRONT_DESK, CS_HEAD, CENTER_HEAD, ADMIN)

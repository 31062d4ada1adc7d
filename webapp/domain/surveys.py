"""Satisfaction surveys (满意度调查): campaigns open on estate days, one anonymous answer per unit, the follow-up
survey of a sample of done tickets, and the results (counts, share satisfied, averages)."""
import hashlib
import hmac
from dataclasses import dataclass, field

from . import N_, Refused
from .kpis import SATISFIED_FROM  # a 4 or a 5 on the scale counts as satisfied (满意率)

CUSTOMER_SERVICE, SECURITY, ENGINEERING, CLEANING, GREENING = (
    "customer_service", "security", "engineering", "cleaning", "greening")
DEPARTMENTS = {CUSTOMER_SERVICE: N_("Customer service"), SECURITY: N_("Security"),
               ENGINEERING: N_("Engineering"), CLEANING: N_("Cleaning"), GREENING: N_("Greening")}
CHOICE, SCALE, TEXT = "choice", "scale", "text"
QUESTION_KINDS = {CHOICE: N_("Single choice"), SCALE: N_("Scale 1–5"), TEXT: N_("Text")}
SCALE_VALUES = (1, 2, 3, 4, 5)
DISSATISFIED_UP_TO = 2   # a follow-up rating of 1 or 2 opens a return visit
FOLLOW_UP_SHARE = 20     # percent of done tickets offered the follow-up survey
BEFORE, OPEN, CLOSED = "before", "open", "closed"
MOST_CHOICES = 8


def phase(opens_on, closes_on, today):
    """Whether a campaign is before its first day, open (both days included) or closed, on the estate's day."""
    if today < opens_on:
        return BEFORE
    return OPEN if today <= closes_on else CLOSED


def check_dates(opens_on, closes_on, today):
    """A campaign runs forward from today or later."""
    if opens_on is None or closes_on is None:
        raise Refused(N_("Give the first and the last day of the survey."))
    if closes_on < opens_on:
        raise Refused(N_("The last day cannot be before the first day."))
    if opens_on < today:
        raise Refused(N_("A survey cannot open in the past."))


def check_editable(opens_on, today):
    """A campaign is changed only before it opens: answers must all have met the same questions."""
    if today >= opens_on:
        raise Refused(N_("This survey has opened; it can no longer be changed."))


def choices_of(text):
    """The options typed one per line, blank lines and repeats dropped."""
    seen = []
    for line in (text or "").splitlines():
        option = line.strip()
        if option and option not in seen:
            seen.append(option)
    return seen


def check_question(department, kind, prompt, choices):
    """A question's department and kind are known, it asks something, a single choice offers 2–8 options."""
    if department not in DEPARTMENTS or kind not in QUESTION_KINDS:
        raise Refused(N_("Choose the department and the kind of question."))
    if not (prompt or "").strip():
        raise Refused(N_("Write the question."))
    if kind == CHOICE and not 2 <= len(choices) <= MOST_CHOICES:
        raise Refused(N_("A single-choice question needs 2 to 8 options, one per line."))


def phone_matches(phones, last_four):
    """Whether the four digits end one of the unit's phones on record."""
    digits = (last_four or "").strip()
    if len(digits) != 4 or not digits.isdigit():
        return False
    return any("".join(c for c in (p or "") if c.isdigit()).endswith(digits) for p in phones)


def ballot_key(secret, unit_id):
    """The unit as its ballot stores it: a keyed hash, so the table says that a unit answered only to someone
    holding the campaign's secret, and never which answers were its."""
    return hmac.new(secret.encode(), str(unit_id).encode(), hashlib.sha256).hexdigest()


def sampled(ticket_id, share=None):
    """Whether a done ticket gets the follow-up survey: stable for a ticket, about `share` percent of them."""
    share = FOLLOW_UP_SHARE if share is None else share
    digest = hashlib.sha256(f"follow-up:{ticket_id}".encode()).digest()
    return int.from_bytes(digest[:4], "big") % 100 < share


def dissatisfied(rating, resolved):
    """A follow-up answer the desk must call back about."""
    return not resolved or rating <= DISSATISFIED_UP_TO


def check_answer(kind, value, choices):
    """One answer as stored (choice text, scale number, text), None when skipped, or Refused."""
    value = (value or "").strip()
    if not value:
        return None
    if kind == SCALE:
        if value not in {str(n) for n in SCALE_VALUES}:
            raise Refused(N_("Choose a score from 1 to 5."))
        return int(value)
    if kind == CHOICE and value not in choices:
        raise Refused(N_("Choose one of the options."))
    return value


@dataclass
class Tally:
    """One question's results."""
    count: int = 0
    options: dict = field(default_factory=dict)   # choice or score → answers
    total: int = 0                                 # the sum of the scores

    @property
    def average(self):
        return round(self.total / self.count, 2) if self.count and self.total else None

    @property
    def satisfied(self):
        """The share of scores of 4 or 5, in percent (None without scores)."""
        if not self.total:
            return None
        happy = sum(n for score, n in self.options.items() if isinstance(score, int) and score >= SATISFIED_FROM)
        return round(100 * happy / self.count, 1)


def tally(rows):
    """{question id: Tally} from grouped counts [(question id, choice, score, count)]."""
    tallies = {}
    for question_id, choice, score, count in rows:
        one = tallies.setdefault(question_id, Tally())
        key = score if score is not None else choice
        one.count += count
        one.options[key] = one.options.get(key, 0) + count
        one.total += (score or 0) * count
    return tallies


def department_share(questions, tallies):
    """{department: share satisfied} over each department's scale questions together."""
    shares = {}
    for department in DEPARTMENTS:
        merged = Tally()
        for question in questions:
            one = tallies.get(question.id)
            if question.department == department and question.kind == SCALE and one:
                merged.count += one.count
                merged.total += one.total
                for key, n in one.options.items():
                    merged.options[key] = merged.options.get(key, 0) + n
        if merged.count:
            shares[department] = merged.satisfied
    return shares


def follow_up_summary(rows):
    """Counts of follow-up answers [(rating, resolved, count)]: answers, share satisfied, average, resolved."""
    answers = sum(n for _, _, n in rows)
    if not answers:
        return dict(answers=0, satisfied=None, average=None, resolved=None, dissatisfied=0)
    return dict(answers=answers,
                satisfied=round(100 * sum(n for r, _, n in rows if r >= SATISFIED_FROM) / answers, 1),
                average=round(sum(r * n for r, _, n in rows) / answers, 2),
                resolved=round(100 * sum(n for _, ok, n in rows if ok) / answers, 1),
                dissatisfied=sum(n for r, ok, n in rows if dissatisfied(r, ok)))

"""Satisfaction surveys (满意度调查): campaigns and questions, one anonymous answer per unit, the follow-up survey
of done tickets, and the results the survey pages and the monthly report show."""
import secrets
import uuid

from peewee import (BooleanField, CharField, DateField, DateTimeField, ForeignKeyField, IntegerField, IntegrityError,
                    TextField, fn)

from .. import clock
from ..db import BaseModel, write_transaction
from ..domain import N_, Refused
from ..domain import surveys as rules
from ..domain.hours import local_time
from ..domain.numbering import normalise_unit
from ..domain.vocabulary import DONE
from .audit import record, snapshot
from .changes import bump
from .estate import Estate, Owner, Unit
from .people import Staff
from .ticket import Ticket
from .handling import record_event

CAMPAIGN_FIELDS = ("title", "opens_on", "closes_on")


class SurveyCampaign(BaseModel):
    estate = ForeignKeyField(Estate, backref="+")
    title = CharField()
    opens_on = DateField()   # the estate's local days, both included
    closes_on = DateField()
    token = CharField(unique=True)   # the public address /s/<token>
    secret = CharField()             # keys the ballots' hashes; never shown
    created_by = ForeignKeyField(Staff, null=True, backref="+")
    created_at = DateTimeField(default=clock.utcnow)

    class Meta:
        indexes = ((("estate", "opens_on"), False),)

    def phase(self, today):
        return rules.phase(self.opens_on, self.closes_on, today)

    def questions(self):
        return (SurveyQuestion.select().where(SurveyQuestion.campaign == self)
                .order_by(SurveyQuestion.position, SurveyQuestion.id))

    def ballots(self):
        return SurveyBallot.select().where(SurveyBallot.campaign == self).count()

    @classmethod
    def of_estate(cls, estate):
        return cls.select().where(cls.estate == estate).order_by(cls.opens_on.desc(), cls.id.desc())


class SurveyQuestion(BaseModel):
    campaign = ForeignKeyField(SurveyCampaign, backref="+", on_delete="CASCADE")
    department = CharField()
    kind = CharField()
    prompt = CharField()
    choices = TextField(default="")   # one option per line
    position = IntegerField(default=0)

    @property
    def options(self):
        return rules.choices_of(self.choices)


class SurveyBallot(BaseModel):
    """That a unit answered a campaign: its keyed hash only; no time, no link to the answers."""
    key = CharField(primary_key=True)
    campaign = ForeignKeyField(SurveyCampaign, backref="+", on_delete="CASCADE")


class SurveyAnswer(BaseModel):
    """One answer to one question; `response` groups one sitting's answers and names nobody."""
    campaign = ForeignKeyField(SurveyCampaign, backref="+", on_delete="CASCADE")
    question = ForeignKeyField(SurveyQuestion, backref="+", on_delete="CASCADE")
    response = CharField()
    day = DateField()   # the day only: a time could be matched with a unit's visit to the page
    choice = CharField(null=True)
    score = IntegerField(null=True)
    text = TextField(null=True)

    class Meta:
        indexes = ((("campaign", "question"), False), (("day",), False))


class FollowUp(BaseModel):
    """The resident's answer to the short survey after a done ticket: one per ticket."""
    ticket = ForeignKeyField(Ticket, backref="+", unique=True, on_delete="CASCADE")
    estate = ForeignKeyField(Estate, backref="+")
    day = DateField()
    rating = IntegerField()
    resolved = BooleanField()
    comment = TextField(default="")

    class Meta:
        indexes = ((("estate", "day"), False),)


def estate_today(estate):
    return local_time(clock.utcnow(), estate.timezone).date()


def create_campaign(estate, by, title, opens_on, closes_on):
    """A new campaign with its own public token and ballot secret; recorded in the audit trail."""
    rules.check_dates(opens_on, closes_on, estate_today(estate))
    with write_transaction():
        campaign = SurveyCampaign.create(estate=estate, title=title.strip(), opens_on=opens_on, closes_on=closes_on,
                                         token=secrets.token_urlsafe(12), secret=secrets.token_hex(32),
                                         created_by=by, created_at=clock.utcnow())
        record(by, "survey", campaign.id, "create", after=snapshot(campaign, CAMPAIGN_FIELDS), estate=estate)
    return campaign


def edit_campaign(campaign, by, title, opens_on, closes_on):
    """Change the title or the days, only before the campaign opens."""
    today = estate_today(campaign.estate)
    rules.check_editable(campaign.opens_on, today)
    rules.check_dates(opens_on, closes_on, today)
    with write_transaction():
        before = snapshot(campaign, CAMPAIGN_FIELDS)
        campaign.title, campaign.opens_on, campaign.closes_on = title.strip(), opens_on, closes_on
        campaign.save()
        record(by, "survey", campaign.id, "update", before, snapshot(campaign, CAMPAIGN_FIELDS),
               estate=campaign.estate)
    return campaign


def add_question(campaign, by, department, kind, prompt, choices_text=""):
    """Append a question, only before the campaign opens."""
    rules.check_editable(campaign.opens_on, estate_today(campaign.estate))
    choices = rules.choices_of(choices_text) if kind == rules.CHOICE else []
    rules.check_question(department, kind, prompt, choices)
    with write_transaction():
        last = (SurveyQuestion.select(fn.MAX(SurveyQuestion.position))
                .where(SurveyQuestion.campaign == campaign).scalar() or 0)
        question = SurveyQuestion.create(campaign=campaign, department=department, kind=kind,
                                         prompt=prompt.strip(), choices="\n".join(choices), position=last + 1)
        record(by, "survey_question", question.id, "create",
               after=snapshot(question, ("department", "kind", "prompt", "choices")), estate=campaign.estate)
    return question


def remove_question(campaign, by, question_id):
    """Take a question out, only before the campaign opens."""
    rules.check_editable(campaign.opens_on, estate_today(campaign.estate))
    with write_transaction():
        question = SurveyQuestion.get_or_none((SurveyQuestion.id == question_id) &
                                              (SurveyQuestion.campaign == campaign))
        if question is None:
            raise Refused(N_("This question is no longer in the survey."))
        record(by, "survey_question", question.id, "remove",
               before=snapshot(question, ("department", "kind", "prompt", "choices")), estate=campaign.estate)
        question.delete_instance()


def voter_unit(campaign, number, last_four):
    """The unit answering, if the digits end a phone on record for it; otherwise Refused."""
    unit = Unit.find(campaign.estate, normalise_unit(number))
    phones = [o.phone for o in Owner.select(Owner.phone).where(Owner.unit == unit)] if unit else []
    if unit is None or not rules.phone_matches(phones, last_four):
        raise Refused(N_("The unit and the last four digits of its phone do not match our records. "
                         "Use a phone registered with the service center for this unit."))
    return unit


def answer(campaign, unit, answers):
    """Store one unit's answers: a ballot (keyed hash) and the answers, unlinked; a second time is refused."""
    today = estate_today(campaign.estate)
    if campaign.phase(today) != rules.OPEN:
        raise Refused(N_("This survey is not open."))
    response = uuid.uuid4().hex
    try:
        with write_transaction():
            SurveyBallot.create(key=rules.ballot_key(campaign.secret, unit.id), campaign=campaign)
            for question, value in answers:
                SurveyAnswer.create(campaign=campaign, question=question, response=response, day=today,
                                    **{_column(question.kind): value})
    except IntegrityError:
        raise Refused(N_("Your unit has already answered this survey. Thank you: each unit answers once."))


def _column(kind):
    return {rules.SCALE: "score", rules.CHOICE: "choice"}.get(kind, "text")


def follow_up_offered(ticket):
    """Whether the tracking page offers this ticket the follow-up survey (done, in the sample, not answered)."""
    return (ticket.state == DONE and rules.sampled(ticket.id)
            and not FollowUp.select().where(FollowUp.ticket == ticket).exists())


def follow_up(ticket, rating, resolved, comment=""):
    """Record the resident's follow-up; a dissatisfied one puts the ticket on the desk's return-visit list with
    an event on its timeline (the state is untouched: it stays done, waiting for the return visit)."""
    if not follow_up_offered(ticket):
        raise Refused(N_("This follow-up survey has been answered or is no longer open."))
    now = clock.utcnow()
    try:
        with write_transaction():
            FollowUp.create(ticket=ticket, estate=ticket.estate, day=estate_today(ticket.estate), rating=rating,
                            resolved=resolved, comment=(comment or "").strip())
            if rules.dissatisfied(rating, resolved):
                _call_back(ticket, rating, resolved, comment, now)
    except IntegrityError:
        raise Refused(N_("This follow-up survey has been answered or is no longer open."))


def _call_back(ticket, rating, resolved, comment, now):
    Ticket.update(needs_revisit=True, updated_at=now).where(
        (Ticket.id == ticket.id) & (Ticket.state == DONE)).execute()
    words = f"{rating}★ {'✓' if resolved else '✗'}"  # staff read it on the timeline; symbols need no language
    record_event(ticket, None, "follow_up", DONE, DONE, note=" · ".join(filter(None, (words, comment.strip()))),
                 at=now)
    bump(ticket.estate_id)


def campaign_results(campaign, start=None, end=None):
    """[(question, Tally)] of a campaign (answers of days in [start, end) when given), grouped in SQL."""
    questions = list(campaign.questions())
    query = (SurveyAnswer.select(SurveyAnswer.question, SurveyAnswer.choice, SurveyAnswer.score,
                                 fn.COUNT(SurveyAnswer.id))
             .where((SurveyAnswer.campaign == campaign) & SurveyAnswer.text.is_null()))
    if start is not None:
        query = query.where((SurveyAnswer.day >= start) & (SurveyAnswer.day < end))
    tallies = rules.tally(query.group_by(SurveyAnswer.question, SurveyAnswer.choice, SurveyAnswer.score).tuples())
    written = (SurveyAnswer.select(SurveyAnswer.question, fn.COUNT(SurveyAnswer.id))
               .where((SurveyAnswer.campaign == campaign) & SurveyAnswer.text.is_null(False)))
    if start is not None:
        written = written.where((SurveyAnswer.day >= start) & (SurveyAnswer.day < end))
    for question_id, count in written.group_by(SurveyAnswer.question).tuples():
        tallies[question_id] = rules.Tally(count=count)
    return questions, tallies


def comments(campaign, limit=50):
    """The latest written answers, without anything that says whose."""
    return (SurveyAnswer.select(SurveyAnswer.question, SurveyAnswer.text)
            .where((SurveyAnswer.campaign == campaign) & SurveyAnswer.text.is_null(False))
            .order_by(SurveyAnswer.day.desc(), SurveyAnswer.id.desc()).limit(limit))


def trends(estate):
    """[(campaign, {department: share satisfied})] of the estate's campaigns, oldest first."""
    rows = []
    for campaign in SurveyCampaign.of_estate(estate).order_by(SurveyCampaign.opens_on, SurveyCampaign.id):
        questions, tallies = campaign_results(campaign)
        rows.append((campaign, rules.department_share(questions, tallies)))
    return rows


def results_for_period(estate, start, end):
    """Plain data for the monthly report: answers of days in [start, end) per campaign and department, and
    the follow-up survey's figures."""
    answered = (SurveyAnswer.select(SurveyAnswer.campaign).distinct()
                .where((SurveyAnswer.day >= start) & (SurveyAnswer.day < end)))
    campaigns = [summary(c, start, end)
                 for c in SurveyCampaign.of_estate(estate).where(SurveyCampaign.id.in_(answered))]
    rows = (FollowUp.select(FollowUp.rating, FollowUp.resolved, fn.COUNT(FollowUp.id))
            .where((FollowUp.estate == estate) & (FollowUp.day >= start) & (FollowUp.day < end))
            .group_by(FollowUp.rating, FollowUp.resolved).tuples())
    return dict(campaigns=campaigns, follow_up=rules.follow_up_summary(list(rows)))


def summary(campaign, start=None, end=None):
    """A campaign's results as plain data: per department the share satisfied, per question the counts."""
    questions, tallies = campaign_results(campaign, start, end)
    return dict(id=campaign.id, title=campaign.title, opens_on=campaign.opens_on, closes_on=campaign.closes_on,
                departments=rules.department_share(questions, tallies),
                questions=[_plain(q, tallies.get(q.id)) for q in questions])


def _plain(question, one):
    one = one or rules.Tally()
    return dict(id=question.id, department=question.department, kind=question.kind, prompt=question.prompt,
                count=one.count, options={str(k): n for k, n in one.options.items()}, average=one.average,
                satisfied=one.satisfied)

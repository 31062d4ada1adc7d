"""Satisfaction surveys (issue 16): campaigns and their questions, the ballots that keep one answer per unit
(a keyed hash, no time, no link to the answers), the answers (dated by day only), and the follow-up survey of
done tickets."""
from peewee import (BooleanField, CharField, DateField, DateTimeField, ForeignKeyField, IntegerField, Model,
                    TextField)


def _models(db):
    class Base(Model):
        class Meta:
            database = db
            legacy_table_names = False

    class Estate(Base):
        pass

    class Staff(Base):
        pass

    class Ticket(Base):
        pass

    class SurveyCampaign(Base):
        estate = ForeignKeyField(Estate, backref="+")
        title = CharField()
        opens_on = DateField()
        closes_on = DateField()
        token = CharField(unique=True)
        secret = CharField()
        created_by = ForeignKeyField(Staff, null=True, backref="+")
        created_at = DateTimeField()

        class Meta:
            indexes = ((("estate", "opens_on"), False),)

    class SurveyQuestion(Base):
        campaign = ForeignKeyField(SurveyCampaign, backref="+", on_delete="CASCADE")
        department = CharField()
        kind = CharField()
        prompt = CharField()
        choices = TextField(default="")
        position = IntegerField(default=0)

    class SurveyBallot(Base):
        key = CharField(primary_key=True)
        campaign = ForeignKeyField(SurveyCampaign, backref="+", on_delete="CASCADE")

    class SurveyAnswer(Base):
        campaign = ForeignKeyField(SurveyCampaign, backref="+", on_delete="CASCADE")
        question = ForeignKeyField(SurveyQuestion, backref="+", on_delete="CASCADE")
        response = CharField()
        day = DateField()
        choice = CharField(null=True)
        score = IntegerField(null=True)
        text = TextField(null=True)

        class Meta:
            indexes = ((("campaign", "question"), False), (("day",), False))

    class FollowUp(Base):
        ticket = ForeignKeyField(Ticket, backref="+", unique=True, on_delete="CASCADE")
        estate = ForeignKeyField(Estate, backref="+")
        day = DateField()
        rating = IntegerField()
        resolved = BooleanField()
        comment = TextField(default="")

        class Meta:
            indexes = ((("estate", "day"), False),)

    return [SurveyCampaign, SurveyQuestion, SurveyBallot, SurveyAnswer, FollowUp]


def up(migrator, db):
    db.create_tables(_models(db))


def down(migrator, db):
    db.drop_tables(list(reversed(_models(db))))

"""Satisfaction surveys (满意度调查): campaigns for the CS head and the center head under /surveys, the resident's
anonymous form under /s/<token>, the follow-up survey of a done ticket under its tracking link."""
from flask import Blueprint, abort, current_app, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from markupsafe import Markup

from ..domain import Refused
from ..domain import surveys as rules
from ..domain.vocabulary import ADMIN, CENTER_HEAD, CS_HEAD, OVERSEEING_ROLES
from ..forms.surveys import CampaignForm, FollowUpForm, QuestionForm, answers_of, ballot_form
from ..media import qr
from ..models.resident import tracked
from ..models.surveys import (SurveyCampaign, add_question, answer, comments, create_campaign, edit_campaign,
                              estate_today, follow_up, follow_up_offered, remove_question, summary, trends,
                              voter_unit)
from ..web.auth import role_required
from ..web.i18n import explain
from ..web.limits import per_client, quota

bp = Blueprint("surveys", __name__)
MANAGERS = (CS_HEAD, CENTER_HEAD, ADMIN)
bp.add_app_template_global(rules.DEPARTMENTS, "SURVEY_DEPARTMENTS")
bp.add_app_template_global(rules.QUESTION_KINDS, "SURVEY_QUESTION_KINDS")
bp.add_app_template_global(follow_up_offered)  # the tracking page's link: templates/surveys/_follow_up_link.html


@bp.get("/surveys/")
@role_required(*OVERSEEING_ROLES)
def index():
    return render_template("surveys/index.html", campaigns=SurveyCampaign.of_estate(g.estate),
                           today=estate_today(g.estate), may_edit=current_user.role in MANAGERS)


@bp.route("/surveys/new", methods=["GET", "POST"])
@role_required(*MANAGERS)
def new():
    form = CampaignForm()
    if not form.is_submitted():
        return render_template("surveys/new.html", form=form)
    try:
        if not form.validate():
            raise Refused(form.refusal())
        campaign = create_campaign(g.estate, current_user, form.title.data, form.opens_on.data, form.closes_on.data)
    except Refused as refused:
        return render_template("surveys/new.html", form=form, error=explain(refused)), 422
    return redirect(url_for("surveys.show", campaign_id=campaign.id), 303)


@bp.get("/surveys/<int:campaign_id>")
@role_required(*OVERSEEING_ROLES)
def show(campaign_id):
    campaign = _campaign(campaign_id)
    return _page(campaign, CampaignForm(formdata=None, obj=campaign))


@bp.post("/surveys/<int:campaign_id>")
@role_required(*MANAGERS)
def edit(campaign_id):
    campaign, form = _campaign(campaign_id), CampaignForm()
    try:
        if not form.validate():
            raise Refused(form.refusal())
        edit_campaign(campaign, current_user, form.title.data, form.opens_on.data, form.closes_on.data)
    except Refused as refused:
        return _page(campaign, form, error=explain(refused)), 422
    flash(_("Survey saved."), "success")
    return redirect(url_for("surveys.show", campaign_id=campaign.id), 303)


@bp.post("/surveys/<int:campaign_id>/questions")
@role_required(*MANAGERS)
def add(campaign_id):
    campaign, form = _campaign(campaign_id), QuestionForm()
    try:
        if not form.validate():
            raise Refused(form.refusal())
        add_question(campaign, current_user, form.department.data, form.kind.data, form.prompt.data,
                     form.choices.data)
    except Refused as refused:
        return _page(campaign, question_form=form, error=explain(refused)), 422
    return redirect(url_for("surveys.show", campaign_id=campaign.id, _anchor="questions"), 303)


@bp.post("/surveys/<int:campaign_id>/questions/<int:question_id>/removal")
@role_required(*MANAGERS)
def removal(campaign_id, question_id):
    campaign = _campaign(campaign_id)
    try:
        remove_question(campaign, current_user, question_id)
    except Refused as refused:
        return _page(campaign, error=explain(refused)), 409
    return redirect(url_for("surveys.show", campaign_id=campaign.id, _anchor="questions"), 303)


@bp.get("/surveys/<int:campaign_id>/sheet")
@role_required(*OVERSEEING_ROLES)
def sheet(campaign_id):
    campaign = _campaign(campaign_id)
    return render_template("surveys/sheet.html", campaign=campaign, **_code(campaign),
                           scans_nowhere=qr.scans_nowhere(current_app.config["PUBLIC_BASE_URL"]))


@bp.get("/surveys/<int:campaign_id>/results")
@role_required(*OVERSEEING_ROLES)
def results(campaign_id):
    campaign = _campaign(campaign_id)
    return render_template("surveys/results.html", campaign=campaign, results=dict(campaigns=[summary(campaign)]),
                           comments=comments(campaign), trends=trends(g.estate), ballots=campaign.ballots())


@bp.route("/s/<token>", methods=["GET", "POST"])
@quota(per_client, spent_when=lambda response: True)  # wrong digits count too: four digits are soon guessed
def respond(token):
    campaign = SurveyCampaign.get_or_none(SurveyCampaign.token == token) or abort(404)
    questions = list(campaign.questions())
    form = ballot_form(questions) if request.method == "POST" else ballot_form(questions, formdata=None)
    if request.method == "GET" or campaign.phase(estate_today(campaign.estate)) != rules.OPEN:
        return _resident_page(campaign, questions, form), 200 if request.method == "GET" else 409
    try:
        if form.is_bot():
            abort(400)
        if not form.validate():
            raise Refused(form.refusal())
        answer(campaign, voter_unit(campaign, form.unit.data, form.last_four.data), answers_of(form, questions))
    except Refused as refused:
        return _resident_page(campaign, questions, form, error=explain(refused)), 422
    return redirect(url_for("surveys.respond", token=token, thanks=1), 303)


@bp.route("/t/<token>/follow-up", methods=["GET", "POST"])
@quota(per_client)
def follow_up_survey(token):
    ticket = tracked(token) or abort(404)
    form = FollowUpForm() if request.method == "POST" else FollowUpForm(formdata=None)
    if request.method == "GET" or not follow_up_offered(ticket):
        return render_template("surveys/follow_up.html", ticket=ticket, form=form,
                               offered=follow_up_offered(ticket))
    try:
        if not form.validate():
            raise Refused(form.refusal())
        follow_up(ticket, form.rating.data, form.resolved.data == "yes", form.comment.data)
    except Refused as refused:
        return render_template("surveys/follow_up.html", ticket=ticket, form=form, offered=True,
                               error=explain(refused)), 422
    return redirect(url_for("surveys.follow_up_survey", token=token, thanks=1), 303)


def _campaign(campaign_id):
    campaign = SurveyCampaign.get_or_none(SurveyCampaign.id == campaign_id)
    if campaign is None or campaign.estate_id != g.estate.id:
        abort(404)
    return campaign


def _code(campaign):
    url = qr.scan_url(current_app.config["PUBLIC_BASE_URL"], campaign.token, prefix="s")
    return dict(url=url, short_url=url.partition("://")[2], svg=Markup(qr.label_svg(url)))


def _page(campaign, form=None, question_form=None, error=None):
    today = estate_today(campaign.estate)
    return render_template("surveys/show.html", campaign=campaign, questions=list(campaign.questions()),
                           phase=campaign.phase(today), form=form or CampaignForm(formdata=None, obj=campaign),
                           question_form=question_form or QuestionForm(formdata=None), error=error,
                           editable=today < campaign.opens_on and current_user.role in MANAGERS,
                           ballots=campaign.ballots(), **_code(campaign))


def _resident_page(campaign, questions, form, error=None):
    return render_template("surveys/respond.html", campaign=campaign, questions=questions, form=form, error=error,
                           phase=campaign.phase(estate_today(campaign.estate)))

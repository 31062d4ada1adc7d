"""The visitor register at the counter: who waits (and for how long), who is in, sign-in, one-tap sign-out, the
block list, the clock's sign-outs for the CS head to review, and the day's register to print or export."""
from flask import Blueprint, abort, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _, lazy_gettext as _l
from flask_login import current_user

from .. import clock
from ..domain import Refused
from ..domain.hours import local_day_bounds, local_time
from ..domain.visitors import is_waiting_too_long, waited
from ..domain.vocabulary import ADMIN, CENTER_HEAD, CS_HEAD, DESK_ROLES
from ..forms.visitors import BlockForm, ReasonForm, ReviewForm, VisitorForm, WaitingForm
from ..models.handling import staff_scope
from ..models.visitors import (BlockedVisitor, Visitor, arrive, block, block_warnings, cancel, review, serve,
                               sign_in, sign_out, take_over, unblock, warning_text)
from ..web import live
from ..web.auth import role_required
from ..web.exports import day_range, download
from ..web.htmx import wants_fragment
from ..web.i18n import explain

bp = Blueprint("visitors", __name__, url_prefix="/visitors")
REVIEW_ROLES = (CS_HEAD, CENTER_HEAD, ADMIN)
EVENTS = {"out": _l("Came to the counter"), "in": _l("Signed in"), "take_over": _l("Taken over"),
          "warned": _l("Block-list warning passed"), "back": _l("Signed out"), "void": _l("Cancelled"),
          "review": _l("Reviewed")}
bp.add_app_template_global(EVENTS, "VISITOR_EVENT_LABELS")


@bp.get("/")
@role_required(*DESK_ROLES)
def index():
    return render_template("visitors/index.html", waiting_form=WaitingForm(formdata=None), **_lists())


@bp.get("/waiting")
@role_required(*DESK_ROLES)
def waiting():
    """The waiting list alone, redrawn every few seconds so waiting times and the 3-minute flag stay true."""
    return render_template("visitors/_waiting.html", **_lists())


@bp.get("/inside")
@role_required(*DESK_ROLES)
def inside():
    """Who is in now alone, polled by the counter: 204 while no clerk signed anyone in or out."""
    position = live.cursor(g.estate.id)
    if wants_fragment() and live.unchanged(position):
        return "", 204
    return render_template("visitors/_inside.html", **_inside(position))


@bp.post("/waiting")
@role_required(*DESK_ROLES)
def arrival():
    form = WaitingForm()
    if not form.validate():
        return render_template("visitors/index.html", waiting_form=form, **_lists()), 422
    arrive(g.estate, current_user, form.name.data or "", form.purpose.data or "",
           form.scoped_key(staff_scope(current_user)))
    return redirect(url_for("visitors.index"))


@bp.get("/new")
@role_required(*DESK_ROLES)
def new():
    return render_template("visitors/form.html", form=VisitorForm(g.estate, formdata=None), visitor=None)


@bp.post("/")
@role_required(*DESK_ROLES)
def create():
    form = VisitorForm(g.estate)
    return _signed_in(form, None) or _form_page(form, None)


@bp.get("/<int:visitor_id>")
@role_required(*DESK_ROLES)
def show(visitor_id):
    visitor = _visitor(visitor_id)
    return render_template("visitors/show.html", visitor=visitor, events=visitor.history(),
                           reason_form=ReasonForm(formdata=None), review_form=ReviewForm(formdata=None),
                           reviews=current_user.role in REVIEW_ROLES)


@bp.route("/<int:visitor_id>/sign-in", methods=["GET", "POST"])
@role_required(*DESK_ROLES)
def serving(visitor_id):
    """Complete the sign-in of a visitor who waited: serving them is filling in their line."""
    visitor = _visitor(visitor_id)
    if not visitor.is_open or visitor.served_at:  # served already, or gone: its record says so
        return redirect(url_for("visitors.show", visitor_id=visitor.id))
    if request.method == "GET":
        return render_template("visitors/form.html", visitor=visitor, form=VisitorForm(
            g.estate, formdata=None, data=dict(name=visitor.name, purpose=visitor.purpose)))
    form = VisitorForm(g.estate)
    return _signed_in(form, visitor) or _form_page(form, visitor)


@bp.post("/<int:visitor_id>/take-over")
@role_required(*DESK_ROLES)
def taking_over(visitor_id):
    visitor = _visitor(visitor_id)
    return _step(lambda: take_over(visitor.id, current_user),
                 _("You are now serving this visitor."), url_for("visitors.index"))


@bp.post("/<int:visitor_id>/sign-out")
@role_required(*DESK_ROLES)
def signing_out(visitor_id):
    visitor = _visitor(visitor_id)
    return _step(lambda: sign_out(visitor.id, current_user),
                 _("%(name)s signed out.", name=visitor.name or _("Visitor")), url_for("visitors.index"))


@bp.post("/<int:visitor_id>/cancellation")
@role_required(*DESK_ROLES)
def cancellation(visitor_id):
    visitor = _visitor(visitor_id)
    form = ReasonForm()
    return _step(lambda: cancel(visitor.id, current_user, form.reason.data or ""),
                 _("The entry is cancelled; its record stays."), url_for("visitors.show", visitor_id=visitor.id))


@bp.get("/review")
@role_required(*REVIEW_ROLES)
def to_review():
    """Visitors the clock signed out at the end of the day, for the CS head to look at."""
    return render_template("visitors/review.html", visitors=Visitor.to_review(g.estate),
                           review_form=ReviewForm(formdata=None))


@bp.post("/<int:visitor_id>/review")
@role_required(*REVIEW_ROLES)
def reviewing(visitor_id):
    visitor = _visitor(visitor_id)
    form = ReviewForm()
    if not form.validate():
        flash(form.refusal(), "error")
        return redirect(url_for("visitors.to_review"), 303)
    return _step(lambda: review(visitor.id, current_user, form.note.data or ""), _("Marked as reviewed."),
                 url_for("visitors.to_review"))


@bp.route("/blocked", methods=["GET", "POST"])
@role_required(*DESK_ROLES)
def blocked():
    """The block list: people the desk is warned about when entering a visitor; anyone at the desk adds one."""
    form = BlockForm() if request.method == "POST" else BlockForm(formdata=None)
    try:
        if form.validate_on_submit():
            block(g.estate, current_user, form.name.data or "", form.phone.data or "", form.reason.data or "")
            flash(_("Added to the block list."), "success")
            return redirect(url_for("visitors.blocked"))
    except Refused as refused:
        form.reason.errors = [explain(refused)]
    return render_template("visitors/blocked.html", form=form, entries=BlockedVisitor.active(g.estate),
                           reason_form=ReasonForm(formdata=None), removes=current_user.role in REVIEW_ROLES), \
        422 if form.errors else 200


@bp.post("/blocked/<int:entry_id>/removal")
@role_required(*REVIEW_ROLES)
def removal(entry_id):
    entry = BlockedVisitor.get_or_none((BlockedVisitor.id == entry_id) & (BlockedVisitor.estate == g.estate))
    form = ReasonForm()
    return _step(lambda: unblock((entry or abort(404)).id, current_user, form.reason.data or ""),
                 _("Taken off the block list."), url_for("visitors.blocked"))


@bp.get("/register")
@role_required(*DESK_ROLES)
def ledger():
    """The visitor register (前台接待信息登记表) of a day or a few, to print on A4."""
    first, last, visitors = _ledger()
    return render_template("visitors/register.html", first=first, last=last, visitors=visitors)


@bp.get("/register.csv")
@role_required(*DESK_ROLES)
def ledger_csv():
    first, last, visitors = _ledger()
    tz = g.estate.timezone
    return download(f"visitors-{g.estate.code}-{first:%Y%m%d}-{last:%Y%m%d}", _columns(),
                    ([_local(v.out_at, tz), v.name, v.masked_phone, v.masked_id, v.visiting, v.purpose,
                      v.companions, v.plate, _local(v.returned_at, tz), v.served_by.name if v.served_by else "",
                      _remark(v)] for v in visitors))


def _visitor(visitor_id):
    return Visitor.get_or_none((Visitor.id == visitor_id) & (Visitor.estate == g.estate)) or abort(404)


def _lists():
    """The counter's lists: the waiting, the flagged count, and who is in."""
    return dict(waiting_visitors=Visitor.waiting(g.estate), now=clock.utcnow(), waited=waited,
                too_long=is_waiting_too_long, flagged=Visitor.to_review(g.estate).count(), **_inside())


def _inside(position=None):
    """Who is in, with the change cursor read before them and the pass that lets the list poll it."""
    return dict(inside=Visitor.inside(g.estate), position=position or live.cursor(g.estate.id),
                poll_pass=live.poll_pass(url_for("visitors.inside"), g.estate.id))


def _signed_in(form, visitor):
    """Sign the visitor in and go back to the counter page; None when the form must be shown again."""
    if not form.validate():
        form.status = 422
        return None
    matches = block_warnings(g.estate, form.name.data, form.phone.data)
    if matches and not form.confirmed.data:
        form.status, form.matches = 409, matches
        return None
    try:
        if visitor is None:
            made = sign_in(g.estate, current_user, warning_text(matches),
                           form.scoped_key(staff_scope(current_user)), **form.visitor_fields())
        else:
            made = serve(visitor.id, current_user, warning_text(matches), **form.visitor_fields())
    except Refused as refused:
        form.status, form.refused = 409, explain(refused)
        return None
    flash(_("%(name)s signed in.", name=made.name), "success")
    return redirect(url_for("visitors.index"))


def _form_page(form, visitor):
    return render_template("visitors/form.html", form=form, visitor=visitor, matches=getattr(form, "matches", ()),
                           refused=getattr(form, "refused", None)), form.status


def _step(act, done, back):
    """Do one step; say it was done, or why it was refused; back to the page it came from."""
    try:
        act()
        flash(done, "success")
    except Refused as refused:
        flash(explain(refused), "error")
    return redirect(back, 303)


def _ledger():
    tz = g.estate.timezone
    today = local_time(clock.utcnow(), tz).date()
    first, last = day_range(request.args, today, today)
    return first, last, Visitor.of_days(g.estate, local_day_bounds(first, tz)[0], local_day_bounds(last, tz)[1])


def _columns():
    return [_("Time in"), _("Name"), _("Phone"), _("ID number"), _("Visiting"), _("Reason for visit"), _("Companions"),
            _("Car plate"), _("Time out"), _("Receptionist"), _("Remarks")]


def _local(moment, tz):
    return local_time(moment, tz).replace(tzinfo=None) if moment else None


def _remark(visitor):
    """What the register's remarks column says of a visitor: cancelled, signed out by the clock, warned."""
    notes = []
    if visitor.voided_at:
        notes.append(_("Cancelled: %(reason)s", reason=visitor.void_reason))
    if visitor.auto_signed_out:
        notes.append(_("Signed out by the clock at the end of the day — to review"))
    if visitor.warning:
        notes.append(_("Block-list warning: %(warning)s", warning=visitor.warning))
    return "; ".join(notes)


bp.add_app_template_global(_remark, "visitor_remark")

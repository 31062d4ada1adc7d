"""The supervisors' patrol board (today's rounds, exceptions first, live), one round in full, and a shift's
exceptions report to print or export. For heads, admins and the leads of the teams that walk the rounds."""
from flask import Blueprint, abort, g, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user

from .. import clock
from ..domain.hours import local_time
from ..models.patrol import Round, make_rounds
from ..models.patrol_report import board, exceptions_report, round_detail, shift_bounds, shifts_for, supervised_teams
from ..web import live
from ..web.auth import role_required
from ..web.exports import bounded_day, download
from ..web.htmx import wants_fragment
from ..web.labels import ROUND_STATES, VISITS, team_names
from .patrol_labels import EXCEPTIONS, GLOBALS, flags_in_words

bp = Blueprint("patrol_board", __name__, url_prefix="/patrol")
bp.record_once(lambda state: state.app.jinja_env.globals.update(GLOBALS))


def _teams():
    """The teams whose rounds the signed-in person supervises; 403 for anyone who supervises none."""
    return supervised_teams(current_user, g.estate) or abort(403)


@bp.get("/board")
@role_required()
def show():
    teams, position = _teams(), live.cursor(g.estate.id)
    if wants_fragment() and live.unchanged(position):
        return "", 204
    key = ("patrol_board", g.estate.id, session.get("lang", ""), position, tuple(teams))
    html = live.rendered(key, lambda: _render_board(position, teams))
    return html if wants_fragment() else render_template("patrol/board.html", board_html=html)


def _render_board(position, teams):
    now = clock.utcnow()
    make_rounds(g.estate, now)
    rows, names = board(g.estate, teams, now)
    return render_template("patrol/_board.html", rows=rows, names=names, position=position,
                           poll_pass=live.poll_pass(url_for("patrol_board.show"), g.estate.id))


@bp.get("/board/rounds/<int:round_id>")
@role_required()
def round_view(round_id):
    teams = _teams()
    round_ = Round.get_or_none((Round.id == round_id) & (Round.estate == g.estate.id) & Round.team.in_(teams))
    return render_template("patrol/board_round.html", detail=round_detail(round_ or abort(404)))


@bp.get("/exceptions")
@role_required()
def exceptions():
    teams, today = _teams(), local_time(clock.utcnow(), g.estate.timezone).date()
    day, shifts = bounded_day(request.args.get("day"), today), shifts_for(g.estate, teams)
    shift = next((s for s in shifts if str(s.id) == request.args.get("shift", "")), None)
    report = exceptions_report(g.estate, teams, *shift_bounds(g.estate, day, shift))
    if request.args.get("format") == "csv":
        return download(f"patrol-exceptions-{day.isoformat()}", _csv_header(), _csv_rows(report))
    return render_template("patrol/exceptions.html", report=report, day=day, shift=shift, shifts=shifts)


def _csv_header():
    return [_("Round starts"), _("Route"), _("Team"), _("Exception"), _("Checkpoint"), _("Time"), _("Detail"),
            _("Who")]


def _csv_rows(report):
    """One line per exception: each failed round with what it left, each visit to look at, each hand-over."""
    zone, teams, names = g.estate.timezone, team_names(g.estate), report.names
    for r in report.rounds:
        yield [local_time(r.starts_at, zone), r.route.name, teams.get(r.team, r.team), ROUND_STATES[r.state],
               ", ".join(report.uncovered.get(r.id, [])), None, None, names.get(r.assignee_id)]
    for v in report.visits:
        what = VISITS[v.verdict] if v.verdict in ("late", "early") else EXCEPTIONS["flagged"]
        yield [local_time(v.round.starts_at, zone), v.round.route.name, teams.get(v.round.team, v.round.team),
               what, v.stop.place.name, local_time(v.at, zone), flags_in_words(v), names.get(v.by_id)]
    for e in report.handovers:
        yield [local_time(e.round.starts_at, zone), e.round.route.name, teams.get(e.round.team, e.round.team),
               _("Handed to another guard"), None, local_time(e.at, zone), e.note,
               f"{names.get(e.by_id, '')} → {names.get(e.target_id, '')}"]

"""The monthly report (and any period): KPIs with their definitions, volumes, charts, exports, the tickets behind."""
import re
from datetime import timedelta

from flask import Blueprint, abort, g, render_template, request, url_for
from flask_babel import gettext as _, lazy_gettext as _l

from .. import clock
from ..domain import kpis
from ..domain.hours import local_time
from ..domain.vocabulary import ADMIN, CENTER_HEAD, CS_HEAD
from ..models.surveys import results_for_period
from ..models.report import DIMENSIONS, FLAGS, LATE_STAGES, NONE, month_of, period, report, tickets_behind
from ..web import labels
from ..web.auth import role_required
from ..web.exports import bounded_day, download

bp = Blueprint("reports", __name__, url_prefix="/reports")
REPORT_ROLES = (CS_HEAD, CENTER_HEAD, ADMIN)
LONGEST_PERIOD = 366  # days: a year and a day is the widest report asked for
PER_PAGE = 50
DIM_TITLES = {"kind": _l("By kind"), "channel": _l("By channel"), "category": _l("Top categories"),
              "team": _l("By team"), "building": _l("By building")}
# The tickets behind each KPI (its numerator; for timeliness, the tickets that missed the target).
KPI_LINKS = {"complaint_handling": dict(kind="complaint", flag="resolved"),
             "complaint_timeliness": dict(kind="complaint", late="resolve"),
             "repair_timeliness": dict(kind="repair", late="resolve"),
             "repair_revisit": dict(kind="repair", flag="revisited"), "revisit": dict(flag="revisited"),
             "satisfaction": dict(flag="satisfied"), "average_satisfaction": dict(flag="rated"),
             "complaints_per_100": dict(kind="complaint"), "reopened": dict(flag="reopened")}


@bp.get("/monthly")
@role_required(*REPORT_ROLES)
def monthly():
    estates, span, scope = _scope()
    data = report(estates, span)
    if request.args.get("format") in ("csv", "xlsx"):
        stem = f"report-{scope}-{span.first:%Y%m%d}-{span.last:%Y%m%d}"
        return download(stem, _header(), _lines(data), request.args["format"])
    return render_template("reports/monthly.html", data=data, span=span, scope=scope, KPIS=kpis.KPIS,
                           KPI_LINKS=KPI_LINKS, STAGES=kpis.STAGES_SHOWN, TIME_DEFINITION=kpis.TIME_DEFINITION,
                           dims=DIMENSIONS, dim_titles=DIM_TITLES,
                           link=_linker(span, scope), dimension_label=_dimension_label,
                           surveys=results_for_period(estates[0], span.first, span.last + timedelta(days=1))
                           if len(estates) == 1 else None)


@bp.get("/tickets")
@role_required(*REPORT_ROLES)
def tickets():
    estates, span, scope = _scope()
    filters = {k: request.args[k] for k in (*DIMENSIONS, "place", "flag", "late") if request.args.get(k)}
    if not all(_number(v) or (k, v) == ("building", NONE) for k, v in filters.items()
               if k in ("building", "place")) or (
            filters.get("flag") not in (None, *FLAGS)) or filters.get("late") not in (None, *LATE_STAGES):
        abort(404)
    page = _page()
    found, count = tickets_behind(estates, span, filters, page, PER_PAGE)
    return render_template("reports/tickets.html", tickets=found, page=page, pages=max(1, -(-count // PER_PAGE)),
                           span=span, scope=scope, filters=filters, stages=dict(kpis.STAGES_SHOWN))


def _scope():
    """The estates (one, or all of a multi-estate head's), the period asked for, and the scope's name."""
    wanted = request.args.get("estate", "")
    if wanted == "all" and len(g.estates) > 1:
        estates, scope = list(g.estates), "all"
    elif wanted:
        estates = [e for e in g.estates if str(e.id) == wanted] or abort(404)
        scope = estates[0].code
    else:
        estates, scope = [g.estate], g.estate.code
    return estates, _period(estates[0].timezone), scope


def _period(tz_name):
    today = local_time(clock.utcnow(), tz_name).date()
    first, last = month_of(request.args.get("month"), today)
    if request.args.get("from"):
        first = bounded_day(request.args.get("from"), first)
        last = bounded_day(request.args.get("to"), first)
    last = min(max(first, last), first + timedelta(days=LONGEST_PERIOD - 1))
    return period(first, last, tz_name)


def _number(text):
    """A record id or page number as typed: up to nine ASCII digits, else None."""
    return int(text) if re.fullmatch(r"[0-9]{1,9}", text or "") else None


def _page():
    return min(max(_number(request.args.get("page")) or 1, 1), 10_000)


def _linker(span, scope):
    """A URL maker for the tickets behind a figure, in the same period and scope."""
    estate = "all" if scope == "all" else str(next(e.id for e in g.estates if e.code == scope))

    def link(**filters):
        return url_for("reports.tickets", **{"from": span.first.isoformat(), "to": span.last.isoformat()},
                       estate=estate, **{k: v for k, v in filters.items() if v not in (None, "")})
    return link


def _dimension_label(dim, code, name=""):
    """A dimension value as shown: kinds, channels, categories and teams by their label, buildings by name."""
    if code in ("", None):
        return _("(none)")
    table = {"kind": labels.KINDS, "channel": labels.CHANNELS, "category": labels.CATEGORIES,
             "team": labels.TEAMS}.get(dim, {})
    return str(table.get(code, name or code))


def _header():
    return [_("Section"), _("Figure"), _("This period"), _("Previous period"), _("Change")]


def _lines(data):
    """The report as rows for a spreadsheet: the KPIs, the times, then the volumes."""
    now, before = data["current"], data["previous"]
    yield [_("Period"), "", data["period"].first.isoformat(), data["period"].last.isoformat(), ""]
    yield [_("Volume"), _("Tickets"), now["total"], before["total"], now["total"] - before["total"]]
    for code, kpi in kpis.KPIS.items():
        yield [_("KPI"), _(kpi.name), now["kpis"][code], before["kpis"][code], data["changes"][code]]
    for stage, stage_name in kpis.STAGES_SHOWN:
        for kind, summary in now["times"][stage].items():
            for key in ("median", "p90", "within"):
                yield [_(stage_name), f"{labels.KINDS.get(kind, kind)} {key}", summary[key],
                       before["times"][stage].get(kind, {}).get(key), ""]
    for dim in DIMENSIONS:
        for code, name, count in now["by"][dim]:
            yield [str(DIM_TITLES[dim]), _dimension_label(dim, code, name), count, "", ""]

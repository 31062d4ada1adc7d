"""Incidents at the service center's office (突发事件, seed 001): the three classes, whom each alerts in turn,
and when the incident record (突发事件处理记录表) is due."""
from datetime import timedelta

from . import N_, Refused
from .alerts import PLACE_LENGTH
from .hours import add_working_days
from .vocabulary import AREA_MANAGER, CENTER_HEAD, CS_HEAD

OWNER, EMPLOYEE, INSPECTION = "A", "B", "C"   # 业主 / 被辞退或被批评的员工 / 媒体或政府部门
CLASSES = (OWNER, EMPLOYEE, INSPECTION)

# Posts without an account in the app: departments of the company and people reached through the webhook.
QUALITY_DEPT, HR_DEPT, ADMIN_DEPT = "quality_dept", "hr_dept", "admin_dept"  # 品质部 / 行政人事部
HR_OFFICER, SUPERVISOR = "hr_officer", "supervisor"                          # 人事专管员 / 分管主管领导
# Told first, at once (seed: 第一时间通知品质部 / 行政人事部; C: 首先知会行政人事部).
DEPARTMENTS = {OWNER: QUALITY_DEPT, EMPLOYEE: HR_DEPT, INSPECTION: ADMIN_DEPT}
# On site, level by level; the first is alerted when the incident is opened, each next one by a tap.
# A: 主任助理 → 园区主任 → 管理处经理; B: 主任助理 → 管理处经理 → 人事专管员; C: 管理处经理 → 分管主管领导.
# The app's CS head stands for the 主任助理, the area manager for the 园区主任, the center head for the 经理.
CHAINS = {OWNER: (CS_HEAD, AREA_MANAGER, CENTER_HEAD),
          EMPLOYEE: (CS_HEAD, CENTER_HEAD, HR_OFFICER),
          INSPECTION: (CENTER_HEAD, SUPERVISOR)}
RECORD_WORKING_DAYS = 2
ALERT_REASON = "incident"
# An incident is entered as it happens or soon after; a time ahead of the clock is a typo.
CLOCK_SLACK = timedelta(minutes=5)


def check_class(incident_class):
    """One of A, B, C."""
    if incident_class not in CLASSES:
        raise Refused(N_("Choose the class of the incident: A, B or C."))
    return incident_class


def check_happened(happened_at, now):
    """When it happened: a moment, not later than now."""
    if happened_at is None:
        raise Refused(N_("Give the date and time it happened."))
    if happened_at > now + CLOCK_SLACK:
        raise Refused(N_("The incident cannot have happened later than now."))
    return happened_at


def next_post(incident_class, level):
    """Who is alerted at the next tap, after `level` levels of the class's chain were alerted."""
    chain = CHAINS[incident_class]
    if not 0 <= level < len(chain):
        raise Refused(N_("Everyone in this incident's chain has been alerted already."))
    return chain[level]


def record_due_day(incident_day, holidays=(), workdays=()):
    """The last day for the incident record: two working days after the incident's local day (weekends and
    holidays not counted, make-up days counted)."""
    return add_working_days(incident_day, RECORD_WORKING_DAYS, holidays, workdays)


def check_record(handling, outcome):
    """The record needs at least how it was handled (处理经过) and how it ended (结果)."""
    if not (handling or "").strip():
        raise Refused(N_("Write how the incident was handled."))
    if not (outcome or "").strip():
        raise Refused(N_("Write how the incident ended."))


def check_typical(record_written):
    """Only an incident whose record is written can be kept as a typical case."""
    if not record_written:
        raise Refused(N_("Write the incident record first; then it can be kept as a typical case."))


def check_not_voided(voided):
    """A voided incident alerts nobody more and gets no record."""
    if voided:
        raise Refused(N_("This incident was voided: it is not escalated and gets no record."))


def check_void(reason, record_written, voided):
    """An incident opened by mistake is voided with a reason, once, and only while its record is unwritten."""
    if voided:
        raise Refused(N_("This incident was already voided."))
    if record_written:
        raise Refused(N_("This incident's record is written; it can no longer be voided."))
    if not (reason or "").strip():
        raise Refused(N_("Say why the incident is voided."))


def alert_payload(incident_class, place, post, url):
    """What an incident's alert says: class, place, the post alerted and the link; no names or phones."""
    return {"kind": "incident", "class": incident_class, "place": (place or "")[:PLACE_LENGTH], "level": post,
            "urgent": True, "url": url}


def once_key(incident_id, post):
    """Each post is alerted once per incident, whoever taps and however often."""
    return f"incident:{incident_id}:{post}"

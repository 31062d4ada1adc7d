"""What the codes of the domain are called on screen, in the user's language."""
from flask import g, has_request_context
from flask_babel import lazy_gettext as _l, lazy_pgettext

KINDS = {"repair": _l("Repair"), "help": _l("Help"), "complaint": _l("Complaint"),
         "suggestion": _l("Suggestion"), "inquiry": _l("Inquiry"), "challenge": _l("Challenge")}
CHANNELS = {"phone": lazy_pgettext("channel", "Phone"), "walk_in": _l("Walk-in"), "letter": _l("Letter"), "email": _l("E-mail"),
            "qr": _l("QR / web"), "patrol": _l("Patrol")}
ROLES = {"front_desk": _l("Front desk"), "area_manager": _l("Area customer manager"),
         "cs_head": _l("Customer service head"), "center_head": _l("Service center head"),
         "security": _l("Security"), "engineering": _l("Engineering"), "field": _l("Field staff"),
         "admin": _l("Administrator")}
CATEGORIES = {"plumbing": _l("Plumbing"), "electrical": _l("Electrical"), "doors_windows": _l("Doors and windows"),
              "lift": _l("Lift"), "public_facilities": _l("Public facilities"), "other": _l("Other")}
MODES = {"grab": _l("Team queue: first to accept takes it"), "assign": _l("Named person must accept")}
PLACE_KINDS = {"meeting_room": _l("Meeting room"), "lift_lobby": _l("Lift lobby"), "public_area": _l("Public area"),
               "key_cabinet": _l("Key cabinet"), "lending_cabinet": _l("Lending cabinet"),
               "checkpoint": _l("Patrol checkpoint"), "plant_room": _l("Plant room"),
               "front_desk": _l("Front desk")}
CHECK_ITEMS = {"lights": _l("Lights"), "doors": _l("Doors and locks"), "cleanliness": _l("Clean and tidy"),
               "equipment": _l("Equipment (projector, microphones, screen)"), "furniture": _l("Tables and chairs")}
CHECK_STAGES = {"opening": _l("Opening check"), "closing": _l("Closing check")}
TEAMS = {"security": _l("Security"), "engineering": _l("Engineering")}
HOLDER_KINDS = {"staff": _l("Staff"), "contractor": _l("Contractor"), "resident": _l("Resident")}
DEPOSIT_METHODS = {"none": _l("No deposit"), "cash": _l("Cash"), "wechat": _l("WeChat Pay"), "alipay": _l("Alipay"),
                   "card": _l("Bank card")}
CONDITIONS = {"good": _l("Good"), "damaged": _l("Damaged"), "incomplete": _l("Parts missing")}
STATES = {"new": _l("New"), "dispatched": _l("Dispatched"), "accepted": _l("Accepted"),
          "on_site": _l("On site"), "on_hold": _l("On hold"), "awaiting_approval": _l("Awaiting approval"),
          "done": _l("Done"), "closed": _l("Closed"), "resolved_at_desk": _l("Resolved at desk"),
          "cancelled": _l("Cancelled")}
ACTIONS = {"take": _l("Taken"), "route": _l("Routed"), "dispatch": _l("Dispatch"),
           "reassign": _l("Reassign"), "accept": _l("Accept"), "arrive": _l("On site"), "hold": _l("Put on hold"),
           "resume": _l("Resume"), "finish": _l("Finish"), "approve": _l("Approve reply"),
           "send_back": _l("Send reply back"), "revisit": _l("Return visit"),
           "revisit_attempt": _l("Return visit: not reached"), "cancel": _l("Cancel"),
           "escalate": _l("Escalate"), "involve": _l("Involve a colleague"),
           "resolve_at_desk": _l("Settle at desk"), "urge": _l("Urged by the resident"),
           "rate": _l("Rated by the resident"), "reopen": _l("Reopened: not fixed"),
           "follow_up": _l("Follow-up survey: not satisfied, visit again"),
           "reclassify": _l("Change the kind"), "reported_again": _l("Reported again by another resident"),
           "alerted_lead": _l("Not accepted in time: lead alerted"),
           "alerted_head": _l("Still not accepted: center head alerted"),
           "overdue": _l("Past its target: escalated")}
# An escalation by the clock (domain/escalation.py): the stage past its target, and who each rung of a chain is.
OVERDUE_STAGES = {"respond": _l("Response overdue"), "arrive": _l("Arrival overdue"),
                  "resolve": _l("Resolution overdue"), "revisit": _l("Return visit overdue")}
RUNGS = {"handler": _l("Handler"), "team_lead": _l("Team lead"), "area_manager": ROLES["area_manager"],
         "cs_head": ROLES["cs_head"], "center_head": ROLES["center_head"]}


def team_names(estate):
    """{code: name} of an estate's teams, inactive ones too (old tickets name them): built-in teams by their
    translated name unless the center renamed them, the center's own by the name it gave."""
    from ..models.estate import teams_of
    cache = g.setdefault("team_names", {}) if has_request_context() else {}
    if estate.id not in cache:
        cache[estate.id] = {t.code: t.name or TEAMS.get(t.code, t.code)
                            for t in teams_of(estate, include_inactive=True)}
    return cache[estate.id]


def team_choices(estate):
    """[(code, name)] of the estate's active teams, for a form."""
    from ..models.estate import teams_of
    names = team_names(estate)
    return [(t.code, names[t.code]) for t in teams_of(estate)]


class _CurrentEstateTeams:
    """TEAM_LABELS in templates: a team code's name in the estate being worked in."""

    def get(self, code, default=None):
        estate = g.get("estate") if has_request_context() else None
        names = team_names(estate) if estate is not None else TEAMS
        return names.get(code, default)

    def __getitem__(self, code):
        return self.get(code, code)

# Patrol: a round's state, a checkpoint visit's verdict, and what a scan is flagged for.
ROUND_STATES = {"waiting": _l("Not started"), "underway": _l("Under way"), "done": _l("Done"),
                "incomplete": _l("Incomplete"), "missed": _l("Missed"), "cancelled": _l("Cancelled")}
VISITS = {"on_time": _l("On time"), "early": _l("Too early"), "late": _l("Late"), "missed": _l("Not visited")}
SCAN_FLAGS = {"impossible_walk": _l("Too fast from the previous checkpoint"),
              "repeated": _l("Same sticker scanned again within a minute"),
              "clock_skew": _l("Phone clock differs from ours"), "offline": _l("Scanned offline, sent later"),
              "out_of_order": _l("Out of the route's order"), "typed": _l("Code typed by hand")}
ROUND_ACTIONS = {"start": _l("Started"), "hand": _l("Handed to someone else"), "finish": _l("Finished"),
                 "close": _l("Closed by the clock"), "rejudge": _l("Judged again after late scans")}


def init_app(app):
    app.jinja_env.globals.update(KIND_LABELS=KINDS, CHANNEL_LABELS=CHANNELS, ROLE_LABELS=ROLES,
                                 TEAM_LABELS=_CurrentEstateTeams(), STATE_LABELS=STATES, ACTION_LABELS=ACTIONS,
                                 CATEGORY_LABELS=CATEGORIES, MODE_LABELS=MODES,
                                 CHECK_ITEM_LABELS=CHECK_ITEMS, CHECK_STAGE_LABELS=CHECK_STAGES,
                                 PLACE_KIND_LABELS=PLACE_KINDS, CONDITION_LABELS=CONDITIONS,
                                 ROUND_STATE_LABELS=ROUND_STATES, VISIT_LABELS=VISITS, SCAN_FLAG_LABELS=SCAN_FLAGS,
                                 ROUND_ACTION_LABELS=ROUND_ACTIONS, OVERDUE_LABELS=OVERDUE_STAGES,
                                 RUNG_LABELS=RUNGS)

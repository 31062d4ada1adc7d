"""Routing rules of the seeds (DOMAIN.md), one test per rule; no database."""
from webapp.domain.routing import AFTER_HOURS, Request, Staffing, dispatch_mode, route
from webapp.domain.vocabulary import ASSIGN, GRAB

STAFF = Staffing(taker=1, on_duty={"security": 20, "engineering": 30}, area_manager=40, cs_head=50,
                 center_head=60)


def test_help_goes_to_the_on_duty_security_lead():
    decision = route(Request("help", team="security"), STAFF)
    assert (decision.state, decision.team, decision.assignee, decision.mode) == ("dispatched", "security", 20, ASSIGN)


def test_help_for_engineering_goes_to_the_on_duty_engineer():
    decision = route(Request("help", team="engineering"), STAFF)
    assert (decision.team, decision.assignee) == ("engineering", 30)


def test_help_with_nobody_on_duty_waits_in_the_team_queue():
    decision = route(Request("help", team="security"), Staffing(taker=1))
    assert (decision.state, decision.team, decision.assignee, decision.mode) == ("dispatched", "security", None, GRAB)


def test_repair_goes_to_the_engineering_queue_first_to_accept_wins():
    decision = route(Request("repair"), STAFF)
    assert (decision.state, decision.team, decision.assignee, decision.mode) == ("dispatched", "engineering", None, GRAB)


def test_estate_can_make_repairs_of_a_category_assigned_to_the_duty_engineer():
    modes = {("repair", "electrical"): ASSIGN}
    assert route(Request("repair", category="electrical"), STAFF, modes).assignee == 30
    assert route(Request("repair", category="plumbing"), STAFF, modes).assignee is None


def test_dispatch_mode_prefers_the_category_rule_over_the_kind_rule():
    modes = {("repair", ""): ASSIGN, ("repair", "lift"): GRAB}
    assert dispatch_mode("repair", "lift", modes) == GRAB
    assert dispatch_mode("repair", "door", modes) == ASSIGN
    assert dispatch_mode("repair") == GRAB


def test_suggestion_goes_to_the_cs_head():
    assert route(Request("suggestion"), STAFF).assignee == 50


def test_suggestion_from_an_important_owner_goes_to_the_service_center_head():
    assert route(Request("suggestion", owner_important=True), STAFF).assignee == 60


def test_suggestion_of_more_than_five_owners_goes_to_the_service_center_head():
    assert route(Request("suggestion", cosigners=6), STAFF).assignee == 60
    assert route(Request("suggestion", cosigners=5), STAFF).assignee == 50


def test_inquiry_settled_at_desk_needs_no_return_visit():
    decision = route(Request("inquiry", settled_at_desk=True), STAFF)
    assert (decision.state, decision.needs_revisit) == ("resolved_at_desk", False)


def test_inquiry_not_settled_goes_to_the_area_customer_manager():
    decision = route(Request("inquiry"), STAFF)
    assert (decision.state, decision.assignee, decision.needs_revisit) == ("dispatched", 40, True)


def test_challenge_follows_the_inquiry_rules():
    assert route(Request("challenge", settled_at_desk=True), STAFF).state == "resolved_at_desk"
    assert route(Request("challenge"), STAFF).assignee == 40


def test_complaint_is_owned_by_whoever_took_it():
    decision = route(Request("complaint"), STAFF)
    assert (decision.state, decision.assignee) == ("accepted", 1)


def test_complaint_after_hours_still_stays_with_its_taker():
    assert route(Request("complaint", desk_hours=False), STAFF).assignee == 1


def test_outside_desk_hours_help_and_repairs_go_to_the_security_monitoring_center():
    for kind in ("repair", "help"):
        decision = route(Request(kind, team="engineering", desk_hours=False), STAFF)
        assert (decision.team, decision.assignee, decision.mode) == ("security", None, GRAB), kind


def test_outside_desk_hours_the_other_kinds_keep_their_usual_owner_with_a_note_and_skip_the_guards():
    owners = {"suggestion": 50, "inquiry": 40, "challenge": 40}
    for kind, owner in owners.items():
        decision = route(Request(kind, desk_hours=False), STAFF)
        assert (decision.team, decision.assignee) == (None, owner), kind
        assert decision.reason == AFTER_HOURS
    assert route(Request("complaint", desk_hours=False), STAFF).team is None


def test_a_sensitive_challenge_answered_at_intake_waits_for_the_cs_heads_approval():
    decision = route(Request("challenge", settled_at_desk=True, sensitive=True), STAFF)
    assert (decision.state, decision.needs_revisit) == ("awaiting_approval", False)
    plain = route(Request("challenge", settled_at_desk=True), STAFF)
    assert plain.state == "resolved_at_desk"


def test_post_nobody_holds_leaves_the_ticket_for_the_desk_to_dispatch():
    decision = route(Request("inquiry"), Staffing(taker=1))
    assert decision.state == "new"


def test_the_default_team_is_the_chosen_one_else_engineering_for_repairs_and_security_for_help():
    from webapp.domain.routing import default_team
    assert (default_team("repair"), default_team("help"), default_team("suggestion")) == \
        ("engineering", "security", None)
    assert default_team("repair", "security") == "security" and default_team("complaint", "security") is None

"""No input, however malformed, gets a server error: each class of bad input is refused at its root, clearly."""
import io

import pytest

from webapp.models import Loan, Ticket
from webapp.models.handling import advance
from webapp.models.keys import create_key
from webapp.models.place import create_place

from . import factories


@pytest.fixture
def lobby(estate, staff):
    return create_place(estate, name="1号楼电梯厅", kind="lift_lobby")


def test_a_file_sent_where_text_is_expected_is_refused_and_the_rest_kept(client, lobby):
    response = client.post(f"/q/{lobby.token}", content_type="multipart/form-data", data={
        "choice": "repair", "description": (io.BytesIO(b"not text"), "note.txt"), "contact_phone": "13911112222"})
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and Ticket.select().count() == 0
    assert "不能上传文件" in page and 'value="13911112222"' in page


@pytest.mark.parametrize("path", ["/t/abc%00def", "/q/abc%00def", "/l/x%00", "/log/?day=2026%0011-01"])
def test_a_nul_byte_in_a_path_or_query_is_a_bad_request_not_a_server_error(client, login, path):
    login("desk")
    assert client.get(path).status_code == 400


def test_a_nul_byte_in_a_field_is_refused_and_nothing_is_saved(client, lobby):
    response = client.post(f"/q/{lobby.token}", data={"choice": "repair", "description": "电梯\x00坏了"})
    assert response.status_code == 400 and Ticket.select().count() == 0


def test_an_over_long_value_in_a_field_without_its_own_limit_is_refused_in_chinese(client, login, estate, staff):
    ticket = factories.ticket(estate, staff["desk"], "repair")
    advance(ticket.id, staff["eng"], "accept")
    login("eng")
    response = client.post(f"/tickets/{ticket.number}/hold", data={"note": "等待配件" * 600})
    assert response.status_code == 409 and "太长" in response.get_data(as_text=True)
    assert Ticket.get_by_id(ticket.id).state == "accepted"
    held = client.post(f"/tickets/{ticket.number}/hold", data={"note": "等" * 300})  # longer than a varchar(255)
    assert held.status_code == 302 and Ticket.get_by_id(ticket.id).hold_reason == "等" * 300


def test_a_signalling_nan_as_a_fee_is_refused_as_an_amount(client, login, estate, staff):
    ticket = factories.ticket(estate, staff["desk"], "repair")
    advance(ticket.id, staff["eng"], "accept")
    login("eng")
    for amount in ("sNaN", "NaN", "Infinity", "-inf", "1e999999"):
        response = client.post(f"/tickets/{ticket.number}/completion", data={
            "note": "更换角阀", "paid": "paid", "labour_fee": amount})
        assert response.status_code == 422 and "请填写金额" in response.get_data(as_text=True), amount
    assert Ticket.get_by_id(ticket.id).state == "accepted"


@pytest.mark.parametrize("rating", ["²", "٣", " ", "99999999999999999999", "-1", "sNaN"])
def test_a_rating_that_is_no_star_count_is_refused(client, estate, staff, lobby, rating):
    client.post(f"/q/{lobby.token}", data={"choice": "repair", "description": "灯不亮", "intake_key": "r"})
    ticket = Ticket.get()
    advance(ticket.id, staff["eng"], "accept")
    advance(ticket.id, staff["eng"], "finish", note="已修复")
    response = client.post(f"/t/{ticket.tracking_token}/verdict", data={"fixed": "yes", "rating": rating})
    assert response.status_code == 422 and Ticket.get_by_id(ticket.id).resident_rating is None


@pytest.mark.parametrize("satisfaction", [" ", "²", "5x", "0"])
def test_a_return_visit_with_no_real_satisfaction_is_refused_with_a_message(client, login, estate, staff,
                                                                             satisfaction):
    ticket = factories.ticket(estate, staff["desk"], "repair")
    advance(ticket.id, staff["eng"], "accept")
    advance(ticket.id, staff["eng"], "finish", note="已修复")
    login("desk")
    response = client.post(f"/tickets/{ticket.number}/revisit", data={"reached": "yes",
                                                                      "satisfaction": satisfaction})
    assert response.status_code == 422 and "满意度" in response.get_data(as_text=True)
    assert Ticket.get_by_id(ticket.id).state == "done"


def test_a_return_visit_missing_every_field_gets_its_messages_not_a_server_error(client, login, estate, staff):
    ticket = factories.ticket(estate, staff["desk"], "repair")
    advance(ticket.id, staff["eng"], "accept")
    advance(ticket.id, staff["eng"], "finish", note="已修复")
    login("desk")
    response = client.post(f"/tickets/{ticket.number}/revisit", data={})
    assert response.status_code == 422 and "是否联系上" in response.get_data(as_text=True)


@pytest.mark.parametrize("due", ["9999-12-31T23:59", "0001-01-01T00:00", "2026-13-01T00:00", "²"])
def test_a_due_time_out_of_any_real_range_is_refused_and_nothing_lent(client, login, estate, staff, due):
    key = create_key(estate, "1号楼电梯机房")
    login("desk")
    response = client.post(f"/keys/{key.id}/loans", data={
        "holder_kind": "contractor", "holder_name": "李工", "holder_company": "华安电梯", "purpose": "年检",
        "due_at": due})
    assert response.status_code == 422 and Loan.select().count() == 0


def test_huge_ids_in_paths_forms_and_queries_are_not_found_or_refused(client, login, estate, staff):
    huge = "9" * 30
    ticket = factories.ticket(estate, staff["desk"], "repair")
    login("desk")
    assert client.get(f"/keys/{huge}").status_code == 404
    assert client.get(f"/keys/tags?ids={huge}&ids=abc").status_code == 200
    dispatched = client.post(f"/tickets/{ticket.number}/reassign", data={"target": huge})
    assert dispatched.status_code == 409 and "数字太大" in dispatched.get_data(as_text=True)
    assert client.post("/estate", data={"estate_id": huge}).status_code == 302


@pytest.mark.parametrize("body", ["[1, 2]", '{"choice": ["repair"], "description": {"a": 1}}', "{"])
def test_a_json_body_is_nobodys_form_and_gets_no_server_error(client, lobby, body):
    response = client.post(f"/q/{lobby.token}", data=body, content_type="application/json")
    assert response.status_code in (400, 422) and Ticket.select().count() == 0


def test_a_multipart_part_without_a_name_is_a_bad_request(client):
    body = b"--B\r\nContent-Disposition: form-data\r\n\r\nhello\r\n--B--\r\n"
    response = client.post("/login", data=body, content_type="multipart/form-data; boundary=B")
    assert response.status_code == 400


def test_a_deposit_too_small_to_be_a_cent_is_kept_as_zero_cents_on_both_databases(client, login, estate, staff):
    login("desk")
    response = client.post("/items/new", data={"name": "雨伞", "quantity": "2", "deposit": "1e-999999"})
    assert response.status_code == 302
    from webapp.models import ItemType
    assert ItemType.get().deposit == 0

"""Keys and lending-cabinet items: check out and in, nothing double-lent, overdue caught, history kept."""
import re
import threading
from datetime import timedelta

import pytest

from webapp import clock
from webapp.db import db
from webapp.domain import Refused
from webapp.models import ItemType, Key, Loan, LoanEvent
from webapp.models.items import create_item_type, lend_items
from webapp.models.keys import create_key, lend_key
from webapp.models.loans import give_back, void
from webapp.models.place import create_place

from .conftest import DESK_HOURS_UTC

DUE = DESK_HOURS_UTC + timedelta(hours=2)
CONTRACTOR = dict(holder_kind="contractor", holder_name="李工", holder_company="华安电梯",
                  holder_id_number="330102198001011234", holder_phone="13700001111", purpose="电梯年检")


@pytest.fixture
def key(estate, staff):
    cabinet = create_place(estate, name="前台钥匙柜", kind="key_cabinet")
    return create_key(estate, "1号楼电梯机房", opens="电梯机房", cabinet=cabinet, hook="C3")


@pytest.fixture
def umbrellas(estate, staff):
    return create_item_type(estate, "雨伞", 3, deposit=20)


def form(**fields):
    data = dict(CONTRACTOR, due_at="2026-11-23T12:00")  # Shanghai time, 2 h after the frozen 10:00
    data.update(fields)
    return data


def test_desk_lends_a_key_to_a_contractor_whose_id_is_then_masked(client, login, key):
    login("desk")
    response = client.post(f"/keys/{key.id}/loans", data=form())
    assert response.status_code == 302
    loan = Loan.get()
    assert (loan.holder_company, loan.due_at, loan.out_by.username) == ("华安电梯", DUE, "desk")
    page = client.get(f"/keys/{key.id}").get_data(as_text=True)
    assert "330102198001011234" not in page and "330***********1234" in page


def test_a_contractor_loan_needs_a_company(client, login, key):
    login("desk")
    response = client.post(f"/keys/{key.id}/loans", data=form(holder_company=""))
    assert response.status_code == 422 and Loan.select().count() == 0
    assert 'value="李工"' in response.get_data(as_text=True)


def test_a_resident_without_an_account_cannot_check_out_keys(client, key):
    response = client.post(f"/keys/{key.id}/loans", data=form())
    assert response.status_code == 302 and "/login" in response.location
    assert Loan.select().count() == 0


def test_an_engineer_cannot_run_the_key_register(client, login, key):
    login("eng")
    assert client.get("/keys/").status_code == 403
    assert client.post(f"/keys/{key.id}/loans", data=form()).status_code == 403


def test_a_key_that_is_out_cannot_be_lent_again_and_the_desk_sees_who_holds_it(client, login, key, staff):
    lend_key(key.id, staff["desk"], DUE, **CONTRACTOR)
    login("desk2")
    response = client.post(f"/keys/{key.id}/loans", data=form(holder_name="张工"))
    assert response.status_code == 409 and "华安电梯 李工" in response.get_data(as_text=True)
    assert Loan.select().count() == 1


def test_two_desks_lending_the_same_key_at_once_exactly_one_wins(key, staff):
    for round_ in range(10):
        barrier, outcome = threading.Barrier(2), {}

        def lend(desk):
            barrier.wait()
            try:
                lend_key(key.id, staff[desk], DUE, **dict(CONTRACTOR, holder_name=desk))
                outcome[desk] = "won"
            except Refused as refused:
                outcome[desk] = refused.params["holder"]
            finally:
                db.close()
        threads = [threading.Thread(target=lend, args=(d,)) for d in ("desk", "desk2")]
        [t.start() for t in threads]
        [t.join(30) for t in threads]
        winner = [d for d, r in outcome.items() if r == "won"]
        assert len(winner) == 1, outcome
        loser = "desk2" if winner == ["desk"] else "desk"
        assert outcome[loser] == f"华安电梯 {winner[0]}"
        assert Loan.open_of(key.estate).count() == 1
        give_back(Key.get_by_id(key.id).out_loan_id, staff["desk"])


def test_checking_in_records_who_and_frees_the_key(client, login, key, staff):
    loan = lend_key(key.id, staff["desk"], DUE, **CONTRACTOR)
    login("guard")
    client.post(f"/loans/{loan.id}/return", data={"condition": "good", "note": "完好"})
    back = Loan.get_by_id(loan.id)
    assert (back.returned_by.username, back.return_condition) == ("guard", "good")
    assert Key.get_by_id(key.id).out_loan_id is None
    assert [e.action for e in LoanEvent.select().order_by(LoanEvent.id)] == ["out", "back"]


def test_voiding_a_mistaken_loan_keeps_its_record_and_history(client, login, key, staff):
    loan = lend_key(key.id, staff["desk"], DUE, **CONTRACTOR)
    login("desk")
    client.post(f"/loans/{loan.id}/void", data={"reason": "登记错了钥匙"})
    voided = Loan.get_by_id(loan.id)
    assert (voided.void_reason, voided.voided_by.username) == ("登记错了钥匙", "desk")
    assert Key.get_by_id(key.id).out_loan_id is None
    assert "登记错了钥匙" in client.get(f"/keys/{key.id}").get_data(as_text=True)
    assert client.post(f"/loans/{loan.id}/void", data={"reason": "again"}).status_code == 302
    assert LoanEvent.select().where(LoanEvent.action == "void").count() == 1


def test_items_are_lent_with_a_deposit_and_quantities_never_go_negative(client, login, umbrellas, staff):
    login("desk")
    ok = client.post(f"/items/{umbrellas.id}/loans", data=form(holder_kind="resident", holder_unit="1-101",
                                                                  quantity="2", deposit="40", deposit_method="cash"))
    assert ok.status_code == 302 and ItemType.get_by_id(umbrellas.id).available == 1
    too_many = client.post(f"/items/{umbrellas.id}/loans", data=form(holder_kind="resident", holder_unit="1-101",
                                                                        quantity="2"))
    assert too_many.status_code == 422 and ItemType.get_by_id(umbrellas.id).available == 1
    loan = Loan.get()
    assert (loan.holder_unit.number, loan.quantity, float(loan.deposit), loan.deposit_method) == \
        ("1-101", 2, 40.0, "cash")
    client.post(f"/loans/{loan.id}/return", data={"condition": "good", "deposit_refunded": "y"})
    assert ItemType.get_by_id(umbrellas.id).available == 3 and Loan.get_by_id(loan.id).deposit_refunded


def test_two_desks_lending_the_last_items_at_once_never_overdraw(umbrellas, staff):
    barrier, outcome = threading.Barrier(2), []

    def lend(desk):
        barrier.wait()
        try:
            lend_items(umbrellas.id, staff[desk], 2, DUE, holder_kind="staff", holder_staff=staff[desk].id)
            outcome.append("won")
        except Refused:
            outcome.append("refused")
        finally:
            db.close()
    threads = [threading.Thread(target=lend, args=(d,)) for d in ("desk", "desk2")]
    [t.start() for t in threads]
    [t.join(30) for t in threads]
    assert sorted(outcome) == ["refused", "won"] and ItemType.get_by_id(umbrellas.id).available == 1


@pytest.mark.parametrize("other_desk", ["checks it in too", "voids it"])
def test_a_loan_checked_in_at_one_desk_while_another_desk_closes_it_gives_its_items_back_once(umbrellas, staff,
                                                                                             other_desk):
    for round_ in range(5):
        loan = lend_items(umbrellas.id, staff["desk"], 2, DUE, holder_kind="staff", holder_staff=staff["desk"].id)
        barrier, refused = threading.Barrier(2), []

        def close(desk, action):
            barrier.wait()
            try:
                action(loan.id, staff[desk])
            except Refused:
                refused.append(desk)
            finally:
                db.close()
        other = give_back if other_desk == "checks it in too" else (lambda loan_id, by: void(loan_id, by, "登记错了"))
        threads = [threading.Thread(target=close, args=("desk", give_back)),
                   threading.Thread(target=close, args=("desk2", other))]
        [t.start() for t in threads]
        [t.join(30) for t in threads]
        assert ItemType.get_by_id(umbrellas.id).available == 3, round_
        assert not Loan.get_by_id(loan.id).is_open
        if other_desk == "checks it in too":
            assert len(refused) == 1


def test_overdue_loans_show_on_the_board_and_the_security_queue_with_the_holders_phone(client, login, key, staff):
    loan = lend_key(key.id, staff["desk"], DUE, **CONTRACTOR)
    login("guard")
    section = lambda page: page.split('class="tickets overdue-loans"')[1].split("</ul>")[0]
    assert f"overdue-{loan.id}" not in section(client.get("/queue/security").get_data(as_text=True))
    with clock.frozen_at(DUE + timedelta(minutes=1)):
        assert "13700001111" in section(client.get("/queue/security").get_data(as_text=True))
        client.post("/logout")
        login("desk")
        assert f"overdue-{loan.id}" in section(client.get("/board/").get_data(as_text=True))
        assert "1号楼电梯机房" in client.get("/keys/out").get_data(as_text=True)


def test_registers_print_and_export_a_date_range(client, login, key, umbrellas, staff):
    lend_key(key.id, staff["desk"], DUE, **CONTRACTOR)
    lend_items(umbrellas.id, staff["desk"], 1, DUE, holder_kind="staff", holder_staff=staff["guard"].id)
    login("desk")
    keys_page = client.get("/loans/register/keys?from=2026-11-23&to=2026-11-23").get_data(as_text=True)
    assert "1号楼电梯机房" in keys_page and "雨伞" not in keys_page
    csv = client.get("/loans/register/items.csv?from=2026-11-23&to=2026-11-23").get_data(as_text=True)
    assert csv.startswith("\ufeff") and "雨伞 ×1" in csv and "guard" in csv
    assert "1号楼电梯机房" not in client.get("/loans/register/keys?from=2026-11-24&to=2026-11-25").get_data(as_text=True)


def test_scanning_a_key_tag_opens_the_key_for_staff_and_asks_others_to_return_it(client, login, key):
    anonymous = client.get(f"/k/{key.token}")
    assert anonymous.status_code == 200 and "check-out" not in anonymous.get_data(as_text=True)
    login("desk")
    assert client.get(f"/k/{key.token}").location.endswith(f"/keys/{key.id}")
    assert client.get("/k/unknown").status_code == 404


def test_every_key_and_item_shows_its_whole_history(client, login, key, staff):
    first = lend_key(key.id, staff["desk"], DUE, **CONTRACTOR)
    give_back(first.id, staff["guard"])
    second = lend_key(key.id, staff["desk"], DUE, holder_kind="staff", holder_staff=staff["eng"].id, purpose="巡检")
    void(second.id, staff["desk"], "重复登记")
    login("desk")
    page = client.get(f"/keys/{key.id}").get_data(as_text=True)
    assert len(re.findall(r'id="loan-\d+"', page)) == 2 and "重复登记" in page and "巡检" in page


def test_a_contractors_id_photo_is_kept_with_the_loan(app, client, login, key, tmp_path):
    import io

    from PIL import Image
    app.config["PHOTO_FOLDER"] = str(tmp_path)
    photo = io.BytesIO()
    Image.new("RGB", (640, 480), (120, 120, 120)).save(photo, "JPEG")
    photo.seek(0)
    login("desk")
    response = client.post(f"/keys/{key.id}/loans", data=dict(form(), photo=[(photo, "id.jpg")]),
                           content_type="multipart/form-data")
    assert response.status_code == 302
    stored = Loan.get().photo
    assert stored and (tmp_path / stored).exists()

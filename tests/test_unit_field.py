"""The unit field takes "2-1503" on an iPhone: a text keyboard (the numeric pad has no hyphen), no capitals."""
import re


def unit_inputs(page):
    return re.findall(r'<input[^>]*name="unit"[^>]*>', page)


def test_the_desk_intake_unit_field_opens_a_keyboard_with_a_hyphen(client, login):
    login("desk")
    [unit] = unit_inputs(client.get("/desk").get_data(as_text=True))
    assert 'inputmode="text"' in unit and 'autocapitalize="off"' in unit
    assert 'type="number"' not in unit and "numeric" not in unit


def test_the_unit_field_keeps_its_keyboard_after_a_refusal(client, login):
    login("desk")
    response = client.post("/tickets", data={"kind": "repair", "channel": "phone", "unit": "2-1503",
                                             "description": "", "contact_name": "王先生"})
    [unit] = unit_inputs(response.get_data(as_text=True))
    assert response.status_code == 422 and 'value="2-1503"' in unit and 'inputmode="text"' in unit

"""Every user-facing string has its Chinese translation, in its context where one English word needs two Chinese
ones (pgettext: the ticket's "Taken by" is 受理人, a loan's is 借用人)."""
from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent
CONTEXT_FIRST = ((1, "c"), 2)
KEYWORDS = {"_": None, "_l": None, "N_": None, "gettext": None, "lazy_gettext": None,
            "pgettext": CONTEXT_FIRST, "lazy_pgettext": CONTEXT_FIRST}


def source_strings():
    """(msgid, context) of every string in the code and templates; context None for plain gettext."""
    method_map = [("webapp/**.py", "python"), ("templates/**.html", "jinja2")]
    found = set()
    for _file, _line, message, _comments, context in extract_from_dir(
            str(ROOT), method_map, keywords=KEYWORDS):
        found.add((message if isinstance(message, str) else message[0], context))
    return found


def catalog():
    with open(ROOT / "translations/zh_Hans_CN/LC_MESSAGES/messages.po", "rb") as po:
        return read_po(po)


def test_every_source_string_is_translated_to_chinese():
    translated = {(m.id, m.context) for m in catalog() if m.id and m.string and not m.fuzzy}
    missing = sorted(source_strings() - translated, key=str)
    assert not missing, f"untranslated: {missing}"


def test_babel_extracts_the_strings_with_a_context():
    config = (ROOT / "babel.cfg").read_text()
    assert "pgettext:1c,2" in config and "lazy_pgettext:1c,2" in config
    assert ("Taken by", "loan") in source_strings()


def test_a_loans_taker_is_the_borrower_and_a_tickets_the_one_who_took_it():
    messages = catalog()
    assert messages.get("Taken by", context="loan").string == "借用人"
    assert messages.get("Taken by").string == "受理人"
    assert messages.get("Back", context="link").string == "返回"


def test_the_phone_channel_is_an_incoming_call_and_a_phone_field_a_number():
    messages = catalog()
    assert messages.get("Phone", context="channel").string == "来电"
    assert messages.get("Phone").string == "电话"

"""In real Chromium the Content-Security-Policy blocks nothing the app itself uses: htmx, app.js, the resident
page's inline CSS, the print sheets' layout."""
from webapp.models.place import create_place

from .journeys import PHONE, sign_in

# Chromium logs every blocked resource to the console; the event also catches what it might only report.
REPORT_VIOLATIONS = """document.addEventListener('securitypolicyviolation', (e) =>
  console.error('securitypolicyviolation ' + e.effectiveDirective + ' ' + e.blockedURI), true);"""


def watched(browser, **options):
    """A browser context whose console messages are kept, CSP violations included."""
    context = browser.new_context(**PHONE, **options)
    context.add_init_script(REPORT_VIOLATIONS)
    messages = []
    context.on("console", lambda message: messages.append(message.text))
    return context, messages


def violations(messages):
    return [m for m in messages if "Content Security Policy" in m or "securitypolicyviolation" in m]


def test_desk_pages_run_htmx_and_app_js_without_a_csp_violation(browser, live_server, estate, staff):
    context, messages = watched(browser)
    desk = sign_in(context, live_server, "desk")
    desk.goto(f"{live_server}/desk")
    desk.fill("input[name=unit]", "1-2")
    desk.locator("#unit-options option").first.wait_for(state="attached", timeout=3000)  # htmx fetched them
    desk.goto(f"{live_server}/board/")
    desk.wait_for_timeout(1500)  # a poll or two
    registered = "Promise.race([navigator.serviceWorker.ready.then(() => true), new Promise(r => setTimeout(r, 3000))])"
    assert desk.evaluate(registered) is True  # app.js registered the worker
    assert violations(messages) == []


def test_print_sheets_keep_their_layout_and_confirmations_still_ask(browser, live_server, estate, staff):
    lobby = create_place(estate, name="1号楼电梯厅", kind="lift_lobby", building=estate.buildings.first(), floor=1)
    context, messages = watched(browser)
    head = sign_in(context, live_server, "cshead")
    head.goto(f"{live_server}/places/labels")
    columns = head.evaluate("getComputedStyle(document.querySelector('.sheet')).gridTemplateColumns")
    assert len(columns.split()) == 3
    head.goto(f"{live_server}/places/{lobby.id}/edit")
    asked = []
    head.on("dialog", lambda dialog: (asked.append(dialog.message), dialog.dismiss()))
    head.locator("form[action$='/retirement'] button").click()
    assert len(asked) == 1 and head.url.endswith(f"/places/{lobby.id}/edit")  # dismissed: nothing sent
    assert violations(messages) == []


def test_the_resident_scan_page_applies_its_inline_css_without_a_csp_violation(browser, live_server, estate):
    lobby = create_place(estate, name="1号楼电梯厅", kind="lift_lobby", building=estate.buildings.first(), floor=1)
    context, messages = watched(browser)
    resident = context.new_page()
    resident.goto(f"{live_server}/q/{lobby.token}")
    assert resident.evaluate("getComputedStyle(document.querySelector('header')).backgroundColor") == \
        "rgb(11, 110, 79)"
    assert violations(messages) == []

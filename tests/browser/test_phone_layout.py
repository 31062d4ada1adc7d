"""Every page of every role on a small phone (360×740) and a common one (390×844), in real Chromium: nothing
scrolls sideways, no form control is small enough for iOS to zoom into it, every checkbox and radio is big enough
for a thumb — and text stays readable (contrast ≥ 4.5:1) in the light theme and the dark one."""
import pytest

from webapp import clock
from webapp.models import Team, Ticket, Unit
from webapp.models.incidents import open_incident
from webapp.models.parcels import receive
from webapp.models.storage import deposit
from webapp.models.visitors import sign_in as sign_visitor_in
from webapp.models.items import create_item_type
from webapp.models.keys import create_key
from webapp.models.place import create_place
from webapp.models.resident import report

from .. import factories
from .journeys import sign_in

VIEWPORTS = {"360x740": (360, 740), "390x844": (390, 844)}
# One member of each role (field staff: a cleaner of a team the center added).
ROLES = ("desk", "area1", "cshead", "head", "guard", "eng", "cleaner", "admin")
MAIN_PAGES = ("/", "/board/", "/desk", "/queue/security", "/queue/engineering", "/queue/cleaning", "/tickets/",
              "/tickets/{number}", "/tickets/{number}/completion", "/keys/", "/keys/new", "/keys/out",
              "/k/{key_token}", "/items/", "/items/new", "/units/", "/units/1-101", "/units/new", "/roster/",
              "/roster/mine", "/roster/holidays", "/roster/shifts/new", "/roster/swaps/new", "/handover/",
              "/handover/history", "/settings/", "/settings/center", "/settings/targets", "/places/", "/places/new", "/log/",
              "/revisits", "/staff/", "/staff/new", "/staff/teams", "/staff/{guard_id}", "/estates/", "/patrol/board",
              "/patrol/exceptions", "/patrol/routes", "/patrol/plans", "/patrol/plans/new",
              "/estates/buildings/", "/imports/", "/checks", "/scan", "/patrol/", "/surveys/", "/surveys/new", "/loans/overdue", "/account/password", "/incidents/", "/incidents/new", "/incidents/typical", "/storage/", "/storage/left", "/parcels/", "/parcels/unclaimed", "/parcels/sheet", "/visitors/", "/visitors/new", "/visitors/blocked", "/visitors/register", "/visitors/review",
              "/incidents/{incident_id}", "/parcels/{parcel_id}", "/visitors/{visitor_id}", "/storage/{stored_id}",
              "/patrol/rounds/{round_id}", "/patrol/board/rounds/{round_id}", "/patrol/routes/{route_id}")
RESIDENT_PAGES = ("/login", "/q/{place_token}", "/t/{tracking_token}")

# Problems a person would notice on this page, as words (menus, <details>, opened as a person would), and the
# links of the header and bottom bar.
CHECK_PAGE = """(width) => {
  document.querySelectorAll('details').forEach((d) => { d.open = true; });
  const problems = [];
  const name = (el) => el.tagName.toLowerCase() + (el.name ? `[name=${el.name}]` : '')
                       + (el.id ? '#' + el.id : '') + (el.className && typeof el.className === 'string'
                       ? '.' + el.className.trim().split(/\\s+/).join('.') : '');
  const root = document.documentElement;
  // Not innerWidth: a phone widens its layout viewport (and innerWidth) to fit what overflows.
  if (root.scrollWidth > width) {
    const wide = [...document.body.querySelectorAll('*')]
      .filter((el) => el.getBoundingClientRect().right > width + 0.5).slice(0, 4).map(name);
    problems.push(`scrolls sideways: ${root.scrollWidth} px > ${width} px (${wide.join(', ')})`);
  }
  for (const el of document.querySelectorAll('input, select, textarea')) {
    if (el.type === 'hidden') continue;
    const style = getComputedStyle(el);
    const box = el.getBoundingClientRect();
    // Not shown, or put out of sight on purpose (a honeypot field far to the left).
    if (!box.width || !box.height || style.visibility === 'hidden' || box.right <= 0) continue;
    if (el.type === 'checkbox' || el.type === 'radio') {
      // A control drawn as its label (a pill, a big choice) is tapped by its label.
      const target = style.opacity === '0' && el.closest('label') ? el.closest('label').getBoundingClientRect() : box;
      if (target.width < 24 || target.height < 24)
        problems.push(`${name(el)} is ${target.width}×${target.height} px`);
    } else if (parseFloat(style.fontSize) < 16) {
      problems.push(`${name(el)} has ${style.fontSize} text`);
    }
  }
  const links = [...document.querySelectorAll('header a[href], nav.tabbar a[href]')].map((a) => a.getAttribute('href'));
  return [problems, links];
}"""

# The contrast of a text against the colour behind it (the first ancestor with a background).
CONTRAST = """(selector) => {
  const rgb = (text) => text.match(/[\\d.]+/g).map(Number);
  const behind = (el) => {
    for (; el; el = el.parentElement) {
      const colour = rgb(getComputedStyle(el).backgroundColor);
      if (colour.length < 4 || colour[3] > 0) return colour;
    }
    return [255, 255, 255];
  };
  const luminance = ([r, g, b]) => [r, g, b].map((c) => c / 255)
    .map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4))
    .reduce((sum, c, i) => sum + c * [0.2126, 0.7152, 0.0722][i], 0);
  return [...document.querySelectorAll(selector)].filter((el) => el.getClientRects().length).map((el) => {
    const [a, b] = [luminance(rgb(getComputedStyle(el).color)), luminance(behind(el))];
    return [el.tagName.toLowerCase() + '.' + el.className, (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05)];
  });
}"""


@pytest.fixture
def world(estate, staff):
    """A ticket, a key, an item, a place with its sticker and a resident's report: every page has something."""
    Team.create(estate=estate, code="cleaning", name="保洁")
    staff["cleaner"] = factories.person("cleaner", "field", estate, team="cleaning", name="赵阿姨")
    place = create_place(estate, name="1号楼电梯厅", kind="lift_lobby", building=estate.buildings.first(), floor=1)
    key = create_key(estate, "1号楼电梯机房", opens="电梯机房")
    create_item_type(estate, "雨伞", 5)
    ticket = factories.ticket(estate, staff["desk"], description="卫生间顶棚渗水，楼上可能漏水" * 3)
    reported = report(place, "repair", "电梯按钮失灵")
    return {"number": ticket.number, "key_token": key.token, "place_token": place.token,
            "tracking_token": Ticket.get_by_id(reported.id).tracking_token, "guard_id": staff["guard"].id,
            **registers(estate, staff["desk"])}


def registers(estate, clerk):
    """A record of each desk register and a patrol round: their own pages are checked too."""
    unit = Unit.find(estate, "1-101")
    incident = open_incident(estate, clerk, "A", clock.utcnow(), "客服中心大堂", "业主对维修结果不满，情绪激动" * 4,
                             unit=unit)
    parcel = receive(estate, clerk, kind="parcel", carrier="sf", tracking="SF1400228899", unit=unit,
                     recipient_name="王小明", recipient_phone="13912345678", size="medium", shelf="A3")
    visitor = sign_visitor_in(estate, clerk, name="李明", phone="13912345678", id_number="440301199001011234",
                      purpose="探亲访友", unit=unit, companions="2", plate="粤B 12345")
    stored = deposit(estate, clerk, description="业主寄存的钥匙一串", count=1, depositor_name="张三",
                     collectors=["李四"])
    round_, _ = factories.round_today(estate, checkpoints=4)
    return {"incident_id": incident.id, "parcel_id": parcel.id, "visitor_id": visitor.id, "stored_id": stored.id,
            "round_id": round_.id, "route_id": round_.route_id}


def _visit_all(context, base, paths, problems, who, checked=None):
    """Open each page once, check it at both phone sizes, and follow what the header and bottom bar offer; the
    paths checked go into `checked`."""
    page = context.new_page()
    seen, todo = set(), list(paths)
    while todo:
        path = todo.pop(0)
        if path in seen:
            continue
        seen.add(path)
        response = page.goto(base + path, wait_until="domcontentloaded")
        if response.status >= 500:
            problems.append(f"{who} {path}: answered {response.status}")
        if response.status >= 400:  # not this role's page
            continue
        if checked is not None:
            checked.add(path)
        # Check at the size the page opened in, then at the other: one resize a page.
        sizes = sorted(VIEWPORTS, key=lambda size: VIEWPORTS[size] != tuple(page.viewport_size.values()))
        for size in sizes:
            width, height = VIEWPORTS[size]
            if (width, height) != tuple(page.viewport_size.values()):
                page.set_viewport_size({"width": width, "height": height})
            found, links = page.evaluate(CHECK_PAGE, width)
            problems += [f"{who} {size} {path}: {one}" for one in found]
        # What the header and bottom bar offer this role, too.
        todo += [href for href in links if href.startswith("/") and "/lang/" not in href]


def test_no_page_of_any_role_scrolls_sideways_or_makes_the_phone_zoom(browser, live_server, world):
    phone = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 2, "is_mobile": True,
             "has_touch": True, "service_workers": "block"}
    problems, checked = [], set()
    main_pages = [p.format(**world) for p in MAIN_PAGES]
    for username in ROLES:
        context = browser.new_context(**phone)
        sign_in(context, live_server, username).close()
        _visit_all(context, live_server, main_pages, problems, username, checked)
        context.close()
    assert not set(main_pages) - checked, "no role could open these pages"
    resident = browser.new_context(**phone)
    _visit_all(resident, live_server, [p.format(**world) for p in RESIDENT_PAGES], problems, "resident")
    resident.close()
    assert not problems, "\n".join(problems)


TEXT = ("body, main p, main li, main td, main th, main label, main dt, main dd, main span, main small, main summary,"
        " main a, main button, main h1, main h2, main legend, header a, header span, .tabbar a")
CONTRAST_PAGES = {"desk": ("/log/", "/board/", "/desk", "/keys/", "/tickets/{number}", "/revisits"),
                  "head": ("/settings/", "/settings/targets", "/places/", "/staff/"),
                  "guard": ("/queue/security", "/queue/engineering", "/tickets/", "/roster/mine")}


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_text_reads_at_4_5_to_1_in_the_light_theme_and_the_dark_one(browser, live_server, world, scheme):
    low = []
    for username, paths in CONTRAST_PAGES.items():
        context = browser.new_context(viewport={"width": 390, "height": 844}, color_scheme=scheme,
                                      service_workers="block")
        page = sign_in(context, live_server, username)
        for path in paths:
            page.goto(live_server + path.format(**world), wait_until="domcontentloaded")
            page.evaluate("document.querySelectorAll('details').forEach((d) => { d.open = true; })")
            low += [f"{username} {path.format(**world)}: {element} {ratio:.2f}" for element, ratio in page.evaluate(CONTRAST, TEXT)
                    if ratio < 4.5]
        context.close()
    resident = browser.new_context(viewport={"width": 390, "height": 844}, color_scheme=scheme).new_page()
    for path in RESIDENT_PAGES:
        resident.goto(live_server + path.format(**world), wait_until="domcontentloaded")
        low += [f"resident {path.format(**world)}: {element} {ratio:.2f}" for element, ratio in resident.evaluate(CONTRAST, TEXT)
                if ratio < 4.5]
    resident.context.close()
    assert not low, "\n".join(sorted(set(low)))


@pytest.mark.parametrize("username, lands_on", [("cshead", "/board/"), ("head", "/board/"), ("admin", "/board/"),
                                                ("desk", "/desk"), ("guard", "/queue/security"),
                                                ("eng", "/queue/engineering"), ("area1", "/tickets/")])
def test_managers_land_on_the_board_the_desk_at_intake_and_a_team_in_its_queue(client, login, username, lands_on):
    login(username)
    assert client.get("/").location == lands_on


def test_a_guard_works_in_the_security_app_with_a_bottom_bar_of_queue_patrol_mine_keys_and_hand_over(client, login):
    login("guard")
    page = client.get("/tickets/").get_data(as_text=True)
    bar = page[page.index('<nav class="tabbar"'):]
    assert '<a class="brand" href="/">安防</a>' in page and "客服工作台" not in page
    assert "<title>我的处理单 · 安防 · 和谐家园</title>" in page
    assert all(f'href="{path}"' in bar for path in ("/queue/security", "/patrol/", "/tickets/", "/keys/",
                                                     "/handover/"))
    assert 'href="/roster/mine"' in page[:page.index('<nav class="tabbar"')]   # their shifts under "More"
    assert 'href="/tickets/" aria-current="page"' in bar


def test_an_engineer_has_no_keys_in_the_bottom_bar_and_the_desk_has_none_at_all(client, login):
    login("eng")
    page = client.get("/tickets/").get_data(as_text=True)
    assert '<a class="brand" href="/">工程</a>' in page and 'href="/keys/"' not in page
    client.post("/logout")
    login("desk")
    page = client.get("/tickets/").get_data(as_text=True)
    assert 'class="tabbar"' not in page and '<a class="brand" href="/">客服工作台</a>' in page

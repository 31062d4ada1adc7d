"""What the fuzz test sends: every route of `app.url_map`, the fields each view reads, real and hostile values.

Routes are enumerated from the running app; a view's form fields are read from the FlaskForm classes it (or a
helper it calls inside webapp/) uses, plus its literal `request.form.get("…")` reads. Values are specs resolved
against the database at send time (`("real", pool, i)`), so they stay real while the fuzzing changes the estate.
"""
import inspect
import io
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from urllib.parse import quote

from flask_wtf import FlaskForm
from flask_wtf.file import FileField, MultipleFileField
from hypothesis import strategies as st
from PIL import Image
from werkzeug.datastructures import MultiDict
from wtforms import BooleanField, DecimalField, IntegerField, RadioField, SelectField
from wtforms.fields.core import UnboundField

from webapp.domain.places import KEY_CABINET, LENDING_CABINET, MEETING_ROOM, PLACE_KINDS, ROOM_CHECK_ITEMS
from webapp.domain.routing import DISPATCH_SLOTS
from webapp.domain.vocabulary import (ACCEPTED, CHANNELS, DISPATCHED, DONE, KINDS, ON_SITE, OPEN_STATES, STATES,
                                      TEAMS)
from webapp.domain.workflow import STEPS

from . import factories

WEBAPP = Path(__file__).resolve().parent.parent / "webapp"
MISSING = ("missing",)

# ---- values -------------------------------------------------------------------------------------------------

HOSTILE_TEXT = (
    "a\x00b", "\x00", "x" * 300, "长" * 300, "9" * 30, "-" + "9" * 30, "²", "٣", "sNaN", "NaN", "-Infinity",
    "1e999999", "9999-12-31", "0001-01-01", "9999-12-31T23:59", "0001-01-01T00:00", "", " ", "\t", "-1", "0",
    "%(x)s %s {0}", "=1+1", "<b>x</b>", "../../x", "💥", "1-1" * 100, "99:99", "24:00", "１－１０１", "1-1\n01")
# What a database refuses: PostgreSQL, a NUL byte anywhere and more than 255 characters in a varchar column.
DATABASE_BREAKERS = ("a\x00b", "x" * 256, "长" * 300)
# What breaks a field of a kind, or of a name, more often than random text does.
DATES = ("9999-12-31", "0001-01-01", "9999-12-31T23:59", "0001-01-01T00:00", "2026-02-30", "2026-11-23T25:00",
         "10000-01-01", "2026-11-23T12:00+14:00")
HOSTILE_BY_KIND = {
    "int": ("9" * 30, "-" + "9" * 30, "²", "٣", "1e3", "-1", "0", " ", "1.5"),
    "decimal": ("sNaN", "NaN", "-Infinity", "Infinity", "1e999999", "9" * 30, "-0", "²", " ", "1e-999999"),
    "choice": (" ", "²", "٣", "0", "6", "-1", "yes ", ""),
    "bool": ("n", "false", "0", " "),
}
HOSTILE_BY_NAME = {name: DATES for name in ("day", "from", "to", "due_at")}
HOSTILE_BY_NAME.update({name: ("24:00", "99:99", "23:60", "-1:00", "²:00", "8", "") for name in
                        ("desk_opens", "desk_closes")})
HOSTILE_BY_NAME.update({name: ("9" * 30, "-1", "0", "²", " ") for name in ("ids", "target", "estate_id", "since")})
HOSTILE_PATH = ("abc\x00def", "\x00", "x" * 300, "9" * 30, "²", "sNaN", "9999-12-31", "0001-01-01", "", "0",
                "-1", "..", "a/b", "%", "💥", " ")
STRAY_NAMES = ("a\x00b", "a\rb", "x" * 300, "csrf_token", "photos[]", "__class__", "")
TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=12)


def _image(kind):
    out = io.BytesIO()
    Image.new("RGB", (8, 8), (200, 30, 30)).save(out, kind)
    return out.getvalue()


PAYLOADS = {"jpeg": _image("JPEG"), "png": _image("PNG"), "garbage": b"not an image\x00\xff", "empty": b""}
FILE_PARTS = (("file", "photo.jpg", "jpeg"), ("file", "p.png", "png"), ("file", "x.jpg", "garbage"),
              ("file", "", "empty"), ("file", "a\x00.jpg", "jpeg"), ("file", "x" * 300 + ".jpg", "jpeg"))

# Plausible values by field or argument name; ("real", pool) means a row of the seeded database.
BY_NAME = {
    "unit": [("real", "unit_number"), "2-302", "1-1"], "holder_unit": [("real", "unit_number")],
    "contact_phone": ["13912345678", ""], "phone": ["13912345678"], "holder_phone": ["13700001111"],
    "contact_name": ["王先生", ""], "name": ["李工", "雨伞"], "holder_name": ["李工"], "holder_company": ["华安电梯"],
    "holder_id_number": ["330102198001011234"], "due_at": ["2026-11-23T12:00", "2026-11-25T09:30"],
    "desk_opens": ["08:00"], "desk_closes": ["17:30"],
    "intake_key": [("real", "intake_key"), "resident-1", "fresh-key"],
    "login": [("real", "username"), "13800000001"], "password": [factories.PASSWORD, "wrong"], "website": [""],
    "cabinet": ["", ("real", "cabinet_id")], "building": ["", ("real", "building_id")],
    "holder_staff": [("real", "staff_id"), "0"], "max_open_orders": ["", "5"], "target": [("real", "staff_id")],
    "team": list(TEAMS),
    "kind": list(PLACE_KINDS) + list(KINDS), "channel": list(CHANNELS), "state": list(STATES),
    "item": list(ROOM_CHECK_ITEMS), "estate_id": [("real", "estate_id")], "label": ["1号楼电梯机房"],
    "day": ["2026-11-23"], "from": ["2026-11-20"], "to": ["2026-11-23"], "ids": [("real", "any_id")],
    "taken": [("real", "ticket_number")], "next": ["/desk", "//evil.example"], "since": ["1.0"],
    "pass": ["1.9999999999.abc"], "v": ["x"],
}
BY_FIELD_TYPE = {"int": ["1", "2", "5", ""], "decimal": ["0", "20", "12.50", ""], "bool": ["y", ""],
                 "text": ["厨房水管漏水", "门禁坏了，请尽快处理"]}
# Names a view reads through a variable rather than a literal (the reads a regex cannot see).
DYNAMIC_FORM_NAMES = {"settings.edit": [f"mode-{kind}-{category}" for kind, category in DISPATCH_SLOTS]}
DYNAMIC_ARG_NAMES = ("kind", "channel", "state", "from", "to", "since", "pass", "ids")
for _name in DYNAMIC_FORM_NAMES["settings.edit"]:
    BY_NAME[_name] = ["grab", "assign", ""]

# Path arguments: the pools their real values come from, by argument name (and, for tokens and numbers, by the
# rule's prefix: a tracking link's token is a ticket's, a sticker's is a place's).
TOKENS = ("sticker", "retired_sticker", "rotated_token", "key_token", "item_token", "tracking_token", "loan_token")
PATH_POOLS = {
    "token": {"/q/<token>/borrow": ("cabinet_sticker",), "/q/<token>/checks": ("room_sticker",),
              "/t/<token>/verdict": ("rateable_token", "tracking_token"),
              "/t/<token>/urge": ("urgeable_token", "tracking_token"),
              "/q/": ("sticker", "retired_sticker", "rotated_token"), "/t/": ("tracking_token",),
              "/l/<token>/return": ("open_loan_token", "loan_token"), "/l/": ("loan_token",),
              "/k/": ("key_token",), "/i/": ("item_token",), "": TOKENS},
    "number": {"/units/": ("unit_number",), "/tickets/<number>/revisit": ("done_number", "ticket_number"),
               "/tickets/<number>/completion": ("held_number", "ticket_number"),
               "/queue/": ("dispatched_number", "ticket_number"), "": ("ticket_number",)},
    "action": {"/queue/": ("quick_action", "action"), "": ("action",)},
    "team": ("team",), "what": ("register",), "code": ("language",), "filename": ("static_file",),
    "item_id": {"/items/<int:item_id>/loans": ("lendable_item_id", "item_id"), "": ("item_id",)},
    "key_id": {"/keys/<int:key_id>/loans": ("free_key_id", "key_id"), "": ("key_id",)},
    "loan_id": {"/loans/": ("open_loan_id", "loan_id"), "": ("loan_id",)},
    "place_id": ("place_id",), "photo_id": ("photo_id",), "check_id": ("check_id",),
}
INT_FALLBACK = ("any_id",)


def pools(app):
    """Every real value a request may carry, read from the database now (in id order: a pool's first value is
    the first row seeded, whichever database)."""
    from webapp.models import Building, Estate, ItemType, Key, Loan, Photo, Place, RoomCheck, Staff, Ticket, Unit
    from webapp.models.place import ReplacedSticker

    def rows(model, *columns):
        return list(model.select(*(getattr(model, c) for c in columns)).order_by(model.id).namedtuples())
    places = rows(Place, "id", "token", "kind", "retired")
    tickets = rows(Ticket, "number", "tracking_token", "intake_key", "state", "resident_rating", "urged_at")
    loans = rows(Loan, "id", "tracking_token", "intake_key", "returned_at", "voided_at")
    open_loans = [loan for loan in loans if loan.returned_at is None and loan.voided_at is None]
    keys = rows(Key, "id", "token", "estate", "out_loan_id", "retired")
    items = rows(ItemType, "id", "token", "estate", "available", "retired")
    checks = [c.id for c in rows(RoomCheck, "id")]
    staff, estates = rows(Staff, "id", "username"), [e.id for e in rows(Estate, "id")]
    home = estates[0]  # the estate the staff work in; the other one's rows are for crossing over
    real = {
        "sticker": [p.token for p in places if not p.retired],
        "cabinet_sticker": [p.token for p in places if p.kind == LENDING_CABINET and not p.retired],
        "room_sticker": [p.token for p in places if p.kind == MEETING_ROOM and not p.retired],
        "retired_sticker": [p.token for p in places if p.retired],
        "rotated_token": [r.token for r in rows(ReplacedSticker, "token")], "key_token": [k.token for k in keys],
        "item_token": [i.token for i in items],
        "tracking_token": [t.tracking_token for t in tickets if t.tracking_token],
        "loan_token": [loan.tracking_token for loan in loans if loan.tracking_token],
        "rateable_token": [t.tracking_token for t in tickets
                           if t.tracking_token and t.state == DONE and t.resident_rating is None],
        "urgeable_token": [t.tracking_token for t in tickets
                           if t.tracking_token and t.state in OPEN_STATES and t.urged_at is None],
        "done_number": [t.number for t in tickets if t.state == DONE],
        "held_number": [t.number for t in tickets if t.state in (ACCEPTED, ON_SITE)],
        "dispatched_number": [t.number for t in tickets if t.state == DISPATCHED],
        "ticket_number": [t.number for t in tickets],
        "unit_number": sorted({u.number for u in rows(Unit, "number")}),
        "intake_key": [t.intake_key for t in tickets if t.intake_key]
        + [loan.intake_key for loan in loans if loan.intake_key]
        + [f"check-{c}-{item}" for c in checks for item in ROOM_CHECK_ITEMS],
        "item_id": [i.id for i in items], "key_id": [k.id for k in keys],
        "lendable_item_id": [i.id for i in items if i.available > 0 and not i.retired and i.estate == home],
        "free_key_id": [k.id for k in keys if k.out_loan_id is None and not k.retired and k.estate == home],
        "loan_id": [loan.id for loan in loans], "open_loan_id": [loan.id for loan in open_loans],
        "open_loan_token": [loan.tracking_token for loan in open_loans if loan.tracking_token],
        "place_id": [p.id for p in places],
        "cabinet_id": [p.id for p in places if p.kind in (KEY_CABINET, LENDING_CABINET) and not p.retired], "photo_id": [p.id for p in rows(Photo, "id")], "check_id": checks,
        "building_id": [b.id for b in rows(Building, "id")], "staff_id": [s.id for s in staff],
        "estate_id": estates, "username": [s.username for s in staff],
        "team": list(TEAMS), "register": ["keys", "items"], "action": list(STEPS),
        "quick_action": ["accept", "arrive"],
        "language": list(app.config["LANGUAGES"]), "static_file": _static_files(app.static_folder),
    }
    real["any_id"] = sorted({i for name in ("item_id", "key_id", "loan_id", "place_id", "photo_id", "check_id")
                             for i in real[name]})
    return real


@lru_cache
def _static_files(folder):
    root = Path(folder)
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())[:20]


# ---- targets ------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Field:
    name: str
    kind: str  # text, int, decimal, bool, choice, file
    choices: tuple = ()


@dataclass
class Target:
    rule: str
    endpoint: str
    method: str
    path_args: tuple  # (name, "int" | "text")
    fields: tuple = field(default_factory=tuple)
    args: tuple = field(default_factory=tuple)  # the query arguments its view reads

    @property
    def label(self):
        return f"{self.method} {self.rule}"


FORM_READ = re.compile(r"request\.(?:form|values)(?:\.(?:get|getlist)\(\s*|\[\s*)[\"']([^\"']+)[\"']")
ARG_READ = re.compile(r"request\.(?:args|values)(?:\.(?:get|getlist)\(\s*|\[\s*)[\"']([^\"']+)[\"']")
PATH_ARG = re.compile(r"<(?:(\w+)(?:\([^)]*\))?:)?(\w+)>")


def targets(app):
    """One target per rule and method of the app (static files included), with the fields and query arguments
    its view reads."""
    found, known_args = [], arg_names()
    for rule in app.url_map.iter_rules():
        view = app.view_functions[rule.endpoint]
        path_args = tuple((name, "int" if conv == "int" else "text") for conv, name in PATH_ARG.findall(rule.rule))
        classes, names, strings = _reads(view)
        args = tuple(sorted(strings & set(known_args)))
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            fields = _fields(classes, names, rule.endpoint) if method != "GET" else ()
            found.append(Target(rule.rule, rule.endpoint, method, path_args, fields, args))
    return found


def _fields(classes, names, endpoint):
    fields = {}
    for cls in classes:
        for f in form_fields(cls):
            fields.setdefault(f.name, f)
    for name in sorted(names) + DYNAMIC_FORM_NAMES.get(endpoint, []):
        fields.setdefault(name, Field(name, "text"))
    return tuple(fields.values())


def _reads(view):
    """The form classes, literal request.form names and string constants of a view and of the webapp functions
    it calls (a query argument it reads through a variable is still one of its string constants)."""
    classes, strings, seen, sources = [], set(), set(), []
    stack = [inspect.unwrap(view)]
    while stack:
        fn = stack.pop()
        if fn.__code__ in seen:
            continue
        seen.add(fn.__code__)
        try:
            sources.append(inspect.getsource(fn))
        except (OSError, TypeError):
            pass
        modules = [m for m in fn.__globals__.values() if inspect.ismodule(m) and m.__name__.startswith("webapp")]
        for code in _code_objects(fn.__code__):
            strings |= {c for c in code.co_consts if isinstance(c, str)}
            for name in code.co_names:
                obj = fn.__globals__.get(name)
                if obj is None:  # perhaps `module.name` of a webapp module
                    obj = next((getattr(m, name) for m in modules if inspect.isfunction(getattr(m, name, None))),
                               None)
                if isinstance(obj, type) and issubclass(obj, FlaskForm) and obj not in classes:
                    classes.append(obj)
                elif inspect.isfunction(obj) and obj.__module__.startswith("webapp"):
                    stack.append(inspect.unwrap(obj))
    source = "\n".join(sources)
    names = set(FORM_READ.findall(source))
    return [c for c in classes if not _shown_only(c.__name__, source)], names, strings


def _shown_only(name, source):
    """Whether every use of the form class is a blank form to show (`formdata=None`): it reads no request."""
    uses = re.findall(rf"\b{name}\(([^()]*)\)", source)
    return bool(uses) and all("formdata=None" in use for use in uses)


def _code_objects(code):
    yield code
    for const in code.co_consts:
        if inspect.iscode(const):
            yield from _code_objects(const)


FIELD_KINDS = (((FileField, MultipleFileField), "file"), (BooleanField, "bool"), (IntegerField, "int"),
               (DecimalField, "decimal"), ((RadioField, SelectField), "choice"))


def form_fields(cls):
    """The fields a FlaskForm class declares, with their kind and, when fixed, their choices."""
    found = []
    for name in dir(cls):
        unbound = getattr(cls, name, None)
        if not isinstance(unbound, UnboundField):
            continue
        kind = next((k for classes, k in FIELD_KINDS if issubclass(unbound.field_class, classes)), "text")
        choices = unbound.kwargs.get("choices")
        fixed = tuple(str(c[0] if isinstance(c, tuple) else c) for c in choices) \
            if isinstance(choices, (list, tuple)) else ()
        found.append(Field(name, kind, fixed))
    return found


def arg_names():
    """Every query argument name the app reads anywhere."""
    names = set(DYNAMIC_ARG_NAMES)
    for path in WEBAPP.rglob("*.py"):
        names |= set(ARG_READ.findall(path.read_text(encoding="utf-8")))
    return sorted(names)


# ---- strategies ---------------------------------------------------------------------------------------------

def plausible_values(f):
    """What a real user would send in this field (first: the one the sweep uses)."""
    if f.kind == "file":
        return [FILE_PARTS[0], FILE_PARTS[3]]
    values = list(f.choices) or BY_NAME.get(f.name) or BY_FIELD_TYPE.get(f.kind) or BY_FIELD_TYPE["text"]
    return [("real", v[1], 0) if isinstance(v, tuple) else ("text", v) for v in values]


def _plausible(f):
    def real_index(v):
        return st.integers(-3, 7).map(lambda i: ("real", v[1], i)) if v[0] == "real" else st.just(v)
    return st.one_of([real_index(v) for v in plausible_values(f)])


def _special(f):
    special = HOSTILE_BY_KIND.get(f.kind, ()) + HOSTILE_BY_NAME.get(f.name, ())
    if f.choices and all(c.isdigit() for c in f.choices):
        special += HOSTILE_BY_KIND["int"]
    return special


def boundary_values(f):
    """The values one field is tried with, one at a time, while the others stay plausible."""
    if f.kind == "file":
        return list(FILE_PARTS[1:]) + [("text", "photo.jpg"), tuple([FILE_PARTS[0]] * 7), MISSING]
    texts = dict.fromkeys(_special(f) + DATABASE_BREAKERS + ("", " ", "²", "9" * 30))
    return [("text", v) for v in texts] + [FILE_PARTS[0], (plausible_values(f)[0], ("text", "a\x00b")), MISSING]


# Path values tried one argument at a time.
BOUNDARY_PATH = ("abc\x00def", "x" * 300, "9" * 30, "²", "0001-01-01", "")


def _hostile(f):
    special = _special(f)
    chosen = [st.sampled_from(special)] * 4 if special else []
    return st.one_of(*chosen, st.sampled_from(HOSTILE_TEXT), st.sampled_from(DATABASE_BREAKERS), TEXT).map(
        lambda v: ("text", v))


FILE_PART = st.sampled_from(FILE_PARTS)


def _attacked(f):
    single = st.one_of(_hostile(f), FILE_PART, _plausible(f))
    return st.one_of(_hostile(f), _hostile(f), FILE_PART, st.lists(single, min_size=2, max_size=3).map(tuple),
                     st.just(MISSING))


@st.composite
def form_data(draw, fields):
    """Every field plausible but a few attacked (hostile text, a file part, repeated values, missing), or, in
    one example of four, every field attacked."""
    names = [f.name for f in fields]
    everything = draw(st.sampled_from((False, False, False, True)))
    attacked = set(names) if everything or not names else draw(st.sets(st.sampled_from(names), max_size=3))
    values = {f.name: draw(_attacked(f) if f.name in attacked else _plausible(f)) for f in fields}
    return values | dict(draw(st.lists(_stray(), max_size=1)))


def _stray():
    """A field no view asks for, under a name a browser would not send."""
    return st.tuples(st.one_of(st.sampled_from(STRAY_NAMES), TEXT.filter(bool)), _hostile(Field("stray", "text")))


def path_pools(rule, name, conv):
    """The pools a path argument's real values come from (any id for an unknown `<int:…>`)."""
    found = PATH_POOLS.get(name)
    if isinstance(found, dict):
        found = next((v for prefix, v in found.items() if prefix and rule.startswith(prefix)), found[""])
    return found or (INT_FALLBACK if conv == "int" else ())


def _real_path(pools_):
    return st.tuples(st.just("real"), st.sampled_from(pools_), st.integers(-3, 7)) if pools_ else st.nothing()


def _attacked_path(pools_):
    everything = TOKENS + ("ticket_number", "unit_number") + INT_FALLBACK
    suffixed = st.tuples(st.just("real+"), st.sampled_from(pools_), st.integers(-3, 7),
                         st.sampled_from(("\x00", "x" * 300, "²"))) if pools_ else st.nothing()
    return st.one_of(st.sampled_from(HOSTILE_PATH).map(lambda v: ("text", v)), TEXT.map(lambda v: ("text", v)),
                     _real_path(everything), suffixed)


@st.composite
def path_values(draw, target):
    """Real values for the rule's path arguments, a few of them (in half the examples) attacked."""
    names = [name for name, _ in target.path_args]
    attacked = draw(st.sets(st.sampled_from(names), min_size=1)) if names and draw(st.booleans()) else set()
    values = {}
    for name, conv in target.path_args:
        pools_ = path_pools(target.rule, name, conv)
        plain = _real_path(pools_) if pools_ else TEXT.map(lambda v: ("text", v))
        values[name] = draw(_attacked_path(pools_) if name in attacked else plain)
    return values


def query_args(names):
    def value(name):
        f = Field(name, "text")
        return st.one_of(_plausible(f), _hostile(f),
                         st.lists(st.one_of(_plausible(f), _hostile(f)), min_size=2, max_size=3).map(tuple))
    return st.sampled_from(names).flatmap(lambda n: value(n).map(lambda v: (n, v)))


@st.composite
def fuzz_requests(draw, all_targets, identities, any_args):
    """A request: a route and method, who sends it, its path values, form fields, query and htmx header."""
    target = draw(st.sampled_from(all_targets))
    return Request(
        target=target, who=draw(st.sampled_from(identities)),
        path=draw(path_values(target)),
        form=draw(form_data(target.fields)),
        args=dict(draw(st.lists(query_args(target.args or any_args), max_size=3))
                  + draw(st.lists(query_args(any_args), max_size=1)) + draw(st.lists(_stray(), max_size=1))),
        htmx=draw(st.booleans()), multipart=draw(st.booleans()))


@dataclass
class Request:
    target: Target
    who: str  # "anonymous" or a username
    path: dict
    form: dict
    args: dict
    htmx: bool = False
    multipart: bool = False

    def describe(self):
        parts = [f"{self.target.label} as {self.who}"]
        for kind, values in (("path", self.path), ("form", self.form), ("arg", self.args)):
            parts += [f"{kind} {k if k.isidentifier() else repr(k)}={_describe(v)}" for k, v in values.items()]
        if self.htmx:
            parts.append("HX-Request")
        if self.multipart:
            parts.append("multipart")
        return "; ".join(parts)


def _describe(spec):
    if spec and isinstance(spec[0], tuple):
        return "[" + ", ".join(_describe(s) for s in spec) + "]"
    if spec[0] == "text" and len(spec[1]) > 40:
        return repr(spec[1][:12] + f"…({len(spec[1])} chars)")
    if spec[0] == "text":
        return repr(spec[1])
    return repr(spec)


# ---- sending ------------------------------------------------------------------------------------------------

def resolve(spec, real):
    """The text a spec stands for, with the seeded database's current rows (a negative index counts from the
    newest, so rows made while fuzzing are sent too)."""
    if spec[0] == "text":
        return spec[1]
    if spec[0] in ("real", "real+"):
        values = real.get(spec[1]) or ["none"]
        text = str(values[spec[2] % len(values)])
        return text + spec[3] if spec[0] == "real+" else text
    raise ValueError(spec)


def _part(spec, real):
    if spec[0] == "file":
        return (io.BytesIO(PAYLOADS[spec[2]]), spec[1], "image/jpeg")
    return resolve(spec, real)


def _items(values, real):
    items = []
    for name, spec in values.items():
        if spec == MISSING:
            continue
        for one in (spec if isinstance(spec[0], tuple) else (spec,)):
            items.append((name, _part(one, real)))
    return items


def url(request, real):
    def filled(match):
        return quote(resolve(request.path[match.group(2)], real), safe="")
    return PATH_ARG.sub(filled, request.target.rule)


def send(client, request, real):
    """Send the request with the test client; returns the response."""
    form = MultiDict(_items(request.form, real))
    has_file = any(not isinstance(v, str) for v in form.values())
    kwargs = dict(method=request.target.method, query_string=MultiDict(_items(request.args, real)),
                  headers={"HX-Request": "true"} if request.htmx else {})
    if request.target.method != "GET":
        kwargs["data"] = form
        if request.multipart and not has_file:
            kwargs["content_type"] = "multipart/form-data"
    return client.open(url(request, real), **kwargs)

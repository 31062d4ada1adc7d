"""A realistic demo: a 160-unit estate with its staff, today's roster and tickets in every state,
and a second small estate to show that estates are kept apart."""
import random
from datetime import timedelta

from . import clock, demo_desk
from .db import db
from .domain.hours import local_time
from .domain import Refused
from .domain.numbering import normalise_unit, unit_number
from .domain.vocabulary import team_of
from .models import (Area, Building, DispatchRule, Estate, Membership, Owner, Rotation, Shift, Staff, Team,
                     Unit)
from .models.estate import new_estate
from .models.handling import advance, revisit, take_request
from .models.items import create_item_type
from .models.keys import create_key
from .models.place import Place, create_place

PASSWORD = "demo1234"
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
GIVEN = ["伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明", "超", "霞"]

# username, name, role, estates, mobile
STAFF = [
    ("admin", "系统管理员", "admin", (), None),
    ("desk1", "李晓梅", "front_desk", ("CH",), "13800000001"),
    ("desk2", "周婷", "front_desk", ("CH",), "13800000002"),
    ("area1", "陈建国", "area_manager", ("CH",), "13800000003"),
    ("area2", "黄丽娟", "area_manager", ("CH",), "13800000004"),
    ("cshead", "王海燕", "cs_head", ("CH",), "13800000005"),
    ("head", "刘志强", "center_head", ("CH", "YQ"), "13800000006"),
    ("guard1", "张勇", "security", ("CH",), "13800000007"),
    ("guard2", "赵磊", "security", ("CH",), "13800000008"),
    ("guard3", "孙杰", "security", ("CH",), "13800000009"),
    ("eng1", "吴涛", "engineering", ("CH",), "13800000010"),
    ("eng2", "郭明", "engineering", ("CH",), "13800000011"),
    ("eng3", "何超", "engineering", ("CH",), "13800000012"),
    ("yqdesk", "林霞", "front_desk", ("YQ",), "13800000013"),
    ("yqeng", "罗军", "engineering", ("YQ",), "13800000014"),
    ("clean1", "赵桂兰", "field", ("CH",), "13800000015"),
    ("clean2", "钱秀英", "field", ("CH",), "13800000016"),
]
# Teams a center adds beside security and engineering: (estate, code, name, members).
TEAMS = (("CH", "cleaning", "保洁", ("clean1", "clean2")),)

# kind, channel, unit or place, description, extras, steps to take after intake
TICKETS = [
    ("repair", "phone", "1-0502", "厨房水龙头漏水，关不紧", {}, []),
    ("repair", "walk_in", "1-1203", "卫生间地漏堵塞，返水", {"urgent": True}, ["accept"]),
    ("repair", "qr", "2-0801", "客厅灯不亮，开关无反应", {}, ["accept", "arrive"]),
    ("repair", "phone", "2-1604", "入户门锁芯损坏，钥匙拧不动", {}, ["accept", "arrive", "finish"]),
    ("repair", "phone", "1-1901", "阳台排水管渗水到楼下", {}, ["accept", "arrive", "finish", "revisit"]),
    ("repair", "patrol", "地下车库B2-107", "车库照明灯两盏不亮", {}, ["accept", "hold"]),
    ("repair", "phone", "2-0303", "空调冷凝水管滴水", {}, ["cancel"]),
    ("help", "phone", "1-0704", "家中老人摔倒，需要帮忙扶起", {"team": "security", "urgent": True}, ["accept", "arrive"]),
    ("help", "walk_in", "2-1102", "钥匙锁在屋里，请求协助", {"team": "security"}, ["accept", "arrive", "finish"]),
    ("help", "phone", "1-1502", "家里突然停电，请帮忙检查", {"team": "engineering"}, []),
    ("help", "phone", "2-0204", "楼上噪音扰民，请求协调", {"team": "security"},
     ["accept", "arrive", "finish", "revisit"]),
    ("complaint", "phone", "1-0901", "电梯经常停运，等候时间过长", {}, []),
    ("complaint", "letter", "2-1801", "保洁不及时，楼道垃圾堆放", {}, ["involve"]),
    ("complaint", "walk_in", "1-0301", "维修人员上门迟到两小时", {}, ["finish"]),
    ("complaint", "email", "2-0603", "小区内车辆乱停放无人管理", {}, ["finish", "revisit"]),
    ("suggestion", "letter", "1-1004", "建议在儿童游乐区增设遮阳棚", {}, []),
    ("suggestion", "email", "2-1401", "建议增加快递柜数量", {"cosigners": 8}, ["accept"]),
    ("suggestion", "walk_in", "1-2002", "建议延长会所开放时间", {}, ["accept", "finish"]),
    ("suggestion", "phone", "2-0902", "建议在东门增设非机动车充电桩", {}, ["accept", "finish", "revisit"]),
    ("inquiry", "phone", "1-0602", "物业费缴纳方式有哪些？", {"answer": "可在前台刷卡或通过公众号缴纳"}, []),
    ("inquiry", "walk_in", "2-1202", "装修申请需要哪些材料？", {"answer": "身份证、装修图纸和施工单位资质"}, []),
    ("inquiry", "phone", "1-1703", "小区停水通知的具体时间？", {}, ["accept"]),
    ("inquiry", "phone", "2-0501", "车位租赁价格咨询", {}, ["accept", "finish"]),
    ("inquiry", "email", "1-0404", "能否开具物业费发票？", {}, ["accept", "finish", "revisit"]),
    ("challenge", "phone", "2-1003", "对公摊电费计算方式有疑问", {}, ["accept"]),
    ("challenge", "letter", "1-1301", "质疑维修基金使用情况", {"sensitive": True}, ["accept", "finish"]),
    ("challenge", "walk_in", "2-1703", "质疑停车费上涨依据", {"answer": "已出示物价局备案文件"}, []),
    ("challenge", "phone", "1-0801", "对绿化养护费用有疑问", {}, ["accept", "finish", "revisit"]),
    ("repair", "phone", "1-1104", "窗户密封条老化漏风", {}, []),
    ("help", "phone", "2-1904", "电梯困人", {"team": "engineering", "urgent": True}, ["accept"]),
]


def load(seed=7):
    """Create the demo estates, staff, roster and tickets (on an empty database)."""
    rng = random.Random(seed)
    with db.atomic():
        # 翠湖花园 lets residents borrow umbrellas by themselves; 云栖公寓 lends only at the desk.
        estates = {"CH": _estate("CH", "翠湖花园", buildings=2, floors=20, doors=4, self_service_lending=True),
                   "YQ": _estate("YQ", "云栖公寓", buildings=1, floors=5, doors=2)}
        staff = {row[0]: _staff(row, estates) for row in STAFF}
        _teams(estates, staff)
        areas = list(estates["CH"].areas)
        areas[0].manager, areas[1].manager = staff["area1"], staff["area2"]
        for area in areas:
            area.save()
        _owners(rng)
        Unit.update(important=True).where(Unit.number.in_(["1-2002", "1-1301"])).execute()
    _places(estates["CH"])
    _roster(estates, staff)
    demo_desk.patrol(estates["CH"], staff)
    _tickets(estates["CH"], staff, rng)
    _tickets_yq(estates["YQ"], staff)
    demo_desk.registers(estates["CH"], staff)


def _estate(code, name, buildings, floors, doors, **settings):
    estate = new_estate(code, name, max_open_orders=5, **settings)
    for b in range(1, buildings + 1):
        area = Area.create(estate=estate, name=f"{chr(64 + b)}区")
        building = Building.create(estate=estate, number=b, name=f"{b}号楼", area=area)
        Unit.insert_many([dict(estate=estate, building=building, floor=f,
                               number=unit_number(b, f, d)) for f in range(1, floors + 1)
                          for d in range(1, doors + 1)]).execute()
    return estate


def _staff(row, estates):
    username, name, role, codes, mobile = row
    person = Staff(username=username, name=name, role=role, mobile=mobile, team=team_of(role))
    person.set_password(PASSWORD)
    person.save()
    for code in codes:
        Membership.create(staff=person, estate=estates[code])
    return person


def _teams(estates, staff):
    for code, team, name, members in TEAMS:
        Team.create(estate=estates[code], code=team, name=name)
        Staff.update(team=team).where(Staff.username.in_(members)).execute()
    DispatchRule.create(estate=estates["CH"], kind="repair", category="public_facilities", mode="", team="cleaning")


def _owners(rng):
    Owner.insert_many([dict(unit=unit, name=rng.choice(SURNAMES) + rng.choice(GIVEN) + rng.choice(["", rng.choice(GIVEN)]),
                            phone=f"139{rng.randrange(10**8):08d}") for unit in Unit.select()]).execute()


# name, kind, building, floor, team
PLACES = [
    ("会议室A", "meeting_room", 1, 2, None), ("会议室B", "meeting_room", 2, 3, None),
    ("1号楼电梯厅", "lift_lobby", 1, 1, None), ("2号楼电梯厅", "lift_lobby", 2, 1, None),
    ("地下车库B2", "public_area", None, None, "security"), ("前台钥匙柜", "key_cabinet", 1, 1, None),
    ("前台借用柜", "lending_cabinet", 1, 1, None), ("水泵房", "plant_room", 2, None, "engineering"),
    ("东门垃圾房", "public_area", None, None, "cleaning"),
]


KEYS = [("1号楼水泵房", "1号楼地下一层水泵房", "A1", True), ("2号楼配电室", "2号楼配电室", "A2", False),
        ("会议室A", "1号楼2层会议室A", "A3", True), ("会议室B", "2号楼3层会议室B", "A4", True),
        ("天台门 1号楼", "1号楼屋面检修门", "B1", True), ("天台门 2号楼", "2号楼屋面检修门", "B2", True),
        ("消防控制室", "监控中心旁消防控制室", "B3", False), ("垃圾房", "东门垃圾房", "B4", True),
        ("1-1503 备用钥匙", "1-1503 业主寄存备用钥匙", "C1", False), ("2-801 备用钥匙", "2-801 业主寄存备用钥匙", "C2", False),
        ("电梯机房 1号楼", "1号楼电梯机房", "C3", True), ("车库岗亭", "地下车库出入口岗亭", "C4", True)]
ITEMS = [("雨伞", 20, 0), ("手推车", 4, 100), ("折叠梯", 2, 200), ("工具箱", 3, 100), ("充电宝", 10, 50)]


def _places(estate):
    buildings = {b.number: b for b in estate.buildings}
    places = {name: create_place(estate, name=name, kind=kind, building=buildings.get(building), floor=floor,
                                 team=team) for name, kind, building, floor, team in PLACES}
    for label, opens, hook, contractors in KEYS:
        create_key(estate, label, opens=opens, cabinet=places["前台钥匙柜"], hook=hook, contractors_allowed=contractors)
    for name, quantity, deposit in ITEMS:
        create_item_type(estate, name, quantity, cabinet=places["前台借用柜"], deposit=deposit)


# (estate, team, shift, starts, ends, people in turn): rotations from a week ago that never run out.
ROSTER = (("CH", "security", "白班", "08:00", "20:00", ("guard1", "guard2")),
          ("CH", "security", "夜班", "20:00", "08:00", ("guard3", "guard2")),
          ("CH", "engineering", "白班", "08:00", "17:30", ("eng1", "eng2")),
          ("CH", "engineering", "夜间值班", "17:30", "08:00", ("eng3", "eng1")),
          ("CH", "cleaning", "白班", "07:00", "19:00", ("clean1", "clean2")),
          ("YQ", "engineering", "全天", "00:00", "00:00", ("yqeng",)))


def _roster(estates, staff):
    # Anchored a whole number of cycles back, so today's first person is the first in the list (guard1, eng1).
    anchor = local_time(clock.utcnow(), "Asia/Shanghai").date() - timedelta(days=14)
    for code, team, name, starts, ends, people in ROSTER:
        shift = Shift.create(estate=estates[code], team=team, name=name, starts=starts, ends=ends)
        Rotation.create(shift=shift, anchor=anchor, people=",".join(str(staff[p].id) for p in people))


def _tickets(estate, staff, rng):
    """Thirty tickets over the last days, taken during desk hours, carried to their state."""
    now = clock.utcnow()
    start = now - timedelta(days=6)
    for i, (kind, channel, where, text, extras, steps) in enumerate(TICKETS):
        # 01:00–08:30 UTC is 09:00–16:30 in Shanghai: inside desk hours.
        moment = (start + timedelta(days=i // 5)).replace(hour=1 + (i % 5), minute=rng.randrange(60))
        moment = min(moment, now - timedelta(minutes=90 - i))
        with clock.frozen_at(moment):
            ticket = _take(estate, staff, kind, channel, where, text, dict(extras))
        for n, action in enumerate(steps, start=1):
            with clock.frozen_at(moment + timedelta(minutes=7 * n)):
                ticket = _step(ticket, staff, action)


def _take(estate, staff, kind, channel, where, text, extras):
    try:
        unit = Unit.find(estate, normalise_unit(where))
    except Refused:
        unit = None
    owner = unit.first_owner if unit else None
    return take_request(estate, staff["desk1" if channel != "patrol" else "guard2"], kind=kind, channel=channel,
                        unit=unit, location="" if unit else where, contact_name=owner.name if owner else "",
                        contact_phone=owner.phone if owner else "", description=text,
                        answer=extras.pop("answer", ""), **extras)


def _step(ticket, staff, action):
    handler = ticket.assignee or _team_member(ticket, staff)
    if action == "revisit":
        return revisit(ticket.id, staff["desk2"], reached=True, satisfaction=5 if ticket.id % 3 else 4,
                       comment="业主表示满意")
    if action == "cancel":
        return advance(ticket.id, staff["desk1"], "cancel", note="业主来电取消，已自行处理")
    if action == "involve":
        return advance(ticket.id, handler, "involve", note="请保洁主管协助处理", target=staff["cshead"].id)
    notes = {"hold": "等待配件到货", "finish": "已处理完毕，业主确认"}
    result = advance(ticket.id, handler, action, note=notes.get(action, ""))
    if result.state == "awaiting_approval":
        result = advance(ticket.id, staff["cshead"], "approve")
    return result


def _team_member(ticket, staff):
    return staff["eng2"] if ticket.team == "engineering" else staff["guard2"]


def _tickets_yq(estate, staff):
    for text, where in (("热水器不出热水", "1-0301"), ("走廊灯闪烁", "1-0502")):
        take_request(estate, staff["yqdesk"], kind="repair", channel="phone", unit=Unit.find(estate, normalise_unit(where)),
                     contact_name="业主", contact_phone="13900000000", description=text)


def logins_text(base_url="http://127.0.0.1:5000"):
    """The demo logins, one per line, and a few stickers to scan, for the terminal."""
    lines = [f"Demo logins (password for all: {PASSWORD}):"]
    for username, name, role, codes, _mobile in STAFF:
        lines.append(f"  {username:8} {role:13} {name}  estates: {', '.join(codes) or 'all'}")
    lines.append("QR stickers (open without signing in to report as a resident):")
    for place in Place.select().order_by(Place.id).limit(4):
        lines.append(f"  {place.name:10} {base_url}/q/{place.token}")
    for place in Place.select().where(Place.kind == "lending_cabinet").order_by(Place.id).limit(1):
        lines.append(f"  {place.name:10} {base_url}/q/{place.token}  (borrow an umbrella yourself)")
    return "\n".join(lines)

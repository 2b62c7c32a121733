"""Plausible demo people and organisations of 连云港, with identifiers that pass the validators.

Resident ID numbers and unified social credit codes carry correct check characters
(``counter_app.identity.checksums``); names, mobiles, landlines, addresses and postal codes are
in the normalised form the reception checks would store. Everything comes from one seeded
``random.Random``, so a seed gives the same people again.
"""

from __future__ import annotations

import random
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from counter_app.cases.rules.reception import CREDIT_CODE, ORGANISATION, PERSON
from counter_app.identity.checksums import CREDIT_CODE_CHARSET, credit_code_check, org_code_check
from counter_app.identity.checksums import resident_id_check as _ric_check
from counter_app.identity.identifiers import IdType

# District (GB/T 2260 code, name, postal code, streets) of 连云港.
DISTRICTS: tuple[tuple[str, str, str, tuple[str, ...]], ...] = (
    ("320706", "海州区", "222000", ("朝阳东路", "解放东路", "通灵路", "海连东路", "苍梧路")),
    ("320703", "连云区", "222042", ("中山西路", "海棠北路", "港城大道", "连云港大道")),
    ("320707", "赣榆区", "222100", ("黄海路", "金海路", "赣马路", "海州湾大道")),
    ("320722", "东海县", "222300", ("晶都大道", "和平东路", "牛山路", "水晶路")),
    ("320723", "灌云县", "222200", ("人民东路", "振兴路", "伊山路", "陡沟路")),
    ("320724", "灌南县", "222500", ("人民中路", "长江路", "新港大道", "天山路")),
)
# Birth places of people who come to the window: mostly 连云港, some from elsewhere.
_OTHER_AREAS = ("320102", "320106", "320311", "320582", "320902", "321302", "370102", "410105")
_SURNAMES = (
    "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕"
    "苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史"
)
_GIVEN = (
    "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚桂红玉华建国文辉鹏飞斌宇浩凯"
    "晨欣怡婷雪琳佳俊峰海波志强晓东亮宁倩颖雯慧博睿泽昊然梓涵子轩思远天佑嘉豪一鸣"
)
_BRAND = "华鑫瑞海港云帆宏远通达盛泰晨科源嘉恒创新联合金隆德信安康益润丰汇众星辰"
_TRADES = (
    "科技",
    "医药科技",
    "新材料",
    "机械制造",
    "食品",
    "精细化工",
    "电子",
    "生物工程",
    "农业发展",
    "文化传媒",
    "软件",
    "石英制品",
    "海洋科技",
    "物流",
    "水晶工艺品",
    "智能装备",
)
_ORG_FORMS = ("有限公司", "有限公司", "有限公司", "股份有限公司", "有限责任公司")
_MOBILE_PREFIXES = [
    "130",
    "131",
    "132",
    "133",
    "135",
    "136",
    "137",
    "138",
    "139",
    "150",
    "151",
    "152",
    "153",
    "155",
    "156",
    "157",
    "158",
    "159",
    "177",
    "180",
    "181",
    "182",
    "185",
    "186",
    "187",
    "188",
    "189",
    "199",
]
# Credit-code registration authority + type (GB 32100): 91 enterprise, 92 individual
# business, 93 farmers' co-operative, 12 public institution, 52 social service organisation.
_CREDIT_KINDS = ("91",) * 16 + ("92", "93", "12", "52")
_ORG_BODY_CHARS = "".join(ch for ch in CREDIT_CODE_CHARSET if ch.isdigit()) * 3 + "ABCDEFGHJKLMN"


@dataclass(frozen=True)
class DemoApplicant:
    kind: str
    name: str
    id_type: str
    id_number: str
    phone: str
    address: str
    postal_code: str
    legal_representative: str = ""
    contact_name: str = ""


class DemoPeople:
    """Makes applicants and agents; never hands out the same ID number twice."""

    def __init__(self, rng: random.Random, taken: Iterable[tuple[str, str]] = ()) -> None:
        self._rng = rng
        self._taken: set[tuple[str, str]] = set(taken)

    def name(self) -> str:
        rng = self._rng
        given = rng.choice(_GIVEN) + (rng.choice(_GIVEN) if rng.random() < 0.7 else "")
        return rng.choice(_SURNAMES) + given

    def mobile(self) -> str:
        return self._rng.choice(_MOBILE_PREFIXES) + f"{self._rng.randrange(10**8):08d}"

    def landline(self) -> str:
        """A 连云港 (area code 0518) landline, normalised as the phone validator stores it."""
        return f"05188{self._rng.randrange(10**7):07d}"

    def address(self) -> tuple[str, str]:
        """(address, postal code) somewhere in 连云港."""
        rng = self._rng
        _code, district, postal, streets = rng.choice(DISTRICTS)
        detail = f"{rng.choice(streets)}{rng.randrange(1, 399)}号"
        if rng.random() < 0.4:
            detail += f"{rng.randrange(1, 30)}幢{rng.randrange(1, 26)}0{rng.randrange(1, 5)}室"
        return f"江苏省连云港市{district}{detail}", postal

    def _claim(self, id_type: str, number: str) -> bool:
        key = (id_type, number)
        if key in self._taken:
            return False
        self._taken.add(key)
        return True

    def _birth(self) -> date:
        return date(1950, 1, 1) + timedelta(days=self._rng.randrange(365 * 54))

    def resident_id(self) -> tuple[str, str]:
        """(id_type, number): mostly resident IDs; a few HK/Macau/Taiwan or foreigners' cards."""
        rng = self._rng
        while True:
            roll = rng.random()
            if roll < 0.01:
                id_type, area = IdType.HMT_RESIDENCE_PERMIT, rng.choice(("810000", "820000"))
            elif roll < 0.015:
                id_type, area = (
                    IdType.FOREIGN_PERMANENT_RESIDENCE,
                    "932" + rng.choice(("840", "410", "392", "276")),
                )
            else:
                local = rng.random() < 0.8
                area = rng.choice(DISTRICTS)[0] if local else rng.choice(_OTHER_AREAS)
                id_type = IdType.RESIDENT_ID
            body = f"{area}{self._birth():%Y%m%d}{rng.randrange(1000):03d}"
            number = body + _ric_check(body)
            if self._claim(id_type.value, number):
                return id_type.value, number

    def credit_code(self) -> str:
        rng = self._rng
        while True:
            region = rng.choice(DISTRICTS)[0] if rng.random() < 0.85 else "320700"
            org_body = "".join(rng.choices(_ORG_BODY_CHARS, k=8))
            org = org_body + org_code_check(org_body)
            if any(ch not in CREDIT_CODE_CHARSET for ch in org):
                continue
            first17 = rng.choice(_CREDIT_KINDS) + region + org
            code = first17 + credit_code_check(first17)
            if self._claim(CREDIT_CODE, code):
                return code

    def org_name(self) -> str:
        rng = self._rng
        brand = rng.choice(_BRAND) + rng.choice(_BRAND)
        place = "连云港" if rng.random() < 0.8 else "江苏"
        return f"{place}{brand}{rng.choice(_TRADES)}{rng.choice(_ORG_FORMS)}"

    def person(self) -> DemoApplicant:
        id_type, number = self.resident_id()
        address, postal = self.address()
        return DemoApplicant(PERSON, self.name(), id_type, number, self.mobile(), address, postal)

    def organisation(self) -> DemoApplicant:
        address, postal = self.address()
        phone = self.landline() if self._rng.random() < 0.6 else self.mobile()
        return DemoApplicant(
            ORGANISATION,
            self.org_name(),
            CREDIT_CODE,
            self.credit_code(),
            phone,
            address,
            postal,
            legal_representative=self.name(),
            contact_name=self.name(),
        )

    def agent(self, serial: int) -> dict[str, str]:
        """An agent (经办人) with the authorisation recorded, as ``Case.agent`` stores it."""
        id_type, number = self.resident_id_for_agent()
        return {
            "name": self.name(),
            "id_type": id_type,
            "id_number": number,
            "phone": self.mobile(),
            "authorisation": f"授权委托书 第{serial:06d}号",
        }

    def resident_id_for_agent(self) -> tuple[str, str]:
        """An agent's resident ID: valid, but agents are not applicants (not claimed)."""
        area = self._rng.choice(DISTRICTS)[0]
        body = f"{area}{self._birth():%Y%m%d}{self._rng.randrange(1000):03d}"
        return IdType.RESIDENT_ID.value, body + _ric_check(body)

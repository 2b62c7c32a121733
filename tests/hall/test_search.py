"""Catalogue search by Chinese text, item number, pinyin initials and full pinyin."""

from __future__ import annotations

from counter_app.container import Services
from counter_app.hall.catalog_search import pinyin_keys


def _names(services: Services, query: str) -> list[str]:
    return [i.name for i in services.catalog.search_index().search(query)]


def test_pinyin_initials_find_the_item(services: Services) -> None:
    assert _names(services, "zlsq")[0] == "专利申请"
    assert _names(services, "ZLSQ")[0] == "专利申请"  # the caps lock is on
    assert "著作权登记" in _names(services, "zzqdj")


def test_chinese_text_finds_every_item_containing_it(services: Services) -> None:
    found = _names(services, "商标")
    assert set(found) == {
        "商标注册申请",
        "注册商标续展申请",
        "商标质押登记",
        "商标许可备案",
        "商标纠纷投诉举报",
        "商标民事案件",
        "专利商标行政裁决",
    }
    # names that start with the query come first
    assert found[:5] == [
        "商标注册申请",
        "商标质押登记",
        "商标许可备案",
        "商标纠纷投诉举报",
        "商标民事案件",
    ]


def test_full_pinyin_and_number(services: Services) -> None:
    assert _names(services, "haiguan") == ["知识产权海关备案"]
    assert _names(services, "17") == ["知识产权海关备案"]
    assert _names(services, "１７") == ["知识产权海关备案"]  # full-width digits


def test_nothing_matches_nonsense(services: Services) -> None:
    assert _names(services, "qqqqxx") == []


def test_pinyin_keys() -> None:
    assert pinyin_keys("知识产权纠纷调解") == ("zscqjftj", "zhishichanquanjiufentiaojie")

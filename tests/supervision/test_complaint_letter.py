"""The written reply (答复函) read back with pdftotext: who it goes to, the number, the dates,
what was complained about, the finding and result, whom to contact; refused when anonymous
or before there is a result."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from counter_app.container import Services
from counter_app.core.errors import CounterError
from counter_app.core.roles import Actor
from counter_app.supervision.rules.complaints import Cause, Kind, State
from tests.supervision.complaint_support import hall_details, letter_form, people

FINDING = "经调阅窗口录像并询问当事工作人员，当日确有答复生硬、未一次性告知所需材料的情况。"
RESULT = "已对当事工作人员批评教育，并在全窗口开展服务规范培训。"


def pdf_text(pdf: bytes, tmp_path: Path) -> str:
    path = tmp_path / "letter.pdf"
    path.write_bytes(pdf)
    out = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True, text=True
    )
    return out.stdout


def fonts(pdf: bytes, tmp_path: Path) -> str:
    path = tmp_path / "fonts.pdf"
    path.write_bytes(pdf)
    return subprocess.run(
        ["pdffonts", str(path)], check=True, capture_output=True, text=True
    ).stdout


@pytest.fixture
def resolved(services: Services, admin: Actor) -> tuple[Services, Actor, str]:
    hall_details(services, admin)
    supervisor, clerk = people(services, admin)
    c = services.complaints
    v = c.register(clerk, letter_form(about_item=5))
    v = c.assign(supervisor, v.id, "zhou", v.row_version)
    v = c.investigate(supervisor, v.id, FINDING, v.row_version)
    v = c.resolve(supervisor, v.id, RESULT, Cause.ATTITUDE, True, v.row_version)
    return services, supervisor, v.id


def test_the_letter_names_the_complainant_the_number_the_dates_and_the_result(
    resolved: tuple[Services, Actor, str], tmp_path: Path
) -> None:
    services, supervisor, complaint_id = resolved
    pdf = services.complaints.reply_letter(supervisor, complaint_id)
    text = pdf_text(pdf, tmp_path)
    flat = re.sub(r"\s+", "", text)
    assert "投诉答复函" in flat and "连云港市知识产权局" in flat
    assert "TS-W03-20261127-001" in flat
    assert "张伟：" in flat and "连云港市海州区新浦路12号3幢201室" in flat
    assert "您于2026年11月27日来信反映的关于第3号窗口" in flat
    assert "经核实，您反映的问题属实。" + RESULT in flat
    assert FINDING in flat
    assert "承办人周主管" in flat and "0518-85123456" in flat and "0518-85120000" in flat
    assert "2026年11月27日" in flat  # the date of the letter beside the seal
    for doubled in ("的的", "了了", "。。", "：："):
        assert doubled not in flat
    for line in text.splitlines():  # no line opens with full-width punctuation
        assert not line.strip().startswith(tuple("，。、；：！？）》”")), line
    assert "Embedded" in fonts(pdf, tmp_path) or "yes" in fonts(pdf, tmp_path)
    assert "Helvetica" not in fonts(pdf, tmp_path)


def test_the_letter_is_refused_when_anonymous_or_unresolved(
    services: Services, admin: Actor
) -> None:
    supervisor, clerk = people(services, admin)
    c = services.complaints
    anonymous = c.register(clerk, letter_form(anonymous=True))
    with pytest.raises(CounterError, match="匿名件没有收件人"):
        c.reply_letter(supervisor, anonymous.id)
    fresh = c.register(clerk, letter_form())
    with pytest.raises(CounterError) as caught:
        c.reply_letter(supervisor, fresh.id)
    assert caught.value.field == "step"
    with pytest.raises(CounterError):
        c.reply_letter(clerk, fresh.id)  # neither handler nor supervisor


def test_a_suggestion_gets_its_own_title_and_thanks(
    services: Services, admin: Actor, tmp_path: Path
) -> None:
    supervisor, clerk = people(services, admin)
    c = services.complaints
    v = c.register(clerk, letter_form(kind=Kind.SUGGESTION, text="建议增设周六上午值班窗口。"))
    v = c.assign(supervisor, v.id, "zhou", v.row_version)
    v = c.investigate(supervisor, v.id, "已研究", v.row_version)
    v = c.resolve(
        supervisor, v.id, "自12月起每周六上午开放一个综合窗口。", Cause.OTHER, None, v.row_version
    )
    assert v.state is State.RESOLVED
    flat = re.sub(r"\s+", "", pdf_text(c.reply_letter(supervisor, v.id), tmp_path))
    assert "意见建议答复函" in flat and "感谢您提出的宝贵意见和建议" in flat
    assert "提出的关于第3号窗口的意见建议收悉" in flat and "属实" not in flat

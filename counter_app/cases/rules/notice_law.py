"""What a notice says in law, by the kind of act each item is (hall/rules/legal.py).

A licence (行政许可) is accepted under 行政许可法 Art. 32 and decided under Art. 38; a
complaint, mediation or adjudication states its own period and never promises to 办结 a
licence; a matter received for another body promises nothing that body decides. The
catalogue may name the articles per item; blank fields fall back to the wording here.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from counter_app.hall.rules.legal import LegalKind
from counter_app.i18n import tr

LICENCE_ACCEPTANCE = tr("《中华人民共和国行政许可法》第三十二条")
LICENCE_NOT_COMPETENT = tr("《中华人民共和国行政许可法》第三十二条第一款第（二）项")
LICENCE_DECISION = tr("《中华人民共和国行政许可法》第三十八条")
# 行政复议法 (2023) Art. 24: a department of a local government is reviewed by the 本级人民政府.
DEFAULT_REVIEW_BODY = tr("本机关的本级人民政府")
DEFAULT_COURT = tr("有管辖权的人民法院")
NOT_COMPETENT_MARKS = ("职权范围", "不属于本机关")

# Kinds the office itself accepts and decides: it may promise a date when it has one.
OWN_KINDS = frozenset({LegalKind.LICENSING, LegalKind.CONFIRMATION, LegalKind.SERVICE})
DEFAULT_HANDLING: dict[LegalKind, str] = {
    LegalKind.COMPLAINT: tr(
        "投诉自收到材料之日起7个工作日内决定是否受理并告知；举报自收到之日起15个工作日内核查处理"
    ),
    LegalKind.MEDIATION: tr("自受理之日起45个工作日内调解；期满未达成调解协议的，调解终止"),
    LegalKind.ADJUDICATION: tr("按行政裁决的有关规定在法定期限内决定是否立案，并书面告知"),
    LegalKind.REFERRAL: tr("是否受理及办理期限，以有权受理的机关的决定为准"),
    LegalKind.SERVICE: tr("无承诺办结时限，办理进度可按下列方式查询"),
    LegalKind.CONFIRMATION: tr("无承诺办结时限，按办理机关的规定办理"),
    LegalKind.LICENSING: tr("无承诺办结时限，按办理机关的规定办理"),
}
_VERDICT: dict[LegalKind, str] = {
    LegalKind.LICENSING: tr("申请材料齐全、符合法定形式，本机关决定予以受理"),
    LegalKind.CONFIRMATION: tr("申请材料齐全、符合法定形式，本机关决定予以受理"),
    LegalKind.SERVICE: tr("材料齐全，本机关予以受理"),
    LegalKind.MEDIATION: tr("本机关予以受理，将依法组织调解"),
    LegalKind.COMPLAINT: tr("本机关已收到，将在规定期限内决定是否受理并告知你（单位）"),
    LegalKind.ADJUDICATION: tr("本机关已收到，将在规定期限内决定是否立案并告知你（单位）"),
    LegalKind.REFERRAL: tr("已由本窗口代为接收并转交有权受理的机关，是否受理以其决定为准"),
}


@dataclass(frozen=True)
class ItemLaw:
    """One item of a case as its catalogue version states its law."""

    name: str
    kind: LegalKind
    basis: str = ""  # the item's own law (catalogue legal_basis)
    acceptance_basis: str = ""
    decision_basis: str = ""
    handling_note: str = ""
    time_limit_note: str = ""


@dataclass(frozen=True)
class AcceptanceText:
    title: str
    intro: str  # the sentence after "你（单位）于<date>提交的"
    bases: tuple[str, ...]
    time_label: str
    time_lines: tuple[str, ...]


@dataclass(frozen=True)
class DecisionText:
    title: str
    verdict: str  # e.g. 本机关决定不予许可
    bases: tuple[str, ...]
    licensing: bool


def cn_day(value: date) -> str:
    return f"{value.year}年{value.month}月{value.day}日"


def applied_for(names: Sequence[str], suffix: str = "申请") -> str:
    """``专利权质押登记申请``; a name that already ends in 申请 gets no second one."""
    text = "、".join(names)
    return text if text.endswith(suffix) else text + suffix


def split_bases(*texts: str) -> tuple[str, ...]:
    """Every legal basis on its own line, in order, each once: texts split at ；, line
    breaks and between two titles (《A》《B》)."""
    lines: list[str] = []
    for text in texts:
        spaced = re.sub(r"》\s*[、，,]?\s*《", "》\n《", text or "")
        lines += [p.strip(" ；;。") for p in re.split(r"[；;\n]", spaced)]
    return tuple(dict.fromkeys(line for line in lines if line))


def _all_bases(pairs: Iterable[tuple[str, ...]]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(line for pair in pairs for line in pair))


def _acceptance_bases(item: ItemLaw) -> tuple[str, ...]:
    first = item.acceptance_basis or (LICENCE_ACCEPTANCE if item.kind.is_licensing else "")
    return split_bases(first, item.basis)


NO_PROMISE = tr("无承诺办结时限")


def _time_line(item: ItemLaw, promised_on: date | None) -> str:
    if item.kind in OWN_KINDS and promised_on is not None:
        return tr("承诺于{d}前办结", d=cn_day(promised_on))
    if item.kind in OWN_KINDS:
        note = (item.time_limit_note or item.handling_note).strip()
        if not note:
            return DEFAULT_HANDLING[item.kind]
        if NO_PROMISE in note:  # the catalogue's note says it already
            return note
        return tr("无承诺办结时限；{n}", n=note)
    return item.handling_note or item.time_limit_note or DEFAULT_HANDLING[item.kind]


def _uniform_intro(items: Sequence[ItemLaw], promised_on: date | None) -> str:
    """One sentence for items of one kind: what was received, the article, the verdict and
    (for the office's own acts with a date) the promise."""
    kind = items[0].kind
    names = [i.name for i in items]
    if kind not in OWN_KINDS and kind is not LegalKind.MEDIATION:
        return tr("{m}，{v}。", m=applied_for(names, tr("材料")), v=_VERDICT[kind])
    bases = _acceptance_bases(items[0])
    cited = tr("根据{b}的规定，", b=bases[0]) if bases and kind in OWN_KINDS else ""
    verdict = _VERDICT[kind].replace(tr("本机关"), cited + tr("本机关"), 1)
    promise = ""
    if kind in OWN_KINDS and promised_on is not None:
        promise = tr("，承诺于{d}前办结", d=cn_day(promised_on))
    return tr("{m}，{v}{p}。", m=applied_for(names), v=verdict, p=promise)


def acceptance_text(items: Sequence[ItemLaw], promised_on: date | None) -> AcceptanceText:
    """The acceptance notice's wording for ``items`` (promised_on: the case's date)."""
    kinds = {i.kind for i in items}
    receipt_only = kinds <= {LegalKind.COMPLAINT, LegalKind.REFERRAL}
    title = tr("收件通知书") if receipt_only else tr("受理通知书")
    uniform = len({_VERDICT[i.kind] for i in items}) == 1
    if uniform:
        intro = _uniform_intro(items, promised_on)
    else:
        intro = tr("下列事项的材料，本机关按各事项的规定办理，情况如下：")
    lines = tuple(_time_line(i, promised_on) for i in items)
    if len(items) > 1:
        lines = tuple(
            tr("{n}：{t}", n=i.name, t=line)
            if uniform
            else tr("{n}：{v}；{t}", n=i.name, v=_VERDICT[i.kind], t=line)
            for i, line in zip(items, lines, strict=True)
        )
    promises = kinds <= OWN_KINDS and promised_on is not None
    label = tr("承诺办结日期") if promises else tr("办理期限")
    if promises and promised_on is not None and len(items) == 1:
        lines = (cn_day(promised_on),)
    bases = _all_bases(_acceptance_bases(i) for i in items)
    return AcceptanceText(title, intro, bases, label, lines)


def is_not_competent(reasons: Sequence[str]) -> bool:
    """A reason saying the matter is outside this office's powers (Art. 32(1)(2))."""
    return any(mark in r for r in reasons for mark in NOT_COMPETENT_MARKS)


def refusal_bases(items: Sequence[ItemLaw], not_competent: bool) -> tuple[str, ...]:
    """The articles a 不予受理通知书 cites."""
    pairs = []
    for i in items:
        general = i.acceptance_basis.strip() in ("", LICENCE_ACCEPTANCE)
        if i.kind.is_licensing and not_competent and general:  # the sub-item that applies
            pairs.append(split_bases(LICENCE_NOT_COMPETENT, i.basis))
        else:
            pairs.append(_acceptance_bases(i))
    return _all_bases(pairs)


def refusal_decision(items: Sequence[ItemLaw]) -> DecisionText:
    """不予许可决定书 (Art. 38) when a licence is refused; 不予办理决定书 otherwise."""
    licensing = any(i.kind.is_licensing for i in items)
    pairs = [
        split_bases(i.decision_basis or (LICENCE_DECISION if i.kind.is_licensing else ""), i.basis)
        for i in items
    ]
    if licensing:
        return DecisionText(tr("不予许可决定书"), tr("本机关决定不予许可"), _all_bases(pairs), True)
    return DecisionText(tr("不予办理决定书"), tr("本机关决定不予办理"), _all_bases(pairs), False)


def correction_bases(items: Sequence[ItemLaw]) -> tuple[str, ...]:
    """退回补正: the items' own law (and Art. 32 for a licence)."""
    return _all_bases(_acceptance_bases(i) for i in items)


def approval_decision(items: Sequence[ItemLaw]) -> DecisionText:
    """准予许可决定书 (Art. 38(1)) when every item is a licence; 办结通知 otherwise."""
    licensing = all(i.kind.is_licensing for i in items)
    pairs = [
        split_bases(i.decision_basis or (LICENCE_DECISION if i.kind.is_licensing else ""), i.basis)
        for i in items
    ]
    if licensing:
        return DecisionText(tr("准予许可决定书"), tr("本机关决定准予许可"), _all_bases(pairs), True)
    return DecisionText(tr("办结通知"), tr("已办理完毕"), _all_bases(pairs), False)

"""The demo's integrity records, training records, last month's improvement report and the
running survey (see ``demo/supervision.py``)."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from counter_app.demo.supervision_records import SUPERVISORS, Ctx
from counter_app.integrity.rules import Category, Repair, SubjectKind
from counter_app.supervision.rules.periods import period_of
from db.models import Applicant, Case
from db.models.integrity import IntegrityRecord
from db.models.supervision import (
    ImprovementAction,
    ImprovementReport,
    Survey,
    SurveyAnswer,
    TrainingRecord,
)


def integrity_records(ctx: Ctx) -> int:
    """In force for a seeded applicant (an organisation if there is one), expired, repaired,
    and an agency's record."""
    seeded = ctx.session.execute(
        select(Applicant.name, Applicant.id_number, Applicant.kind)
        .join(Case, Case.applicant_id == Applicant.id)
        .order_by(Applicant.kind.desc(), Case.number)
        .limit(1)
    ).first()
    org = ctx.people.organisation()
    subject = (seeded[0], seeded[1]) if seeded else (org.name, org.id_number)
    other, person, agency = (
        ctx.people.organisation(),
        ctx.people.person(),
        ctx.people.organisation(),
    )
    agency_name = agency.name.replace("有限公司", "").rstrip("公司") + "知识产权代理有限公司"
    t = ctx.today
    rows = (
        (
            SubjectKind.APPLICANT,
            *subject,
            Category.FALSE_MATERIALS,
            60,
            t + timedelta(days=300),
            Repair.NONE,
        ),
        (
            SubjectKind.APPLICANT,
            other.name,
            other.id_number,
            Category.BAD_FAITH_TRADEMARK,
            1100,
            t - timedelta(days=30),
            Repair.NONE,
        ),
        (
            SubjectKind.APPLICANT,
            person.name,
            person.id_number,
            Category.ABNORMAL_PATENT,
            200,
            t + timedelta(days=165),
            Repair.REPAIRED,
        ),
        (
            SubjectKind.AGENCY,
            agency_name,
            agency.id_number,
            Category.ILLEGAL_AGENCY,
            90,
            t + timedelta(days=275),
            Repair.APPLIED,
        ),
    )
    for number, (kind, name, code, category, ago, ends, repair) in enumerate(rows, start=1):
        decided = t - timedelta(days=ago)
        ctx.session.add(
            IntegrityRecord(
                subject_kind=kind.value,
                subject_name=name,
                subject_code=code,
                category=category.value,
                source_doc=f"连知罚〔{decided.year}〕{number * 7}号",
                authority="连云港市市场监督管理局",
                decision_date=decided,
                starts=decided,
                ends=ends,
                repair=repair.value,
                note="已提交信用修复申请" if repair is not Repair.NONE else "",
                entered_by=SUPERVISORS[0],
            )
        )
    return len(rows)


COURSES = (
    "知识产权政务服务事项办理规范",
    "窗口服务礼仪与沟通",
    "专利申请受理要点",
    "商标业务受理实务",
    "投诉处理与群众工作方法",
    "数据安全与个人信息保护",
)
PROVIDERS = ("连云港市知识产权局", "连云港市政务服务管理办公室", "江苏省知识产权培训中心")


def training(ctx: Ctx) -> int:
    written = 0
    for username in [*sorted(ctx.staff), *SUPERVISORS]:
        for course in ctx.rng.sample(COURSES, k=ctx.rng.randint(2, 3)):
            ctx.session.add(
                TrainingRecord(
                    staff=username,
                    held_on=ctx.back(ctx.rng.randint(5, 120)),
                    subject=course,
                    hours=float(ctx.rng.choice((2, 3, 4, 8))),
                    provider=ctx.rng.choice(PROVIDERS),
                    entered_by=SUPERVISORS[0],
                )
            )
            written += 1
    return written


ACTIONS = (
    ("高峰时段（9:00-11:00）增开 1 个弹性窗口，并在大厅安排引导员。", 8, True),
    ("对差评涉及的窗口人员开展服务礼仪专项培训。", 25, False),
    ("一次性告知单补充常见缺件示例，减少群众二次跑动。", -3, False),
)


def improvement_report(ctx: Ctx) -> int:
    """Last month's report with its analysis and three actions, the first one done."""
    period = period_of(ctx.today).previous()
    exists = select(ImprovementReport.id).where(ImprovementReport.period == period.key)
    if ctx.session.scalar(exists) is not None:
        return 0
    boss = SUPERVISORS[0]
    report = ImprovementReport(
        period=period.key,
        analysis="差评主要集中在上午高峰时段的等候时间和材料告知不够清楚；投诉中服务态度类占比较高。"
        "\n超期案件集中在专利权质押登记，原因是外部机关答复较慢，需加强跟踪。",
        author=boss,
    )
    ctx.session.add(report)
    ctx.session.flush()
    for text, days_after, done in ACTIONS:
        due = period.last + timedelta(days=days_after)
        action = ImprovementAction(report_id=report.id, text=text, owner=boss, due_date=due)
        ctx.session.add(action)
        ctx.session.flush()
        ctx.step("action", action.id, "open", boss, ctx.at(ctx.later(period.last, 0), 9), text)
        if done:
            action.state, action.done_by = "done", boss
            action.done_at = ctx.at(min(due, ctx.today), 16)
            action.result = "已于高峰时段增开 W05 弹性窗口，平均等候时间由 18 分钟降至 9 分钟。"
            ctx.step("action", action.id, "done", boss, action.done_at, action.result)
    return len(ACTIONS)


QUESTIONS = (
    {"text": "您对本次办事的整体感受？", "choices": ["非常满意", "满意", "一般", "不满意"]},
    {"text": "您本次办事跑了几次？", "choices": ["一次办成", "两次", "三次及以上"]},
    {
        "text": "您最希望我们改进哪方面？",
        "choices": ["等候时间", "材料告知", "服务态度", "环境设施"],
    },
)
SKEW = ((50, 30, 15, 5), (75, 20, 5), (40, 30, 10, 20))


def survey(ctx: Ctx) -> int:
    """A survey running since three weeks ago, answered now and then at the kiosk."""
    starts, ends = ctx.back(15), ctx.today + timedelta(days=30)
    overlap = select(Survey.id).where(Survey.active.is_(True), Survey.ends >= starts)
    if ctx.session.scalar(overlap) is not None:
        return 0
    quarter = period_of(ctx.today, quarterly=True)
    row = Survey(
        title=f"{quarter.label}群众满意度调查",
        questions=[dict(q) for q in QUESTIONS],
        starts=starts,
        ends=ends,
        active=True,
        created_by=SUPERVISORS[0],
    )
    ctx.session.add(row)
    ctx.session.flush()
    count = 0
    for ago in range(15, -1, -1):
        day = ctx.back(ago)
        for _ in range(ctx.rng.randint(0, 4)):
            answers = [ctx.rng.choices(range(len(w)), w)[0] for w in SKEW]
            source = "kiosk" if ctx.rng.random() < 0.8 else "screen"
            ctx.session.add(
                SurveyAnswer(
                    survey_id=row.id,
                    answers=answers,
                    source=source,
                    device="K01" if source == "kiosk" else "R03",
                    business_date=day,
                )
            )
            count += 1
    return count

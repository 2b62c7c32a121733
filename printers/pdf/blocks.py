"""Building blocks of the notices: heading, field table, list table, seal and signature."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TypeAlias
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer, Table, TableStyle

from printers.pdf.fonts import ensure_font
from printers.pdf.models import Applicant, Bases, Officer, PrintBase, ReviewRights
from printers.pdf.page import CopyMark
from printers.pdf.text import CJKParagraph, cn_date, markup, para, style

LABEL_BG = colors.Color(0.93, 0.93, 0.93)
GRID = colors.Color(0.35, 0.35, 0.35)
Cell: TypeAlias = "str | Flowable"


class Short(str):
    """A short value this package formatted itself (sequence number, time, amount) that fits
    its column: drawn as plain table text, which is much faster than a wrapped Paragraph."""

    __slots__ = ()


def heading(doc: PrintBase, title: str, copies: bool = False) -> list[Flowable]:
    """Office and hall name, the centred title, the number; with ``copies`` the frame writes
    which copy a page is (build_pdf's ``copies``) at the right end of the number's line."""
    hall = doc.hall
    number = f"编号：{doc.number}"
    mark: list[Flowable] = []
    if copies:
        size = style("number")
        mark = [CopyMark(size.fontSize, size.leading)]
    names = [para(hall.office_name, "heading")]
    if hall.hall_name.strip() and hall.hall_name.strip() != hall.office_name.strip():
        names.append(para(hall.hall_name, "number"))
    return [
        *names,
        Spacer(1, 2 * mm),
        para(title, "title"),
        para(number, "number"),
        *mark,
        Spacer(1, 3 * mm),
    ]


def _cell(value: Cell, style_name: str = "cell") -> Cell:
    if isinstance(value, Short):
        return str(value)
    return para(value, style_name) if isinstance(value, str) else value


def field_table(rows: Sequence[tuple[str, Cell]], width: float) -> Table:
    """Two-column table: shaded label on the left, wrapped value on the right."""
    label_width = 34 * mm
    data = [[para(label, "label"), _cell(value)] for label, value in rows]
    table = Table(data, colWidths=[label_width, width - label_width], splitByRow=True)
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), ensure_font()),  # else Helvetica is referenced
                ("GRID", (0, 0), (-1, -1), 0.6, GRID),
                ("BACKGROUND", (0, 0), (0, -1), LABEL_BG),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("TOPPADDING", (0, 0), (-1, -1), 2),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
            ]
        )
    )
    return table


def list_table(
    header: Sequence[str],
    rows: Sequence[Sequence[Cell]],
    widths: Sequence[float],
    aligns: Sequence[str] = (),
    footer: Sequence[Sequence[Cell]] = (),
) -> Table:
    """A table with a repeated header row, wrapped cells and optional total rows."""
    styles = [f"cell_{a}" if a in ("center", "right") else "cell" for a in aligns]
    styles += ["cell"] * (len(header) - len(styles))
    body = [[_cell(v, styles[i]) for i, v in enumerate(row)] for row in [*rows, *footer]]
    data = [[para(h, "label") for h in header], *body]
    table = Table(data, colWidths=list(widths), repeatRows=1, splitByRow=True)
    commands: list[tuple[object, ...]] = [
        ("FONTNAME", (0, 0), (-1, -1), ensure_font()),
        ("FONTSIZE", (0, 0), (-1, -1), 9.5),
        ("GRID", (0, 0), (-1, -1), 0.5, GRID),
        ("BACKGROUND", (0, 0), (-1, 0), LABEL_BG),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
    ]
    for column, align in enumerate(aligns):
        if align in ("center", "right"):
            commands.append(("ALIGN", (column, 1), (column, -1), align.upper()))
    if footer:
        commands.append(("BACKGROUND", (0, -len(footer)), (-1, -1), LABEL_BG))
    table.setStyle(TableStyle(commands))
    return table


def applicant_rows(applicant: Applicant) -> list[tuple[str, Cell]]:
    """Applicant name (with its code), contact person and phone."""
    name = applicant.name
    if applicant.id_number:
        name += f"\n{applicant.id_label}：{applicant.id_number}"
    contact = "　".join(v for v in (applicant.contact, applicant.phone) if v) or "—"
    return [("申请人", name), ("联系人及电话", contact)]


def numbered(lines: Sequence[str], style_name: str = "cell") -> Paragraph:
    """Items as one paragraph of numbered lines: 1. ... <br/> 2. ..."""
    text = "<br/>".join(f"{i}. {escape(line)}" for i, line in enumerate(lines, start=1))
    return markup(text or "—", style_name)


def section(title: str) -> Paragraph:
    return para(title, "section")


def rights_text(rights: ReviewRights, document: str = "本通知书") -> str:
    """The review and litigation sentence of a refusal; ``document`` is 本通知书 or, for a
    decision, 本决定书 (the time runs from receiving that paper)."""
    return (
        f"申请人如对本决定不服，可以自收到{document}之日起{rights.review_days}日内"
        f"向{rights.review_authority}申请行政复议，或者自收到{document}之日起"
        f"{rights.litigation_months}个月内向{rights.court}提起行政诉讼。"
    )


def basis_lines(value: Bases) -> tuple[str, ...]:
    """Each legal basis once, in order (a string is split at "；")."""
    parts = value.split("；") if isinstance(value, str) else value
    return tuple(dict.fromkeys(p.strip() for p in parts if p.strip()))


def basis_cell(value: Bases) -> Cell:
    """The 法律依据 cell: one basis a line, numbered when there are several."""
    lines = basis_lines(value)
    if len(lines) <= 1:
        return lines[0] if lines else "—"
    return numbered(lines)


def basis_phrase(value: Bases) -> str:
    """``根据《…》的规定，`` for the body text: the first basis (the article that governs the
    act), or nothing when there is none."""
    lines = basis_lines(value)
    return f"根据{lines[0]}的规定，" if lines else ""


def officer_row(officer: Officer, label: str = "经办人") -> tuple[str, Cell]:
    return (label, f"{officer.name}　　联系电话：{officer.phone}")


class SealArea(Flowable):  # type: ignore[misc]
    """Office name and date at the right under a dashed seal circle; optionally the
    signature lines of ``signer`` at the left."""

    def __init__(
        self, office: str, when: date, signer: str | None = None, diameter: float = 33 * mm
    ) -> None:
        super().__init__()
        self.office = office
        self.when = when
        self.signer = signer
        self.diameter = diameter

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.avail_width = avail_width
        return avail_width, self.diameter + 2 * mm

    def draw(self) -> None:
        radius = self.diameter / 2
        cx, cy = self.avail_width - radius - 14 * mm, radius + 1 * mm
        self._draw_circle(cx, cy, radius)
        canvas = self.canv
        canvas.setFont(ensure_font(), 10.5)
        # A long office name shifts left so it never leaves the frame.
        half = stringWidth(self.office, ensure_font(), 10.5) / 2
        tx = min(cx, self.avail_width - half)
        canvas.drawCentredString(tx, cy + 1 * mm, self.office)
        canvas.drawCentredString(tx, cy - 6 * mm, cn_date(self.when))
        if self.signer:
            canvas.setFont(ensure_font(), 10.5)
            canvas.drawString(0, cy + 2 * mm, f"{self.signer}（签字）：{'_' * 18}")
            canvas.drawString(0, cy - 7 * mm, "日期：　　　　年　　月　　日")

    def _draw_circle(self, cx: float, cy: float, radius: float) -> None:
        canvas = self.canv
        canvas.saveState()
        canvas.setStrokeColor(colors.Color(0.6, 0.6, 0.6))
        canvas.setDash(3, 2)
        canvas.circle(cx, cy, radius)
        canvas.setFillColor(colors.Color(0.55, 0.55, 0.55))
        canvas.setFont(ensure_font(), 8)
        canvas.drawCentredString(cx, cy + radius - 6 * mm, "（盖章）")
        canvas.restoreState()


def closing(office: str, when: date, signer: str | None) -> KeepTogether:
    """Seal area beside the (optional) signature lines, kept on one page."""
    return KeepTogether([Spacer(1, 2 * mm), SealArea(office, when, signer)])


def note(text: str) -> Paragraph:
    return CJKParagraph(escape(text), style("small"))


def sign_row(*who: str) -> Paragraph:
    """``A（签字）：_____　B（签字）：_____　日期：    年  月  日`` on one line."""
    lines = [f"{escape(name)}（签字）：{'_' * 16}" for name in who]
    return markup("　　".join([*lines, "日期：　　　　年　　月　　日"]), "body")

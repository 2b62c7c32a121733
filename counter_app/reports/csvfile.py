"""One view of a period as .csv for Excel: UTF-8 with a BOM, the same columns and numbers."""

from __future__ import annotations

import csv
from pathlib import Path

from counter_app.reports.rules.columns import columns_for, value
from counter_app.reports.rules.views import PeriodTable


def write_csv(path: Path, table: PeriodTable) -> None:
    columns = columns_for(table.by)
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        out = csv.writer(handle)
        out.writerow([table.by.label, *(c.header for c in columns)])
        for row in (*table.rows, table.total):
            out.writerow([row.label, *("" if (v := value(row, c)) is None else v for c in columns)])

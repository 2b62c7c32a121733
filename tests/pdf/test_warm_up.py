"""The PDF warm-up (issue 17): after it, the first real notice of a session parses no font and
imports no module; the background variant starts one daemon thread per process.

Each check runs in a fresh interpreter: in this one other tests have long registered the
font and imported reportlab's modules."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from counter_app.container import Services
from counter_app.core.roles import Actor
from printers import pdf

ROOT = Path(__file__).resolve().parents[2]

FIRST_RENDER = """
import json, sys
from reportlab.pdfbase import pdfmetrics, ttfonts
from printers import pdf
from printers.pdf.fonts import FONT
from tests.pdf import samples

before = FONT in pdfmetrics.getRegisteredFontNames()
WARM
registered = FONT in pdfmetrics.getRegisteredFontNames()
parsed = []
real_init = ttfonts.TTFontFile.__init__
def counting(self, *args, **kwargs):
    parsed.append(str(args[0]) if args else "")
    real_init(self, *args, **kwargs)
ttfonts.TTFontFile.__init__ = counting
modules = set(sys.modules)
data = pdf.render_supplement_notice(samples.SUPPLEMENT)
print(json.dumps({
    "before": before,
    "registered": registered,
    "parsed": parsed,
    "imported": sorted(set(sys.modules) - modules),
    "pdf": data[:5].decode(),
}))
"""


def first_render(warm: str) -> dict[str, object]:
    script = textwrap.dedent(FIRST_RENDER).replace("WARM", warm)
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, check=True
    )
    result: dict[str, object] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def test_after_warm_up_the_first_notice_parses_no_font_and_imports_nothing() -> None:
    warmed = first_render("pdf.warm_up()")
    assert warmed["before"] is False and warmed["registered"] is True
    assert warmed["parsed"] == [] and warmed["imported"] == []
    assert warmed["pdf"] == "%PDF-"


def test_without_it_the_first_notice_does_that_work_itself() -> None:
    cold = first_render("")  # the check above would catch a warm-up that does nothing
    assert cold["registered"] is False
    assert cold["parsed"] and cold["imported"]
    assert cold["pdf"] == "%PDF-"


def test_in_the_background_once_per_process() -> None:
    script = textwrap.dedent(
        """
        import json
        from reportlab.pdfbase import pdfmetrics
        from printers import pdf
        from printers.pdf.fonts import FONT
        first = pdf.warm_up_in_background()
        second = pdf.warm_up_in_background()
        first.join(60)
        print(json.dumps({
            "same": first is second,
            "daemon": first.daemon,
            "alive": first.is_alive(),
            "warmed": pdf.warmed_up(),
            "registered": FONT in pdfmetrics.getRegisteredFontNames(),
        }))
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, check=True
    )
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result == {
        "same": True,
        "daemon": True,
        "alive": False,
        "warmed": True,
        "registered": True,
    }


def test_in_the_background_nothing_again_once_warmed() -> None:
    """The counter warms up while its database opens; the login's background warm-up must
    not render another throwaway notice (it would hold the interpreter after the login)."""
    script = textwrap.dedent(
        """
        from printers import pdf
        from printers.pdf import warm
        pdf.warm_up()
        renders = []
        original = warm.render_acceptance_notice
        warm.render_acceptance_notice = lambda doc: renders.append(doc) or original(doc)
        pdf.warm_up_in_background().join(60)
        print(len(renders))
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert done.stdout.strip().splitlines()[-1] == "0"


def test_a_login_starts_it(
    services: Services, reception_user: Actor, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The worker's part of a login (ui/main_window.py) starts the warm-up, in a thread."""
    from ui.main_window import _prepare_workspace

    started: list[float] = []
    monkeypatch.setattr(pdf, "warm_up_in_background", lambda delay=0.0: started.append(delay))
    _prepare_workspace(services, reception_user)
    assert len(started) == 1

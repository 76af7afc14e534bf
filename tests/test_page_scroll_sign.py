"""A table wider than a phone scrolls in its own box, and the box shows that it does: a shadow
at the edge where more columns are hidden (at 390 px the last column of a three-column table
was cut, "Don't ·", with nothing to tell that the box scrolls; phones hide scroll bars). Once
scrolled to the end, the shadow is on the other edge."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import pandas as pd
from PIL import Image

from surveykit.report.html import Section, render_html
from tests.browser import PHONE, Browser


def _page(tmp_path: Path) -> Path:
    row = {"Spørsmål": "Det er lett å få hjelp", **{f"År {i}": "76,6 % [72,8; 80,1]" for i in range(4)}}
    blank = dict.fromkeys(row, "")   # a row with nothing in it: the box's edge there shows only its own sign
    table = Section("Andel enig", None, table=pd.DataFrame([row, blank, blank, row]), table_caption="Andel enig")
    path = tmp_path / "index.html"
    path.write_text(render_html("Rapport", [table], [], language="nb", date=dt.date(2024, 5, 1)), encoding="utf-8")
    return path


def _edges(tab, tmp_path: Path, name: str) -> tuple[float, float]:
    """The mean darkness (0 white .. 255 black) of a 3 px strip at the box's left and right edge, in
    the blank rows."""
    box = tab.eval("(() => { const r = document.querySelector('.scroll').getBoundingClientRect(); "
                   "const b = document.querySelectorAll('tbody tr')[1].getBoundingClientRect(); "
                   "const c = document.querySelectorAll('tbody tr')[2].getBoundingClientRect(); "
                   "return [r.left, r.right, b.top + 3, c.bottom - 3]; })()")
    image = np.asarray(Image.open(tab.screenshot(tmp_path / name, full_page=False)).convert("L"), dtype=float)
    left, right, top, bottom = (round(v) for v in box)
    rows = image[top:bottom]
    return 255 - rows[:, left + 1:left + 4].mean(), 255 - rows[:, right - 4:right - 1].mean()


def test_a_table_wider_than_a_phone_shows_that_it_scrolls(tmp_path):
    with Browser() as browser, browser.tab(_page(tmp_path), PHONE) as tab:
        assert tab.eval("(() => { const d = document.querySelector('.scroll'); return d.scrollWidth > d.clientWidth; })()")
        left, right = _edges(tab, tmp_path, "start.png")
        assert right > 8 and left < 4          # more to the right: a shadow there, none at the left (a row line)
        tab.eval("(() => { const d = document.querySelector('.scroll'); d.scrollLeft = d.scrollWidth; return 1; })()")
        left, right = _edges(tab, tmp_path, "end.png")
        assert left > 8 and right < 4          # scrolled to the end: the shadow has moved to the left

"""index.html: captions, links to the tables and the workbook, a reproducible date, the
accessible basics, and a layout that fits a phone (390 px) and a desktop (1280 px), checked in
headless Chromium."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
import shutil
import subprocess
from pathlib import Path

import pandas as pd
import pytest
from PIL import Image

from surveykit.errors import ConfigError
from surveykit.labels import LANGUAGES, text
from surveykit.report import build
from surveykit.report.html import Section, render_html, report_date, topbox_table
from tests.browser import DESKTOP, PHONE, assert_fits, measure
from tests.study_fixture import SURVEYKIT_SITES_YAML, write_mini_study

MINI_REPORT = """\
figures:
  - {id: likert_help, kind: likert, items: [help], by: [site_type, wave]}
  - {id: means_help, kind: means, items: [help, knows], by: [site_type, wave]}
tables:
  - {id: topbox_help, kind: topbox, items: [help], by: [site_type, wave]}
"""


def _wide_png(path: Path, width: int = 2400, height: int = 500) -> Path:
    Image.new("RGB", (width, height), (30, 120, 180)).save(path)
    return path


def _wide_table(columns: int = 10) -> pd.DataFrame:
    row = {"Spørsmål": "Det er lett å få hjelp når man trenger det"}
    row.update({f"Samlokalisert · År {i}": "76,6 % [72,8; 80,1]" for i in range(columns)})
    return pd.DataFrame([row, row])


def _page(tmp_path: Path, language: str = "nb") -> str:
    figure = Section("Opplevelse av stedet", _wide_png(tmp_path / "fig.png"), caption="Svarfordeling etter år",
                     tables=("tables/likert_by_site_type_with_a_long_name_that_does_not_break.csv",))
    table = Section("Andel enig", None, table=_wide_table(), table_caption="Andel enig etter år",
                    tables=("tables/topbox.csv",))
    return render_html("Rapport", [figure, table], [("Vekting", "Hver bølge er vektet.")], language=language,
                       banner="SYNTETISKE DATA", date=dt.date(2024, 5, 1),
                       tables=["tables/likert_by_site_type_with_a_long_name_that_does_not_break.csv",
                               "tables/topbox.csv"], workbook="tables.xlsx")


# --- the page's text -------------------------------------------------------------------------

@pytest.mark.parametrize("language", LANGUAGES)
def test_captions_links_and_date_in_every_language(tmp_path, language):
    page = _page(tmp_path, language)
    assert f'<html lang="{language}">' in page
    figure = text("figure", language)
    caption = re.search(r"<figcaption>(.*?)</figcaption>", page, re.S).group(1)
    assert caption.startswith(f'<span class="fignum">{figure} 1.</span> Svarfordeling etter år')
    assert f"{text('data_links', language)}: " in caption
    assert 'href="tables/likert_by_site_type_with_a_long_name_that_does_not_break.csv"' in caption
    assert page.index("<img") < page.index("<figcaption>")   # the caption is under the figure
    assert f'<time datetime="2024-05-01">{text("report_date", language, date="2024-05-01")}</time>' in page
    downloads = page[page.index('id="downloads"'):]
    assert text("downloads", language) in downloads and text("workbook", language) in downloads
    assert '<a href="tables.xlsx">tables.xlsx</a>' in downloads
    assert '<a href="tables/topbox.csv">topbox.csv</a>' in downloads
    assert text("method", language) in page
    assert text("downloads_intro", language) in downloads and text("csv_tables", language) in downloads
    if language != "en":   # translated, not English left in place
        for key in ("figure", "data_links", "downloads", "downloads_intro", "workbook", "csv_tables", "report_date"):
            assert text(key, language, date="x") != text(key, "en", date="x"), key


def test_accessible_basics(tmp_path):
    page = _page(tmp_path)
    alts = re.findall(r'<img alt="([^"]*)"', page)
    assert alts == ["Figur 1: Svarfordeling etter år"]
    assert 'width="2400" height="500"' in page  # the intrinsic size: no jump when the image decodes
    head = re.findall(r"<thead>(.*?)</thead>", page, re.S)[0]
    assert head.count('<th scope="col">') == 11 and "<td" not in head
    body = re.findall(r"<tbody>(.*?)</tbody>", page, re.S)[0]
    assert body.count('<th scope="row">') == 2 and body.count("<td>") == 20
    # each table sits in its own scroll box, reachable by keyboard and named by its caption
    box = re.search(r'<div class="scroll" role="region" tabindex="0" aria-labelledby="(t\d+)"><table>'
                    r'<caption id="(t\d+)">Andel enig etter år</caption>', page)
    assert box and box.group(1) == box.group(2)
    assert '<meta name="viewport" content="width=device-width,initial-scale=1">' in page


def test_topbox_table_interval_unchanged():
    f = pd.DataFrame({"site_type": ["co_located"], "variable": ["q"], "estimate": [0.623], "conf_low": [0.581],
                      "conf_high": [0.664], "suppressed": [False]})
    assert topbox_table(f, ["site_type"], "en").iloc[0, 1] == "62.3% [58.1, 66.4]"


# --- the date: the same for every build of the same inputs --------------------------------------

def test_report_date_from_source_date_epoch_or_the_newest_input(tmp_path):
    a, b = tmp_path / "a.csv", tmp_path / "config" / "b.yaml"
    b.parent.mkdir()
    a.write_text("x", encoding="utf-8")
    b.write_text("y", encoding="utf-8")
    os.utime(a, (0, dt.datetime(2023, 1, 20, 12, tzinfo=dt.UTC).timestamp()))
    os.utime(b, (0, dt.datetime(2024, 3, 1, 23, 30, tzinfo=dt.UTC).timestamp()))
    assert report_date([a, b.parent], {}) == dt.date(2024, 3, 1)     # folders are searched; UTC
    assert report_date([a, tmp_path / "missing.csv"], {}) == dt.date(2023, 1, 20)
    assert report_date([a, b], {"SOURCE_DATE_EPOCH": "1700000000"}) == dt.date(2023, 11, 14)
    with pytest.raises(ConfigError, match=r"SOURCE_DATE_EPOCH='yesterday' is not a whole number.*git log"):
        report_date([a], {"SOURCE_DATE_EPOCH": "yesterday"})
    with pytest.raises(ConfigError, match="cannot date the report: none of its input files exist"):
        report_date([tmp_path / "missing.csv"], {})


@pytest.fixture(scope="module")
def mini(tmp_path_factory):
    mp = pytest.MonkeyPatch()
    mp.setenv("SURVEYKIT_KEY", "k" * 16)
    mp.delenv("SOURCE_DATE_EPOCH", raising=False)
    root = write_mini_study(tmp_path_factory.mktemp("page"), **{"config/report.yaml": MINI_REPORT,
                                                               "surveykit.yaml": SURVEYKIT_SITES_YAML})
    stamp = dt.datetime(2023, 2, 3, 10, tzinfo=dt.UTC).timestamp()
    for path in [*root.rglob("*.yaml"), *root.rglob("*.csv")]:
        os.utime(path, (stamp, stamp))
    build(root, jobs=1)
    yield root
    mp.undo()


def test_built_page_is_dated_by_its_inputs_and_rebuilds_byte_identical(mini, monkeypatch):
    page = mini / "reports" / "index.html"
    first = page.read_bytes()
    assert b'<time datetime="2023-02-03">' in first
    build(mini, force=True, jobs=1)
    assert page.read_bytes() == first                     # same inputs, a later build: the same bytes
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1714521600")  # 2024-05-01 00:00 UTC
    build(mini, jobs=1)
    assert b'<time datetime="2024-05-01">' in page.read_bytes()
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    later = dt.datetime(2023, 9, 9, 9, tzinfo=dt.UTC).timestamp()
    os.utime(mini / "config" / "codebook.yaml", (later, later))   # an input changed: a new date
    build(mini, jobs=1)
    assert b'<time datetime="2023-09-09">' in page.read_bytes()
    stamp = dt.datetime(2023, 2, 3, 10, tzinfo=dt.UTC).timestamp()
    os.utime(mini / "config" / "codebook.yaml", (stamp, stamp))
    build(mini, jobs=1)
    assert hashlib.sha256(page.read_bytes()).digest() == hashlib.sha256(first).digest()


def test_built_page_links_every_table_and_the_workbook(mini):
    page = (mini / "reports" / "index.html").read_text(encoding="utf-8")
    csvs = sorted(p.name for p in (mini / "reports" / "tables").glob("*.csv"))
    assert csvs == ["likert_help.csv", "means_help.csv", "topbox_help.csv"]
    hrefs = re.findall(r'href="([^"]+)"', page)
    for name in csvs:
        assert f"tables/{name}" in hrefs and (mini / "reports" / "tables" / name).is_file()
    assert "tables.xlsx" in hrefs
    captions = re.findall(r"<figcaption>(.*?)</figcaption>", page, re.S)
    assert [c.split("</span>")[0] for c in captions] == ['<span class="fignum">Figur 1.', '<span class="fignum">Figur 2.']
    assert 'href="tables/likert_help.csv"' in captions[0] and 'href="tables/means_help.csv"' in captions[1]


# --- the layout, in a real browser ------------------------------------------------------------------

def test_the_layout_check_sees_an_overflowing_page(tmp_path):
    page = tmp_path / "wide.html"
    page.write_text('<!doctype html><html lang="nb"><meta name="viewport" content="width=device-width">'
                    "<body><table><tr>" + "<td>76,6&nbsp;%&nbsp;[72,8;&nbsp;80,1]</td>" * 8 + "</tr></table>",
                    encoding="utf-8")
    result = measure(page, (PHONE,))[PHONE]
    assert result["scroll_width"] > PHONE and result["overflowing"]


def test_page_fits_a_phone_and_a_desktop(tmp_path):
    path = tmp_path / "index.html"
    path.write_text(_page(tmp_path), encoding="utf-8")
    results = measure(path)
    for width in (PHONE, DESKTOP):
        assert_fits(results[width], width)
        assert results[width]["lang"] == "nb"
    phone = results[PHONE]
    assert phone["tables"][0]["scrolls"]                    # the wide table scrolls inside its box
    assert phone["images"][0]["width"] < 2400               # the figure is scaled down
    assert results[DESKTOP]["images"][0]["width"] <= 60 * 16   # the text column: 60rem


def test_built_page_fits_a_phone_and_a_desktop(mini):
    results = measure(mini / "reports" / "index.html")
    for width in (PHONE, DESKTOP):
        assert_fits(results[width], width)
    assert len(results[PHONE]["images"]) == 2 and len(results[PHONE]["tables"]) == 1


# the page names no font of its own (system-ui, ..., sans-serif): each machine draws it in its default
# font. This one makes that a wide one (DejaVu Sans Mono, about 1.5x DejaVu Sans), through fontconfig
# as another machine's configuration would
WIDE_FONT = """<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig>
  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>
  <match target="pattern"><test qual="any" name="family"><string>sans-serif</string></test>
    <edit name="family" mode="prepend" binding="strong"><string>DejaVu Sans Mono</string></edit></match>
  <match target="pattern"><test qual="any" name="family"><string>system-ui</string></test>
    <edit name="family" mode="prepend" binding="strong"><string>DejaVu Sans Mono</string></edit></match>
</fontconfig>
"""
# the widths of 'iiiiiiiiii' and 'mmmmmmmmmm' in the page's fonts: equal in a monospaced font
GLYPHS = """(() => { const c = document.createElement("canvas").getContext("2d");
  c.font = "16px " + getComputedStyle(document.body).fontFamily;
  return [c.measureText("iiiiiiiiii").width, c.measureText("mmmmmmmmmm").width]; })()"""


def test_built_page_fits_a_phone_in_a_wide_default_font(mini, tmp_path):
    if not Path("/etc/fonts/fonts.conf").is_file() or shutil.which("fc-list") is None \
            or "DejaVu Sans Mono" not in subprocess.run(["fc-list", ":", "family"], capture_output=True,
                                                        encoding="utf-8").stdout:
        pytest.skip("needs fontconfig and DejaVu Sans Mono to stand in for a wide default font")
    conf = tmp_path / "fonts.conf"
    conf.write_text(WIDE_FONT, encoding="utf-8")
    env = {"FONTCONFIG_FILE": str(conf)}
    page = mini / "reports" / "index.html"
    narrow, wide = measure(page, (PHONE,), GLYPHS)[PHONE], measure(page, (PHONE,), GLYPHS, env=env)[PHONE]
    assert narrow[0] < narrow[1] and wide[0] == wide[1]   # the page is drawn in the wide font
    results = measure(page, env=env)
    for width in (PHONE, DESKTOP):
        assert_fits(results[width], width)

"""End to end on the embedded synthetic study: raw exports -> processed data -> report.

The study is written fresh by `init --example` into a temporary folder and built once; the
assertions check row accounting against the generator's truth, the recovery of planted
effects, privacy of the outputs, and byte-identical rebuilds.
"""

from __future__ import annotations

import hashlib
import zipfile
from pathlib import Path

import pandas as pd
import pytest
import yaml

import surveykit as sk
from surveykit.report import build
from surveykit.scaffold import init_study

FIGURE_KINDS = ["likert_by_site_type", "means_by_site_type", "change_by_site_type", "did_help_ease",
                "heatmap_by_site", "weights", "services_aware", "adjusted_help_ease"]


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    root = tmp_path_factory.mktemp("demo")
    init_study(root, example=True)
    messages: list[str] = []
    outputs = build(root, progress=messages.append)
    truth = yaml.safe_load((root / "data" / "raw" / "truth.yaml").read_text(encoding="utf-8"))
    return root, outputs, truth, messages


def _digest(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file() and p.name != ".cache.json"}


def test_processed_files_and_row_accounting(built):
    root, _, truth, _ = built
    processed = root / "data" / "processed"
    quality = yaml.safe_load((processed / "quality.json").read_text(encoding="utf-8"))
    for wave in ("1", "2"):
        q, t = quality[wave], truth["junk"][wave]
        assert q["raw_rows"] == q["responses"] + q["rejected"] == t["raw_rows"]
        assert q["responses"] == t["responses"]
        assert q["reasons"] == {"test": t["test"], "duplicate": t["duplicate"], "incomplete": t["incomplete"]}
    stored = pd.read_parquet(processed / "responses.parquet")  # the answers as their codes
    assert str(stored["help_ease"].dtype) == "Int64" and set(stored["help_ease"].dropna()) == {1, 2, 3, 4, 5}
    responses = sk.read_responses(processed / "responses.parquet", language="nb")
    rejects = pd.read_csv(processed / "rejects.csv")
    assert len(responses) == 2400 and len(rejects) == 40
    assert isinstance(responses["help_ease"].dtype, pd.CategoricalDtype) and responses["help_ease"].cat.ordered
    assert responses["help_ease"].cat.categories[0] == "Helt uenig"


def test_every_figure_kind_written_as_png_and_svg(built):
    root, _, _, _ = built
    from PIL import Image

    for name in FIGURE_KINDS:
        png = root / "reports" / "figures" / f"{name}.png"
        assert png.exists() and (root / "reports" / "figures" / f"{name}.svg").exists()
        width, height = Image.open(png).size
        assert width >= 1300 and 500 <= height <= 4000, (name, width, height)
    assert (root / "reports" / "tables.xlsx").exists()
    page = (root / "reports" / "index.html").read_text(encoding="utf-8")
    assert "SYNTETISKE DATA" in page and "data:image/png;base64," in page
    assert "sammenblandet med kommune" in page  # the confounding caveat


def test_page_fits_a_phone_and_a_desktop(built):
    from tests.browser import DESKTOP, PHONE, assert_fits, measure

    results = measure(built[0] / "reports" / "index.html")
    for width in (PHONE, DESKTOP):
        assert_fits(results[width], width)
    assert len(results[PHONE]["images"]) == len(FIGURE_KINDS) + 1  # + likert_role
    assert all(box["scrolls"] for box in results[PHONE]["tables"])  # the key tables scroll in their boxes


def _table(root: Path, name: str) -> pd.DataFrame:
    return pd.read_csv(root / "reports" / "tables" / f"{name}.csv", dtype={"wave": str})


def test_colocated_higher_on_help_and_lower_on_discretion(built):
    root, _, truth, _ = built
    means = _table(root, "means_by_site_type").set_index(["variable", "site_type", "wave"])
    for wave in ("1", "2"):
        help_diff = means.loc[("help_ease", "co_located", wave), "estimate"] - means.loc[("help_ease", "separate", wave), "estimate"]
        true_diff = truth["population"]["items"]["help_ease"]["co_located_minus_separate"][wave]
        assert help_diff > 0.2 and abs(help_diff - true_diff) < 0.15
        disc = means.loc[("discretion", "co_located", wave), "estimate"] - means.loc[("discretion", "separate", wave), "estimate"]
        assert disc < 0


def test_difference_in_differences_recovers_the_switch(built):
    root, _, truth, _ = built
    did = _table(root, "did_help_ease_did").set_index("variable")
    true = truth["population"]["items"]["help_ease"]["did"]["switched_vs_always_separate"]
    assert did.loc["help_ease", "conf_low"] <= true <= did.loc["help_ease", "conf_high"]
    assert did.loc["help_ease", "conf_low"] > 0  # the planted +0.3 is detected
    assert did.loc["discretion", "conf_low"] < 0 < did.loc["discretion", "conf_high"] + 0.3


def test_weighting_moves_satisfaction_down_as_planted(built):
    root, _, truth, _ = built
    from surveykit import load_study
    from surveykit.estimate.means import mean
    from surveykit.report.items import analysis_design

    assert truth["planted_effects"]["satisfaction"]["weighted_minus_unweighted"] == "negative"
    study = load_study(root)
    cols = lambda d: analysis_design(study, d)  # noqa: E731
    weighted = mean(cols(study.design()), ["satisfaction__score"], by="wave").set_index("wave")["estimate"]
    unweighted = mean(cols(study.design(weighted=False)), ["satisfaction__score"], by="wave").set_index("wave")["estimate"]
    assert (weighted < unweighted).all()
    # young men are under-represented: their mean weight is well above the average weight
    w = study.design().weights
    young_men = (study.responses["gender"] == "Mann") & (study.responses["age_group"] == "20-29")
    ratio = w[young_men.to_numpy()].mean() / w.mean()
    assert 1.5 < ratio < 2.6


def _all_text(folder: Path) -> str:
    parts = []
    for path in folder.rglob("*"):
        if not path.is_file():
            continue
        if path.suffix in (".csv", ".json", ".html", ".svg", ".md"):
            parts.append(path.read_text(encoding="utf-8", errors="replace"))
        elif path.suffix == ".xlsx":
            with zipfile.ZipFile(path) as z:
                parts.extend(z.read(n).decode("utf-8", "replace") for n in z.namelist())
        elif path.suffix == ".parquet":
            parts.append(pd.read_parquet(path).astype(str).to_csv())
    return "\n".join(parts)


def test_planted_identifiers_appear_nowhere(built):
    root, _, truth, _ = built
    text = _all_text(root / "data" / "processed") + _all_text(root / "reports")
    planted = truth["planted_identifiers"]
    assert len(planted) >= 10
    for item in planted:
        value = str(item["value"])
        assert value not in text, item
        assert value.replace(" ", "") not in text.replace(" ", "") or item["kind"] == "name", item
    raw_ids = [i for ids in truth["junk_ids"]["1"].values() for i in ids]
    responses = pd.read_parquet(root / "data" / "processed" / "responses.parquet")
    assert not responses["respondent_id"].isin(raw_ids).any()


def test_rebuild_is_byte_identical_and_cached(built, tmp_path):
    root, _, _, _ = built
    before = _digest(root / "reports") | _digest(root / "data" / "processed")
    messages: list[str] = []
    build(root, progress=messages.append)
    assert sum("unchanged, kept" in m for m in messages) == len(FIGURE_KINDS) + 1  # + likert_role
    # everything redrawn, in this process instead of the worker processes: the same bytes
    build(root, force=True, jobs=1)
    assert _digest(root / "reports") | _digest(root / "data" / "processed") == before

"""A KoboToolbox export re-saved by Excel (a tester's Libya MSNA 2018): `device_id` held IMEIs as
Excel writes them (3.52405E+14) beside Android ids ('b6c14be8440fde51') and was drafted a numeric
question whose mean, 4.29e14, was published; `enumerator_id` was a question too. ODK's and Kobo's
`start`/`end` stamps, '2018-07-23T17:56:41.712+02' (ISO 8601 with an offset of hours alone), were
'kept as text: not_a_date'. Now the device and the interviewer are left out as personal data with
the reason, and the stamps are dates."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import yaml

from surveykit import cli
from surveykit.clean.coding import parse_dates
from surveykit.scaffold.personal import DEVICE_REASON, INTERVIEWER_REASON, device_or_interviewer


def test_iso_stamps_with_an_offset_of_hours_alone_are_dates():
    parsed, used = parse_dates(pd.Series(["2018-07-23T17:56:41.712+02", "2018-07-26T12:55:25.109-05",
                                          "2018-07-23T19:28:21+02:00", None]))
    assert parsed.dt.strftime("%Y-%m-%d %H:%M:%S").tolist()[:3] == [
        "2018-07-23 17:56:41", "2018-07-26 12:55:25", "2018-07-23 19:28:21"]
    assert used == {"2023-01-20 13:45:00": 3}


def test_device_and_interviewer_columns_by_header_or_answers():
    assert device_or_interviewer(pd.Series([1, 2]), "deviceid") == DEVICE_REASON
    assert device_or_interviewer(pd.Series(["x"]), "IMEI") == DEVICE_REASON
    assert device_or_interviewer(pd.Series(["Kari"]), "Interviewer") == INTERVIEWER_REASON
    assert device_or_interviewer(pd.Series(["352405000000000", "3.56319E+14", "869958031234567"]), "telefon") \
        == DEVICE_REASON
    assert device_or_interviewer(pd.Series(["Yes", "No"]), "Was the interviewer polite?") is None
    assert device_or_interviewer(pd.Series([3, 5, 12]), "How many devices do you own?") is None


def _kobo(path: Path, n: int = 40) -> Path:
    days = pd.date_range("2018-07-23 08:00", periods=n, freq="37min")
    pd.DataFrame({
        "start": [f"{d:%Y-%m-%dT%H:%M:%S}.{i:03d}+02" for i, d in enumerate(days)],
        "end": [f"{d + pd.Timedelta(minutes=25):%Y-%m-%dT%H:%M:%S}.{i:03d}+02" for i, d in enumerate(days)],
        "today": [f"{d:%Y-%m-%d}" for d in days],
        "device_id": [["3.52405E+14", "3.56319E+14", "b6c14be8440fde51", "3.57063E+14"][i % 4] for i in range(n)],
        "enumerator_id": [f"bass_{i % 6:02d}" for i in range(n)],
        "nb_ind_hh": [(i * 7) % 9 + 1 for i in range(n)],
        "displacement_status": [["Non-displaced", "IDP", "Returnee"][i % 3] for i in range(n)],
        "_id": range(1000, 1000 + n),
        "_uuid": [f"5a7c1d2e-0000-4000-8000-{i:012d}" for i in range(n)],
        "_submission_time": [f"{d:%Y-%m-%dT%H:%M:%S}" for d in days],
        "_index": range(1, n + 1),
    }).to_csv(path, index=False)
    return path


def test_a_kobo_export_drafts_no_device_or_interviewer_and_its_stamps_as_dates(tmp_path):
    root = tmp_path / "study"
    assert cli.main(["-q", "init", str(root)]) == 0
    path = _kobo(root / "data" / "raw" / "msna.csv")
    assert cli.main(["-q", "codebook", "draft", str(path), "-o", str(root / "config" / "codebook.yaml")]) == 0
    text = (root / "config" / "codebook.yaml").read_text(encoding="utf-8")
    cb = yaml.safe_load(text)
    columns = {s.get("column") for v in cb["variables"] for s in v["sources"].values()}
    assert "device_id" not in columns and "enumerator_id" not in columns
    assert f"'device_id' holds {DEVICE_REASON}" in text
    assert f"'enumerator_id' holds {INTERVIEWER_REASON}" in text
    stamps = [v for v in cb["variables"] if v["sources"]["1"].get("column") in ("start", "end")]
    assert len(stamps) == 2 and {v["type"] for v in stamps} == {"date"}
    assert "not_a_date" not in text
    assert "no time stamps" not in text   # the field date is the answers' own
    assert cli.main(["-q", "validate", "--study", str(root)]) == 0

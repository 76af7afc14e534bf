"""The mess a real export carries: test interviews, duplicated rows, broken-off interviews.

:func:`file_rows` turns a clean wave plus its extra respondents into the rows of the export,
in file order, with ``file_status`` (1 Fullført, 2 Avbrutt), ``interviewer`` and ``junk``
(``""`` for real interviews, else ``test`` / ``duplicate`` / ``abandoned`` / ``missing_core``).

Example:
    >>> from surveykit.synth.generate import generate_wave
    >>> clean, extra = generate_wave(1, "1", 60)
    >>> rows = file_rows(np.random.default_rng(0), "1", clean, extra)
    >>> sorted(rows["junk"].value_counts().items())
    [('', 120), ('abandoned', 1), ('duplicate', 1), ('missing_core', 1), ('test', 1)]
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from surveykit.synth.generate import junk_counts

__all__ = ["INTERVIEW_ORDER", "TEST_NAME", "file_rows"]

TEST_NAME = "Test Testesen"

# The order questions are asked in (CATI): a broken-off interview has answers up to a point.
INTERVIEW_ORDER: tuple[str, ...] = (
    "site", "recency", "knows_colocation", "welcome", "help_ease", "municipal_access", "digital_help",
    "discretion", "independent_place", "colocation_challenges_independence", "shared_desk_trust",
    "better_town", "satisfaction", "services_aware", "gender", "age", "education", "comment",
)


def _test_ids(wave: str, k: int) -> list[str]:
    if wave == "1":
        return [("test" if i % 3 == 2 else "TEST") + f"{i + 1:02d}" for i in range(k)]
    return [f"TEST-{chr(65 + i % 26)}{i // 26 or ''}" for i in range(k)]


def file_rows(rng: np.random.Generator, wave: str, clean: pd.DataFrame, extra: pd.DataFrame) -> pd.DataFrame:
    """All rows of one wave's export in file order (see module docstring)."""
    n = len(clean) // 2
    junk = junk_counts(wave, n)
    interviewers = np.array([f"INT{i:02d}" for i in range(1, 19)], dtype=object)
    base = pd.concat([clean.assign(junk=""), extra.assign(junk="")], ignore_index=True)
    base["file_status"] = 1
    base["interviewer"] = interviewers[rng.integers(0, len(interviewers), len(base))]
    # broken-off and "Fullført without age" rows come from the extra respondents
    ex = np.arange(len(clean), len(base))
    ab, mc = ex[: junk["abandoned"]], ex[junk["abandoned"]:]
    base.loc[ab, "junk"] = "abandoned"
    base.loc[ab, "file_status"] = 2
    base.loc[mc, "junk"] = "missing_core"
    base.loc[mc, "age"] = np.nan
    stop = INTERVIEW_ORDER.index("gender")
    cuts = rng.integers(1, stop + 1, len(ab))  # asked up to (not including) question cut
    for cut in np.unique(cuts):  # a handful of distinct cut points, not a loop per respondent
        rows = ab[cuts == cut]
        for q in INTERVIEW_ORDER[cut:]:
            cols = [c for c in base.columns if c == q or c.startswith(q + "__")]
            for c in cols:
                base[c] = base[c].astype(object) if base[c].dtype == bool else base[c]
                base.loc[rows, c] = None
        base.loc[rows, "comment"] = None
    id_num = base["respondent_id"].str.replace("-", "").astype("int64")
    base = base.iloc[np.argsort(id_num.to_numpy(), kind="stable")].reset_index(drop=True)
    key = np.arange(len(base), dtype=float)
    # duplicates: exact copies of real interviews, somewhere after the original
    real = np.flatnonzero(base["junk"].eq("").to_numpy())
    orig = np.sort(rng.choice(real, junk["duplicate"], replace=False))
    dups = base.iloc[orig].copy()
    dups["junk"] = "duplicate"
    dup_key = orig + 0.5 + np.floor(rng.random(len(orig)) * (len(base) - orig))
    # test interviews: copies of real answers with a TEST id, at the start and in the middle
    tests = base.iloc[rng.choice(real, junk["test"], replace=False)].copy()
    tests["respondent_id"] = _test_ids(wave, junk["test"])
    tests["interviewer"] = TEST_NAME
    tests["comment"] = f"Testintervju - {TEST_NAME}"
    tests["junk"] = "test"
    test_key = np.where(np.arange(len(tests)) % 2 == 0, -1.0 + np.arange(len(tests)) * 1e-3, len(base) / 2 + 0.25)
    out = pd.concat([base, dups, tests], ignore_index=True)
    order = np.argsort(np.concatenate([key, dup_key, test_key]), kind="stable")
    return out.iloc[order].reset_index(drop=True)

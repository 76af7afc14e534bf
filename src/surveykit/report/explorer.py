"""reports/explorer.html: one self-contained page in which a reader picks a question, a breakdown
and a wave and sees the (weighted) distribution or mean with its CI, n and suppression.

The page holds only the build's published tables of an ``explorer`` entry (its kind:
:mod:`surveykit.report.figures.explorer`), as the CSV files hold them after suppression
(:func:`surveykit.report.disclosure.protect`): no estimation happens in the browser and no
answer of any one respondent is in the page. Everything is inlined (styles, script, data as
compact JSON: shares in tenths of a percent, means in hundredths, as integers), a Content
Security Policy forbids every network request, and the page opens from a USB stick.
Accessibility: labelled native controls (keyboard), an ``aria-live`` status that says what is
shown, a table with caption and header cells, bars only beside the numbers (colour-blind-safe
palettes), the study's language. On a phone the bars give way, the mean follows n, and a table
wider than the screen says so (a hint over it, a fade at its edge). A link (``#q=…&b=…&w=…``)
opens its view, also one followed or changed after the page opened (Back, a link in the page).

Example:
    >>> paths, skipped = write_explorers(recipe, results, tables, study, p, Path("reports"))  # doctest: +SKIP
"""

from __future__ import annotations

import html
import json
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from surveykit.labels import MISSING
from surveykit.outputs import atomic_path
from surveykit.presentation import Presentation
from surveykit.report.figures.explorer import WAVE, ExplorerResult, Question
from surveykit.report.spec import Recipe

__all__ = ["SHARE_UNIT", "VALUE_UNIT", "WEIGHTINGS", "explorer_data", "page_name", "render_explorer", "write_explorers"]

SHARE_UNIT = 1000   # shares are held as integers in tenths of a percent (0.1234 -> 123)
VALUE_UNIT = 100    # means as integers in hundredths (3.456 -> 346)
_LEVEL = 95
_DK_COLOUR = "#7f7f7f"


def page_name(index: int, spec_id: str) -> str:
    """The first explorer of a recipe is ``explorer.html``, any further one ``explorer_<id>.html``."""
    return "explorer.html" if index == 0 else f"explorer_{spec_id}.html"


def _int(x: Any, unit: int) -> int | None:
    if x is None or (not isinstance(x, str) and pd.isna(x)):
        return None
    return round(float(x) * unit)


def _colours(q: Question) -> list[str]:
    from surveykit.plots.theme import OKABE_ITO, likert_colors

    k = len(q.levels)
    if q.kind != "scale" and not (q.kind == "single" and q.ordered):   # an ordered yes/no: as the likert figure
        return [OKABE_ITO[i % len(OKABE_ITO)] for i in range(k)]
    if k <= 8:
        return likert_colors(k // 2, k % 2 == 1, k // 2)
    ends = [np.array([0xB3, 0x58, 0x06]), np.array([0xF7, 0xF7, 0xF7]), np.array([0x21, 0x66, 0xAC])]
    out = []
    for i in range(k):   # a longer scale (0-10): the same diverging ramp, interpolated
        t = 2 * i / (k - 1)
        a, b = (ends[0], ends[1]) if t <= 1 else (ends[1], ends[2])
        c = a + (b - a) * (t if t <= 1 else t - 1)
        out.append("#" + "".join(f"{round(v):02x}" for v in c))
    return out


def _groups(frame: pd.DataFrame, column: str) -> list:
    if column not in frame or not len(frame):
        return []
    s = frame[column]
    if isinstance(s.dtype, pd.CategoricalDtype):
        present = set(s.dropna())
        return [v for v in s.cat.categories if v in present]
    return list(dict.fromkeys(s.dropna()))


def _rows(frame: pd.DataFrame, q: Question, column: str, groups: list, waves: list[str]) -> list[list]:
    """One list per (group, wave) of ``q``: [g, w, n, shares×3·k, (dk n, dk×3), (mean×3)].
    A multi question's options are the results' variables ``<id>__<key>``."""
    options = {f"{q.id}__{key}": key for key in q.levels} if q.kind == "multi" else {}
    variable = frame["variable"].astype(str) if len(frame) else pd.Series(dtype=str)
    part = frame[variable.isin(options)] if options else frame[variable == q.id]
    if not len(part):
        return []
    g_index = {v: i for i, v in enumerate(groups)}
    w_index = {w: i for i, w in enumerate(waves)}
    levels = {lv: i for i, lv in enumerate(q.levels)}
    # the columns as arrays, a row by its position (a record per row was most of the page's build
    # time at 200 sites x 50 questions x 3 waves)
    col = {c: part[c].to_numpy(object) for c in ("level", "n", "estimate", "conf_low", "conf_high")}
    names = part["variable"].astype(str).to_numpy(object)
    wave_of = part[WAVE].astype(str).to_numpy(object)
    group_of = part[column].to_numpy(object) if column else None
    cells: dict[tuple[int, int], dict] = {}
    for r in range(len(part)):
        g = g_index.get(group_of[r]) if column else 0
        w = w_index.get(wave_of[r])
        if g is None or w is None:
            continue
        cell = cells.setdefault((g, w), {})
        level = options[names[r]] if options else col["level"][r]
        missing_level = level is None or (not isinstance(level, str) and pd.isna(level))
        if missing_level:
            cell["mean"] = r
        elif q.dont_know is not None and level == q.dont_know and level not in levels:
            cell["dk"] = r
        elif level in levels:
            cell[levels[level]] = r

    def numbers(r: int | None, unit: int) -> list:
        return [None if r is None else _int(col[c][r], unit) for c in ("estimate", "conf_low", "conf_high")]

    out = []
    for (g, w), cell in sorted(cells.items(), key=lambda kv: (kv[0][1], kv[0][0])):
        first = next((cell[i] for i in range(len(q.levels)) if i in cell), cell.get("mean"))
        row: list = [g, w, _int(col["n"][first], 1) if first is not None else None]
        for i in range(len(q.levels)):
            row += numbers(cell.get(i), SHARE_UNIT)
        if q.dont_know is not None:
            dk = cell.get("dk")
            row += [_int(col["n"][dk], 1) if dk is not None else None, *numbers(dk, SHARE_UNIT)]
        if q.mean:
            row += numbers(cell.get("mean"), VALUE_UNIT)
        out.append(row)
    return out


def _footer_parts(footer: str) -> list[str | None]:
    """A footer ("Source: … · 2024 · n = 575 · Synthetic data") as its parts, its n as None: the
    page puts the n of the rows it shows there (none: the part is left out)."""
    parts: list[str | None] = [None if part.startswith("n = ") else part for part in footer.split(" · ") if part]
    return parts


def _suppressed_note(p: Presentation) -> str:
    """ "– Suppressed (fewer than 10 responses, or to protect such a group)"."""
    return f"{MISSING}  {p.suppressed_text()}"


def explorer_data(result: ExplorerResult, published: Mapping[str, pd.DataFrame], p: Presentation,
                  footers: Mapping[str, str] | None = None) -> dict:
    """The page's data: questions, breakdowns, waves and, per breakdown and question, the rows
    of the published tables (``published``: part -> table, "" all answers). ``footers``: the
    footer of each wave (its label and n), shown under the table while one wave is shown;
    ``p.footer`` while every wave is."""
    waves = list(result.waves)
    questions = [{"id": q.id, "label": p.name(q.id), "kind": q.kind,
                  "levels": [p.name(f"{q.id}__{v}") if q.kind == "multi" else p.value(q.id, v)
                             for v in q.levels], "colours": _colours(q),
                  "dk": p.value(q.id, q.dont_know) if q.dont_know is not None else None, "mean": q.mean,
                  # the waves (indices) that did not ask it: a row there rests on no answer, "not asked"
                  "na": [i for i, w in enumerate(waves) if (q.id, str(w)) in p.not_asked]}
                 for q in result.questions]
    for q in questions:   # asked in other words, or on other levels, in another wave: said with the footer (_WORDING_JS)
        q.update({"wording": " ".join(notes)} if (notes := p.wave_notes([q["id"]], waves)) else {})
    breakdowns, data = [], []
    for column in ["", *result.breakdowns]:
        frame = published.get(column, pd.DataFrame())
        groups = _groups(frame, column) if column else ["__all"]
        labels = [p.value(column, g) for g in groups] if column else [p.text("explorer_none")]
        breakdown = {"id": column, "label": p.name(column) if column else p.text("explorer_none"), "groups": labels}
        if column in p.wave_values:   # a group's label in each wave (a site renamed between waves)
            by_wave = [[p.value_in(column, g, w) for g in groups] for w in waves]
            if any(shown != labels for shown in by_wave):
                breakdown["wave_groups"] = by_wave
        breakdowns.append(breakdown)
        data.append([_rows(frame, q, column, groups, waves) for q in result.questions])
    if len(waves) > 1:   # the waves side by side: the rows of all answers, every wave
        breakdowns.append({"id": WAVE, "label": p.name(WAVE), "groups": [p.text("explorer_none")], "waves": True})
        data.append(data[0])
    texts = {key: p.text(key) for key in ("question", "explorer_breakdown", "wave", "explorer_show_ci",
                                          "explorer_download", "explorer_showing", "explorer_row", "explorer_rows",
                                          "explorer_no_data", "explorer_group", "explorer_multi", "mean",
                                          "total")}
    texts["n"] = "n"
    texts["ci"] = p.text("ci_short")
    texts["low"] = p.text("column_conf_low", level=_LEVEL)
    texts["high"] = p.text("column_conf_high", level=_LEVEL)
    texts["suppressed"] = p.text("suppressed_short")
    # what "–" means, with its threshold (the page stands alone: no method notes beside it to say
    # what "Suppressed (privacy)" is): under the table, the CSV download's last line, and the
    # status line of a view where every number is hidden
    texts["suppressed_note"] = _suppressed_note(p)
    texts["explorer_all_hidden"] = p.text("explorer_all_hidden")
    for key in ("not_asked", "no_answers", "not_asked_note", "no_answers_note"):
        texts[key] = p.text(key)
    # the n of the footer is that of the rows shown (as a figure's footer gives the n of its estimates:
    # "n = 538", "n = 68–135 per estimate"), filled in by the page; not the wave's respondents
    texts["n_label"] = p.text("n_label", n="{n}")
    texts["n_range_label"] = p.text("n_range_label", low="{low}", high="{high}")
    return {"lang": p.language, "t": texts, "waves": [p.value(WAVE, w) for w in waves], "wave_ids": waves,
            "footer": _footer_parts(p.footer), "footers": [_footer_parts((footers or {}).get(w, p.footer)) for w in waves],
            "q": questions, "b": breakdowns, "d": data, "dk_colour": _DK_COLOUR,
            "units": {"share": SHARE_UNIT, "value": VALUE_UNIT}}


_CSS = """
*,*::before,*::after{box-sizing:border-box}
[hidden]{display:none!important}
html{-webkit-text-size-adjust:100%;text-size-adjust:100%}
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;max-width:72rem;margin:1.5rem auto;padding:0 1rem;
color:#1a1a1a;background:#fff;line-height:1.5;overflow-wrap:break-word}
h1{font-size:1.5rem;line-height:1.25;margin:.2rem 0 .5rem}
p,li,caption,h1{overflow-wrap:anywhere}
.banner{background:#fff3cd;border:1px solid #8a6d00;padding:.5rem 1rem;border-radius:4px}
form{display:flex;flex-wrap:wrap;gap:.75rem 1.25rem;align-items:flex-end;margin:1rem 0;padding:.75rem;
background:#f4f6f8;border-radius:6px}
.field{display:flex;flex-direction:column;min-width:0;flex:1 1 14rem;max-width:100%}
.field label{font-weight:600;font-size:.9rem}
.check{flex-direction:row;align-items:center;gap:.4rem;flex:0 1 auto}
.check label{font-weight:normal}
select,button,input{font:inherit;color:#1a1a1a}
select{width:100%;max-width:100%;padding:.35rem;border:1px solid #555;border-radius:4px;background:#fff}
input[type=checkbox]{width:1.2rem;height:1.2rem}
button{padding:.4rem .8rem;border:1px solid #005a8c;background:#005a8c;color:#fff;border-radius:4px;cursor:pointer}
select:focus-visible,button:focus-visible,input:focus-visible,.scroll:focus-visible{outline:3px solid #b35806;outline-offset:2px}
#status{font-weight:600;margin:.5rem 0}
.legend{display:flex;flex-wrap:wrap;gap:.3rem 1rem;font-size:.85rem;margin:.3rem 0;padding:0;list-style:none}
.legend li{display:flex;align-items:center;gap:.35rem}
.sw{display:inline-block;width:.9rem;height:.9rem;border:1px solid #555}
.wrap{position:relative;margin:.5rem 0}
.scroll{max-width:100%;overflow-x:auto}
.wrap.more::after{content:"";position:absolute;top:var(--cap,0);right:0;bottom:0;width:2.5rem;pointer-events:none;
background:linear-gradient(to right,rgba(255,255,255,0),rgba(0,0,0,.22))}
.hint{font-size:.85rem;font-weight:600;color:#005a8c;margin:.3rem 0 0}
table{border-collapse:collapse;font-size:.85rem}
caption{caption-side:top;text-align:left;font-weight:600;padding:.3rem 0;position:sticky;left:0;
max-width:min(calc(100vw - 2rem),70rem)}
th,td{padding:.25rem .5rem;border-bottom:1px solid #e3e3e3;text-align:right;white-space:nowrap;vertical-align:middle}
thead th{background:#f0f0f0;vertical-align:bottom;white-space:normal;min-width:4.5rem}
tbody th{text-align:left;font-weight:normal;white-space:normal;min-width:8rem;max-width:16rem}
.bar{display:flex;width:10rem;height:.9rem;border:1px solid #999;background:#fff}
.bar span{display:block;height:100%}
.bars{width:10rem}
.bars span{display:block;height:.3rem;margin:.1rem 0;min-width:1px}
.dot{position:relative;width:10rem;height:.9rem;border-bottom:1px solid #999}
.dot .ci{position:absolute;top:.4rem;height:2px;background:#0072B2}
.dot .pt{position:absolute;top:.15rem;width:.6rem;height:.6rem;margin-left:-.3rem;border-radius:50%;background:#0072B2}
td.sup{color:#555}
td.na{color:#555;font-style:italic}
thead th:first-child{text-align:left}
tbody th,thead th:first-child{position:sticky;left:0;z-index:1;box-shadow:1px 0 0 #c8c8c8}
tbody th{background:#fff}
@media (max-width:40rem){.vis{display:none}body{margin-top:1rem}tbody th{min-width:6rem;max-width:9rem}}
.note{color:#333;font-size:.85rem}
"""

_JS = r"""
(function () {
  "use strict";
  var D = JSON.parse(document.getElementById("sk-data").textContent);
  var T = D.t, COMMA = D.lang !== "en", SU = D.units.share, VU = D.units.value, DASH = "\u2013";
  var $ = function (id) { return document.getElementById(id); };
  var qSel = $("q"), bSel = $("b"), wSel = $("w"), ciBox = $("ci");
  function num(v, dec) {
    if (v === null || v === undefined) return DASH;
    var s = Math.abs(v).toFixed(dec), neg = v < 0 && /[1-9]/.test(s);
    var parts = s.split("."), whole = parts[0].replace(/\B(?=(\d{3})+(?!\d))/g, COMMA ? "\u00a0" : ",");
    var body = whole + (parts.length > 1 ? (COMMA ? "," : ".") + parts[1] : "");
    return neg ? "\u2212" + body : body;
  }
  function pct(i) { return i === null ? DASH : num(i / SU * 100, 1) + (COMMA ? "\u00a0%" : "%"); }
  function val(i) { return i === null ? DASH : num(i / VU, 2); }
  function interval(lo, hi, f) {
    if (lo === null || hi === null) return "";
    return "[" + f(lo) + (COMMA ? "; " : ", ") + f(hi) + "]";
  }
  function pctNum(i) { return num(i / SU * 100, 1); }
  function option(sel, value, label) {
    var o = document.createElement("option"); o.value = value; o.textContent = label; sel.appendChild(o);
  }
  D.q.forEach(function (q, i) { option(qSel, i, q.label); });
  D.b.forEach(function (b, i) { option(bSel, i, b.label); });
  D.waves.forEach(function (w, i) { option(wSel, i, w); });
  if (D.waves.length < 2) $("wave-field").hidden = true;
  // the view of the link (#q=…&b=…&w=…): what it does not name, the first question, all answers, the last
  // wave that asked the question
  function fromHash() {
    var h = {};
    qSel.value = "0"; bSel.value = "0"; wSel.value = String(Math.max(D.waves.length - 1, 0)); (location.hash || "").replace(/^#/, "").split("&").forEach(function (kv) {
      var p = kv.split("=");
      try { if (p[0]) h[decodeURIComponent(p[0])] = decodeURIComponent(p[1] || ""); }
      catch (e) { /* a malformed link (a stray %): that part is ignored, the page shows its default view */ }
    });
    D.q.forEach(function (q, i) { if (q.id === h.q) qSel.value = String(i); });
    D.b.forEach(function (b, i) { if (b.id === h.b) bSel.value = String(i); });
    var named = false;
    D.wave_ids.forEach(function (w, i) { if (w === h.w) { wSel.value = String(i); named = true; } });
    // no wave named: the last wave that asked the question shown (a page opening on a question the
    // last wave did not ask showed "not asked" in every row)
    var na = D.q[+qSel.value].na || [];
    for (var i = D.waves.length - 1; !named && i >= 0; i--) {
      if (na.indexOf(i) < 0) { wSel.value = String(i); named = true; }
    }
  }
  function toHash(q, b, w) {
    try { history.replaceState(null, "", "#q=" + encodeURIComponent(q.id) + "&b=" + encodeURIComponent(b.id) +
                              "&w=" + encodeURIComponent(D.wave_ids[w] || "")); } catch (e) { /* a file without history */ }
  }
  // what is shown, as rows of cells: the table and the CSV are both made from it
  function view() {
    var qi = +qSel.value, bi = +bSel.value, wi = +wSel.value, q = D.q[qi], b = D.b[bi];
    var k = q.levels.length, hasDk = q.dk !== null, all = !!b.waves;
    var rows = (D.d[bi][qi] || []).filter(function (r) { return all || D.waves.length < 2 || r[1] === wi; });
    var cols = [{label: all ? T.wave : (b.id ? b.label : T.explorer_group), key: "group"}, {label: T.n, key: "n"}];
    for (var j = 0; j < k; j++) cols.push({label: q.levels[j], key: "s" + j, share: true});
    if (hasDk) cols.push({label: q.dk, key: "dk", share: true});
    if (q.mean) cols.push({label: T.mean, key: "mean"});
    var out = rows.map(function (r) {
      var o = {group: all ? D.waves[r[1]] : (b.wave_groups ? b.wave_groups[r[1]] : b.groups)[r[0]], n: r[2],
               vals: {}}, at = 3;
      // no answer to show (not suppressed): the question was not asked in that wave, or nobody answered it
      o.empty = r[2] === 0 ? ((q.na || []).indexOf(r[1]) >= 0 ? "not_asked" : "no_answers") : null;
      for (var j = 0; j < k; j++) { o.vals["s" + j] = r.slice(at, at + 3); at += 3; }
      if (hasDk) { o.vals.dk = r.slice(at + 1, at + 4); o.dkn = r[at]; at += 4; }
      if (q.mean) { o.vals.mean = r.slice(at, at + 3); at += 3; }
      return o;
    });
    var caption = q.label + " \u00b7 " + b.label + (all || D.waves.length < 2 ? "" : " \u00b7 " + D.waves[wi]) +
      (q.kind === "multi" ? " (" + T.explorer_multi + ")" : "");
    return {q: q, b: b, wave: wi, cols: cols, rows: out, caption: caption};
  }
  function bar(q, o) {
    var div = document.createElement("div");
    if (q.kind === "numeric" || (q.levels.length === 0)) return div;
    if (q.kind === "multi") {   // options are not parts of a whole: one bar each, of its own share
      div.className = "bars"; div.setAttribute("aria-hidden", "true");
      for (var i = 0; i < q.levels.length; i++) {
        var x = o.vals["s" + i][0], b = document.createElement("span");
        b.style.width = (x === null ? 0 : x / SU * 100) + "%"; b.style.background = q.colours[i];
        div.appendChild(b);
      }
      return div;
    }
    div.className = "bar"; div.setAttribute("aria-hidden", "true");
    for (var j = 0; j < q.levels.length; j++) {
      var v = o.vals["s" + j][0];
      if (v === null) continue;
      var s = document.createElement("span");
      s.style.width = (v / SU * 100) + "%"; s.style.background = q.colours[j]; div.appendChild(s);
    }
    return div;
  }
  function dot(o, lo, hi) {
    var div = document.createElement("div"); div.className = "dot"; div.setAttribute("aria-hidden", "true");
    var m = o.vals.mean;
    if (!m || m[0] === null || hi <= lo) return div;
    var pos = function (x) { return ((x - lo) / (hi - lo) * 100) + "%"; };
    if (m[1] !== null && m[2] !== null) {
      var ci = document.createElement("span"); ci.className = "ci";
      ci.style.left = pos(m[1]); ci.style.width = ((m[2] - m[1]) / (hi - lo) * 100) + "%"; div.appendChild(ci);
    }
    var pt = document.createElement("span"); pt.className = "pt"; pt.style.left = pos(m[0]); div.appendChild(pt);
    return div;
  }
  function legend(q) {
    var ul = $("legend"); ul.textContent = "";
    if (q.kind === "numeric") return;
    q.levels.forEach(function (label, j) {
      var li = document.createElement("li"), sw = document.createElement("span");
      sw.className = "sw"; sw.style.background = q.colours[j]; li.appendChild(sw);
      li.appendChild(document.createTextNode(label)); ul.appendChild(li);
    });
  }
  // the footer of what is shown: its waves (one, or all of them) and the n of the rows shown, as
  // the table's n column gives it ("n = 538", "n = 68–135 per estimate"; a figure's footer gives
  // the n of its estimates alike), not the respondents of the wave; a wave that did not ask the
  // question: no n, and a note saying so
  function footer(v) {
    var parts = v.b.waves || D.waves.length < 2 ? D.footer : D.footers[v.wave], ns = [];
    v.rows.forEach(function (o) { if (o.n !== null && o.n > 0) ns.push(o.n); });
    var lo = Math.min.apply(null, ns), hi = Math.max.apply(null, ns);
    var n = !ns.length ? "" : lo === hi ? T.n_label.replace("{n}", num(lo, 0))
      : T.n_range_label.replace("{low}", num(lo, 0)).replace("{high}", num(hi, 0));
    var text = parts.map(function (p) { return p === null ? n : p; }).filter(Boolean).join(" \u00b7 ");
    if (!v.b.waves && D.waves.length > 1 && (v.q.na || []).indexOf(v.wave) >= 0) text += " \u00b7 " + T.not_asked_note;
    return text;
  }
  // on a narrow screen (no bars) a question's mean comes right after n, in view without scrolling
  var narrow = window.matchMedia ? window.matchMedia("(max-width: 40rem)") : null;
  function shownCols(v) {
    if (!(narrow && narrow.matches && v.q.mean) || v.cols.length < 4) return v.cols;
    var mean = v.cols.filter(function (c) { return c.key === "mean"; });
    return v.cols.slice(0, 2).concat(mean, v.cols.slice(2).filter(function (c) { return c.key !== "mean"; }));
  }
  // a table wider than its box: a hint above it, and a fade at the right edge while columns are out of view
  var box = document.querySelector(".scroll"), hint = $("scroll-hint");
  function scrollCue() {
    var wider = box.scrollWidth > box.clientWidth + 1;
    hint.hidden = !wider;
    $("wrap").style.setProperty("--cap", $("caption").offsetHeight + "px");   // the fade over the table, not its caption
    $("wrap").classList.toggle("more", wider && box.scrollLeft + box.clientWidth < box.scrollWidth - 1);
  }
  function render() {
    var v = view(), q = v.q, showCi = ciBox.checked, cols = shownCols(v);
    $("wave-field").hidden = D.waves.length < 2 || !!v.b.waves;
    var foot = $("footer");
    if (foot) foot.textContent = footer(v);
    legend(q);
    var table = $("view"), thead = table.tHead, tbody = table.tBodies[0];
    $("caption").textContent = v.caption;
    thead.textContent = ""; tbody.textContent = "";
    var tr = document.createElement("tr");
    cols.forEach(function (c, i) {
      var th = document.createElement("th"); th.scope = "col"; th.textContent = c.label; tr.appendChild(th);
      if (i === 0) { var vis = document.createElement("td"); vis.className = "vis"; vis.setAttribute("aria-hidden", "true"); tr.appendChild(vis); }
    });
    thead.appendChild(tr);
    var lo = Infinity, hi = -Infinity;
    v.rows.forEach(function (o) { var m = o.vals.mean; if (m && m[1] !== null) { lo = Math.min(lo, m[1]); hi = Math.max(hi, m[2]); } });
    v.rows.forEach(function (o) {
      var tr = document.createElement("tr"), th = document.createElement("th");
      th.scope = "row"; th.textContent = o.group; tr.appendChild(th);
      var vis = document.createElement("td"); vis.className = "vis"; vis.setAttribute("aria-hidden", "true");
      vis.appendChild(q.kind === "numeric" ? dot(o, lo, hi) : bar(q, o)); tr.appendChild(vis);
      cols.slice(1).forEach(function (c) {
        var td = document.createElement("td"), x;
        td.dataset.key = c.key;
        if (c.key === "n") { td.textContent = o.n === null ? DASH : num(o.n, 0); }
        else {
          x = o.vals[c.key];
          var f = c.share ? pct : val, g = c.share ? pctNum : val;
          td.textContent = x[0] === null ? (o.empty ? T[o.empty] : DASH) :
            f(x[0]) + (showCi && x[1] !== null ? " " + interval(x[1], x[2], g) : "");
        }
        if (o.empty) { if (c.key !== "n") { td.className = "na"; td.title = T[o.empty + "_note"]; } }
        else if (o.n === null || (x && x[0] === null)) { td.className = "sup"; td.title = T.suppressed; }
        tr.appendChild(td);
      });
      tbody.appendChild(tr);
    });
    var naNote = $("na-note");   // the note on "not asked" only under a view with such a cell
    if (naNote) naNote.hidden = !v.rows.some(function (o) { return o.empty === "not_asked"; });
    // a view whose every number is hidden (each group too small, or hidden with one) says so, and why
    var hiddenAll = v.rows.some(function (o) { return !o.empty; }) && !v.rows.some(function (o) {
      return Object.keys(o.vals).some(function (k) { return o.vals[k][0] !== null; });
    });
    $("status").textContent = v.rows.length ? T.explorer_showing + ": " + v.caption + " (" + v.rows.length + " " +
      (v.rows.length === 1 ? T.explorer_row : T.explorer_rows) + ")" +
      (hiddenAll ? ". " + T.explorer_all_hidden + ": " + T.suppressed_note.replace(/^\u2013\s+/, "") + "." : "")
      : T.explorer_showing + ": " + v.caption + ". " + T.explorer_no_data;
    toHash(q, v.b, v.wave);
    scrollCue();
    window.__skView = v;
    document.dispatchEvent(new Event("sk-render"));   // shown anew (a choice, a link, the width): for _WORDING_JS
  }
  // the CSV as the reader's spreadsheet opens it: in nb, nn, sv and da ";"-separated with decimal
  // commas (as Nordic Excel reads and writes a CSV file), in English ","-separated with decimal points; shares
  // in percent, said in the header; a number not shown (suppressed) as the page's mark, not empty
  var SEP = COMMA ? ";" : ",", QUOTED = COMMA ? /[";\n\r]/ : /[",\n\r]/;
  // a text a spreadsheet would run (= + - @ tab CR first, not a plain number) gets a leading
  // apostrophe, as surveykit.outputs.neutralise_cells does for the CSV files the build writes;
  // a cell is quoted only where it holds the separator, a quote or a line break (as Excel writes
  // it), so a Nordic number ("36,6") stays unquoted
  function csvCell(s) {
    s = String(s);
    if (/^[=+\-@\t\r]/.test(s) && s !== "-" && s !== "+" && !/^[+-]?(\d+([.,]\d*)?|[.,]\d+)([eE][+-]?\d+)?$/.test(s)) {
      s = "'" + s;
    }
    return QUOTED.test(s) ? "\"" + s.replace(/"/g, "\"\"") + "\"" : s;
  }
  function csvNum(v, dec) {
    var s = v.toFixed(dec);
    return COMMA ? s.replace(".", ",") : s;
  }
  function download() {
    var v = view(), head = [v.cols[0].label, T.n], lines = [];
    v.cols.slice(2).forEach(function (c) {
      var label = c.share ? c.label + " (%)" : c.label;
      head.push(label, label + ": " + T.low, label + ": " + T.high);
    });
    lines.push(head.map(csvCell).join(SEP));
    var dashed = false;   // a "–" written: what it means goes under the rows
    v.rows.forEach(function (o) {
      var cells = [o.group, o.n === null ? DASH : o.n];
      v.cols.slice(2).forEach(function (c) {
        var x = o.vals[c.key], f = c.share ? function (i) { return csvNum(i / SU * 100, 1); } : function (i) { return csvNum(i / VU, 2); };
        // no answer to show (not asked in that wave, nobody answered): its word, as the page shows it;
        // "–" is what privacy hid
        if (o.empty) { cells.push(T[o.empty], "", ""); return; }
        x.forEach(function (i) { cells.push(i === null ? DASH : f(i)); });
      });
      dashed = dashed || cells.indexOf(DASH) >= 0;
      lines.push(cells.map(csvCell).join(SEP));
    });
    var foot = $("footer"), said = foot ? foot.textContent : "";
    if (said) lines.push(csvCell(said));
    ["not_asked", "no_answers"].forEach(function (kind) {
      var note = T[kind + "_note"];
      if (v.rows.some(function (o) { return o.empty === kind; }) && said.indexOf(note) < 0) lines.push(csvCell(note));
    });
    if (dashed) lines.push(csvCell(T.suppressed_note));
    var text = "\ufeff" + csvCell(v.caption) + "\n" + lines.join("\n") + "\n";
    var a = document.createElement("a");
    // named by question, breakdown and the wave shown (two waves' downloads were both help_site.csv)
    var one = !v.b.waves && D.waves.length > 1 ? "_" + D.wave_ids[v.wave] : "";
    a.download = (v.q.id + "_" + (v.b.id || "all") + one + ".csv").replace(/[^A-Za-z0-9_.-]/g, "_");
    a.href = URL.createObjectURL(new Blob([text], {type: "text/csv;charset=utf-8"}));
    document.body.appendChild(a); a.click(); a.remove();
    window.__skCsv = text;
  }
  fromHash();
  [qSel, bSel, wSel, ciBox].forEach(function (el) { el.addEventListener("change", render); });
  // a link followed within the page, a hash typed in, Back or Forward: the view of the new link
  window.addEventListener("hashchange", function () { fromHash(); render(); });
  box.addEventListener("scroll", scrollCue);
  window.addEventListener("resize", scrollCue);
  if (narrow) {   // a phone turned, a window made narrower: the columns of that width
    if (narrow.addEventListener) narrow.addEventListener("change", render); else if (narrow.addListener) narrow.addListener(render);
  }
  $("download").addEventListener("click", download);
  render();
  window.__skReady = true;
})();
"""

# only on a page with a question worded differently between waves: its note follows the footer
# (shown under the table and written into the CSV download with it) while that question is shown
_WORDING_JS = r"""
(function () {
  "use strict";
  var D = JSON.parse(document.getElementById("sk-data").textContent), foot = document.getElementById("footer");
  var q = document.getElementById("q");
  function note() {
    var w = D.q[+q.value].wording;
    if (foot && w) foot.textContent += " \u00b7 " + w;
  }
  document.addEventListener("sk-render", note);   // each time the page shows a view (the first: below)
  note();
})();
"""

_CSP = ("default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:; "
        "base-uri 'none'; form-action 'none'; object-src 'none'")


WEIGHTINGS = ("weighted", "unweighted", "replicates")


def render_explorer(data: dict, p: Presentation, *, title: str, banner: str | None = None,
                    weighting: str = "weighted") -> str:
    """The page as text (the same data give the same bytes). ``weighting`` says what its numbers
    are in the page's introduction: ``weighted`` (to the population), ``unweighted`` (every answer
    counts the same) or ``replicates`` (weighted, intervals from the data's replicate weights)."""
    if weighting not in WEIGHTINGS:
        raise ValueError(f"weighting must be one of {WEIGHTINGS}; got {weighting!r}")
    esc = html.escape
    # "<" as \u003c: no label can end the script element or open a comment inside it
    payload = json.dumps(data, ensure_ascii=False, separators=(",", ":"), allow_nan=False).replace("<", "\\u003c")
    head = (f'<!doctype html><html lang="{esc(p.language)}"><head><meta charset="utf-8">'
            '<meta name="viewport" content="width=device-width,initial-scale=1">'
            f'<meta http-equiv="Content-Security-Policy" content="{_CSP}">'
            f'<meta name="referrer" content="no-referrer"><title>{esc(p.text("explorer_title"))} – {esc(title)}</title>'
            f"<style>{_CSS}</style></head>")
    parts = [head, "<body><header>", f"<h1>{esc(p.text('explorer_title'))}: {esc(title)}</h1>"]
    if banner:
        parts.append(f'<p class="banner" role="note">{esc(banner)}</p>')
    # what its questions show: shares (of answers, of each option of a multi-select question),
    # means, or both; a study of multi-select questions only has no mean to speak of
    questions = data.get("q", [])
    shares, means = any(q.get("levels") for q in questions), any(q.get("mean") for q in questions)
    what = p.text("explorer_what_shares" if shares and not means else
                  "explorer_what_means" if means and not shares else "explorer_what_shares_means")
    numbers = p.text(f"explorer_numbers_{weighting}", level=_LEVEL, what=what)
    one_wave = len(data.get("waves", [])) < 2   # no wave to choose: no chooser, no word of one
    intro = p.text("explorer_intro_one_wave" if one_wave else "explorer_intro", numbers=numbers,
                   What=what[:1].upper() + what[1:])
    parts.append(f"<p>{esc(intro)}</p></header><main>")
    parts.append(
        '<form id="choices" aria-label="' + esc(p.text("explorer_title")) + '">'
        f'<div class="field"><label for="q">{esc(p.text("question"))}</label><select id="q"></select></div>'
        f'<div class="field"><label for="b">{esc(p.text("explorer_breakdown"))}</label><select id="b"></select></div>'
        f'<div class="field" id="wave-field"{" hidden" if one_wave else ""}><label for="w">{esc(p.text("wave"))}</label>'
        '<select id="w"></select></div>'
        f'<div class="field check"><input type="checkbox" id="ci"><label for="ci">{esc(p.text("explorer_show_ci"))}'
        "</label></div>"
        f'<div class="field check"><button type="button" id="download">{esc(p.text("explorer_download"))}</button></div>'
        "</form>")
    parts.append('<p id="status" role="status" aria-live="polite"></p><ul id="legend" class="legend" aria-hidden="true"></ul>')
    parts.append(f'<p class="hint" id="scroll-hint" hidden>{esc(p.text("explorer_scroll_hint"))}</p>')
    parts.append('<div class="wrap" id="wrap"><div class="scroll" role="region" tabindex="0" aria-labelledby="caption">'
                 '<table id="view"><caption id="caption"></caption><thead></thead><tbody></tbody></table></div></div>')
    parts.append(f'<p class="note">{esc(_suppressed_note(p))}. {esc(p.text("table_base"))}</p>')
    if any(q.get("na") for q in data.get("q", [])):
        parts.append(f'<p class="note" id="na-note">{esc(p.text("not_asked_note"))}.</p>')   # shown with such a cell
    parts.append(f'<p class="note">{esc(p.text("explorer_privacy"))}</p>')
    if p.footer:
        parts.append(f'<p class="note" id="footer">{esc(p.footer)}</p>')
    parts.append(f'</main><script type="application/json" id="sk-data">{payload}</script>')
    parts.append(f"<script>{_JS}</script>" + (f"<script>{_WORDING_JS}</script>" if any(
        "wording" in q for q in data.get("q", [])) else "") + "</body></html>\n")
    return "".join(parts)


def write_explorers(recipe: Recipe, results: Mapping[str, Any], tables: Mapping[str, pd.DataFrame],
                    p: Presentation, reports: Path, *, title: str, weighting: str, banner: str | None = None,
                    footers: Mapping[str, str] | None = None) -> tuple[list[Path], set[str]]:
    """Write the page of each ``explorer`` entry of the recipe from the build's published
    ``tables`` (after the build's suppression, as the CSV files); returns the pages and the
    names of the tables they hold (too large for the workbook: they stay in the CSV files).
    ``weighting``: what the numbers are (:func:`render_explorer`), as the study is weighted."""
    paths: list[Path] = []
    names: set[str] = set()
    specs: Sequence = [s for s in recipe.tables if s.kind == "explorer"]
    for index, spec in enumerate(specs):
        result: ExplorerResult = results[spec.id]
        own = {part: spec.id if not part else f"{spec.id}_{part}" for part in result.tables()}
        published = {part: tables[name] for part, name in own.items()}
        names.update(own.values())
        page = render_explorer(explorer_data(result, published, p, footers), p, title=title, banner=banner,
                               weighting=weighting)
        path = reports / page_name(index, spec.id)
        with atomic_path(path) as tmp:
            tmp.write_text(page, encoding="utf-8")
        paths.append(path)
    return paths, names

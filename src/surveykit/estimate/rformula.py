"""R's meaning of the expressions inside a model formula's calls (``I()``, ``log()``, ...).

formulaic evaluates a call such as ``I(ell^2)`` as Python, where ``^`` is a bitwise XOR, ``&``
and ``|`` are bitwise and bind tighter than a comparison, and ``%%``, ``%/%``, ``!`` are syntax
errors; R's ``svyglm`` reads them as a power, logical and/or, the modulo, the integer division
and a logical not. :func:`translate` rewrites every call of a formula from R into Python with
R's meaning and precedence before formulaic sees it, and names each term as R deparses it
(``I(ell^2)``, ``I(ell%%7)``, ``exp(ell/100)``). A call that is not R (Python such as
``x.isin(['a'])``) is left as it is, unless it holds an operator whose meaning differs: then it is
refused. Column names that are not Python names (R's ``sch.wide``) are given aliases.

Example:
    >>> t = translate("y ~ x + I(x^2) + I(a > 1 & b < 2)", ["y", "x", "a", "b"])
    >>> t.formula
    'y ~ x + I(np.float_power(x, 2)) + I(np.logical_and((a > 1), (b < 2)))'
    >>> sorted(t.columns), t.names["I(np.float_power(x, 2))"]
    (['a', 'b', 'x', 'y'], 'I(x^2)')
"""

from __future__ import annotations

import keyword
import re
from dataclasses import dataclass, field

from surveykit.errors import DataError

__all__ = ["Translated", "rename", "translate"]

_TOKEN = re.compile(
    r"""(?P<ws>\s+)
    |(?P<str>'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*")
    |(?P<bq>`[^`]*`)
    |(?P<num>(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?L?)
    |(?P<name>[A-Za-z_.][A-Za-z0-9_.]*)
    |(?P<op>%[^%]*%|\*\*|&&|\|\||<=|>=|==|!=|[-+*/^<>!&|:~(),=\[\]{}@$?;])
    """,
    re.X,
)
# R's binary operators: (left binding power, right binding power); higher binds tighter
_BINARY = {
    "||": (10, 11), "|": (10, 11), "&&": (20, 21), "&": (20, 21),
    "==": (40, 41), "!=": (40, 41), "<": (40, 41), ">": (40, 41), "<=": (40, 41), ">=": (40, 41),
    "+": (50, 51), "-": (50, 51), "*": (60, 61), "/": (60, 61),
    "%%": (70, 71), "%/%": (70, 71), "%in%": (70, 71), ":": (80, 81),
    "^": (101, 100), "**": (101, 100),  # right associative
}
_NOT_BP, _NEG_BP = 30, 90  # !x binds looser than comparisons; -x looser than ^
# R functions whose Python spelling differs (numpy's elementwise functions)
_FUNCS = {"sqrt": "np.sqrt", "abs": "np.abs", "exp": "np.exp", "log10": "np.log10", "log2": "np.log2",
          "log1p": "np.log1p", "expm1": "np.expm1", "pmin": "np.minimum", "pmax": "np.maximum",
          "ifelse": "np.where", "sin": "np.sin", "cos": "np.cos", "tan": "np.tan",
          "floor": "np.floor", "ceiling": "np.ceil", "trunc": "np.trunc", "factor": "C"}
_RISKY = re.compile(r"\^|%|&|\||!(?!=)")


class _NotR(Exception):
    """The text is not an R expression (a Python one, e.g. ``x.isin(['a'])``)."""


@dataclass
class Translated:
    """A formula rewritten for formulaic: ``formula`` (Python), ``names`` (formulaic's name of a
    rewritten call -> R's), ``columns`` (data columns it uses), ``aliases`` (alias -> column
    for columns whose names are not Python names) and ``row_dependent`` (its calls whose values
    depend on the rows they are computed from: ``poly()`` without ``raw = TRUE``, ``scale()``,
    ``bs()``, whose knots come from the range and quantiles of the rows)."""

    formula: str
    names: dict[str, str] = field(default_factory=dict)
    columns: set[str] = field(default_factory=set)
    aliases: dict[str, str] = field(default_factory=dict)
    row_dependent: list[str] = field(default_factory=list)


def _tokens(text: str) -> list[tuple[str, str]]:
    out, pos = [], 0
    while pos < len(text):
        m = _TOKEN.match(text, pos)
        if m is None:
            raise _NotR(text[pos:])
        pos = m.end()
        if m.lastgroup != "ws":
            out.append((m.lastgroup, m.group()))
    return out


class _Parser:
    """A Pratt parser of R expressions into (python, R deparse) pairs."""

    def __init__(self, toks, ctx):
        self.toks, self.i, self.ctx = toks, 0, ctx

    def peek(self):
        return self.toks[self.i] if self.i < len(self.toks) else ("end", "")

    def take(self, value=None):
        tok = self.peek()
        if tok[0] == "end" or (value is not None and tok[1] != value):
            raise _NotR(value or "")
        self.i += 1
        return tok

    def expr(self, rbp=0):
        left = self.prefix()
        while True:
            kind, op = self.peek()
            if kind != "op" or op not in _BINARY or _BINARY[op][0] <= rbp:
                return left
            self.i += 1
            right = self.expr(_BINARY[op][1])
            left = self.ctx.binary(op, left, right)

    def prefix(self):
        kind, value = self.take()
        if kind == "op" and value in ("-", "+"):
            py, r = self.expr(_NEG_BP)
            return f"({value}{py})", f"{value}{r}"
        if kind == "op" and value == "!":
            py, r = self.expr(_NOT_BP)
            return f"np.logical_not({py})", f"!{r}"
        if kind == "op" and value == "(":
            py, r = self.expr()
            self.take(")")
            return f"({py})", f"({r})"
        if kind == "num":
            return value.rstrip("L"), value
        if kind == "str":
            return value, value
        if kind in ("name", "bq"):
            if self.peek() == ("op", "("):
                return self.call(value)
            return self.ctx.name(value), value
        raise _NotR(value)

    def call(self, fname):
        self.take("(")
        args = []  # (keyword or None, python, R)
        while self.peek() != ("op", ")"):
            key = None
            if self.peek()[0] == "name" and self.i + 1 < len(self.toks) and self.toks[self.i + 1] == ("op", "="):
                key = self.take()[1]
                self.take("=")
            args.append((key, *self.expr()))
            if self.peek() != ("op", ")"):
                self.take(",")
        self.take(")")
        return self.ctx.call(fname, args)


class _Context:
    def __init__(self, columns, formula, caller):
        self.columns, self.formula, self.caller = set(columns), formula, caller
        self.used: set[str] = set()
        self.aliases: dict[str, str] = {}
        self.row_dependent: list[str] = []

    def name(self, value):
        col = value[1:-1] if value.startswith("`") else value
        if value in ("TRUE", "T") and col not in self.columns:
            return "True"
        if value in ("FALSE", "F") and col not in self.columns:
            return "False"
        if value in ("NA", "NULL", "Inf", "NaN") and col not in self.columns:
            raise DataError(f"{self.caller}: formula {self.formula!r} uses {value} inside a call; write the "
                            "expression without it (rows with a missing value are left out anyway).")
        if col in self.columns:
            self.used.add(col)
            return self.alias(col)
        return col

    def alias(self, col):
        if col.isidentifier() and not keyword.iskeyword(col):
            return col
        for alias, name in self.aliases.items():
            if name == col:
                return alias
        alias = f"_col{len(self.aliases)}_"
        self.aliases[alias] = col
        return alias

    def binary(self, op, left, right):
        (lp, lr), (rp, rr) = left, right
        if op in ("&&", "||"):
            raise DataError(
                f"{self.caller}: formula {self.formula!r} uses {op!r}, which compares only the first row in "
                f"R; write {op[0]!r} for a comparison of every row."
            )
        if op == ":":
            raise DataError(
                f"{self.caller}: formula {self.formula!r} uses ':' inside a call ({lr}:{rr}); write an "
                "interaction outside the call (a:b), or the product inside it (I(a * b))."
            )
        # R's ^ %% %/% give doubles (an integer column to a negative power too; x %/% 0 is Inf)
        py = {"^": f"np.float_power({lp}, {rp})", "**": f"np.float_power({lp}, {rp})",
              "%%": f"np.remainder(np.multiply({lp}, 1.0), {rp})",
              "%/%": f"np.floor_divide(np.multiply({lp}, 1.0), {rp})", "%in%": f"np.isin({lp}, {rp})",
              "&": f"np.logical_and({lp}, {rp})", "|": f"np.logical_or({lp}, {rp})"}.get(op)
        if py is None and op.startswith("%"):
            raise _NotR(op)
        py = py or f"({lp} {op} {rp})"
        tight = op in ("^", "**", "/", ":", "%%", "%/%")  # R's deparse: no spaces around these
        r = f"{lr}{'^' if op == '**' else op}{rr}" if tight else f"{lr} {op} {rr}"
        return py, r

    def call(self, fname, args):
        rargs = ", ".join(f"{k} = {r}" if k else r for k, _, r in args)
        r = f"{fname}({rargs})"
        pos = [p for k, p, _ in args if k is None]
        keys = {k: p for k, p, _ in args if k}
        if fname == "c":
            return f"[{', '.join(pos)}]", r
        if fname == "log" and (len(pos) == 2 or "base" in keys) and len(args) == 2:
            base = pos[1] if len(pos) == 2 else keys["base"]
            return f"np.divide(np.log({pos[0]}), np.log({base}))", r
        if fname == "log" and len(args) == 1:
            return f"np.log({pos[0]})", r
        if fname == "poly":
            raw = keys.get("raw", "False")
            if raw not in ("True", "False") or len(pos) > 2 or set(keys) - {"raw", "degree"}:
                raise DataError(f"{self.caller}: formula {self.formula!r}: write poly(x, degree) or poly(x, "
                                "degree, raw = TRUE) with one column.")
            if raw == "False":
                self.row_dependent.append(r)
        if fname in ("scale", "center", "standardize", "bs"):
            self.row_dependent.append(r)
        if fname == "lag":
            raise DataError(
                f"{self.caller}: formula {self.formula!r} has {r}: R's lag() leaves a column's values as they "
                "are (it shifts a time series' time base, so R's model uses the column itself), while "
                "formulaic's lag() shifts them one row down, pairing each answer with the row above: neither "
                "is a lagged variable. Make the lagged column in the data first (e.g. df['x_before'] = "
                "df.sort_values('wave').groupby('id')['x'].shift()) and name it in the formula."
            )
        py_name = _FUNCS.get(fname, fname)
        pargs = ", ".join(f"{k}={p}" if k else p for k, p, _ in args)
        return f"{py_name}({pargs})", r


def _closing(formula: str, q: int, opening: str, closing: str) -> int:
    """The position of the bracket closing the one at ``q`` (quotes skipped), or len(formula)."""
    depth, n = 0, len(formula)
    while q < n:
        c = formula[q]
        if c in "'\"":
            e = formula.find(c, q + 1)
            q = n if e < 0 else e
        elif c == opening:
            depth += 1
        elif c == closing:
            depth -= 1
            if depth == 0:
                return q
        q += 1
    return n


def _calls(formula: str):
    """(start, end, name) of every call at the formula level (a name followed by '(' up to its
    ')'; a formulaic block '{...}', name '{') and (start, end, None) of every other name."""
    spans, i, n = [], 0, len(formula)
    name = re.compile(r"[A-Za-z_.][A-Za-z0-9_.]*|`[^`]*`")
    while i < n:
        ch = formula[i]
        if ch in "'\"":
            j = formula.find(ch, i + 1)
            i = n if j < 0 else j + 1
            continue
        if ch == "{":  # formulaic's Python block: read as a call
            q = _closing(formula, i, "{", "}")
            spans.append((i, min(q + 1, n), "{"))
            i = q + 1
            continue
        m = name.match(formula, i)
        if m is None or (i > 0 and (formula[i - 1].isalnum() or formula[i - 1] in "_.")):
            i += 1
            continue
        j = m.end()
        k = j
        while k < n and formula[k].isspace():
            k += 1
        if k < n and formula[k] == "(":
            q = _closing(formula, k, "(", ")")
            spans.append((i, min(q + 1, n), m.group()))
            i = q + 1
        else:
            spans.append((i, j, None))
            i = j
    return spans


def translate(formula: str, columns, caller: str = "regress") -> Translated:
    """``formula`` with every call rewritten from R into Python (see the module's docstring)."""
    ctx = _Context(columns, formula, caller)
    out, names, last = [], {}, 0
    for start, end, fname in _calls(formula):
        text = formula[start:end]
        out.append(formula[last:start])
        last = end
        if fname is None:  # a name at the formula level
            col = text[1:-1] if text.startswith("`") else text
            if col in ctx.columns:
                ctx.used.add(col)
                out.append(ctx.alias(col))
            else:
                out.append(text)
            continue
        block = fname == "{"
        try:
            parser = _Parser(_tokens(text[1:-1] if block else text), ctx)
            py, r = parser.expr()
            if parser.i != len(parser.toks):
                raise _NotR(text)
            if block:
                py = f"{{{py}}}"
        except _NotR:
            if _RISKY.search(re.sub(r"'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\"", "", text)):
                raise DataError(
                    f"{caller}: cannot read {text!r} of formula {formula!r} as R: inside a call, ^ is a "
                    "power, %% the modulo, %/% the integer division and & | ! logical, as in R's "
                    "formulas; write the expression in R syntax, e.g. I(x^2), I(a > 1 & b == 'Yes')."
                ) from None
            for tok_kind, tok in _safe_tokens(text):
                if tok_kind == "name" and tok in ctx.columns:
                    ctx.used.add(tok)
            out.append(text)
            continue
        names[_formulaic_name(py)] = r
        out.append(py)
    out.append(formula[last:])
    names.update(ctx.aliases)
    return Translated("".join(out), names, ctx.used, ctx.aliases, ctx.row_dependent)


def _formulaic_name(py: str) -> str:
    """formulaic's name of the call ``py`` (it drops redundant parentheses, spaces operators)."""
    import formulaic

    try:
        return str(next(t for t in formulaic.Formula(f"_ ~ {py}").rhs if str(t) != "1"))
    except Exception:  # formulaic's parser errors are raised again on the whole formula
        return py


def rename(name: str, names: dict[str, str]) -> str:
    """A model matrix column's name with formulaic's names of the rewritten calls and column
    aliases replaced by R's (``I(ell ** 2)`` -> ``I(ell^2)``, ``_col0_`` -> ``sch.wide``).

    Example:
        >>> rename("I(x ** 2):C(g)[T.b]", {"I(x ** 2)": "I(x^2)"})
        'I(x^2):C(g)[T.b]'
    """
    changed = {k: v for k, v in names.items() if k != v}
    if not changed:
        return name
    pattern = re.compile("|".join(re.escape(k) for k in sorted(changed, key=len, reverse=True)))
    return pattern.sub(lambda m: changed[m.group()], name)


def _safe_tokens(text):
    try:
        return _tokens(text)
    except _NotR:
        return []

"""The `surveykit` command: build, validate, init, codebook draft, demo.

Every failure prints one message without a traceback and exits with status 2: a user error
(:class:`~surveykit.errors.SurveykitError`) its own message; a file-system failure (disk
full, no permission, read-only folder) what could not be done to which file. An unexpected
internal error (a bug) says so, where to report it, and the log file holding its traceback,
and exits with 70. Ctrl-C exits with 130, SIGTERM with 143, after the command's clean-up.

Example:
    $ surveykit build            # raw exports -> data/processed + reports/
    $ surveykit validate         # load, clean and check only
"""

from __future__ import annotations

import argparse
import atexit
import errno
import logging
import os
import re
import secrets
import shutil
import signal
import sys
import tempfile
import time
import traceback
import warnings
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, suppress
from pathlib import Path

from surveykit._epoch import source_date_epoch
from surveykit.errors import ConfigError, OutputError, SurveykitError, SurveykitWarning

__all__ = ["main"]


class Progress:
    """Prints one line per step to stderr, with the elapsed time."""

    def __init__(self, quiet: bool = False):
        self.quiet = quiet
        self.start = time.perf_counter()

    def __call__(self, message: str) -> None:
        if not self.quiet:   # one line each, whatever a folder's name holds (a newline, a CR)
            print(f"[{time.perf_counter() - self.start:6.1f}s] {one_line(message)}", file=sys.stderr, flush=True)


def one_line(text: str) -> str:
    r"""``text`` with its control characters shown escaped, so that it stays on one line.

    Example:
        >>> print(one_line("study: /data/survey\n2023"), one_line("Våler"))
        study: /data/survey\n2023 Våler
    """
    return text if text.isprintable() else "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)


def study_config(study: str | None, progress: Progress) -> Path:
    """The surveykit.yaml a command works on, named in its first progress line.

    ``--study`` given: that folder's surveykit.yaml (or that file), which must exist; a
    mistyped path is an error, never a study found in a parent folder. Without it, the
    nearest surveykit.yaml in the current folder or its parents.
    """
    from surveykit.config.study import CONFIG_NAME, find_config

    if study is None:
        config = find_config(None)
        here = Path.cwd().resolve()
        found = "" if config.parent == here else f" (found in a parent of the current folder {here})"
        progress(f"study: {config.parent}{found}")
        return config
    path = Path(study)
    shown = _path_text(study)
    if not path.exists():
        parent = path.parent if str(path.parent) not in ("", ".") else Path.cwd()
        where = "" if parent.is_dir() else f" (nor its folder {_path_text(parent)})"
        raise ConfigError(f"--study {shown}: folder not found{where}, seen from {_path_text(Path.cwd())}. Check the "
                          f"path; to start a new study there, run `surveykit init {shown}`.")
    if path.is_dir():
        config = path / CONFIG_NAME
        if not config.exists():
            raise ConfigError(f"--study {shown}: no {CONFIG_NAME} in this folder. Give the study folder (the one "
                              f"holding {CONFIG_NAME}), or make this one a study with `surveykit init {shown}`.")
    else:
        config = path
        if path.name != CONFIG_NAME:
            what = (f"this is {path.parent.name}/{path.name} of a study, not its {CONFIG_NAME}"
                    if path.parent.name == "config" else f"this is not a {CONFIG_NAME}")
            raise ConfigError(f"--study {shown}: {what}. Give the study folder (the one holding {CONFIG_NAME}) or "
                              f"its {CONFIG_NAME}.")
    progress(f"study: {config.resolve().parent}")
    return config


def _path_text(path: str | Path) -> str:
    """A path for a message: control characters (a CR from a YAML escape) shown escaped."""
    return one_line(str(path))


def _cmd_validate(args: argparse.Namespace, progress: Progress) -> int:
    from surveykit.lock import study_lock
    from surveykit.study import load_study

    config = study_config(args.study, progress)
    with _key_unwritten(config, progress) if args.no_write else study_lock(config.parent, "validate"):
        return _validate(args, progress, load_study(config, progress=progress))


@contextmanager
def _key_unwritten(config: Path, progress: Progress) -> Iterator[None]:
    """``validate --no-write``: the pseudonymisation key given to the cleaning through its
    environment variable, so that nothing is written in the study (reading the key otherwise
    creates .surveykit-key and lists it in .gitignore). The study's key file when it has one (the
    same pseudonyms as a build), else a throwaway key, said in a progress line; the variable
    is restored afterwards."""
    from surveykit.clean.privacy import KEY_FILE, MIN_KEY_CHARS, _read_small
    from surveykit.config.study import load_config

    env = load_config(config).key_env
    if os.environ.get(env):
        yield
        return
    path = config.parent / KEY_FILE
    text = _read_small(path)   # a link or a pipe in its place is refused, as in a build
    if text is None:
        key = secrets.token_hex(32)
        progress(f"no {KEY_FILE} in the study yet and {env} not set: --no-write checks with a throwaway "
                 f"pseudonymisation key and creates no {KEY_FILE} (`surveykit validate` or `build` does)")
    else:
        key = text.strip()
        if len(key) < MIN_KEY_CHARS:
            raise OutputError(f"{path}: holds no usable key (fewer than {MIN_KEY_CHARS} characters). Delete it to get "
                              "a new one (pseudonyms then change), or restore the old file.")
    previous = os.environ.get(env)   # unset, or set to "" (taken as unset)
    os.environ[env] = key
    try:
        yield
    finally:
        if previous is None:
            os.environ.pop(env, None)
        else:
            os.environ[env] = previous


def _validate(args: argparse.Namespace, progress: Progress, study) -> int:
    weighting = study.config.weighting
    if weighting.method != "none" or weighting.replicates is not None or weighting.weights is not None:
        # the design the build weights by, made here too: what the build would refuse, validate refuses
        progress(_weighting_step(weighting))
        design = study.design()
        weights = design.weights
        from surveykit.design import kish_n_eff  # here: importing the CLI loads no numpy

        # per wave, as the weights figure and table give it: each wave is its own sample
        waves = design.data["wave"].astype(str).to_numpy() if "wave" in design.data else None
        parts = {w: kish_n_eff(weights[waves == w]) for w in dict.fromkeys(waves)} if waves is not None else {}
        n_eff = sum(parts.values()) if parts else kish_n_eff(weights)
        each = f" (waves {', '.join(f'{w}: {v:,.0f}' for w, v in parts.items())})" if len(parts) > 1 else ""
        progress(f"weights: sum {weights.sum():,.0f}, max/mean {weights.max() / weights.mean():.2f}, "
                 f"Kish n_eff {n_eff:,.0f} of {len(weights)}{each}")
    recipe = _check_report(study, progress)
    if recipe is not None and (recipe.figures or recipe.tables):
        study.design()   # unweighted, as the build makes it for its figures and tables (strata checked)
    progress(f"valid: {len(study.responses)} responses, {len(study.rejects)} rejects")
    _check_translations(study, recipe)
    if not args.no_write:
        for path in study.save():
            progress(f"wrote {path}")
    return 0


def _weighting_step(w) -> str:
    """The progress line of the weighting step of `validate`."""
    if w.replicates is not None:
        how = f"the data's replicate weights, full-sample weights {w.replicates['weights']}"
    elif w.weights is not None:
        how = f"the data's weights {w.weights}"
    else:
        how = ""
    if w.method == "none":
        return f"weighting (by {how})"
    return f"weighting ({w.method} to the population margins{', from ' + how if how else ''})"


def _check_report(study, progress: Progress):
    """config/report.yaml read and every entry checked against the study, as the build does
    before it draws anything (nothing is computed or drawn): its errors come at validate time.
    None when the study has no report.yaml."""
    if not study.config.report_path.is_file():
        return None
    from surveykit.report.build import check_recipe
    from surveykit.report.spec import load_recipe

    recipe = load_recipe(study.config.report_path, known_variables=set(study.codebook.names()))
    check_recipe(recipe, study)
    progress(f"config/report.yaml fits the study: {len(recipe.figures)} figure(s), {len(recipe.tables)} table(s)")
    return recipe


def _check_translations(study, recipe) -> None:
    """Warn when texts of the study have no entry in its language (those of config/report.yaml too)."""
    from surveykit.config.translations import study_texts, warn_untranslated

    texts = study_texts(study.config, study.codebook)
    if recipe is not None:
        texts += recipe.texts()
    warn_untranslated(texts, study.language)


def _whole(value: str) -> int:
    """``value`` as a whole number, 0 when it is none (so "two" and "1.5" fail a check of >= 1)."""
    try:
        return int(value)
    except ValueError:
        return 0


def _positive_int(value: str) -> int:
    number = _whole(value)
    if number < 1:
        raise argparse.ArgumentTypeError(f"{value!r} is not a whole number of 1 or more")
    return number


def _jobs(value: str) -> int:
    """``--jobs``: 1 or more (more than the machine's cores is capped by the build, and said)."""
    number = _whole(value)
    if number < 1:
        from surveykit.report.render import usable_cores

        cores = usable_cores()
        raise argparse.ArgumentTypeError(
            f"{value!r}: give the number of processes drawing figures, a whole number from 1 (draw in the build's "
            f"own process) to {cores} (the cores of this machine); without --jobs: SURVEYKIT_JOBS when set, else "
            f"{min(2, cores)}")
    return number


def _formats(value: str | None) -> tuple[str, ...] | None:
    """``--formats``: some of png, svg, pdf, comma-separated (None: not given)."""
    if value is None:
        return None
    formats = tuple(f.strip().lower() for f in value.split(","))
    unknown = sorted({f for f in formats if f} - {"png", "svg", "pdf"})
    if unknown or not any(formats):
        got = f"not {', '.join(map(repr, unknown))}" if unknown else "not nothing"
        raise ConfigError(f"--formats {value!r}: use some of png, svg, pdf (comma-separated, e.g. --formats png,svg), "
                          f"{got}.")
    return tuple(dict.fromkeys(f for f in formats if f))


def _cmd_build(args: argparse.Namespace, progress: Progress) -> int:
    formats = _formats(args.formats)
    config = study_config(args.study, progress)
    _matplotlib_folder(progress)
    from surveykit.report import build

    if args.dpi is not None:
        from surveykit.report.spec import check_dpi

        check_dpi(args.dpi, f"--dpi {args.dpi}")
    build(config, progress=progress, force=args.force, language=args.language, formats=formats,
          jobs=args.jobs, dpi=args.dpi)
    progress("done")
    return 0


def _matplotlib_folder(progress: Progress) -> None:
    """A writable folder for matplotlib's font cache when its own is not (MPLCONFIGDIR, else
    ~/.config/matplotlib and ~/.cache/matplotlib: a read-only home, a service account). matplotlib
    would make a temporary one in each drawing process and print its own warning into the progress
    lines; one temporary folder of the build instead, shared by its drawing processes (they inherit
    MPLCONFIGDIR), said in one progress line and removed at the end."""
    if "matplotlib" in sys.modules:   # it has chosen its folder already (main called in a notebook)
        return
    given = os.environ.get("MPLCONFIGDIR")
    if given:
        folders = [Path(given)]
    elif sys.platform.startswith(("linux", "freebsd")):
        try:
            home = Path.home()
        except RuntimeError:   # no home folder at all
            folders = [None]
        else:
            folders = [Path(os.environ.get("XDG_CONFIG_HOME") or home / ".config") / "matplotlib",
                       Path(os.environ.get("XDG_CACHE_HOME") or home / ".cache") / "matplotlib"]
    else:   # macOS and Windows: matplotlib's own choice
        return
    unwritable = [f for f in folders if f is None or not _writable_folder(f)]
    if not unwritable:
        return
    try:
        folder = tempfile.mkdtemp(prefix="surveykit-matplotlib-")
    except OSError:   # no temporary folder either: matplotlib's own error says what to set
        return
    atexit.register(shutil.rmtree, folder, True)
    os.environ["MPLCONFIGDIR"] = folder
    where = "no home folder" if unwritable[0] is None else f"{_path_text(unwritable[0])} cannot be written"
    progress(f"matplotlib's folder: {where}; its font cache is kept in {folder} during this build (set "
             "MPLCONFIGDIR to a writable folder to keep it between builds)")


def _writable_folder(folder: Path) -> bool:
    """Whether ``folder`` is, or can be made as, a folder this process may write in."""
    try:
        folder = folder.resolve()
        there = next(p for p in (folder, *folder.parents) if p.exists())
    except (OSError, RuntimeError, StopIteration):
        return False
    return there.is_dir() and os.access(there, os.W_OK | os.X_OK)


def _cmd_demo(args: argparse.Namespace, progress: Progress) -> int:
    from surveykit.config.study import CONFIG_NAME
    from surveykit.synth import write_study

    root = Path(args.dir) if args.dir else study_config(None, progress).parent
    if not args.force:
        _refuse_real_study(root, CONFIG_NAME)
    progress(f"regenerating the synthetic exports in {root / 'data' / 'raw'}")
    write_study(root, seed=args.seed, config=False)
    progress("done (synthetic data: not real survey responses)")
    return 0


def _refuse_real_study(root: Path, config_name: str) -> None:
    """`demo` overwrites data/raw: only in a synthetic study (or an empty folder) unless --force."""
    from surveykit.config.yamlfile import read_yaml

    config = root / config_name
    raw = root / "data" / "raw"
    if config.exists():
        try:
            study = (read_yaml(config) or {}).get("study") or {}
            synthetic = isinstance(study, dict) and study.get("synthetic") is True
        except (SurveykitError, AttributeError):
            synthetic = False
        if not synthetic:
            raise ConfigError(
                f"{config}: this study is not marked `synthetic: true`: `surveykit demo` would overwrite its raw "
                f"exports in {raw} with synthetic data. Run it in an empty folder (surveykit demo DIR), or add "
                "--force if you really mean to replace them.")
    elif raw.is_dir() and any(raw.iterdir()):
        raise ConfigError(
            f"{raw}: holds files, and {root} has no {config_name} saying they are synthetic: `surveykit demo` would "
            "overwrite them. Run it in an empty folder, or add --force if you really mean to replace them.")


def _cmd_init(args: argparse.Namespace, progress: Progress) -> int:
    from surveykit.scaffold import init_study

    for path in init_study(Path(args.dir), example=args.example, force=args.force):
        progress(f"wrote {path}")
    return 0


def _cmd_codebook(args: argparse.Namespace, progress: Progress) -> int:
    from surveykit.scaffold import draft_codebook

    def target(value: str | None, off: bool) -> Path | bool | None:
        return False if off else (Path(value) if value else None)

    out = draft_codebook([Path(p) for p in args.exports], Path(args.output), force=args.force,
                         report=target(args.report, args.no_report), sites=target(args.sites, args.no_sites),
                         sheet=args.sheet)
    progress(f"wrote {out}: review it, then run `surveykit validate`")
    return 0


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(prog="surveykit", description="Citizen-survey analysis: raw exports to report.")
    top.add_argument("-q", "--quiet", action="store_true", help="no progress lines")
    top.add_argument("--debug", action="store_true", help="show tracebacks of user errors")
    sub = top.add_subparsers(dest="command", required=True)

    p = sub.add_parser("build", help="raw exports -> data/processed, figures, tables, report")
    p.add_argument("--study", default=None, help="study folder or surveykit.yaml (default: found from here)")
    p.add_argument("--force", action="store_true", help="rebuild every figure, ignoring the cache")
    p.add_argument("--language", choices=["nb", "nn", "en", "sv", "da"], default=None,
                   help="labels of figures and tables (default: study.language in surveykit.yaml)")
    p.add_argument("--jobs", type=_jobs, default=None, metavar="N",
                   help="processes drawing figures (default: the environment variable SURVEYKIT_JOBS, a number or "
                        "auto, else 2 on a machine with 2+ cores; 1: draw here)")
    p.add_argument("--formats", default=None, metavar="png,svg,pdf",
                   help="figure file formats (default: output.formats in config/report.yaml, else png,svg)")
    p.add_argument("--dpi", type=_positive_int, default=None, metavar="N",
                   help="figure resolution, dots per inch, 50-600 (default: output.dpi in config/report.yaml, else 200)")
    p.set_defaults(run=_cmd_build)

    p = sub.add_parser("validate", help="load, clean and check the exports; write data/processed")
    p.add_argument("--study", default=None, help="study folder or surveykit.yaml")
    p.add_argument("--no-write", action="store_true", help="check only, write nothing")
    p.set_defaults(run=_cmd_validate)

    p = sub.add_parser("demo", help="regenerate the synthetic study's raw exports (data/raw)")
    p.add_argument("dir", nargs="?", default=None, help="study folder (default: found from here)")
    p.add_argument("--seed", type=int, default=20220115)
    p.add_argument("--force", action="store_true",
                   help="overwrite data/raw even in a study not marked `synthetic: true`")
    p.set_defaults(run=_cmd_demo)

    p = sub.add_parser("init", help="create a new study folder")
    p.add_argument("dir", help="folder to create")
    p.add_argument("--example", action="store_true", help="write the synthetic demo study instead of a blank one")
    p.add_argument("--force", action="store_true", help="overwrite existing files")
    p.set_defaults(run=_cmd_init)

    p = sub.add_parser("codebook", help="codebook tools")
    cb = p.add_subparsers(dest="codebook_command", required=True)
    d = cb.add_parser("draft", help="draft config/codebook.yaml from one or more exports")
    d.add_argument("exports", nargs="+", help="export files (one per wave)")
    d.add_argument("-o", "--output", default="config/codebook.yaml")
    d.add_argument("--force", action="store_true", help="overwrite an existing codebook")
    d.add_argument("--sheet", default=None, action="append", metavar="[FILE=]SHEET",
                   help="the sheet holding the answers in .xlsx exports: FILE=SHEET for one export (repeat it "
                        "per workbook), or SHEET for every workbook that has it (default: the first shown, or the "
                        "only sheet that looks like respondent data)")
    d.add_argument("--report", default=None, help="also draft this report recipe (default: config/report.yaml while blank)")
    d.add_argument("--no-report", action="store_true", help="do not draft a report recipe")
    d.add_argument("--sites", default=None, help="also draft this site table (default: config/sites.csv while blank)")
    d.add_argument("--no-sites", action="store_true", help="do not draft a site table")
    d.set_defaults(run=_cmd_codebook)
    return top


BLAS_THREADS = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")


def pin_blas_threads() -> None:
    """One BLAS thread for this process and its drawing workers, unless the user chose.

    The products here are thin (rows x a few columns); threads only compete with the drawing
    processes (1M respondents: 29.6 s with threads, 25.0 s pinned). Takes effect only if
    numpy is not loaded yet, which is why ``surveykit`` itself does not import it.
    """
    if "numpy" not in sys.modules:
        for name in BLAS_THREADS:
            os.environ.setdefault(name, "1")


class Terminated(KeyboardInterrupt):
    """SIGTERM (``kill``, ``timeout``, a service manager stopping the job), raised in the main
    thread like Ctrl-C's KeyboardInterrupt, so that every clean-up of an interrupted command
    runs: the drawing processes stopped, the staging folders and the lock removed."""

    exit_code = 128 + 15


def _terminated(_signum, _frame) -> None:
    raise Terminated()


@contextmanager
def _signals_handled() -> Iterator[None]:
    """SIGTERM handled like SIGINT while a command runs (in the main thread only); the previous
    handler back afterwards (``main`` is also called inside other programs and tests)."""
    try:
        previous = signal.signal(signal.SIGTERM, _terminated)
    except (ValueError, OSError, AttributeError):  # not the main thread, or no SIGTERM here
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `surveykit` console script.

    Exit status: 0 done; 2 a mistake in the data, the configuration or the command line, or a
    failure of the machine (disk full, a read-only folder); 130 interrupted (Ctrl-C), 143
    stopped by SIGTERM (outputs left as they were), in every command; 70 an internal error (a
    bug in surveykit), whose message says so.
    """
    try:
        with _signals_handled():
            return _main(argv)
    except KeyboardInterrupt as exc:   # Ctrl-C before a command started (or during parsing)
        _say("surveykit: interrupted; nothing was changed.")
        return getattr(exc, "exit_code", INTERRUPTED)


def _main(argv: Sequence[str] | None) -> int:
    pin_blas_threads()
    args = parser().parse_args(argv)
    progress = Progress(args.quiet)
    logging.basicConfig(level=logging.ERROR if args.quiet else logging.WARNING,
                        format="surveykit: warning: %(message)s", stream=sys.stderr, force=True)
    for handler in logging.getLogger().handlers:
        handler.setFormatter(_CutFormatter("surveykit: warning: %(message)s"))
    try:
        _SAID.clear()   # each command says its warnings (a test or notebook may call main again)
        source_date_epoch()   # before numpy is imported: its f2py part reads the variable too
        with warnings.catch_warnings():
            warnings.showwarning = _show_warning
            return args.run(args, progress)
    except SurveykitError as exc:
        if args.debug:
            raise
        _say(f"surveykit {args.command}: error: {users_paths(str(exc))}")
        return exc.exit_code
    except KeyboardInterrupt as exc:
        what = "stopped (SIGTERM)" if isinstance(exc, Terminated) else "interrupted"
        _say(f"surveykit {args.command}: {what}; earlier outputs are left as they were.")
        return getattr(exc, "exit_code", INTERRUPTED)
    except (OSError, MemoryError) as exc:
        if args.debug:
            raise
        _say(f"surveykit {args.command}: error: {users_paths(system_message(exc))}")
        return 2
    except UnicodeEncodeError as exc:
        if args.debug:
            raise
        if _ascii_file_names(exc):
            _say(f"surveykit {args.command}: error: {ascii_locale_message(exc)}")
            return 2
        _say(f"surveykit {args.command}: {users_paths(internal_error(exc))}")
        return INTERNAL_ERROR
    except Exception as exc:  # a bug: say so, keep the traceback in a file, not on the screen
        if args.debug:
            raise
        _say(f"surveykit {args.command}: {users_paths(internal_error(exc))}")
        return INTERNAL_ERROR


def _ascii_file_names(exc: UnicodeEncodeError) -> bool:
    """Whether ``exc`` is a file name this Python cannot give the system: its file names are ASCII
    (a C/POSIX locale with UTF-8 mode off, PYTHONUTF8=0) and the name is not."""
    names = sys.getfilesystemencoding().lower().replace("-", "").replace("_", "")
    said = (exc.encoding or "").lower().replace("-", "").replace("_", "")
    return names in ("ascii", "ansix3.41968", "usascii") and said == names


def ascii_locale_message(exc: UnicodeEncodeError) -> str:
    """A file name with letters outside ASCII under an ASCII locale: what to set.

    Example:
        >>> print(ascii_locale_message(UnicodeEncodeError("ascii", "data/raw/Våler.csv", 10, 11, "ordinal not in range(128)")))
        'data/raw/Våler.csv' has the letter 'å', which this Python cannot use in a file name or in its output: it runs with ASCII only (the locale is C or POSIX, e.g. LC_ALL=C or LANG=C, with PYTHONUTF8=0). Run with a UTF-8 locale (LC_ALL=C.UTF-8) or with PYTHONUTF8=1, or rename the file with ASCII letters only.
    """
    name = exc.object if isinstance(exc.object, str) else str(exc.object)
    letter = name[exc.start:exc.end]
    return (f"{name!r} has the letter {letter!r}, which this Python cannot use in a file name or in its output: it "
            "runs with ASCII only (the locale is C or POSIX, e.g. LC_ALL=C or LANG=C, with PYTHONUTF8=0). Run with a "
            "UTF-8 locale (LC_ALL=C.UTF-8) or with PYTHONUTF8=1, or rename the file with ASCII letters only.")


INTERRUPTED = 130      # Ctrl-C (128 + SIGINT), in every command
INTERNAL_ERROR = 70    # a bug in surveykit (EX_SOFTWARE of sysexits.h): not the user's mistake

REPORT_TO = "the surveykit maintainers (the issue tracker of the repository you installed surveykit from)"


_python_warning = warnings.showwarning
_SAID: set[str] = set()


def _show_warning(message, category, filename, lineno, file=None, line=None) -> None:
    """surveykit's own warnings (a choice made for the user, and how to make it explicit) as one
    line, like its errors, without the Python file and line they were raised from."""
    if issubclass(category, SurveykitWarning):
        if str(message) in _SAID:   # one warning once, however many figures meet it
            return
        _SAID.add(str(message))
        _say(f"surveykit: warning: {message}")
    else:
        _python_warning(message, category, filename, lineno, file, line)


def _say(message: str) -> None:
    with suppress(OSError):  # stderr closed or a broken pipe: nothing more to tell
        print(long_values_cut(message), file=sys.stderr, flush=True)


# a quoted value: its opening quote after a space or a bracket (not the apostrophe of "study's"), no
# space inside either quote (not the text between two short quoted values)
_LONG_QUOTE = re.compile(r"(?<![\w'\"])'(?! )[^'\n]{198,}(?<! )'(?!\w)|(?<![\w'\"])\"(?! )[^\"\n]{198,}(?<! )\"(?!\w)")


def long_values_cut(message: str) -> str:
    """A message whose quoted values (a cell, a column name, a value of the configuration) of
    200 characters or more show their first 80 and their length, wherever the message was made.

    Example:
        >>> long_values_cut("unknown label '" + "x" * 5000 + "' in row 2")
        "unknown label 'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx'… (5 000 characters) in row 2"
    """
    from surveykit.errors import CLIP

    def cut(match: re.Match) -> str:
        mark, text = match.group(0)[0], match.group(0)[1:-1]
        size = f"{len(text):,}".replace(",", " ")
        return f"{mark}{text[:CLIP]}{mark}… ({size} characters)"

    return _LONG_QUOTE.sub(cut, message)


class _CutFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        return long_values_cut(super().format(record))


_STAGED = re.compile(r"(?<![^/\\\s'\"(])\.([^/\\\s]+?)\.(?:staging|old)-\d+(?=[/\\\s'\").,:;]|$)")
_TEMPORARY = re.compile(r"(?<=[/\\])\.([^/\\\s]+?)\.[A-Za-z0-9_]{8}\.tmp(?=[\s'\").,:;]|$)")


def users_paths(message: str) -> str:
    """A message with the paths the user knows: a build writes into staging folders
    (``.reports.staging-PID/``, ``data/.processed.staging-PID/``) and ``.NAME.XXXXXXXX.tmp``
    files, swapped in at its end; a message names ``reports/`` and ``NAME``.

    Example:
        >>> users_paths("cannot write /s/.reports.staging-41/.tables.xlsx.k2j_9xq1.tmp: disk full")
        'cannot write /s/reports/tables.xlsx: disk full'
    """
    return _TEMPORARY.sub(r"\1", _STAGED.sub(r"\1", message))


def system_message(exc: BaseException) -> str:
    """What the operating system refused, for the user: which file, why, what to do.

    Example:
        >>> print(system_message(OSError(28, "No space left on device", "reports/tables.xlsx")))
        cannot write reports/tables.xlsx: the disk is full (No space left on device). Free some space and run again; the previous outputs are left as they were.
    """
    if isinstance(exc, MemoryError):
        return ("out of memory. Close other programs, or read a smaller export; `limits:` in surveykit.yaml "
                "bounds what is read (see docs/config.md).")
    name = getattr(exc, "filename", None) or "a file"
    reason = getattr(exc, "strerror", None) or str(exc)
    if getattr(exc, "errno", None) in (errno.ENOSPC, getattr(errno, "EDQUOT", -1)):
        return (f"cannot write {name}: the disk is full ({reason}). Free some space and run again; the previous "
                "outputs are left as they were.")
    if getattr(exc, "errno", None) in (errno.EACCES, errno.EPERM, errno.EROFS):
        return (f"cannot write or read {name}: {reason}. Check that you may write to the study's data/processed/ "
                "and reports/ folders (and read its config/ and data/raw/), or run from a copy of the study.")
    if getattr(exc, "errno", None) == errno.ENAMETOOLONG:
        return (f"cannot write or read {name}: the path is too long for this file system ({reason}; "
                f"{len(str(name))} characters). Move the study to a folder with a shorter path, or give it a "
                "shorter name; the previous outputs are left as they were.")
    return f"{name}: {reason}."


def internal_error(exc: BaseException) -> str:
    """The message of an unexpected error; its traceback goes to a new log file (named)."""
    text = "".join(traceback.format_exception(exc))
    try:
        fd, log = tempfile.mkstemp(prefix="surveykit-error-", suffix=".log")
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(f"surveykit {sys.argv[1:] if sys.argv else ''}\n{text}")
        where = f"Its traceback is in {log}"
    except OSError:
        where = "Its traceback could not be saved (no writable temporary folder); run again with --debug to see it"
    first = f"{type(exc).__name__}: {exc}".splitlines()[0][:200]
    return (f"internal error ({first}). This is a bug in surveykit, not a mistake of yours; please report it to "
            f"{REPORT_TO}. {where} (it may quote values of your data: check before you share it).")


if __name__ == "__main__":
    sys.exit(main())

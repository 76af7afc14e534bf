"""The `surveykit` command: build, validate, init, codebook draft, demo.

A user error prints its message (no traceback) and exits with status 2.

Example:
    $ surveykit build            # raw exports -> data/processed + reports/
    $ surveykit validate         # load, clean and check only
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from surveykit.errors import ConfigError, SurveykitError

__all__ = ["main"]


class Progress:
    """Prints one line per step to stderr, with the elapsed time."""

    def __init__(self, quiet: bool = False):
        self.quiet = quiet
        self.start = time.perf_counter()

    def __call__(self, message: str) -> None:
        if not self.quiet:
            print(f"[{time.perf_counter() - self.start:6.1f}s] {message}", file=sys.stderr, flush=True)


def _cmd_validate(args: argparse.Namespace, progress: Progress) -> int:
    from surveykit.study import load_study

    study = load_study(args.study, progress=progress)
    if study.config.weighting.method != "none":
        progress(f"weighting ({study.config.weighting.method} to the population margins)")
        weights = study.design().weights
        from surveykit.design import kish_n_eff  # here: importing the CLI loads no numpy

        progress(f"weights: sum {weights.sum():,.0f}, max/mean {weights.max() / weights.mean():.2f}, "
                 f"Kish n_eff {kish_n_eff(weights):,.0f} of {len(weights)}")
    progress(f"valid: {len(study.responses)} responses, {len(study.rejects)} rejects")
    if not args.no_write:
        for path in study.save():
            progress(f"wrote {path}")
    return 0


def _positive_int(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        number = 0
    if number < 1:
        raise argparse.ArgumentTypeError(f"{value!r} is not a whole number of 1 or more")
    return number


def _cmd_build(args: argparse.Namespace, progress: Progress) -> int:
    from surveykit.report import build

    formats = tuple(f.strip().lower() for f in args.formats.split(",")) if args.formats else None
    if formats and set(formats) - {"png", "svg", "pdf"}:
        raise ConfigError(f"--formats {args.formats}: use some of png, svg, pdf (comma-separated), "
                          f"not {', '.join(sorted(set(formats) - {'png', 'svg', 'pdf'}))}.")
    build(args.study, progress=progress, force=args.force, language=args.language, formats=formats,
          jobs=args.jobs)
    progress("done")
    return 0


def _cmd_demo(args: argparse.Namespace, progress: Progress) -> int:
    from surveykit.config.study import find_config
    from surveykit.synth import write_study

    root = Path(args.dir) if args.dir else find_config(None).parent
    progress(f"regenerating the synthetic exports in {root / 'data' / 'raw'}")
    write_study(root, seed=args.seed, config=False)
    progress("done (synthetic data: not real survey responses)")
    return 0


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
                         report=target(args.report, args.no_report), sites=target(args.sites, args.no_sites))
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
    p.add_argument("--jobs", type=_positive_int, default=None, metavar="N",
                   help="processes drawing figures (default 2 on a machine with 2+ cores; 1: draw here)")
    p.add_argument("--formats", default=None, metavar="png,svg,pdf",
                   help="figure file formats (default: output.formats in config/report.yaml, else png,svg)")
    p.set_defaults(run=_cmd_build)

    p = sub.add_parser("validate", help="load, clean and check the exports; write data/processed")
    p.add_argument("--study", default=None, help="study folder or surveykit.yaml")
    p.add_argument("--no-write", action="store_true", help="check only, write nothing")
    p.set_defaults(run=_cmd_validate)

    p = sub.add_parser("demo", help="regenerate the synthetic study's raw exports (data/raw)")
    p.add_argument("dir", nargs="?", default=None, help="study folder (default: found from here)")
    p.add_argument("--seed", type=int, default=20220115)
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


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `surveykit` console script."""
    pin_blas_threads()
    args = parser().parse_args(argv)
    progress = Progress(args.quiet)
    logging.basicConfig(level=logging.ERROR if args.quiet else logging.WARNING,
                        format="surveykit: warning: %(message)s", stream=sys.stderr, force=True)
    try:
        return args.run(args, progress)
    except SurveykitError as exc:
        if args.debug:
            raise
        print(f"surveykit {args.command}: error: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("surveykit: interrupted; earlier outputs are left as they were.", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())

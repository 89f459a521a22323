"""``arabic-ie tag``: batch tagging of files, streamed, with bad lines reported and the output written atomically."""

from __future__ import annotations

import csv
import json
import sys
from contextlib import nullcontext
from datetime import date
from itertools import islice
from pathlib import Path
from typing import Iterator

from arabic_ie.inference.labels import Span, spans_to_tags
from arabic_ie.inference.problems import InputError, Problem
from arabic_ie.inference.words import split_words
from arabic_ie.page import document_html, page_head, page_tail, value_text
from arabic_ie.training.files import atomic_open

CHUNK = 512  # documents tagged together (bounded memory)


def read_documents(inputs: list[str], lines: bool, strict: bool, problems: list[Problem]) -> Iterator[dict]:
    """Yield ``{"text": ..., **metadata}`` per document; bad lines (bad JSON, bytes that are not UTF-8,
    lone surrogates) are reported with file and line and go to ``problems`` (or stop the run with ``strict``)."""
    for name in inputs:
        shown = "<stdin>" if name == "-" else name
        if name != "-" and not Path(name).is_file():
            raise InputError([Problem(shown, 0, "no such file")])
        handle = sys.stdin.buffer if name == "-" else open(name, "rb")
        try:
            if name.endswith(".jsonl"):
                yield from _jsonl_documents(_decoded_lines(handle, shown, strict, problems), shown, strict, problems)
            elif lines or name == "-":
                for number, line in _decoded_lines(handle, shown, strict, problems):
                    if line.strip():
                        yield {"file": shown, "line": number, "text": line.rstrip("\r\n")}
            else:
                data = handle.read()
                try:
                    text = data.decode("utf-8-sig")
                except UnicodeDecodeError as err:
                    line = data.count(b"\n", 0, err.start) + 1
                    raise InputError([Problem(shown, line, f"not UTF-8 text: {err.reason} at byte {err.start}")]) from None
                yield {"file": shown, "text": text}
        finally:
            if name != "-":
                handle.close()


def _report(problem: Problem, strict: bool, problems: list[Problem]) -> None:
    if strict:
        raise InputError([problem])
    problems.append(problem)
    print(problem, file=sys.stderr)


def _decoded_lines(handle, shown: str, strict: bool, problems: list[Problem]) -> Iterator[tuple[int, str]]:
    """``(line number, text)`` of each line; a line that is not UTF-8 is reported and skipped (a BOM is dropped)."""
    for number, raw in enumerate(handle, start=1):
        try:
            yield number, raw.decode("utf-8-sig" if number == 1 else "utf-8")
        except UnicodeDecodeError as err:
            _report(Problem(shown, number, f"not UTF-8 text ({err.reason}), line skipped"), strict, problems)


def _jsonl_documents(lines, shown: str, strict: bool, problems: list[Problem]) -> Iterator[dict]:
    for number, line in lines:
        if not line.strip():
            continue
        problem = None
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as err:
            problem = Problem(shown, number, f"bad JSON: {err.msg} at column {err.colno}, line skipped")
        else:
            if not isinstance(obj, dict) or not isinstance(obj.get("text"), str):
                problem = Problem(shown, number, "expected a JSON object with a string field 'text', line skipped")
            elif not _encodable(obj["text"]):
                problem = Problem(shown, number, "the text holds a lone surrogate (not a character), line skipped")
        if problem:
            _report(problem, strict, problems)
            continue
        yield obj


def _encodable(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


class _Writer:
    """Writes results in one format to a stream: jsonl, csv (one row per entity), conll,
    facts-csv (one row per money fact) or html (one page)."""

    def __init__(self, stream, fmt: str):
        self.stream, self.fmt = stream, fmt
        if fmt == "csv":
            self.csv = csv.writer(stream)
            self.csv.writerow(["file", "line", "id", "label", "text", "start", "end", "score", "value"])
        elif fmt == "facts-csv":
            self.csv = csv.writer(stream)
            self.csv.writerow(["file", "line", "id", "type", "modality", "amount", "amount_start", "amount_end",
                               "value", "currency", "company", "company_name", "period", "period_start",
                               "period_end", "chips"])
        elif fmt == "html":
            stream.write(page_head())

    def write(self, doc: dict, entities, facts=None) -> None:
        if self.fmt == "jsonl":
            out = doc | {"entities": [e.to_dict() for e in entities]}
            if facts is not None:
                out["facts"] = [f.to_dict() for f in facts]
            self.stream.write(json.dumps(out, ensure_ascii=False) + "\n")
        elif self.fmt == "csv":
            for e in entities:
                self.csv.writerow([doc.get("file", ""), doc.get("line", ""), doc.get("id", ""), e.label, e.text,
                                   e.start, e.end, e.score, json.dumps(e.value, ensure_ascii=False) if e.value else ""])
        elif self.fmt == "facts-csv":
            for f in facts:
                amount, period = f.amount.value or {}, (f.period.value or {}) if f.period else {}
                number = amount.get("amount") if amount.get("amount") is not None else \
                    (f"{amount['low']}-{amount['high']}" if amount.get("low") is not None else "")
                self.csv.writerow([doc.get("file", ""), doc.get("line", ""), doc.get("id", ""), f.type, f.modality,
                                   f.amount.text, f.amount.start, f.amount.end, number, amount.get("currency") or "",
                                   f.company.text if f.company else "", value_text(f.company),
                                   f.period.text if f.period else "", period.get("start") or "",
                                   period.get("end") or "", "|".join(value_text(c) for c in f.chips)])
        elif self.fmt == "html":
            self.stream.write(document_html(doc, entities, facts))
        else:
            words = split_words(doc["text"])
            tags = spans_to_tags(words, [Span(e.start, e.end, e.label) for e in entities])
            self.stream.write("".join(f"{w.text}\t{t}\n" for w, t in zip(words, tags)) + "\n")

    def close(self) -> None:
        if self.fmt == "html":
            self.stream.write(page_tail())


def tagger_options(args) -> dict:
    """``Tagger.from_pretrained`` options from ``--backend``, ``--decoding``, ``--names``, ``--amounts``,
    ``--edges``, ``--document-names``, ``--company-checks``."""
    return {"backend": getattr(args, "backend", "auto"), "decoding": args.decoding,
            "rule_names": {"checked": True, "model": False}.get(getattr(args, "names", None)),
            "rule_amounts": {"rules": True, "model": False}.get(getattr(args, "amounts", None)),
            "rule_edges": {"rules": True, "model": False}.get(getattr(args, "edges", None)),
            "document_names": {"on": True, "off": False}.get(getattr(args, "document_names", None)),
            "company_checks": {"on": True, "off": False}.get(getattr(args, "company_checks", None))}


def load_tagger(args):
    """The tagger a command's ``--model``, ``--device``, ``--dtype`` and :func:`tagger_options` name."""
    from arabic_ie.inference.tagger import Tagger

    return Tagger.from_pretrained(args.model, device=args.device, dtype=args.dtype, **tagger_options(args))


def run_tag(args) -> int:
    """Tag every input document and write the results; returns the exit status."""
    from tqdm.auto import tqdm

    from arabic_ie.training.train import progress_interval

    reference = None
    if args.reference_date:
        try:
            reference = date.fromisoformat(args.reference_date)
        except ValueError:
            raise InputError([Problem("--reference-date", 0, f"expected YYYY-MM-DD, got {args.reference_date!r}")]) from None
    target = None if args.output in (None, "-") else Path(args.output)
    if target and any(name != "-" and Path(name).resolve() == target.resolve() for name in args.inputs):
        raise InputError([Problem(str(target), 0, "the output file is also an input: choose another -o")])
    if getattr(args, "engine", "local") == "ray":
        return run_tag_ray(args, target)
    with_facts = args.facts or args.format in ("facts-csv", "html")
    tagger = load_tagger(args)
    linker = None
    if with_facts and getattr(args, "linker", None):
        from arabic_ie.inference.learned_linker import LearnedLinker

        linker = LearnedLinker.from_pretrained(args.linker, device=args.device)
    problems: list[Problem] = []
    documents = read_documents(args.inputs, args.lines, args.strict, problems)
    count = 0
    with (atomic_open(target, newline="") if target else nullcontext(sys.stdout)) as stream:
        writer = _Writer(stream, args.format)
        with tqdm(desc="tagging", unit="doc", disable=target is None, mininterval=progress_interval()) as progress:
            while chunk := list(islice(documents, CHUNK)):
                texts = [d["text"] for d in chunk]
                if with_facts:
                    results = [(x.entities, x.facts) for x in tagger.extract(texts, batch_size=args.batch_size,
                                                                             reference_date=reference, linker=linker)]
                else:
                    results = [(entities, None) for entities in tagger.tag(texts, batch_size=args.batch_size,
                                                                           reference_date=reference)]
                for doc, (entities, facts) in zip(chunk, results):
                    writer.write(doc, entities, facts)
                count += len(chunk)
                progress.update(len(chunk))
        writer.close()
    print(f"tagged {count} document(s)" + (f" → {target}" if target else "")
          + (f"; {len(problems)} bad line(s) skipped" if problems else ""), file=sys.stderr)
    return 1 if problems and args.strict else 0


SHARD_SIZE = 10_000  # documents per output shard of `--engine ray`
RAY_CHUNK = 50_000  # documents handed to Ray at a time (bounded memory in the driver)


def run_tag_ray(args, target: Path | None) -> int:
    """``arabic-ie tag --engine ray``: the same lines as the local engine, tagged by Ray actors, written as
    ``part-00000.jsonl``, ``part-00001.jsonl``... in the ``-o`` directory (replaced as a whole when done)."""
    import os
    import shutil

    from arabic_ie.training.files import replace_dir

    if target is None:
        raise InputError([Problem("-o", 0, "--engine ray writes sharded JSONL into a directory: give -o DIR")])
    if args.format != "jsonl":
        raise InputError([Problem("--format", 0, "--engine ray writes jsonl only")])
    if args.model == "rules":
        raise InputError([Problem("--model", 0, "--engine ray runs a trained model; the rules run fast enough locally")])
    try:
        import ray
    except ImportError:
        raise InputError([Problem("--engine", 0, 'Ray is not installed: pip install -e ".[ray]"')]) from None
    from arabic_ie.inference.ray_tagging import tag_dataset

    workers = args.workers or 2
    from arabic_ie.inference.onnx_backend import ONNX_FILE

    if getattr(args, "backend", "auto") == "auto" and (Path(args.model) / ONNX_FILE).is_file():
        print("note: the int8 ONNX export quantises activations per batch, so a borderline word can differ from "
              "local tagging with other batch companions; --backend torch gives the local engine's lines exactly",
              file=sys.stderr)
    if not ray.is_initialized():
        ray.init(address=os.environ.get("RAY_ADDRESS"), include_dashboard=False, log_to_driver=False,
                 configure_logging=False)
    ray.data.DataContext.get_current().execution_options.preserve_order = True
    ray.data.DataContext.get_current().enable_progress_bars = False
    # the actors share all CPUs but one, which Ray Data keeps for its own tasks (with every CPU held by an
    # actor, the reading tasks wait behind them)
    cpus = max(0.5, (ray.cluster_resources().get("CPU", 1) - 1) / workers)
    problems: list[Problem] = []
    documents = read_documents(args.inputs, args.lines, args.strict, problems)
    work = target.with_name(target.name + ".tmp")
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    count, shard, stream = 0, 0, None
    try:
        while chunk := list(islice(documents, RAY_CHUNK)):
            dataset = ray.data.from_items([{"text": d["text"]} for d in chunk])
            tagged = tag_dataset(dataset, args.model, concurrency=workers, num_cpus=cpus,
                                 num_gpus=1 if (args.device or "").startswith("cuda") else 0,
                                 batch_size=args.batch_size, dtype=args.dtype, reference_date=args.reference_date,
                                 facts=args.facts, **tagger_options(args))
            for doc, row in zip(chunk, tagged.iter_rows()):
                if stream is None or count % SHARD_SIZE == 0:
                    if stream is not None:
                        stream.close()
                    stream = open(work / f"part-{shard:05d}.jsonl", "w", encoding="utf-8")
                    shard += 1
                out = doc | {"entities": json.loads(row["entities"])}
                if args.facts:
                    out["facts"] = json.loads(row["facts"])
                stream.write(json.dumps(out, ensure_ascii=False) + "\n")
                count += 1
        if stream is not None:
            stream.close()
        replace_dir(work, target)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(f"tagged {count} document(s) on Ray ({workers} actors) → {target}/part-*.jsonl ({shard} shard(s))"
          + (f"; {len(problems)} bad line(s) skipped" if problems else ""), file=sys.stderr)
    return 1 if problems and args.strict else 0

"""``arabic-ie tag --format html``: one self-contained page to read tagged documents on.

Right to left (``dir="rtl"``), each entity marked in its label's colour with the label after it
and its value on hover, every entity in ``<bdi>`` so a Latin name inside Arabic text keeps its
order, a side table of the entities with their values, and the document's money facts under
it. No network, no script: CSS only.
"""

from __future__ import annotations

from html import escape
from typing import Any, Iterable

from arabic_ie.inference.entity import Entity
from arabic_ie.inference.facts import Fact

COLOURS = {"COMPANY": "#7aecec", "CHIP": "#feca74", "AMOUNT": "#bfe1d9", "PERIOD": "#c887fb"}

HEAD = """<!DOCTYPE html>
<html lang="ar" dir="rtl">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<style>
body {{ font-family: "Noto Naskh Arabic", "Amiri", "DejaVu Sans", sans-serif; margin: 2rem; color: #222; }}
article {{ display: grid; grid-template-columns: minmax(0, 3fr) minmax(0, 2fr); gap: 1.5rem;
          border-bottom: 1px solid #ddd; padding-bottom: 1.5rem; margin-bottom: 1.5rem; }}
article > header, article > .facts {{ grid-column: 1 / -1; }}
header {{ font-size: 0.85rem; color: #666; }}
.text {{ line-height: 2.4; font-size: 1.15rem; white-space: pre-wrap; }}
mark {{ padding: 0.15em 0.35em; border-radius: 0.35em; unicode-bidi: isolate; }}
mark .label {{ font-size: 0.65em; font-weight: bold; margin: 0 0.4em; font-family: sans-serif; }}
{colours}
table {{ border-collapse: collapse; font-size: 0.9rem; width: 100%; }}
th, td {{ border: 1px solid #ddd; padding: 0.25em 0.5em; text-align: start; vertical-align: top; }}
th {{ background: #f5f5f5; }}
</style>
</head>
<body>
<h1>{title}</h1>
"""
TAIL = "</body>\n</html>\n"


def value_text(entity: Entity | None) -> str:
    """A short readable value: ``5000000000 USD``, ``2026-01-01 – 2026-12-31``, ``Nvidia``."""
    if entity is None:
        return ""
    value = entity.value or {}
    if entity.label in ("COMPANY", "CHIP"):
        return str(value.get("name", ""))
    if entity.label == "AMOUNT":
        if value.get("amount") is not None:
            number = f"{value['amount']:,}"
        elif value.get("low") is not None:
            number = f"{value['low']:,}–{value['high']:,}"
        else:
            number = value.get("approximate") or ""
        return f"{number} {value.get('currency') or ''}".strip()
    if value.get("start") or value.get("end"):
        return f"{value.get('start') or '…'} – {value.get('end') or '…'}"
    return str(value.get("relative") or value.get("granularity") or "")


def _mark(text: str, entity: Entity) -> str:
    hover = f"{entity.label}: {value_text(entity)}".rstrip(": ")
    return (f'<mark class="ent {entity.label}" title="{escape(hover)}" data-label="{entity.label}">'
            f'<bdi>{escape(text[entity.start:entity.end])}</bdi>'
            f'<bdi class="label" dir="ltr">{entity.label}</bdi></mark>')


def marked_text(text: str, entities: Iterable[Entity]) -> str:
    """The text, escaped, with each entity in a ``<mark>``."""
    parts, pos = [], 0
    for entity in sorted(entities, key=lambda e: e.start):
        if entity.start < pos:
            continue  # never overlaps in practice; keep the page valid if it does
        parts.append(escape(text[pos:entity.start]))
        parts.append(_mark(text, entity))
        pos = entity.end
    parts.append(escape(text[pos:]))
    return "".join(parts)


def _cell(entity: Entity | None) -> str:
    if entity is None:
        return "<td></td>"
    return f"<td><bdi>{escape(entity.text)}</bdi><br><small><bdi>{escape(value_text(entity))}</bdi></small></td>"


def document_html(doc: dict[str, Any], entities: list[Entity], facts: list[Fact] | None) -> str:
    """One ``<article>``: where the document came from, its marked text, the entity table, its facts."""
    origin = " ".join(f"{k}={doc[k]}" for k in ("file", "line", "id") if k in doc)
    rows = "".join(f'<tr><td><span class="swatch {e.label}">{e.label}</span></td><td><bdi>{escape(e.text)}</bdi></td>'
                   f"<td><bdi>{escape(value_text(e))}</bdi></td></tr>" for e in entities)
    out = [f'<article dir="rtl">\n<header><bdi>{escape(origin)}</bdi></header>',
           f'<div class="text">{marked_text(doc["text"], entities)}</div>',
           f'<table class="entities"><thead><tr><th>label</th><th>entity</th><th>value</th></tr></thead>'
           f"<tbody>{rows}</tbody></table>"]
    if facts is not None:
        fact_rows = "".join(
            f"<tr><td>{f.type}</td><td>{f.modality}</td>{_cell(f.amount)}{_cell(f.company)}{_cell(f.period)}"
            f"<td>{'، '.join(f'<bdi>{escape(c.text)}</bdi>' for c in f.chips)}</td></tr>" for f in facts)
        out.append('<section class="facts"><h3>الوقائع المالية (money facts)</h3><table>'
                   "<thead><tr><th>type</th><th>modality</th><th>amount</th><th>company</th><th>period</th>"
                   f"<th>chips</th></tr></thead><tbody>{fact_rows or '<tr><td colspan=6>—</td></tr>'}</tbody>"
                   "</table></section>")
    out.append("</article>\n")
    return "\n".join(out)


def page_head(title: str = "arabic-ie") -> str:
    """The page up to the first document (styles included)."""
    colours = "\n".join(f"mark.{label}, .swatch.{label} {{ background: {colour}; }}" for label, colour in COLOURS.items())
    return HEAD.format(title=escape(title), colours=colours)


def page_tail() -> str:
    return TAIL

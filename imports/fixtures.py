"""Catalogue fixtures: deterministic JSON with natural keys, committed under ``fixtures/``.

``render(catalogue)`` gives {file name: text}; the same notes always give byte-identical text
(sorted keys and rows, ``ensure_ascii=False``, ``indent=2``, a trailing newline). ``stale_files``
tells which committed files differ from a fresh render (``import_notes --check``).
"""

import dataclasses
import datetime
import json
from pathlib import Path

from imports.records import Catalogue

FIXTURES_DIR = Path(__file__).resolve().parent.parent / "fixtures"
FILES = ("sources.json", "organisations.json", "initiatives.json", "warnings.json")


def _plain(value):
    if dataclasses.is_dataclass(value):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def _mention(mention):
    data = _plain(mention)
    # The file is the source's own; the ordering date is kept, since an undated note's estimate
    # is nowhere else, and the loader orders mentions by it when it derives an initiative.
    data.pop("sort_file")
    return data


def _initiative(record):
    data = _plain(record)
    data["mentions"] = [_mention(m) for m in record.mentions]
    return data


def _dump(data):
    return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def render(catalogue: Catalogue) -> dict[str, str]:
    return {
        "sources.json": _dump([_plain(s) for s in sorted(catalogue.sources, key=lambda s: s.slug)]),
        "organisations.json": _dump([_plain(o) for o in catalogue.organisations]),
        "initiatives.json": _dump([_initiative(i) for i in catalogue.initiatives]),
        "warnings.json": _dump(
            [
                _plain(w)
                for w in sorted(
                    catalogue.warnings, key=lambda w: (w.source, w.line or 0, w.locator, w.message)
                )
            ]
        ),
    }


def write(rendered: dict[str, str], directory: Path = FIXTURES_DIR) -> list[str]:
    """Write the rendered files (each atomically); the names of files that changed."""
    directory.mkdir(parents=True, exist_ok=True)
    changed = []
    for name, text in rendered.items():
        path = directory / name
        if path.exists() and path.read_text(encoding="utf-8") == text:
            continue
        tmp = path.with_suffix(".json.tmp")
        tmp.write_text(text, encoding="utf-8")
        tmp.replace(path)
        changed.append(name)
    return changed


def stale_files(rendered: dict[str, str], directory: Path = FIXTURES_DIR) -> list[str]:
    return [
        name
        for name, text in rendered.items()
        if not (directory / name).exists() or (directory / name).read_text(encoding="utf-8") != text
    ]


def read(directory: Path = FIXTURES_DIR) -> dict[str, list]:
    """The committed fixtures as plain data ({} entries for files not yet written)."""
    data = {}
    for name in FILES:
        path = directory / name
        data[name] = json.loads(path.read_text(encoding="utf-8")) if path.exists() else []
    return data

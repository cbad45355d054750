"""Uploaded notes between the admin's preview and its "Gem" or "Annullér".

An upload waits as two files in ``<NOTES_DIR>/.incoming/``: ``<token>.note`` (the bytes) and
``<token>.json`` (the file name and what the editor filled in). They live beside the notes so
that app servers sharing the notes folder (as they must, to keep imported notes) share uploads
too. "Annullér" deletes both; an upload left for a day is deleted at the next upload. Nothing
here touches the database.
"""

import datetime
import json
import re
import secrets
from dataclasses import dataclass
from pathlib import Path

from imports.intake import INCOMING, notes_dir

MAX_AGE = datetime.timedelta(days=1)
_TOKEN = re.compile(r"^[A-Za-z0-9_-]{20,64}$")


@dataclass
class Pending:
    token: str
    name: str  # the file name the note will be kept under
    fields: dict  # title, date, issuer, region, kind, reason as the editor gave them

    @property
    def data(self) -> bytes:
        return _path(self.token, ".note").read_bytes()

    def discard(self) -> None:
        for suffix in (".note", ".json"):
            _path(self.token, suffix).unlink(missing_ok=True)


def folder() -> Path:
    return notes_dir() / INCOMING


def _path(token: str, suffix: str) -> Path:
    return folder() / f"{token}{suffix}"


def stage(data: bytes, *, name: str, fields: dict) -> Pending:
    """Keep an upload for its preview; uploads older than ``MAX_AGE`` are deleted first."""
    folder().mkdir(parents=True, exist_ok=True)
    sweep()
    pending = Pending(token=secrets.token_urlsafe(24), name=name, fields=fields)
    _path(pending.token, ".note").write_bytes(data)
    _path(pending.token, ".json").write_text(
        json.dumps({"name": name, "fields": fields}, ensure_ascii=False), encoding="utf-8"
    )
    return pending


def get(token: str) -> Pending | None:
    """The upload of ``token``; None when there is none (cancelled, saved, expired, bad token)."""
    if not _TOKEN.match(token):
        return None
    try:
        stored = json.loads(_path(token, ".json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not _path(token, ".note").exists():
        return None
    return Pending(token=token, name=stored["name"], fields=stored["fields"])


def sweep() -> None:
    cutoff = datetime.datetime.now().timestamp() - MAX_AGE.total_seconds()
    for path in folder().glob("*.note"):
        if path.stat().st_mtime < cutoff:
            Pending(token=path.stem, name="", fields={}).discard()

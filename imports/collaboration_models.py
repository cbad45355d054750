"""Collaboration models (samarbejdsformer): the vocabulary and the rules that assign it (pure).

The vocabulary is ``reference/collaboration_models.toml`` (each model's definition written from
Danske Regioners note 001, cited by its lines); the rules are
``reference/collaboration_model_rules.toml``. This module owns reading both and applying the
rules: no ORM, text in and slugs out. ``imports.pipeline`` gives every initiative the models
that any of its mentions has (:func:`models_for_initiative`).

How a rule matches (the rules file says it for its editors too): a rule has groups of keywords
and matches a mention when one sentence of one of its texts holds a keyword of every group, and
none of its texts holds one of its ``unless`` keywords ("men ikke tværsektorielt samarbejde"). The
texts are the mention's title, description, section and raw Målgruppe cell; a rule may name
fewer. Keywords match as in ``target_groups.toml`` (``imports.vocabularies.keywords_regex``).
Sentences end at ".", "!", "?" or ";" followed by a capital, or at a line break.

Note 001 lost its headings in the OCR, so its boxes have no section; the rules file gives the
note's headings by line span (``[[heading]]``), and a mention without a section of its own is
read under the heading over its first line.

Limits: rules read words, not meaning. A municipal initiative that mentions "kompetenceudvikling"
of its own staff gets the cross-sector model of that name; an initiative whose row says nothing
about how the parties work together gets no model. Admins correct both (``Initiative.models``).
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from imports.vocabularies import keywords_regex

REFERENCE_DIR = Path(__file__).resolve().parent.parent / "reference"
VOCABULARY_FILE = "collaboration_models.toml"
RULES_FILE = "collaboration_model_rules.toml"
FIELDS = ("title", "description", "section", "target_group")

# A sentence ends at ".", "!", "?" or ";" before a capital (so "f.eks. hospitalet" and "d. 9.
# december" read on), or at a line break.
_SENTENCE_END = re.compile(r"(?<=[.!?;])\s+(?=[A-ZÆØÅ\"“”»(])|\s*\n\s*")


@dataclass(frozen=True)
class CollaborationModel:
    """One model of the vocabulary, with the note's lines its definition is written from."""

    slug: str
    name: str
    name_en: str
    definition: str
    definition_en: str
    source: str  # the note's file name
    lines: tuple[tuple[int, int], ...]
    order: int


@dataclass(frozen=True)
class Rule:
    id: str
    model: str
    groups: tuple[re.Pattern, ...]
    fields: tuple[str, ...]
    unless: re.Pattern | None = None

    def matches(self, texts: Mapping[str, str]) -> bool:
        """Whether one sentence of one of the rule's texts holds a keyword of every group (and
        none of its texts holds an ``unless`` keyword)."""
        if self.unless is not None and any(
            self.unless.search(texts.get(name) or "") for name in self.fields
        ):
            return False
        for name in self.fields:
            for sentence in sentences(texts.get(name) or ""):
                if all(group.search(sentence) for group in self.groups):
                    return True
        return False


@dataclass(frozen=True)
class Heading:
    file: str
    first: int
    last: int
    text: str


@dataclass(frozen=True)
class Rules:
    rules: tuple[Rule, ...]
    headings: tuple[Heading, ...]

    def heading(self, file: str, line: int | None) -> str:
        """The heading over ``line`` of the note ``file`` ("" when there is none)."""
        if line is None:
            return ""
        for heading in self.headings:
            if heading.file == file and heading.first <= line <= heading.last:
                return heading.text
        return ""


class RulesError(ValueError):
    """A rules or vocabulary file that cannot be used; the message names the file and entry."""


def sentences(text: str) -> list[str]:
    return [s for s in _SENTENCE_END.split(text) if s.strip()]


def _read(reference_dir: Path, name: str) -> dict:
    path = Path(reference_dir) / name
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise RulesError(f"{path}: {exc}") from None


@lru_cache(maxsize=8)
def vocabulary(reference_dir: Path = REFERENCE_DIR) -> tuple[CollaborationModel, ...]:
    """The models in their order on the pages."""
    models = []
    for order, entry in enumerate(_read(reference_dir, VOCABULARY_FILE)["model"], start=1):
        try:
            lines = tuple((int(first), int(last)) for first, last in entry["lines"])
            models.append(
                CollaborationModel(
                    slug=entry["slug"],
                    name=entry["name"],
                    name_en=entry.get("name_en", ""),
                    definition=" ".join(entry["definition"].split()),
                    definition_en=" ".join(entry.get("definition_en", "").split()),
                    source=entry["source"],
                    lines=lines,
                    order=order,
                )
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise RulesError(
                f"{VOCABULARY_FILE}: model {order} ({entry.get('slug', '?')}): missing or bad {exc}"
            ) from None
    return tuple(models)


@lru_cache(maxsize=8)
def rules(reference_dir: Path = REFERENCE_DIR) -> Rules:
    data = _read(reference_dir, RULES_FILE)
    known = {model.slug for model in vocabulary(reference_dir)}
    parsed = []
    for number, entry in enumerate(data.get("rule", []), start=1):
        where = f"{RULES_FILE}: rule {number} ({entry.get('id', '?')})"
        if entry.get("model") not in known:
            raise RulesError(f"{where}: unknown model {entry.get('model')!r}")
        fields = tuple(entry.get("fields", FIELDS))
        if not fields or set(fields) - set(FIELDS):
            raise RulesError(f"{where}: fields must be some of {', '.join(FIELDS)}")
        groups = tuple(keywords_regex(group) for group in entry.get("all", []))
        if not groups or None in groups:
            raise RulesError(f"{where}: `all` needs at least one group of keywords")
        unless = keywords_regex(entry.get("unless", []))
        parsed.append(Rule(entry["id"], entry["model"], groups, fields, unless))
    headings = [
        Heading(h["file"], int(h["lines"][0]), int(h["lines"][1]), h["heading"])
        for h in data.get("heading", [])
    ]
    return Rules(tuple(parsed), tuple(headings))


def mention_texts(mention, file: str, rule_set: Rules | None = None) -> dict[str, str]:
    """The texts the rules read for a ``MentionRecord`` of the note ``file``."""
    rule_set = rule_set or rules()
    return {
        "title": mention.title,
        "description": mention.description,
        "section": mention.section or rule_set.heading(file, mention.line),
        "target_group": mention.target_group_text,
    }


def models_for_texts(texts: Mapping[str, str], rule_set: Rules | None = None) -> list[str]:
    """The slugs of the models the rules find in ``texts``, in vocabulary order."""
    rule_set = rule_set or rules()
    found = {rule.model for rule in rule_set.rules if rule.matches(texts)}
    return [model.slug for model in vocabulary() if model.slug in found]


def models_for_initiative(mentions: Iterable) -> list[str]:
    """The models of an initiative: every model a rule finds in any of its mentions
    (MentionRecords; ``sort_file``, the note's file name, places a mention under a note's
    headings)."""
    rule_set = rules()
    found = set()
    for mention in mentions:
        texts = mention_texts(mention, mention.sort_file, rule_set)
        found.update(models_for_texts(texts, rule_set))
    return [model.slug for model in vocabulary() if model.slug in found]


def matching_rules(texts: Mapping[str, str], rule_set: Rules | None = None) -> list[str]:
    """The ids of the rules that match ``texts`` (for tests and for explaining a tag)."""
    rule_set = rule_set or rules()
    return [rule.id for rule in rule_set.rules if rule.matches(texts)]

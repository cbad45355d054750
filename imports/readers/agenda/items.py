"""Agenda items and the numbered projects inside them.

An item is a numbered all-caps heading (``5. ORIENTERING OM STATUS PÅ`` + continuation lines);
items are numbered consecutively, which keeps dates such as ``5. APRIL 2017`` in the bilag from
passing for items. Inside an item's content sections (``agenda.toml``: SAGSFREMSTILLING,
MEDDELELSER), lines ``N. Title`` numbered 1, 2, 3 … and followed by prose are projects: one row
each (``Punkt 5, projekt 1``). Partners are the sentences that name organisations; status is the
first sentence that says where the project stands (the words are in ``agenda.toml``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from imports import reference
from imports.readers.base import Row

from .spec import Items
from .text import (
    SENTENCE_END,
    Line,
    reflow,
    sentence_case,
    sentences,
    starts_upper,
    tidy,
)

_ITEM_HEADING = re.compile(r"^\s*(\d{1,2})\.\s+(\S.*?)\s*$")


def _is_caps(text: str) -> bool:
    text = text.strip()
    return bool(text) and text == text.upper() and any(c.isalnum() for c in text)


def _is_section_heading(text: str) -> bool:
    text = text.strip()
    letters = [c for c in text if c.isalpha()]
    return (
        len(letters) >= 4
        and text == text.upper()
        and not any(c.isdigit() for c in text)
        and len(text) <= 60
    )


@dataclass
class AgendaItem:
    number: int
    title: str  # sentence case
    line: int  # heading line, 1-based
    body_start: int  # 0-based index of the first line after the heading
    end: int  # 0-based index after the item's last line


def agenda_items(lines: list[str]) -> list[AgendaItem]:
    """The agenda's numbered all-caps item headings, numbered consecutively."""
    items: list[AgendaItem] = []
    i = 0
    while i < len(lines):
        match = _ITEM_HEADING.match(lines[i])
        if (
            not match
            or not _is_caps(match.group(2))
            or sum(c.isalpha() for c in match.group(2)) < 3
        ):
            i += 1
            continue
        number = int(match.group(1))
        if items and number != items[-1].number + 1:
            i += 1
            continue
        title = [match.group(2)]
        j = i + 1
        while j < len(lines) and _is_caps(lines[j]) and not _ITEM_HEADING.match(lines[j]):
            title.append(lines[j].strip())
            j += 1
        if items:
            items[-1].end = i
        items.append(AgendaItem(number, sentence_case(" ".join(title)), i + 1, j, len(lines)))
        i = j
    return items


def _names_kommune(sentence: str, spec: Items) -> bool:
    words = set(re.findall(r"[\wÆØÅæøå-]+", sentence))
    shorts = {k.short for k in reference.kommune_spellings().values()}
    return bool(words & shorts) and bool(spec.kommune_word.search(sentence))


def _is_partner_sentence(sentence: str, spec: Items) -> bool:
    return bool(spec.organisation.search(sentence)) or _names_kommune(sentence, spec)


def _paragraphs(lines: list[str], start: int, end: int) -> list[list[Line]]:
    paragraphs: list[list[Line]] = []
    current: list[Line] = []
    for i in range(start, end):
        if lines[i].strip():
            current.append((i + 1, lines[i]))
        elif current:
            paragraphs.append(current)
            current = []
    if current:
        paragraphs.append(current)
    return paragraphs


def _is_heading_like(paragraph: list[Line]) -> bool:
    text = tidy(paragraph[0][1])
    return (
        len(paragraph) == 1
        and len(text) < 70
        and starts_upper(text)
        and not SENTENCE_END.search(text)
    )


def _project_headings(lines: list[str], start: int, end: int) -> list[tuple[int, int, str]]:
    """``(index, number, title)`` of the numbered project headings in ``lines[start:end]``."""
    found: list[tuple[int, int, str]] = []
    expected = 1
    for i in range(start, end):
        match = _ITEM_HEADING.match(lines[i])
        if not match or int(match.group(1)) != expected:
            continue
        title = match.group(2)
        if (
            len(title) > 80
            or not starts_upper(title)
            or _is_caps(title)
            or re.search(r"[.,:;]$", title)
        ):
            continue
        following = next((lines[j] for j in range(i + 1, end) if lines[j].strip()), "")
        if len(following.strip()) < 50:  # a project is followed by prose, a list is not
            continue
        found.append((i, expected, tidy(title)))
        expected += 1
    return found if len(found) >= 2 else []


def item_projects(item: AgendaItem, lines: list[str], spec: Items) -> list[Row]:
    rows: list[Row] = []
    sections: list[tuple[str, int, int]] = []
    for i in range(item.body_start, item.end):
        if _is_section_heading(lines[i]):
            if sections:
                sections[-1] = (sections[-1][0], sections[-1][1], i)
            sections.append((lines[i].strip(), i + 1, item.end))
    for name, start, end in sections:
        if name not in spec.content_sections:
            continue
        headings = _project_headings(lines, start, end)
        for k, (index, number, title) in enumerate(headings):
            stop = headings[k + 1][0] if k + 1 < len(headings) else end
            paragraphs = _paragraphs(lines, index + 1, stop)
            kept: list[list[Line]] = []
            for p, paragraph in enumerate(paragraphs):
                text = reflow([t for _, t in paragraph])
                if p and (_is_heading_like(paragraph) or spec.collective.search(text)):
                    break
                kept.append(paragraph)
            texts = [reflow([t for _, t in paragraph]) for paragraph in kept]
            said = [s for text in texts for s in sentences(text)]
            status = next((s for s in said if spec.status.search(s)), "")
            partners = [s for s in said if s != status and _is_partner_sentence(s, spec)]
            rows.append(
                Row(
                    locator=spec.locator.format(item=item.number, project=number),
                    section=item.title,
                    line=index + 1,
                    title=title,
                    partners=" ".join(partners),
                    description="\n".join(texts),
                    status=status,
                    line_end=kept[-1][-1][0] if kept else index + 1,
                    agenda_item=item.number,
                    project=number,
                )
            )
    return rows

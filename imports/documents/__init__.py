"""Notes as the regions publish them: PDF, Word (.docx) and web pages, recognised by content.

``sniff(data)`` names a file's kind from its first bytes, never from its name: ``%PDF-`` is a
PDF; a zip archive holding ``word/document.xml`` is a Word document (any other zip, and an old
binary Office file, is refused with a message saying what to save it as); text that opens with
HTML markup (the tags of the WHATWG MIME-sniffing rules: ``<!DOCTYPE html``, ``<html``,
``<table`` …) is a web page. Anything else is text for ``imports.readers``.

``read(data, file=…, kind=…)`` gives ``(text, ReadResult)``: the document's extracted text
(kept as the source's full text, with ``[Side N]`` where a page starts) and the rows of its
tables, as the tables reader gives them for the same table in text (``layout.to_result``).
Readers here are pure, as all readers are: bytes in, text and rows out, never the ORM.
"""

import importlib
import io
import re
import zipfile

from imports.errors import SourceError

from .layout import to_result

KINDS = {"pdf": "PDF", "docx": "Word", "html": "HTML"}
_MODULES = {"pdf": "pdf", "docx": "word", "html": "webpage"}

_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP = (b"PK\x03\x04", b"PK\x05\x06")
# WHATWG MIME Sniffing, "rules for identifying an unknown MIME type": these openings, followed
# by a space or ">", mark HTML.
_HTML_OPENING = re.compile(
    rb"<(?:!doctype\s+html|html|head|script|iframe|h1|div|font|table|a|style|title|b|body|br|p"
    rb"|!--)[\s>]",
    re.IGNORECASE,
)


def sniff(data: bytes) -> str | None:
    """ "pdf", "docx", "html", "zip" (not Word), "ole" (old Office) or None (text)."""
    if b"%PDF-" in data[:1024]:
        return "pdf"
    if data.startswith(_ZIP):
        try:
            names = zipfile.ZipFile(io.BytesIO(data)).namelist()
        except zipfile.BadZipFile:
            return "zip"
        return "docx" if "word/document.xml" in names else "zip"
    if data.startswith(_OLE2):
        return "ole"
    head = data[:1024].lstrip(b"\xef\xbb\xbf \t\r\n\x0c")
    return "html" if _HTML_OPENING.match(head) else None


def read(data: bytes, *, file: str, kind: str):
    """(extracted text, ReadResult) of a document of ``kind``; ``SourceError`` names the file."""
    if kind == "zip":
        raise SourceError(
            f"the file is a zip archive but not a Word document (it has no word/document.xml: "
            f"{_contents(data)}); the importer reads .docx, PDF, HTML and text notes",
            file=file,
        )
    if kind == "ole":
        raise SourceError(
            "the file is an old binary Office document (.doc or .xls): open it in Word and save "
            "it as .docx (or PDF), then import that",
            file=file,
        )
    module = importlib.import_module(f"{__name__}.{_MODULES[kind]}")
    extracted = module.extract(data, file=file)
    return extracted.text, to_result(extracted, file=file)


def _contents(data: bytes) -> str:
    try:
        names = zipfile.ZipFile(io.BytesIO(data)).namelist()
    except zipfile.BadZipFile:
        return "the archive itself is broken"
    shown = ", ".join(names[:5]) + (f" and {len(names) - 5} more" if len(names) > 5 else "")
    return f"it holds {shown}" if names else "it is empty"

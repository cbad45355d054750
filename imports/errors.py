"""The import pipeline's errors: each message names the file, line and column it is about."""


class SourceError(Exception):
    """A note cannot be read. ``str()`` gives ``file:line:column: message``.

    Raised by readers for bad input (empty or binary file, wrong encoding, a row with more cells
    than its header, a table without a title column). Management commands turn it into a
    ``CommandError`` with the same text, and nothing is written.
    """

    def __init__(self, message, *, file="", line=None, column=None):
        super().__init__(message)
        self.message = message
        self.file = file
        self.line = line
        self.column = column

    def __str__(self):
        where = self.file or "<input>"
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        return f"{where}: {self.message}"


def decode_note(data: bytes, *, file: str) -> str:
    """Bytes of a note as text; a ``SourceError`` for empty, binary or non-UTF-8 input."""
    if not data.strip():
        raise SourceError("the file is empty", file=file, line=1, column=1)
    if _looks_like_utf16(data):
        raise SourceError(
            "not UTF-8 (the file is UTF-16) — save it as UTF-8", file=file, line=1, column=1
        )
    if b"\x00" in data:
        offset = data.index(b"\x00")
        line = data.count(b"\n", 0, offset) + 1
        raise SourceError(
            "the file is binary, not text (NUL byte)",
            file=file,
            line=line,
            column=offset - data.rfind(b"\n", 0, offset),
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        column = exc.start - data.rfind(b"\n", 0, exc.start)
        raise SourceError(
            f"not UTF-8 text (byte 0x{data[exc.start]:02x}); save the note as UTF-8",
            file=file,
            line=line,
            column=column,
        ) from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


# The largest note and the longest line (a table row, and so any cell) the importers read. The
# bundled notes are at most 144 kB with lines of at most 721 characters; a larger input is
# refused before it is decoded or parsed, so that a runaway file cannot take minutes and GBs.
MAX_NOTE_BYTES = 5_000_000
MAX_LINE_BYTES = 20_000


def check_note_bytes(size: int, *, file: str) -> None:
    """A ``SourceError`` for a note of ``size`` bytes over ``MAX_NOTE_BYTES`` (before reading it)."""
    if size > MAX_NOTE_BYTES:
        raise SourceError(
            f"the note is {size:,} bytes; notes of at most {MAX_NOTE_BYTES:,} bytes are read "
            "(split it into several notes)",
            file=file,
            line=1,
            column=1,
        )


def check_note_size(data: bytes, *, file: str) -> None:
    """A ``SourceError`` for a note over ``MAX_NOTE_BYTES`` or a line over ``MAX_LINE_BYTES``."""
    check_note_bytes(len(data), file=file)
    start = 0
    line = 1
    while start <= len(data):
        end = data.find(b"\n", start)
        end = len(data) if end < 0 else end
        if end - start > MAX_LINE_BYTES:
            raise SourceError(
                f"line {line} is {end - start:,} bytes long; lines (and so table cells) of at most "
                f"{MAX_LINE_BYTES:,} bytes are read",
                file=file,
                line=line,
                column=MAX_LINE_BYTES + 1,
            )
        start = end + 1
        line += 1


def _looks_like_utf16(data: bytes) -> bool:
    """A UTF-16 byte-order mark, or the NUL pattern of UTF-16 text: mostly-Latin text in UTF-16
    has a NUL in every other byte (the odd ones in little-endian, the even ones in big-endian)."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return True
    sample = data[:4096]
    if len(sample) < 4 or len(sample) % 2:
        sample = sample[: len(sample) - len(sample) % 2]
    if len(sample) < 4:
        return False
    even, odd = sample[0::2], sample[1::2]
    half = len(sample) // 2
    even_nuls, odd_nuls = even.count(0), odd.count(0)
    return (odd_nuls >= 0.3 * half and even_nuls <= 0.05 * odd_nuls) or (
        even_nuls >= 0.3 * half and odd_nuls <= 0.05 * even_nuls
    )

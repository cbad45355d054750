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

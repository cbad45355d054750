from imports.errors import SourceError


def test_source_error_names_file_line_and_column():
    assert str(SourceError("bad", file="a.txt", line=3, column=7)) == "a.txt:3:7: bad"

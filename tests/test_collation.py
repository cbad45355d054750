"""Titles sort in Danish alphabetical order: æ, ø, å after z, accents folded, case ignored."""

from initiatives.collation import sort_key
from tests.builders import make_initiative


def danish(titles):
    return sorted(titles, key=sort_key)


def test_ae_oe_aa_come_after_z_in_that_order():
    assert danish(["Åben dialog", "Ældre", "Zoneterapi", "Østerbro", "Akutteam"]) == [
        "Akutteam",
        "Zoneterapi",
        "Ældre",
        "Østerbro",
        "Åben dialog",
    ]


def test_case_and_accents_do_not_change_the_order():
    assert sort_key("ÉN INDSATS") == sort_key("én indsats") == sort_key("En indsats")


def test_german_and_swedish_letters_sort_as_their_danish_cousins():
    assert sort_key("Über") == sort_key("Yber")
    assert sort_key("Ärø") == sort_key("Ærø")
    assert sort_key("Öresund") == sort_key("Øresund")


def test_digits_come_before_letters_and_words_before_longer_words():
    assert danish(["Sundby", "Sund by", "24-timers team"]) == [
        "24-timers team",
        "Sund by",
        "Sundby",
    ]


def test_punctuation_is_ignored():
    assert sort_key("»Hjem – igen«") == sort_key("Hjem igen")


def test_saving_an_initiative_keeps_its_sort_key_in_step(db):
    initiative = make_initiative("Zebra")
    initiative.title = "Ærø"
    initiative.save(update_fields=["title"])
    initiative.refresh_from_db()
    assert initiative.sort_key == sort_key("Ærø")

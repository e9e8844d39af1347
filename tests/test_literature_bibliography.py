"""Loading the ``.bib`` file once, caching, and what a Bibliography offers."""

# ruff: noqa: RUF001  (the en dash in page ranges is what is tested)
from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from handreiking.content.literature import Bibliography, BibliographyCache, load_bibliography
from handreiking.content.literature.style import ApaNlStyle
from handreiking.errors import HandreikingError

FIXTURES = Path(__file__).parent / "fixtures" / "lit"


@pytest.fixture
def bib_file(tmp_path: Path) -> Path:
    target = tmp_path / "bibliography.bib"
    shutil.copy(FIXTURES / "literatuur.bib", target)
    return target


def test_the_file_is_parsed_once_until_it_changes(bib_file: Path) -> None:
    cache = BibliographyCache()
    first = load_bibliography(bib_file, cache=cache)
    assert load_bibliography(bib_file, cache=cache) is first
    assert load_bibliography(bib_file) is not first  # without the cache: parsed anew
    assert load_bibliography(bib_file, cache=BibliographyCache()) is not first  # another's
    bib_file.write_text(bib_file.read_text().replace("W. W. Norton", "Norton & Company"))
    second = load_bibliography(bib_file, cache=cache)
    assert second is not first
    assert second.format_text("sennett2003").endswith("Norton & Company.")


def test_touching_the_file_without_changing_it_does_not_parse_it_again(bib_file: Path) -> None:
    cache = BibliographyCache()
    first = load_bibliography(bib_file, cache=cache)
    stat = bib_file.stat()
    os.utime(bib_file, ns=(stat.st_atime_ns, stat.st_mtime_ns + 5_000_000_000))
    assert load_bibliography(bib_file, cache=cache) is first


def test_formatted_entries_are_reused_after_another_entry_changed(tmp_path: Path) -> None:
    entries = [
        f"@article{{key{n},\n"
        f"  author = {{Achternaam{n % 300}, Voornaam and van der Tweede, Anna}},\n"
        f"  title = {{Titel {n}}},\n  journal = {{Tijdschrift}},\n  volume = {{{n % 40}}},\n"
        f"  pages = {{{n}--{n + 9}}},\n  year = {{{1980 + n % 40}}},\n}}\n"
        for n in range(5000)
    ]
    path = tmp_path / "groot.bib"
    path.write_text("\n".join(entries))
    cache = BibliographyCache()
    before = load_bibliography(path, cache=cache)
    formatted = {key: before.format(key) for key in before.keys}
    path.write_text(path.read_text().replace("pages = {7--16}", "pages = {7--17}"))
    after = load_bibliography(path, cache=cache)
    assert after is not before
    reused = sum(after.format(key) is formatted[key] for key in after.keys)
    assert reused == 4999
    assert after.format_text("key7").startswith("Achternaam7, V., & Van der Tweede, A. (1987i).")
    assert after.format_text("key7").endswith("7–17.")


def test_messages_show_the_path_relative_to_root(tmp_path: Path) -> None:
    (tmp_path / "bron.bib").write_text("@book{a, title={X}}\n@book{a, title={Y}}\n")
    with pytest.raises(HandreikingError) as caught:
        load_bibliography(tmp_path / "bron.bib", root=tmp_path)
    assert str(caught.value).startswith("bron.bib:2: de sleutel 'a' staat twee keer")


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(HandreikingError) as caught:
        load_bibliography(tmp_path / "weg.bib", root=tmp_path)
    assert str(caught.value).startswith(
        "weg.bib: het literatuurbestand bestaat niet of is niet te lezen; zet bij 'bibliografie'"
    )


def test_file_not_in_utf8(tmp_path: Path) -> None:
    (tmp_path / "latin.bib").write_bytes(b"@book{a,\n  title = {Caf\xe9},\n}\n")
    with pytest.raises(HandreikingError) as caught:
        load_bibliography(tmp_path / "latin.bib", root=tmp_path)
    assert str(caught.value) == "latin.bib:2: het literatuurbestand is niet in UTF-8 opgeslagen"


def test_unknown_style(bib_file: Path) -> None:
    with pytest.raises(HandreikingError) as caught:
        load_bibliography(bib_file, style="chicago")
    assert "onbekende literatuurstijl 'chicago'; deze site kent alleen 'apa-nl'" in str(
        caught.value
    )
    assert isinstance(load_bibliography(bib_file, style=ApaNlStyle()), Bibliography)


def test_keys_lookup_and_suggestion() -> None:
    bib = load_bibliography(FIXTURES / "literatuur.bib")
    assert bib.keys[:2] == ["sennett2003", "lipsky1980"]
    assert "SENNETT2003" in bib and "sennett2004" not in bib
    assert bib.lookup("SENNETT2003") == "sennett2003"
    assert bib.lookup("weg") is None
    assert bib.suggestion("senet2003") == "; bedoel je 'sennett2003'?"
    assert bib.line("lipsky1980") == 14


def test_year_letters_are_computed_over_the_whole_bibliography() -> None:
    bib = load_bibliography(FIXTURES / "literatuur.bib")
    # A page that cites only the second work still calls it 2013b.
    assert bib.cite("deboer2013b").text() == "(De Boer & De Klerk, 2013b)"


def test_cite_api() -> None:
    bib = load_bibliography(FIXTURES / "literatuur.bib")
    assert bib.cite(["sennett2003", "lipsky1980"]).text() == "(Lipsky, 1980; Sennett, 2003)"
    assert bib.cite("sennett2003", locator="p. 12", prefix="zie").text() == (
        "(zie Sennett, 2003, p. 12)"
    )
    assert bib.cite("sennett2003", mode="narrative").text() == "Sennett (2003)"
    assert bib.cite("sennett2003", suppress_author=True).text() == "(2003)"
    assert bib.cite("sennett2003").html(lambda key: None) == "(Sennett, 2003)"
    assert bib.cite("deboer2013").html(lambda key: f"lit.md#lit-{key}") == (
        '(<a href="lit.md#lit-deboer2013">De Boer &amp; De Klerk, 2013a</a>)'
    )


def test_list_html_with_notes() -> None:
    bib = load_bibliography(FIXTURES / "literatuur.bib")
    html = bib.list_html(["sennett2003", "weg", "lipsky1980"], notes={"sennett2003": "Zuid & Oost"})
    assert html == (
        "<ul>\n"
        '<li id="lit-lipsky1980" class="literatuur-item">Lipsky, M. (1980). <em>Street-level '
        "bureaucracy: Dilemmas of the individual in public services</em>. Russell Sage "
        "Foundation.</li>\n"
        '<li id="lit-sennett2003" class="literatuur-item">Sennett, R. (2003). <em>Respect in a '
        'world of inequality</em>. W. W. Norton.<br><span class="literatuur-noot">Zuid &amp; '
        "Oost</span></li>\n"
        "</ul>"
    )


def test_warnings_name_file_line_entry_and_field() -> None:
    bib = Bibliography.from_string(
        "@book{goed, author={A, B}, title={T}, year=2000, publisher={P}}\n\n"
        "@book{half,\n  author = {A, B},\n  year = 2000,\n}\n",
        path="bibliography.bib",
    )
    assert [str(problem) for problem in bib.warnings] == [
        "bibliography.bib:3: bron 'half' mist een titel (veld 'title')",
        "bibliography.bib:3: bron 'half' mist een uitgever (veld 'publisher')",
    ]
    assert bib.warnings_for(["goed", "weg"]) == []


def test_a_new_process_reads_the_parsed_bibliography_from_the_cache(bib_file: Path) -> None:
    import subprocess
    import sys

    root = bib_file.parent
    script = (
        "import sys; from pathlib import Path;"
        "from handreiking.content.literature import BibliographyCache, load_bibliography;"
        "cache = BibliographyCache(Path(sys.argv[2]) / '.cache' / 'handreiking');"
        "b = load_bibliography(sys.argv[1], root=sys.argv[2], cache=cache);"
        "print(b.format_text('sennett2003'))"
    )

    def load() -> str:
        run = subprocess.run(
            [sys.executable, "-c", script, str(bib_file), str(root)],
            capture_output=True,
            text=True,
            check=True,
        )
        return run.stdout.strip()

    first = load()
    cached = sorted((root / ".cache" / "handreiking").glob("bib-*.json"))
    assert len(cached) == 1
    assert load() == first  # the same reference, now from the cache
    bib_file.write_text(bib_file.read_text().replace("W. W. Norton", "Norton & Company"))
    assert load().endswith("Norton & Company.")  # a changed file is parsed anew
    assert len(list((root / ".cache" / "handreiking").glob("bib-*.json"))) == 2
    # A damaged cache file is ignored and rewritten, never an error.
    for file in (root / ".cache" / "handreiking").glob("bib-*.json"):
        file.write_bytes(b"kapot")
    assert load().endswith("Norton & Company.")


def test_a_first_load_with_a_cache_folder_gives_what_the_cache_gives_back(
    bib_file: Path, tmp_path: Path
) -> None:
    # The first load goes on with the entries as the cache keeps them (each made when
    # used); the whole file's year letters are worked out when asked, also after a load
    # from a cache file written without them.
    parsed = load_bibliography(bib_file)
    folder = tmp_path / "cache"
    first = load_bibliography(bib_file, cache=BibliographyCache(folder))
    again = load_bibliography(bib_file, cache=BibliographyCache(folder))
    assert again is not first
    for bib in (first, again):
        assert bib.keys == parsed.keys
        assert bib.year_suffixes == parsed.year_suffixes
        assert bib.cite("deboer2013b").text() == "(De Boer & De Klerk, 2013b)"
        for key in parsed.keys:
            assert bib.format_html(key) == parsed.format_html(key)
            assert bib.line(key) == parsed.line(key)


def test_a_document_asked_again_is_the_same_view() -> None:
    bib = load_bibliography(FIXTURES / "literatuur.bib")
    view = bib.for_document(["deboer2013b", "sennett2003"])
    assert bib.for_document(["deboer2013b", "sennett2003"]) is view  # asked as before
    assert bib.for_document(["SENNETT2003", "deboer2013b", "weg"]) is view  # the same works
    assert bib.for_document(["deboer2013b"]) is not view
    assert view.cite("deboer2013b").text() == "(De Boer & De Klerk, 2013)"  # alone here


def test_after_an_edit_the_file_is_read_as_a_whole_parse_reads_it(tmp_path: Path) -> None:
    # The preview loads the file again after each save: through a cache with a folder
    # only the works around the edit are read again, and which works may differ is told.
    bib = tmp_path / "export.bib"
    works = [
        f"@book{{w{n},\n  author = {{Auteur{n % 7}, Anna}},\n  title = {{Titel {n}}},\n"
        f"  year = {{{2000 + n % 3}}},\n  publisher = {{Uitgever}},\n}}\n"
        for n in range(30)
    ]
    bib.write_text("% een export\n\n" + "\n".join(works), encoding="utf-8")
    cache = BibliographyCache(tmp_path / "cache")
    last = load_bibliography(bib, cache=cache)
    last.sorted_keys()
    edits = [
        ("Titel 3}", "Titel drie}", {"w3"}),  # its year letter among Auteur3's changes too
        ("@book{w10,", "% een opmerking\n@book{w10,", set()),
        ("@book{w0,\n  author = {Auteur0", "@book{w0,\n  author = {Auteur1", {"w0"}),
        ("  publisher = {Uitgever},\n}\n", "}\n", {"w0"}),  # the first work's last field
        ("Titel 29}", "Titel 29},\n  note = {Een noot}", {"w29"}),
        (
            "@book{w20,",
            "@book{nieuw,\n  title = {Nieuw},\n  year = {2001},\n}\n\n@book{w20,",
            {"nieuw"},
        ),
    ]
    for old, new, touched in edits:
        text = bib.read_text(encoding="utf-8")
        assert old in text
        bib.write_text(text.replace(old, new, 1), encoding="utf-8")
        loaded = load_bibliography(bib, cache=cache)
        whole = load_bibliography(bib)  # no cache: the whole file parsed
        assert loaded.keys == whole.keys
        assert loaded.year_suffixes == whole.year_suffixes
        for key in whole.keys:
            assert loaded.format_html(key) == whole.format_html(key), key
            assert loaded.line(key) == whole.line(key), key
        assert loaded.edited is not None and loaded.edited[0] is last
        assert touched <= loaded.edited[1]
        # in the same order, the untouched works' places taken from the last load
        assert loaded.sorted_keys() == whole.sorted_keys()
        assert loaded.list_html() == whole.list_html()
        document = ["w1", "w0", "w8"]
        assert loaded.for_document(document).list_html(document) == whole.for_document(
            document
        ).list_html(document)
        untouched = [key for key in whole.keys if key not in loaded.edited[1] and key in last]
        assert untouched and all(loaded.sort_key(k) is last.sort_key(k) for k in untouched)
        last = loaded
    # a key twice: the whole file is parsed, which says where
    text = bib.read_text(encoding="utf-8")
    bib.write_text(text.replace("@book{w7,", "@book{w8,"), encoding="utf-8")
    with pytest.raises(HandreikingError, match="staat twee keer"):
        load_bibliography(bib, cache=cache)


def test_an_at_sign_starting_a_line_inside_a_value_is_no_work_after_an_edit(
    tmp_path: Path,
) -> None:
    # An '@' at the start of a line inside a braced value, the next work starting later
    # on that line: what is re-read after an edit of that work starts with the work
    bib = tmp_path / "export.bib"
    bib.write_text(
        "@book{a,\n  author = {Jansen, Piet},\n  title = {Alfa},\n  note = {x\n"
        "@misc{nep, title = {Nep}}}} @book{b, author = {Smit, Jan}, title = {Beta}, "
        "year = {2021}}\n@book{c,\n  author = {Bakker, Kees},\n  title = {Gamma},\n"
        "  year = {2022}\n}\n",
        encoding="utf-8",
    )
    cache = BibliographyCache(tmp_path / "cache")
    load_bibliography(bib, cache=cache)
    bib.write_text(bib.read_text(encoding="utf-8").replace("{Beta}", "{Beta, tweede druk}"))
    loaded = load_bibliography(bib, cache=cache)
    whole = load_bibliography(bib)  # no cache: the whole file parsed
    assert loaded.keys == whole.keys == ["a", "b", "c"]
    # and the next build, which reads what that load kept
    assert load_bibliography(bib, cache=BibliographyCache(tmp_path / "cache")).keys == whole.keys

"""Bad input never breaks a batch: each file or record that fails is one yielded, one-line InputError."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from kg.article import Article
from kg.errors import ConfigError, InputError
from loaders import LoaderOptions, iter_articles, load_file

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
)
DATED = " date 2021-07-24 \n\n{body}\n\nSources 1/ https://Google.com/ 2/ https://www.example-news.example/a/{slug}\n"


def one(path: Path, **options: object) -> Article | InputError:
    items = list(iter_articles([path], options=LoaderOptions(**options)))  # type: ignore[arg-type]
    assert len(items) == 1, items
    item = items[0]
    if isinstance(item, InputError):
        message = str(item)
        assert "\n" not in message and message.startswith(str(path)), message
    return item


def error_of(path: Path, **options: object) -> str:
    item = one(path, **options)
    assert isinstance(item, InputError), f"expected an error for {path.name}, got {item!r}"
    return str(item)


@pytest.mark.parametrize("name", ["empty.txt", "empty.md", "empty.json", "empty.jsonl", "empty.html"])
def test_empty_file(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_bytes(b"")
    assert "the file is empty" in error_of(path)


def test_whitespace_only_file(tmp_path: Path) -> None:
    path = tmp_path / "blank.txt"
    path.write_text("  \n\n \t\n")
    assert "the file is empty" in error_of(path)


def test_header_only_dated_file_has_no_text(tmp_path: Path) -> None:
    path = tmp_path / "header.txt"
    path.write_text(" date 2021-07-24 \n\n")
    assert "no article text found" in error_of(path)


@pytest.mark.parametrize("suffix", [".txt", ".md", ".json", ".jsonl", ".html"])
def test_png_renamed(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"photo{suffix}"
    path.write_bytes(PNG)
    assert "the file is a PNG image, not a text article" in error_of(path)


def test_binary_file(tmp_path: Path) -> None:
    path = tmp_path / "data.txt"
    path.write_bytes(bytes(range(256)) * 40)  # many NUL bytes
    assert "binary" in error_of(path)


def test_binary_without_nul_bytes(tmp_path: Path) -> None:
    path = tmp_path / "noise.txt"
    path.write_bytes(bytes(b for b in range(1, 256) if b not in b"\n\r\t ") * 20)
    assert "looks binary" in error_of(path)


def test_cp1252_text_is_decoded_with_a_warning(tmp_path: Path) -> None:
    path = tmp_path / "legacy.txt"
    body = "The caf\u00e9 owner said the \u201cblast\u201d broke every window \u2013 twice."
    path.write_bytes(DATED.format(body=body, slug="cafe").encode("cp1252"))
    article = one(path)
    assert isinstance(article, Article)
    assert article.paragraph_texts() == [body]
    assert any("decoded as cp1252" in warning for warning in article.warnings)


def test_latin1_fallback(tmp_path: Path) -> None:
    path = tmp_path / "latin.txt"
    path.write_bytes(b"Une bombe a explos\xe9 pr\xe8s du march\xe9 \x81 midi.\n")  # 0x81 is not cp1252
    article = one(path)
    assert isinstance(article, Article)
    assert "explosé" in article.text
    assert any("decoded as latin-1" in warning for warning in article.warnings)


def test_utf16_with_bom(tmp_path: Path) -> None:
    path = tmp_path / "wide.txt"
    path.write_bytes(DATED.format(body="A shell hit the school.", slug="s").encode("utf-16"))
    article = one(path)
    assert isinstance(article, Article)
    assert article.published is not None and article.paragraph_texts() == ["A shell hit the school."]


EXPECTED_HEADER = "line 1: expected a header like ' date 2021-07-24 '"


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("date: 24/07/2021", "line 1: expected a header like ' date 2021-07-24 ', found 'date: 24/07/2021'"),
        (
            "date 24 July 2021",
            "line 1: expected a header like ' date 2021-07-24 ', found 'date 24 July 2021'",
        ),
        ("Date 2021-7-24", "line 1: expected a header like ' date 2021-07-24 '"),
        ("date", "line 1: expected a header like ' date 2021-07-24 ', found 'date'"),
        (" date 2021-02-30 ", "line 1: '2021-02-30' is not a real date"),
        ("date 2021-13-01", "line 1: '2021-13-01' is not a real date"),
    ],
)
def test_malformed_date_header(tmp_path: Path, header: str, expected: str) -> None:
    path = tmp_path / "bad.txt"
    path.write_text(f"{header}\n\nA drone hit the depot.\n")
    message = error_of(path)
    assert message.startswith(f"{path}: {expected}"), message


def test_missing_date_header_warns(tmp_path: Path) -> None:
    path = tmp_path / "undated.txt"
    path.write_text(DATED.format(body="A drone hit the depot.", slug="d").replace(" date 2021-07-24 \n", ""))
    article = one(path, format="dated")
    assert isinstance(article, Article)
    assert article.published is None
    assert any("no ' date YYYY-MM-DD ' header line" in warning for warning in article.warnings)
    dated = one(path, format="dated", date="2021-08-01")
    assert isinstance(dated, Article) and dated.published is not None and dated.published.day == 1


def test_ten_megabyte_article_loads_fast(tmp_path: Path) -> None:
    paragraph = "Rockets struck the outskirts of the town overnight, and officials counted the damage. " * 8
    body = "\n\n".join(paragraph.strip() for _ in range(10 * 1024 * 1024 // len(paragraph)))
    path = tmp_path / "big.txt"
    path.write_text(DATED.format(body=body, slug="big"))
    assert path.stat().st_size > 10 * 1024 * 1024
    start = time.perf_counter()
    article = one(path)
    elapsed = time.perf_counter() - start
    assert isinstance(article, Article)
    assert len(article.text) > 10_000_000
    last = article.paragraphs[-1]
    assert article.text[last.start : last.end] == paragraph.strip()
    assert elapsed < 8, f"a 10 MB article took {elapsed:.1f} s"  # 0.7 s on an idle core


def test_too_large_file_is_rejected(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    path.write_text("word " * 1000)
    message = error_of(path, max_bytes=1024)
    assert "above the 1 KB limit" in message and "--max-bytes" in message


def test_too_large_jsonl_record_is_rejected_and_others_load(tmp_path: Path) -> None:
    path = tmp_path / "feed.jsonl"
    small = json.dumps({"text": "A short report.", "date": "2021-07-24"})
    big = json.dumps({"text": "word " * 500, "date": "2021-07-24"})
    path.write_text("\n".join([small, big, small.replace("short", "brief")]) + "\n")
    items = list(iter_articles([path], options=LoaderOptions(max_bytes=1000)))
    assert [type(item).__name__ for item in items] == ["Article", "InputError", "Article"]
    assert "line 2: the record is above the 1000 byte limit" in str(items[1])


def test_jsonl_broken_line_reported_others_loaded(tmp_path: Path) -> None:
    path = tmp_path / "feed.jsonl"
    records = [json.dumps({"text": f"Report number {n}.", "date": "2021-07-24"}) for n in range(1, 5)]
    records[2] = records[2][:-5]
    path.write_text("\n".join(records) + "\n")
    items = list(iter_articles([path]))
    assert [type(item).__name__ for item in items] == ["Article", "Article", "InputError", "Article"]
    assert str(items[2]).startswith(f"{path}: line 3: not valid JSON")


def test_jsonl_non_utf8_line_is_decoded_with_a_warning(tmp_path: Path) -> None:
    path = tmp_path / "feed.jsonl"
    good = json.dumps({"text": "First report.", "date": "2021-07-24"}).encode()
    legacy = '{"text": "The caf\u00e9 was hit.", "date": "2021-07-24"}'.encode("cp1252")
    path.write_bytes(good + b"\n" + legacy + b"\n")
    items = list(iter_articles([path]))
    assert isinstance(items[1], Article) and items[1].text == "The café was hit."
    assert any("line 2: not valid UTF-8" in warning for warning in items[1].warnings)


def test_json_syntax_error_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.json"
    path.write_text('{\n  "text": "A report."\n  "date": "2021-07-24"\n}\n')
    assert "line 3: not valid JSON (Expecting ',' delimiter" in error_of(path)


def test_deeply_nested_json(tmp_path: Path) -> None:
    path = tmp_path / "deep.json"
    path.write_text("[" * 100_000 + "]" * 100_000)
    assert "not valid JSON" in error_of(path)


INVISIBLE = "\x00\x01\x07\x08\x0b\x0c\x1b\x7f\x80\x9f\u200b\u200c\u200d\u2060\ufeff\u00ad\u200e\u202e"


def _assert_clean(value: str | None) -> None:
    if value is None:
        return
    for char in INVISIBLE:
        assert char not in value, repr(value)
    assert all(char in "\n\t" or ord(char) >= 32 for char in value)


def _assert_article_clean(article: Article) -> None:
    for value in (article.text, article.title, article.url, article.publisher, *article.urls):
        _assert_clean(value)


def test_control_and_zero_width_characters_are_stripped_dated(tmp_path: Path) -> None:
    path = tmp_path / "dirty.txt"
    body = f"Rock{INVISIBLE}ets hit\x1b[31m the base.\n\nA se\u200bcond para\x00graph."
    path.write_text(DATED.format(body=body, slug="dir\u200bty"))
    article = one(path)
    assert isinstance(article, Article)
    _assert_article_clean(article)
    assert article.paragraph_texts()[0].startswith("Rockets hit[31m the base.")
    assert article.paragraph_texts()[1] == "A second paragraph."
    assert article.url == "https://www.example-news.example/a/dirty"


def test_control_and_zero_width_characters_are_stripped_json(tmp_path: Path) -> None:
    path = tmp_path / "dirty.jsonl"
    record = {
        "title": f"Ti{INVISIBLE}tle\ud800",
        "text": f"Body{INVISIBLE} text\udfff.",
        "url": "https://exa\u200bmple.org/a\x00b",
        "publisher": "Pub\u200blisher",
        "date": "2021-07-24",
    }
    path.write_text(json.dumps(record) + "\n")
    article = one(path)
    assert isinstance(article, Article)
    _assert_article_clean(article)
    assert (
        article.title == "Title" and article.text == "Body text." and article.url == "https://example.org/ab"
    )


def test_control_characters_never_reach_xml(tmp_path: Path) -> None:
    from xml.etree import ElementTree

    path = tmp_path / "dirty.md"
    path.write_text(f"# Head{INVISIBLE}line\n\nSome{INVISIBLE} text.\n")
    article = one(path)
    assert isinstance(article, Article)
    element = ElementTree.Element("article", title=article.title or "")
    element.text = article.text
    ElementTree.fromstring(ElementTree.tostring(element))  # well-formed XML round trip


def test_html_full_of_scripts(tmp_path: Path) -> None:
    scripts = "".join(f"<script>var spy{i} = {{'a': '{'x' * 200}'}};</script>" for i in range(2000))
    path = tmp_path / "page.html"
    path.write_text(
        f"<html><head>{scripts}<title>Market reopens</title></head><body>{scripts}<article>"
        "<p>The central market reopened on Saturday, a week after a car bomb damaged dozens of stalls.</p>"
        "<p>Traders said customers had been slow to return, and that many still feared another attack.</p>"
        f"</article>{scripts}</body></html>"
    )
    article = one(path)
    assert isinstance(article, Article)
    assert "spy" not in article.text and "xxxx" not in article.text
    assert len(article.paragraphs) == 2


def test_html_script_only_page(tmp_path: Path) -> None:
    path = tmp_path / "app.html"
    path.write_text("<html><head><script>" + "var a = 1;" * 1000 + "</script></head><body></body></html>")
    assert "no main text found" in error_of(path)


def test_duplicates_are_reported_once_and_skipped(tmp_path: Path) -> None:
    text = DATED.format(body="Rockets hit the base.", slug="same")
    (tmp_path / "a.txt").write_text(text)
    (tmp_path / "b.txt").write_text(text.replace("Rockets", "Two rockets"))  # same URL, same id
    (tmp_path / "c.md").write_text("A report without any URL at all.\n")
    (tmp_path / "d.md").write_text("A report without any URL at all.\n")  # same text, no URL
    items = list(iter_articles([tmp_path]))
    kinds = [type(item).__name__ for item in items]
    assert kinds == ["Article", "InputError", "Article", "InputError"]
    assert str(items[1]).startswith(f"{tmp_path / 'b.txt'}: duplicate of {tmp_path / 'a.txt'}")
    assert f"duplicate of {tmp_path / 'c.md'}" in str(items[3])


def test_duplicate_records_inside_one_jsonl_file(tmp_path: Path) -> None:
    path = tmp_path / "feed.jsonl"
    record = json.dumps({"text": "Same.", "url": "https://example.org/same", "date": "2021-07-24"})
    path.write_text(record + "\n" + record + "\n")
    items = list(iter_articles([path]))
    assert isinstance(items[0], Article) and isinstance(items[1], InputError)
    assert "duplicate of" in str(items[1])


def test_folders_globs_hidden_and_unknown_files(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "x.txt").write_text("hidden article")
    (tmp_path / ".hidden.txt").write_text("hidden article")
    (tmp_path / "notes.csv").write_text("a,b\n")
    (tmp_path / "README.md").write_text("How these articles were collected.\n")
    (tmp_path / "a.gold.json").write_text("{}")
    (tmp_path / "b.md").write_text("Second article.\n")
    (tmp_path / "sub" / "a.txt").write_text("Third article.\n")
    (tmp_path / "a.txt").write_text("First article.\n")
    (tmp_path / "sub" / "loop").symlink_to(tmp_path, target_is_directory=True)
    notes: list[str] = []
    items = list(iter_articles([tmp_path], on_note=notes.append))
    assert [Path(item.source_path or "").relative_to(tmp_path).as_posix() for item in items] == [
        "a.txt",
        "b.md",
        "sub/a.txt",
    ]
    assert any(".git: hidden; skipped" in note for note in notes)
    assert any("notes.csv: unknown file type '.csv'; skipped" in note for note in notes)
    assert any("README.md: not an article" in note for note in notes)
    assert any("a.gold.json: not an article" in note for note in notes)
    assert any("loop: a link to a folder; skipped" in note for note in notes)
    (tmp_path / "sub" / "loop").unlink()
    globbed = list(iter_articles([str(tmp_path / "**" / "*.txt")]))
    assert [Path(item.source_path or "").name for item in globbed] == ["a.txt", "a.txt"]


def test_expand_inputs_lists_files_without_reading_them(tmp_path: Path) -> None:
    from loaders import expand_inputs

    (tmp_path / "b.jsonl").write_text("not even json\n")
    (tmp_path / "a.txt").write_bytes(PNG)
    (tmp_path / "c.csv").write_text("x\n")
    items = list(expand_inputs([tmp_path, tmp_path / "missing.md"]))
    assert items[:2] == [tmp_path / "a.txt", tmp_path / "b.jsonl"]
    assert isinstance(items[2], InputError) and "no such file or folder" in str(items[2])


def test_missing_paths_and_empty_globs_are_errors(tmp_path: Path) -> None:
    items = list(iter_articles([tmp_path / "nope.txt", str(tmp_path / "*.nothing")]))
    assert "no such file or folder" in str(items[0])
    assert "no file matches this pattern" in str(items[1])


def test_explicit_file_with_unknown_suffix(tmp_path: Path) -> None:
    path = tmp_path / "article.csv"
    path.write_text("Some text.\n")
    assert "unknown file type '.csv'" in error_of(path)
    assert isinstance(one(path, format="text"), Article)


def test_directory_given_as_file_to_load_file(tmp_path: Path) -> None:
    items = list(load_file(tmp_path, format="text"))
    assert len(items) == 1 and isinstance(items[0], InputError)


def test_unknown_format_is_a_config_error_at_once() -> None:
    with pytest.raises(ConfigError, match="unknown input format 'pdf'; known formats: dated, html"):
        iter_articles(["x"], format="pdf")
    with pytest.raises(ConfigError, match="unknown input format"):
        LoaderOptions(format="pdf")


def test_bad_options_are_config_errors() -> None:
    with pytest.raises(ConfigError, match="--date: 'tomorrow' is not a date"):
        LoaderOptions(date="tomorrow")  # type: ignore[arg-type]
    with pytest.raises(ConfigError, match="--max-bytes"):
        LoaderOptions(max_bytes=0)
    with pytest.raises(ConfigError, match="expected --field KEY=NAME"):
        from loaders import parse_field_map

        parse_field_map(["text"])


def test_iter_articles_is_lazy(tmp_path: Path) -> None:
    for n in range(3):
        (tmp_path / f"{n}.txt").write_text(f"Article {n}.\n")
    iterator = iter_articles([tmp_path])
    first = next(iterator)
    assert isinstance(first, Article)
    (tmp_path / "2.txt").unlink()  # not read yet: removing it now is noticed
    rest = list(iterator)
    assert [Path(item.source_path or "").name for item in rest if isinstance(item, Article)] == ["1.txt"]


def test_unreadable_file(tmp_path: Path) -> None:
    import os

    path = tmp_path / "locked.txt"
    path.write_text("Some text.\n")
    path.chmod(0)
    try:
        if os.access(path, os.R_OK):
            pytest.skip("running as a user who can read any file (root)")
        assert "cannot read the file" in error_of(path)
    finally:
        path.chmod(0o644)

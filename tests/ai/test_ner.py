"""BMES decoding, entity scoring and the tagger's behaviour on arbitrary text."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from openhire.ai.resume.ner import ENTITY_TYPES, Entity, EntityTagger, NerModelError, load_tagger
from openhire.ai.resume.ner.bmes import (
    BmesFormatError,
    Span,
    parse_bmes,
    spans_to_tags,
    split_tag,
    tags_to_spans,
)
from openhire.ai.resume.ner.metrics import format_table, score_spans


def test_well_formed_tags_decode_to_spans():
    tags = ["B-NAME", "E-NAME", "O", "S-RACE", "B-ORG", "M-ORG", "M-ORG", "E-ORG", "B-TITLE", "E-TITLE"]
    assert tags_to_spans(tags) == [
        Span("NAME", 0, 2),
        Span("RACE", 3, 4),
        Span("ORG", 4, 8),
        Span("TITLE", 8, 10),
    ]


def test_begin_without_end_closes_at_the_next_outside_tag_and_at_sentence_end():
    assert tags_to_spans(["B-ORG", "M-ORG", "O", "B-EDU", "M-EDU"]) == [Span("ORG", 0, 2), Span("EDU", 3, 5)]


def test_middle_or_end_without_begin_starts_an_entity():
    assert tags_to_spans(["O", "M-ORG", "E-ORG", "E-TITLE"]) == [Span("ORG", 1, 3), Span("TITLE", 3, 4)]


def test_type_change_inside_an_entity_splits_it():
    assert tags_to_spans(["B-ORG", "M-TITLE", "E-TITLE"]) == [Span("ORG", 0, 1), Span("TITLE", 1, 3)]


def test_begin_after_begin_starts_a_new_entity():
    assert tags_to_spans(["B-ORG", "B-ORG", "E-ORG"]) == [Span("ORG", 0, 1), Span("ORG", 1, 3)]


def test_bio_inside_tag_reads_as_middle():
    assert split_tag("I-LOC") == ("M", "LOC")
    assert tags_to_spans(["B-LOC", "I-LOC", "O"]) == [Span("LOC", 0, 2)]


@pytest.mark.parametrize("tag", ["X-ORG", "B-", "BORG", "", "o"])
def test_malformed_tag_is_a_format_error(tag):
    with pytest.raises(BmesFormatError, match="bad tag"):
        split_tag(tag)


def test_spans_round_trip_through_tags():
    spans = [Span("NAME", 0, 3), Span("RACE", 4, 5), Span("ORG", 6, 12)]
    assert tags_to_spans(spans_to_tags(13, spans)) == spans


def test_overlapping_spans_cannot_be_encoded():
    with pytest.raises(BmesFormatError, match="overlaps"):
        spans_to_tags(5, [Span("ORG", 0, 3), Span("TITLE", 2, 4)])


def test_parse_bmes_splits_sentences_at_blank_lines_and_names_bad_lines():
    sentences = list(parse_bmes(["张 B-NAME\n", "三 E-NAME\n", "\n", "\n", "男 O\r\n"]))
    assert [s.text for s in sentences] == ["张三", "男"]
    with pytest.raises(BmesFormatError, match=r"f\.bmes:2: expected '<char> <tag>'"):
        list(parse_bmes(["张 B-NAME", "三"], source="f.bmes"))
    with pytest.raises(BmesFormatError, match=r":1: bad tag 'Q-NAME'"):
        list(parse_bmes(["张 Q-NAME"]))


def test_scores_count_only_exact_spans():
    gold = [[Span("ORG", 0, 4), Span("TITLE", 4, 6)], [Span("NAME", 0, 2)]]
    predicted = [[Span("ORG", 0, 4), Span("TITLE", 3, 6)], [Span("NAME", 0, 2), Span("EDU", 5, 7)]]
    scores = score_spans(gold, predicted)
    assert (scores.micro.gold, scores.micro.predicted, scores.micro.correct) == (3, 4, 2)
    assert scores.micro.precision == pytest.approx(0.5)
    assert scores.micro.recall == pytest.approx(2 / 3)
    assert scores.micro.f1 == pytest.approx(4 / 7)
    by_type = {row.type: row for row in scores.per_type}
    assert by_type["EDU"].precision == 0.0 and by_type["EDU"].recall == 0.0 and by_type["EDU"].f1 == 0.0
    assert "micro" in format_table(scores)


def test_shipped_tagger_finds_the_entities_of_a_resume_sentence():
    tagger = load_tagger()
    assert isinstance(tagger, EntityTagger)
    assert tagger.name == "crf-resume-ner" and tagger.version and len(tagger.config_hash) == 16
    text = "张伟先生，1970年出生，中国国籍，汉族，硕士研究生学历，现任中国银行股份有限公司副行长。"
    found = {(e.type, e.text) for e in tagger.tag(text)}
    assert {
        ("CONT", "中国国籍"),
        ("RACE", "汉族"),
        ("ORG", "中国银行股份有限公司"),
        ("TITLE", "副行长"),
    } <= found


def test_load_tagger_is_cached_and_rejects_a_missing_model(tmp_path):
    assert load_tagger() is load_tagger()
    with pytest.raises(NerModelError, match="no such file"):
        load_tagger(str(tmp_path))


def test_corrupt_model_file_is_a_model_error(tmp_path):
    import shutil

    from openhire.ai.resume.ner.tagger import META_FILE, MODEL_DIR, MODEL_FILE

    shutil.copy(MODEL_DIR / META_FILE, tmp_path / META_FILE)
    (tmp_path / MODEL_FILE).write_bytes(b"not a model")
    with pytest.raises(NerModelError, match="not a crfsuite model"):
        load_tagger(str(tmp_path))


def test_segmentation_follows_the_word_dictionary():
    from openhire.ai.resume.ner.words import load_word_dictionary, segment, word_marks

    dictionary = load_word_dictionary()
    text = "现任中国银行股份有限公司副行长"
    assert [text[a:b] for a, b in segment(text, dictionary)] == [
        "现任",
        "中国银行",
        "股份",
        "有限公司",
        "副行长",
    ]
    assert word_marks("副行长x", dictionary) == [["ws=B3"], ["ws=M3"], ["ws=E3"], ["ws=S1"]]
    assert word_marks("", dictionary) == []


def test_model_of_another_word_dictionary_is_a_model_error(tmp_path):
    import json
    import shutil

    from openhire.ai.resume.ner.tagger import META_FILE, MODEL_DIR, MODEL_FILE

    shutil.copy(MODEL_DIR / MODEL_FILE, tmp_path / MODEL_FILE)
    meta = json.loads((MODEL_DIR / META_FILE).read_text(encoding="utf-8"))
    for recorded in ({"sha256": "0" * 64}, None):
        meta["word_dictionary"] = recorded
        (tmp_path / META_FILE).write_text(json.dumps(meta), encoding="utf-8")
        with pytest.raises(NerModelError, match="another word dictionary"):
            load_tagger(str(tmp_path / MODEL_FILE))


def test_missing_word_dictionary_is_a_model_error(tmp_path, monkeypatch):
    import shutil

    from openhire.ai.resume.ner import tagger as tagger_module
    from openhire.ai.resume.ner.tagger import META_FILE, MODEL_DIR, MODEL_FILE
    from openhire.ai.resume.ner.words import WordDictionaryError

    def missing() -> None:
        raise WordDictionaryError("the resume entity tagger needs the word dictionary dict.txt")

    monkeypatch.setattr(tagger_module, "load_word_dictionary", missing)
    for name in (MODEL_FILE, META_FILE):
        shutil.copy(MODEL_DIR / name, tmp_path / name)
    with pytest.raises(NerModelError, match="needs the word dictionary"):
        load_tagger(str(tmp_path))


def test_offsets_refer_to_the_whole_text_across_lines_and_long_lines():
    tagger = load_tagger()
    line = "2013年4月至今任云南罗平锌电股份有限公司董事。"
    text = "\r\n".join([line] * 3) + "，" * 1000 + line * 40
    entities = tagger.tag(text)
    assert len(entities) >= 80
    for entity in entities:
        assert text[entity.start : entity.end] == entity.text


def test_empty_and_blank_text_have_no_entities():
    tagger = load_tagger()
    assert tagger.tag("") == []
    assert tagger.tag(" \n\t ") == []
    assert tagger.tag_many(["", "张三"])[0] == []


def test_non_text_input_is_a_type_error():
    tagger = load_tagger()
    with pytest.raises(TypeError, match="takes a str"):
        tagger.tag(b"bytes")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="not one str"):
        tagger.tag_many("张三")


def _check_entities(text: str, entities: list[Entity]) -> None:
    previous_end = 0
    for entity in entities:
        assert entity.type in ENTITY_TYPES
        assert previous_end <= entity.start < entity.end <= len(text)
        assert text[entity.start : entity.end] == entity.text
        assert not entity.text[0].isspace() and not entity.text[-1].isspace()
        previous_end = entity.end


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=300))
def test_arbitrary_text_never_crashes_and_offsets_hold(text):
    tagger = load_tagger()
    entities = tagger.tag(text)
    _check_entities(text, entities)
    assert tagger.tag(text) == entities  # same input, same output


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=80), st.integers(min_value=0, max_value=60))
def test_truncated_and_surrogate_text_never_crashes(noise, cut):
    tagger = load_tagger()
    text = ("李明，男，1965年出生，本科学历，高级会计师，曾任北京大学光华管理学院副教授。" + noise)[
        :cut
    ] + "\ud800"
    _check_entities(text, tagger.tag(text))

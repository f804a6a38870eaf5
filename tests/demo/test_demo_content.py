"""The demo's texts (site/demo/content/{fi,sv}/): every file says in Swedish what its namesake says in Finnish,
each resident's text is in the file of its language, and every placeholder names something the demo makes."""

import json
import re

import pytest

from kumppanuus.demo import feedback, proposals, site
from kumppanuus.demo.helpers import CONTENT, LANGUAGES, PLACEHOLDER, content, stream

# Residents write in one language: their feedback, initiatives and consultation comments are in the file of
# that language only.
ONE_LANGUAGE_EACH = {"feedback", "proposals", "consultations"}
NAMES = sorted(path.stem for path in (CONTENT / "fi").glob("*.toml"))
# The city-scale data's pools of words (load_scale_data) have placeholders of their own: {area}, {place}.
SCALE = "scale"


def shape(value):
    if isinstance(value, dict):
        return {key: shape(item) for key, item in value.items()}
    if isinstance(value, list):
        return [shape(item) for item in value]
    return type(value).__name__


def strings(value):
    if isinstance(value, dict):
        for item in value.values():
            yield from strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from strings(item)
    elif isinstance(value, str):
        yield value


def test_both_languages_have_the_same_files():
    assert NAMES == sorted(path.stem for path in (CONTENT / "sv").glob("*.toml"))
    assert {"privacy-notice", "accessibility-statement", "home", "footer", "directory", "events"} <= set(NAMES)


@pytest.mark.parametrize("name", sorted(set(NAMES) - ONE_LANGUAGE_EACH))
def test_a_file_has_the_same_shape_in_both_languages(name):
    fi, sv = (content(language, name) for language in LANGUAGES)
    assert shape(fi) == shape(sv)
    assert fi != sv


def test_each_residents_text_is_in_the_file_of_its_language():
    for key, _topic, language, *_facts in feedback.ITEMS:
        assert content(language, "feedback")["items"][key]["message"]
    for key, language, *_facts, answered_days in proposals.PROPOSALS:
        texts = content(language, "proposals")["proposals"][key]
        assert texts["title"] and texts["summary"] and texts["text"]
        if answered_days is not None:  # the council answers in both languages
            assert all(content(code, "proposals")["proposals"][key]["answer"] for code in LANGUAGES)


def test_placeholders_name_what_the_demo_makes():
    known = {f"page:{key}" for key, _file, _parent in site.PAGES}
    known |= {"url:association_form", "url:event_form", "image:landscape"}
    demo = [name for name in NAMES if name != SCALE]
    found = {match for name in demo for language in LANGUAGES for text in strings(content(language, name))
             for match in PLACEHOLDER.findall(text)}
    assert found and found <= known
    assert not [text for name in demo for language in LANGUAGES for text in strings(content(language, name))
                if "{" in PLACEHOLDER.sub("", text)], "a placeholder the loader does not know"


def test_the_city_scale_pools_use_their_placeholders_alike_in_both_languages():
    fi, sv = (content(language, SCALE) for language in LANGUAGES)
    for key, pool in fi.items():
        for text_fi, text_sv in zip(pool if isinstance(pool, list) else [pool],
                                    sv[key] if isinstance(pool, list) else [sv[key]], strict=True):
            placeholders = set(re.findall(r"\{(\w*)\}", text_fi))
            assert placeholders <= {"area", "place"}, text_fi
            assert placeholders == set(re.findall(r"\{(\w*)\}", text_sv)), (text_fi, text_sv)


def test_stream_fills_links_and_keeps_rich_text():
    blocks = [
        {"type": "paragraph", "text": '<p><a linktype="page" id="{page:about}">Tietoa</a></p>'},
        {"type": "call_to_action", "title": "T", "text": "X", "link": {"url": "{url:event_form}", "text": "L"}},
        {"type": "call_to_action", "title": "T", "text": "X", "link": {"page": "{page:about}", "url": "", "text": "L"}},
    ]
    raw = json.loads(stream(blocks, {"page:about": 7, "url:event_form": "/fi/tapahtumat/ilmoita/"}))
    assert raw[0]["value"] == '<p><a linktype="page" id="7">Tietoa</a></p>'
    assert raw[1]["value"]["link"] == {"url": "/fi/tapahtumat/ilmoita/", "text": "L", "page": None}
    assert raw[2]["value"]["link"]["page"] == 7
    assert len({block["id"] for block in raw}) == 3

"""The checklist's template words: a rule status as words and a coloured badge with its
explanation, a rule heading in words, the help link, and a query string with some parameters
replaced (the page dropped unless it is one of them)."""

import pytest
from django.http import QueryDict
from django.template import Context, Template
from django.utils import translation

from apps.congresses.templatetags.congress_tags import (
    query_with,
    rule_badge,
    rule_heading,
    rules_help_link,
    status_badge,
    status_label,
)


def test_statuses_in_words_and_colours():
    assert status_label("overdue") == "Quá hạn" and status_badge("overdue") == "danger"
    assert status_label("done") == "Đã thực hiện đúng hạn" and status_badge("done") == "success"
    assert status_label("due_soon") == "Sắp đến hạn" and status_badge("due_soon") == "warning"
    assert status_label("whatever") == "whatever" and status_badge("whatever") == "secondary"


def test_the_words_follow_the_active_language():
    with translation.override("en"):
        english = status_label("overdue")
    assert english != "Quá hạn" and english
    assert status_label("overdue") == "Quá hạn"  # and back, not cached across languages


def test_a_badge_carries_its_words_colour_and_explanation_escaped():
    html = rule_badge("overdue")
    assert html == (
        '<span class="badge text-bg-danger" title="Đã quá hạn mà chưa thực hiện.">Quá hạn</span>'
    )
    odd = rule_badge("<b>")
    assert "<b>" not in odd and "&lt;b&gt;" in odd and 'title=""' in odd


def test_a_rule_heading_is_never_its_code():
    assert rule_heading("R20") == "Báo cáo cấp trên"
    assert rule_heading("RA") == "Cấp trên đồng ý"
    with pytest.raises(ValueError):
        rule_heading("R99")


def test_the_help_link():
    assert rules_help_link() == (
        '<a class="small" href="/congresses/help/" id="rules-help-link">'
        "Giải thích các quy định, tình trạng và giai đoạn</a>"
    )


def test_query_with_replaces_removes_and_drops_the_page():
    query = QueryDict("q=Phòng&sort=name&page=3&light=red")
    assert QueryDict(query_with(query, sort="-opening")) == QueryDict(
        "q=Phòng&sort=-opening&light=red"
    )
    assert QueryDict(query_with(query, light="", q=None)) == QueryDict("sort=name")
    assert QueryDict(query_with(query, page=4)) == QueryDict("q=Phòng&sort=name&page=4&light=red")
    assert query.urlencode() == QueryDict("q=Phòng&sort=name&page=3&light=red").urlencode()


def test_the_tags_in_a_template():
    html = Template(
        "{% load congress_tags %}{{ s|status_label }} {% rule_badge s %} "
        "<a href='?{% query_with q page=2 %}'>"
    ).render(Context({"s": "pending", "q": QueryDict("sort=name")}))
    assert html.startswith('Chưa đến hạn <span class="badge text-bg-info"')
    assert "<a href='?sort=name&amp;page=2'>" in html

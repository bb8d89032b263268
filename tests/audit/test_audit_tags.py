"""apps.audit.templatetags.audit_tags: the audit page's tags put the wording into templates."""

from types import SimpleNamespace

from django.template import Context, Template

from apps.audit.templatetags.audit_tags import audit_group, audit_words


def test_audit_words_describe_an_event_and_tolerate_no_data():
    event = SimpleNamespace(
        verb="congress.postpone", data={"reason": "Bão", "old_date": "2026-05-01"}
    )
    words = audit_words(event)
    assert words.action == "Hoãn đại hội"
    assert words.details == [("Lý do", "Bão"), ("Ngày cũ", "01/05/2026")]
    assert audit_words(SimpleNamespace(verb="plan.save", data=None)).details == []


def test_audit_group_names_a_known_prefix_and_leaves_an_unknown_one():
    assert audit_group("plan.") == "Phương án nhân sự"
    assert audit_group("nothing.") == "nothing."


def test_the_tags_render_in_a_template():
    template = Template(
        "{% load audit_tags %}{% audit_words event as w %}{{ w.action }}|"
        "{% for label, value in w.details %}{{ label }}={{ value }}{% endfor %}|"
        "{{ 'import.'|audit_group }}"
    )
    event = SimpleNamespace(verb="plan.returned", data={"note": "<b>thiếu</b>"})
    assert template.render(Context({"event": event})) == (
        "Trả lại phương án nhân sự|Ý kiến=&lt;b&gt;thiếu&lt;/b&gt;|Nhập dữ liệu"
    )

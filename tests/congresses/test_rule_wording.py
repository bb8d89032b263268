"""The rules in plain words (issue 19 item 2; issue 18 items 2, 3, 9): labels with the day counts
of the congress's rule set, next steps that follow the status and the kind of organisation, the
help page, and each draft round with its own circulation date."""

import datetime as dt
import re

import pytest

from apps.congresses import services
from apps.congresses.deadlines import CongressFacts, RuleParams, Status, evaluate
from apps.congresses.models import Decision, RuleSet
from apps.congresses.rule_wording import next_step, rule_label, step_facts
from apps.documents.models import Circulation, DraftRound
from tests.factories import CongressFactory, UserFactory, approved_plan, circulate_required, term

pytestmark = pytest.mark.django_db
D = dt.date


def visible_text(html: str) -> str:
    """The words a person reads: tags, attributes and scripts removed."""
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def test_labels_read_the_day_counts_of_the_rule_set():
    assert rule_label("R30", RuleParams()) == (
        "Gửi dự thảo lấy ý kiến cấp dưới — chậm nhất 30 ngày trước khai mạc"
    )
    assert rule_label("R20", RuleParams(r20_days=25, working_days=True)) == (
        "Báo cáo văn kiện và phương án nhân sự lên cấp ủy cấp trên — chậm nhất 25 ngày làm "
        "việc trước khai mạc"
    )
    assert "RA" not in rule_label("RA", RuleParams())


def _step(code, **facts):
    base = {"opening_date": D(2020, 6, 30), "has_subordinates": True}
    e = evaluate(CongressFacts(**{**base, **facts}), RuleParams(), today=D(2020, 6, 15))
    return step_facts(e, code)


def test_a_cell_is_sent_to_its_committee_not_to_a_standing_committee():
    step = _step("R20")
    assert "Ban Thường vụ" in next_step(step, has_standing_committee=True)
    for_cell = next_step(step, has_standing_committee=False)
    assert "Ban Thường vụ" not in for_cell and "chi ủy" in for_cell


def test_after_a_late_report_nobody_is_told_to_report_again():
    late = _step("R20", reported_on=D(2020, 6, 12), decision="pending")
    assert late.status == Status.DONE_LATE
    advice = next_step(late)
    assert "báo cáo" not in advice.lower() and "lùi ngày khai mạc" in advice
    # while the report awaits a decision, the agreement rule says to wait, not to report
    assert next_step(_step("RA", reported_on=D(2020, 6, 1), decision="pending")).startswith("Chờ")
    assert "báo cáo lại" in next_step(_step("R20", decision="returned", decided_on=D(2020, 6, 5)))
    assert next_step(_step("R20", reported_on=D(2020, 6, 1), decision="pending")) == ""


def test_congress_page_names_rules_in_words_and_links_the_help(client, tree):
    congress = CongressFactory(
        organization=tree.ankt, opening_date=dt.date.today() + dt.timedelta(days=40)
    )
    client.force_login(tree.ankt_secretary)
    html = client.get(f"/congresses/{congress.pk}/").content.decode()
    text = visible_text(html)
    assert "Báo cáo văn kiện và phương án nhân sự lên cấp ủy cấp trên — chậm nhất 20 ngày" in text
    assert not re.search(r"\b(R30|R20|RA)\b", text), "internal codes shown to people"
    assert "Trình chi ủy" in text and "Trình Ban Thường vụ" not in text  # a cell has none
    assert 'href="/congresses/help/"' in html


def test_help_page_explains_rules_with_each_rule_set_statuses_and_stages(client, tree):
    RuleSet.objects.filter(terms__code="2025-2030").update(r30_days=25)
    term("2025-2030")
    client.force_login(tree.qb_member)
    response = client.get("/congresses/help/")
    assert response.status_code == 200
    text = visible_text(response.content.decode())
    html = response.content.decode()
    table = visible_text(html[html.index('id="rule-deadlines"') :].split("</table>")[0])
    assert "Nhiệm kỳ 2020–2025 Nhiệm kỳ 2025–2030" in table
    assert (
        "Gửi dự thảo lấy ý kiến cấp dưới chậm nhất 30 ngày trước khai mạc "
        "chậm nhất 25 ngày trước khai mạc" in table
    )
    assert text.count("Mỗi văn kiện bắt buộc") == 1  # each rule explained once
    for words in ("Thực hiện muộn", "Quá hạn", "Không áp dụng", "Đã báo cáo cấp trên", "Hoãn"):
        assert words in text
    assert 'id="main"' in response.content.decode()  # the site's layout
    client.logout()
    assert client.get("/congresses/help/").status_code == 302  # to the login page


def test_dashboard_headings_are_words_and_link_the_help(client, tree):
    client.force_login(tree.qb_secretary)
    html = client.get("/congresses/org/QB/").content.decode()
    assert "<th>Báo cáo cấp trên</th>" in html and "<th>R20</th>" not in html
    assert 'href="/congresses/help/"' in html


def _round(document, number, day, *, to_subordinates=True):
    user = UserFactory()
    rnd = DraftRound.objects.create(document=document, number=number, body="x", submitted_by=user)
    if day:
        Circulation.objects.create(
            round=rnd,
            official_date=day,
            comment_deadline=day + dt.timedelta(days=10),
            to_subordinates=to_subordinates,
            entered_by=user,
        )
    return rnd


def test_each_round_shows_its_own_circulation_date(client, tree):
    """Issue 18 item 3: round 4 circulated on 27/11/2026 was shown with 13/05/2020, round 3's."""
    congress = CongressFactory(organization=tree.qb, opening_date=D(2020, 7, 28))
    circulate_required(congress, D(2020, 5, 13))  # round 1 of every required document
    doc = congress.documents.get(kind="political_report")
    _round(doc, 2, None)
    _round(doc, 3, D(2020, 5, 20))
    _round(doc, 4, D(2026, 11, 27))
    client.force_login(tree.qb_secretary)
    html = client.get(f"/congresses/{congress.pk}/").content.decode()
    row = html[html.index('id="document-political_report"') :]
    row = visible_text(row[: row.index("</tr>")])
    assert "Dự thảo lần 4: gửi lấy ý kiến ngày 27/11/2026" in row
    assert "Dự thảo lần 3: gửi lấy ý kiến ngày 20/05/2020" in row
    assert "Dự thảo lần 2: chưa gửi lấy ý kiến" in row
    assert "Dự thảo lần 1: gửi lấy ý kiến ngày 13/05/2020" in row
    assert row.endswith("13/05/2020 Có")  # the date the circulation rule counted, separately
    assert "Ngày tính thời hạn gửi dự thảo" in html


def test_superior_report_pdf_has_each_rounds_date_late_agreement_and_no_codes(tree):
    from apps.reports import services as report_services
    from tests.reports.pdf import flat

    congress = CongressFactory(organization=tree.qb, ordinal="XVII", opening_date=D(2020, 7, 28))
    circulate_required(congress, D(2020, 5, 13))
    doc = congress.documents.get(kind="political_report")
    _round(doc, 2, D(2026, 11, 27))
    approved_plan(congress)
    day = D(2026, 11, 27)
    report = services.superior_report_submit(actor=tree.qb_secretary, congress=congress, today=day)
    services.superior_report_decide(
        actor=tree.central_standing, report=report, decision=Decision.APPROVED, today=day
    )
    pdf, _built = report_services.report_preview(
        user=tree.qb_officer, kind="superior-report", obj=congress, day=day
    )
    text = flat(pdf)
    assert "Dự thảo lần 2: gửi ngày 27/11/2026" in text
    assert "Dự thảo lần 1: gửi ngày 13/05/2020" in text
    assert "văn kiện gửi muộn nhất là ngày 13/05/2020 (hạn 28/06/2020)" in text
    agreement = text[text.index("Được cấp ủy cấp trên đồng ý") :]
    assert agreement.startswith(
        "Được cấp ủy cấp trên đồng ý — trước ngày khai mạc 28/07/2020 27/11/2026 Thực hiện muộn"
    )
    assert "Đã thực hiện đúng hạn" not in agreement.split("Kính đề nghị")[0]
    assert not re.search(r"\b(R30|R20|RA)\b", text)


def test_a_cell_reporting_without_an_approved_plan_is_sent_to_its_committee(tree):
    from apps.core.errors import DomainError

    congress = CongressFactory(organization=tree.ankt, opening_date=D(2020, 6, 30))
    with pytest.raises(DomainError) as refused:
        services.superior_report_submit(
            actor=tree.ankt_secretary, congress=congress, today=D(2020, 6, 1)
        )
    assert "Phương án nhân sự chưa được chi ủy (hoặc hội nghị chi bộ) duyệt." in (
        refused.value.reasons
    )
    assert not any("Ban Thường vụ" in r for r in refused.value.reasons)
    assert not congress.superior_reports.exists()

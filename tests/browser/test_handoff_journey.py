"""One congress from draft to opening in a real browser, every hand-off asserted by its outcome.

Quảng Bình's secretary drafts the political report and circulates it to the two subordinate
organisations; both comment (Phòng Tham mưu amends its comment); the secretary disposes of the
comments, submits the personnel plan, the provincial standing committee approves it, the report
goes to the central standing committee, which returns it, gets it again and approves it; on the
congress day the secretary opens the congress.

After each step the test checks the status the page shows, what every party now has in the app
(their list and unread count, in the browser for whoever acts next and in the table for
everyone), which e-mails went out, and that nothing else changed: the whole notification table,
the outbox and the congress's state are compared with what this step should have added.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter

import pytest
from django.core import mail
from playwright.sync_api import expect

from apps.congresses import services as congress_services
from apps.congresses import views as congress_views
from apps.congresses.models import Congress
from apps.documents.models import Circulation, Comment, DraftDocument, DraftRound
from apps.notifications import services as notification_services
from apps.notifications.models import Notification
from apps.personnel import services as personnel_services
from tests.factories import CongressFactory, UserFactory, term

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
TODAY = dt.date.today()
OPENING = TODAY + dt.timedelta(days=40)
PARTIES = ("bithu.qb", "btv.qb", "vanphong.qb", "bithu.ptm", "bithu.ankt", "btv.catw", "capuy.qb")


def _subject_kind(subject: str) -> str:
    return subject.split(":", 1)[0]


def notices() -> dict[str, Counter]:
    """Every notice in the table as {username: Counter((kind, state))}: state is "unread",
    "read" or "done" (its action was done)."""
    table: dict[str, Counter] = {}
    for username, subject, read_at, resolved_at in Notification.objects.values_list(
        "recipient__username", "subject", "read_at", "resolved_at"
    ):
        state = "done" if resolved_at else "read" if read_at else "unread"
        table.setdefault(username, Counter())[(_subject_kind(subject), state)] += 1
    return table


def congress_state(congress: Congress) -> dict:
    congress.refresh_from_db()
    plan = personnel_services.current_plan(congress)
    return {
        "status": congress.status,
        "plan": plan.status if plan else None,
        "reports": list(
            congress.superior_reports.order_by("submitted_at").values_list("decision", flat=True)
        ),
        "rounds": DraftRound.objects.filter(document__congress=congress).count(),
        "circulations": Circulation.objects.filter(round__document__congress=congress).count(),
        "comments": sorted(
            Comment.objects.filter(round__document__congress=congress).values_list(
                "organization__code", "disposition"
            )
        ),
    }


class Ledger:
    """What every party should have, updated step by step and compared with the database."""

    def __init__(self, congress: Congress):
        self.congress = congress
        self.expected: dict[str, Counter] = {}
        self.mails_seen = 0
        self.state = congress_state(congress)

    def notify(self, kind: str, *usernames: str) -> None:
        for username in usernames:
            self.expected.setdefault(username, Counter())[(kind, "unread")] += 1

    def move(self, username: str, kind: str, old: str, new: str, count: int = 1) -> None:
        held = self.expected[username]
        assert held[(kind, old)] >= count, (username, kind, old, held)
        held[(kind, old)] -= count
        held[(kind, new)] += count
        self.expected[username] = +held

    def check(self, *, mails: list[tuple[str, str]], **state_changes) -> None:
        """The table holds exactly what is expected; the new e-mails are exactly `mails`
        (recipient, kind); the congress changed exactly by `state_changes`."""
        assert notices() == {u: +c for u, c in self.expected.items() if +c}
        new_mails = mail.outbox[self.mails_seen :]
        self.mails_seen = len(mail.outbox)
        assert sorted((m.to[0].split("@")[0], _subject_kind(m.subject)) for m in new_mails) == (
            sorted(mails)
        )
        self.state.update(state_changes)
        assert congress_state(self.congress) == self.state

    def open_count(self, username: str) -> int:
        return sum(
            n for (_k, s), n in self.expected.get(username, Counter()).items() if s == "unread"
        )

    def open_kinds(self, username: str) -> Counter:
        return Counter(
            {
                kind: n
                for (kind, s), n in self.expected.get(username, Counter()).items()
                if s != "done" and n
            }
        )


@pytest.fixture
def world(tree, monkeypatch):
    """Quảng Bình's congress 40 days ahead: three required drafts already circulated (not the
    political report, drafted in the browser), a draft personnel plan; e-mail is delivered in
    the server's process instead of being queued for a worker."""
    monkeypatch.setattr(
        notification_services, "queue_email_delivery", notification_services.emails_deliver
    )
    congress = CongressFactory(
        organization=tree.qb,
        term=term("2025-2030"),
        ordinal="XVIII",
        kind="delegates",
        opening_date=OPENING,
    )
    writer = UserFactory()
    for kind in congress.term.rule_set.required_document_kinds:
        if kind == "political_report":
            continue
        doc = DraftDocument.objects.create(congress=congress, kind=kind)
        rnd = DraftRound.objects.create(document=doc, number=1, body="Dự thảo", submitted_by=writer)
        Circulation.objects.create(
            round=rnd,
            official_date=TODAY,
            comment_deadline=TODAY + dt.timedelta(days=10),
            to_subordinates=True,
            entered_by=writer,
        )
    personnel_services.plan_save(
        actor=tree.qb_secretary,
        congress=congress,
        seats=3,
        standing_seats=1,
        candidates=[
            {"full_name": f"Nguyễn Thị {n}", "birth_date": dt.date(1982, 3, 1), "sex": "female"}
            for n in "ABCD"
        ],
    )
    return congress


def test_draft_to_opening_every_hand_off(page, live_server, login, shot, tree, world, monkeypatch):
    congress = world
    url = live_server.url
    ledger = Ledger(congress)
    ledger.check(mails=[])

    def act_as(username: str) -> None:
        page.context.clear_cookies()
        login(page, username)

    def inbox_shows(username: str) -> None:
        """The header's unread count and the inbox's list are what the ledger says."""
        page.goto(f"{url}/notifications/")
        unread = ledger.open_count(username)
        if unread:
            # The badge reads "3 chưa đọc" to a screen reader; the number is what is shown.
            expect(page.locator("#unread-count")).to_have_text(re.compile(rf"^{unread}\b"))
        else:
            expect(page.locator("#unread-count")).to_have_count(0)
        shown = Counter(
            _subject_kind(s) for s in page.locator("#notices .notice-subject").all_inner_texts()
        )
        assert shown == ledger.open_kinds(username), username

    def comment_as(code: str, text: str) -> None:
        """On the comment page: the organisation's comment, given (or amended) by its secretary."""
        page.select_option("#id_capacity", f"org:{code}")
        page.fill("#id_text", text)
        page.click("main form button.btn-danger")

    def decide(decision: str, note: str, status_shown: str) -> None:
        """The superior's choice on the decide page; the congress page shows the new status."""
        page.check(f"input[name=decision][value={decision}]")
        page.fill("#id_note", note)
        page.click("main form button.btn-danger")
        expect(page.locator("#congress-status")).to_have_text(status_shown)

    def told(kind: str, **state_changes) -> None:
        """The decision reached the secretary and the office, in the app and by e-mail."""
        ledger.notify(kind, "bithu.qb", "vanphong.qb")
        ledger.check(mails=[("bithu.qb", kind), ("vanphong.qb", kind)], **state_changes)

    def status_is(label: str) -> None:
        page.goto(f"{url}/congresses/{congress.pk}/")
        expect(page.locator("#congress-status")).to_have_text(label)

    # 1. The secretary drafts the political report and circulates it to every subordinate.
    act_as("bithu.qb")
    inbox_shows("bithu.qb")
    page.goto(f"{url}/congresses/{congress.pk}/")
    page.click("text=Thêm văn kiện")
    page.select_option("#id_kind", "political_report")
    page.click("form button.btn-danger")
    page.fill("#id_body", "Báo cáo chính trị Đại hội XVIII — dự thảo lần 1")
    page.fill("#id_change_summary", "Dự thảo đầu tiên")
    page.click("button:has-text('Trình dự thảo')")
    expect(page.locator("h1")).to_contain_text("dự thảo lần 1")
    page.click("a:has-text('Gửi lấy ý kiến')")
    page.check("#id_all_subordinates")
    page.fill("#id_comment_deadline", (TODAY + dt.timedelta(days=7)).strftime("%d/%m/%Y"))
    page.click("form button.btn-danger")
    expect(page.locator(".alert-success")).to_contain_text("Đã gửi dự thảo lấy ý kiến")
    status_is("Đã gửi dự thảo lấy ý kiến")
    ledger.notify("Đề nghị góp ý", "bithu.ptm", "bithu.ankt")
    ledger.check(
        mails=[("bithu.ptm", "Đề nghị góp ý"), ("bithu.ankt", "Đề nghị góp ý")],
        status="drafts_circulated",
        rounds=4,
        circulations=4,
    )
    rnd = DraftRound.objects.get(document__congress=congress, document__kind="political_report")

    # 2. Phòng Tham mưu's secretary opens the request (read), comments, then amends.
    act_as("bithu.ptm")
    inbox_shows("bithu.ptm")
    page.click("#notices a:has-text('Xem')")
    expect(page).to_have_url(f"{url}/documents/rounds/{rnd.pk}/")
    ledger.move("bithu.ptm", "Đề nghị góp ý", "unread", "read")
    ledger.check(mails=[])
    page.click(f"main a[href='/documents/rounds/{rnd.pk}/comment/']")
    comment_as("QB-PTM", "Đề nghị bổ sung kết quả phòng chống tội phạm kinh tế.")
    ledger.move("bithu.ptm", "Đề nghị góp ý", "read", "done")
    ledger.notify("Có ý kiến góp ý mới", "bithu.qb")
    ledger.check(
        mails=[("bithu.qb", "Có ý kiến góp ý mới")],
        comments=[("QB-PTM", "pending")],
    )
    inbox_shows("bithu.ptm")  # nothing left to do
    page.goto(f"{url}/documents/rounds/{rnd.pk}/comment/")  # the current text, to amend
    comment_as("QB-PTM", "Đề nghị bổ sung kết quả phòng chống tội phạm kinh tế năm 2025.")
    ledger.notify("Ý kiến góp ý được sửa", "bithu.qb")
    ledger.check(mails=[("bithu.qb", "Ý kiến góp ý được sửa")])

    # 3. Phòng An ninh kinh tế comments once.
    act_as("bithu.ankt")
    inbox_shows("bithu.ankt")
    page.goto(f"{url}/documents/rounds/{rnd.pk}/comment/")
    comment_as("QB-ANKT", "Nhất trí với dự thảo.")
    ledger.move("bithu.ankt", "Đề nghị góp ý", "unread", "done")
    ledger.notify("Có ý kiến góp ý mới", "bithu.qb")
    ledger.check(
        mails=[("bithu.qb", "Có ý kiến góp ý mới")],
        comments=[("QB-ANKT", "pending"), ("QB-PTM", "pending")],
    )
    inbox_shows("bithu.ankt")

    # 4. The secretary disposes of both comments: the notices about them are settled.
    act_as("bithu.qb")
    inbox_shows("bithu.qb")
    for code, disposition, note in (
        ("QB-PTM", "accepted", ""),
        ("QB-ANKT", "explained", "Giữ nguyên bố cục."),
    ):
        comment = Comment.objects.get(round=rnd, organization__code=code)
        page.goto(f"{url}/documents/comments/{comment.pk}/dispose/")
        page.select_option("#id_disposition", disposition)
        if note:
            page.fill("#id_note", note)
        page.click("main form button.btn-danger")
    ledger.move("bithu.qb", "Có ý kiến góp ý mới", "unread", "done", 2)
    ledger.move("bithu.qb", "Ý kiến góp ý được sửa", "unread", "done")
    ledger.check(mails=[], comments=[("QB-ANKT", "explained"), ("QB-PTM", "accepted")])
    inbox_shows("bithu.qb")

    # 5. The secretary submits the personnel plan to the standing committee.
    page.goto(f"{url}/personnel/congress/{congress.pk}/plan/")
    page.click("#submit-plan")
    expect(page.locator("#plan-status")).to_have_text("Đã trình Ban Thường vụ")
    ledger.notify("Đề nghị duyệt phương án nhân sự", "btv.qb")
    ledger.check(mails=[("btv.qb", "Đề nghị duyệt phương án nhân sự")], plan="submitted")

    # 6. A standing member approves it.
    act_as("btv.qb")
    inbox_shows("btv.qb")
    page.goto(f"{url}/personnel/congress/{congress.pk}/plan/")
    page.fill("#approve-form #id_meeting_date", TODAY.strftime("%d/%m/%Y"))
    page.fill("#approve-form #id_votes_for", "5")
    page.fill("#approve-form #id_votes_total", "5")
    page.click("#approve-plan")
    expect(page.locator("#plan-status")).to_have_text("Ban Thường vụ đã duyệt")
    ledger.move("btv.qb", "Đề nghị duyệt phương án nhân sự", "unread", "done")
    ledger.notify("Phương án nhân sự đã được duyệt", "bithu.qb")
    ledger.check(mails=[("bithu.qb", "Phương án nhân sự đã được duyệt")], plan="approved")
    inbox_shows("btv.qb")

    # 7. The secretary reports to the superior.
    act_as("bithu.qb")
    inbox_shows("bithu.qb")
    page.goto(f"{url}/congresses/{congress.pk}/")
    page.click("button:has-text('Gửi báo cáo')")
    expect(page.locator(".alert-success")).to_contain_text("Đã gửi báo cáo lên cấp ủy cấp trên")
    expect(page.locator("#congress-status")).to_have_text("Đã báo cáo cấp trên")
    ledger.notify("Đề nghị cho ý kiến báo cáo", "btv.catw")
    ledger.check(
        mails=[("btv.catw", "Đề nghị cho ý kiến báo cáo")], status="reported", reports=["pending"]
    )

    # 8. The central standing member opens the request, sees what is decided, returns it.
    act_as("btv.catw")
    inbox_shows("btv.catw")
    page.click("#notices a:has-text('Xem')")
    report = congress.superior_reports.get()
    expect(page).to_have_url(f"{url}/congresses/reports/{report.pk}/decide/")
    expect(page.locator("#decide-notified")).to_contain_text(tree.qb_secretary.display_name)
    expect(page.locator("#decide-notified")).to_contain_text(tree.qb_officer.display_name)
    expect(page.locator("#decide-rounds tbody tr")).to_have_count(4)
    expect(page.locator("#decide-rule-R20")).to_contain_text("Đã thực hiện đúng hạn")
    ledger.move("btv.catw", "Đề nghị cho ý kiến báo cáo", "unread", "read")
    decide("returned", "Bổ sung số liệu về công tác xây dựng Đảng.", "Cấp trên trả lại")
    ledger.move("btv.catw", "Đề nghị cho ý kiến báo cáo", "read", "done")
    told("Cấp trên trả lại báo cáo", status="returned", reports=["returned"])
    inbox_shows("btv.catw")
    shot(page, "handoff-1-returned")

    # 9. The secretary reads why and reports again: the return is answered for him and the office.
    act_as("bithu.qb")
    inbox_shows("bithu.qb")
    expect(page.locator("#notices")).to_contain_text("Bổ sung số liệu về công tác xây dựng Đảng.")
    page.goto(f"{url}/congresses/{congress.pk}/")
    page.click("button:has-text('Gửi báo cáo')")
    expect(page.locator("#congress-status")).to_have_text("Đã báo cáo cấp trên")
    ledger.move("bithu.qb", "Cấp trên trả lại báo cáo", "unread", "done")
    ledger.move("vanphong.qb", "Cấp trên trả lại báo cáo", "unread", "done")
    ledger.notify("Đề nghị cho ý kiến báo cáo", "btv.catw")
    ledger.check(
        mails=[("btv.catw", "Đề nghị cho ý kiến báo cáo")],
        status="reported",
        reports=["returned", "pending"],
    )

    # 10. The superior approves.
    act_as("btv.catw")
    inbox_shows("btv.catw")
    again = congress.superior_reports.get(decision="pending")
    page.goto(f"{url}/congresses/reports/{again.pk}/decide/")
    expect(page.locator("#decide-history")).to_contain_text("Bổ sung số liệu")
    decide("approved", "Đồng ý để tổ chức đại hội.", "Cấp trên đồng ý")
    expect(page.locator("#rule-RA")).to_contain_text("Đã thực hiện")
    ledger.move("btv.catw", "Đề nghị cho ý kiến báo cáo", "unread", "done")
    told("Cấp trên đồng ý tổ chức đại hội", status="approved", reports=["returned", "approved"])
    inbox_shows("btv.catw")

    # 11. The congress day: the secretary opens the congress.
    for module in (congress_services, congress_views):
        monkeypatch.setattr(module, "local_today", lambda: OPENING)
    act_as("bithu.qb")
    inbox_shows("bithu.qb")
    page.goto(f"{url}/congresses/{congress.pk}/")
    expect(page.locator("#can-open")).to_have_text("Đủ điều kiện khai mạc")
    page.click("#open-congress")
    expect(page.locator(".alert-success")).to_contain_text("Đã ghi nhận khai mạc đại hội")
    expect(page.locator("#congress-status")).to_have_text("Đang họp")
    ledger.notify("Đại hội đã khai mạc", "btv.catw", "vanphong.qb")
    ledger.check(
        mails=[("btv.catw", "Đại hội đã khai mạc"), ("vanphong.qb", "Đại hội đã khai mạc")],
        status="in_session",
    )
    shot(page, "handoff-2-opened")

    # Every party's final list, read in the browser; capuy.qb (not asked: the draft went to the
    # subordinate organisations only) and btv.qb have nothing open.
    for username in PARTIES:
        act_as(username)
        inbox_shows(username)
    assert not notices().get("capuy.qb")

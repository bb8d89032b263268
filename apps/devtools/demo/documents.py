"""The drafts of the demo (docs/domain.md §9): Quảng Bình's four documents at round 3, circulated on
13/05/2020 to committee members and the secretaries of subordinate units, with some comments;
and the pilot committees' drafts, circulated in time for their April congresses."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from apps.congresses.models import Congress, DocumentKind
from apps.documents.docx import docx_bytes
from apps.documents.models import Disposition
from apps.documents.services import (
    circulate,
    comment_dispose,
    comment_submit,
    document_create,
    round_submit,
)
from apps.organizations.models import Organization

D = dt.date
REQUIRED = [
    DocumentKind.POLITICAL_REPORT,
    DocumentKind.REVIEW_REPORT,
    DocumentKind.RESOLUTION,
    DocumentKind.ACTION_PROGRAMME,
]
TITLES = {
    DocumentKind.POLITICAL_REPORT: (
        "Báo cáo chính trị của Ban Chấp hành Đảng bộ Công an tỉnh khóa XVI"
    ),
    DocumentKind.REVIEW_REPORT: (
        "Báo cáo kiểm điểm của Ban Chấp hành Đảng bộ Công an tỉnh khóa XVI"
    ),
    DocumentKind.RESOLUTION: "Nghị quyết Đại hội Đảng bộ Công an tỉnh lần thứ XVII",
    DocumentKind.ACTION_PROGRAMME: "Chương trình hành động thực hiện Nghị quyết Đại hội",
}


def _paragraphs(kind: DocumentKind, n: int) -> list[str]:
    lines = [
        f"{TITLES[kind]} — dự thảo lần {n}",
        "I. Kết quả thực hiện nhiệm vụ nhiệm kỳ 2015 – 2020",
        "Đảng bộ Công an tỉnh đã lãnh đạo hoàn thành tốt nhiệm vụ bảo đảm an ninh, trật tự.",
        "II. Phương hướng, mục tiêu nhiệm kỳ 2020 – 2025",
        "Xây dựng Đảng bộ trong sạch, vững mạnh; lực lượng Công an tỉnh chính quy, tinh nhuệ.",
    ]
    if n >= 2:
        lines.insert(
            3, "Công tác xây dựng Đảng được chú trọng, chất lượng sinh hoạt chi bộ nâng lên."
        )
    if n >= 3:
        lines.append(
            "III. Các giải pháp chủ yếu: tiếp thu ý kiến góp ý của các chi, đảng bộ trực thuộc."
        )
    return lines


def load_documents_demo(people: dict[str, Any]) -> None:
    admin = people["admin"]
    qb = Congress.objects.get(organization__code="QB", term__code="2020-2025")
    rounds = {}
    for kind in REQUIRED:
        doc = document_create(actor=admin, congress=qb, kind=kind, title=TITLES[kind])
        for n in (1, 2, 3):
            upload = None
            if kind == DocumentKind.POLITICAL_REPORT:
                upload = SimpleUploadedFile(
                    f"bao-cao-chinh-tri-du-thao-{n}.docx",
                    docx_bytes(_paragraphs(kind, n)),
                )
            rounds[kind] = round_submit(
                actor=admin,
                document=doc,
                file=upload,
                body="" if upload else "\n".join(_paragraphs(kind, n)),
                change_summary="" if n == 1 else f"Chỉnh sửa theo ý kiến góp ý lần {n - 1}.",
            )
        circulation = circulate(
            actor=admin,
            rnd=rounds[kind],
            comment_deadline=D(2020, 5, 27),
            include_committee_members=True,
            include_subordinate_secretaries=True,
            recipients="all",
            official_date=D(2020, 5, 13),
            reason="Văn bản số 12-BC/ĐU gửi bản giấy ngày 13/05/2020",
            today=D(2020, 5, 13),
        )
        if kind == DocumentKind.POLITICAL_REPORT:
            ptm = Organization.objects.get(code="QB-PTM")
            c1 = comment_submit(
                actor=people["bithu.ptm"],
                circulation=circulation,
                organization=ptm,
                section="Phần II",
                text="Đề nghị bổ sung chỉ tiêu về phòng, chống tội phạm công nghệ cao.",
                today=D(2020, 5, 20),
            )
            c1 = comment_submit(  # amended a day later: the page shows both texts
                actor=people["bithu.ptm"],
                circulation=circulation,
                organization=ptm,
                section="Phần II, mục 2",
                text=(
                    "Đề nghị bổ sung chỉ tiêu về phòng, chống tội phạm công nghệ cao và tội "
                    "phạm trên không gian mạng."
                ),
                today=D(2020, 5, 21),
                amends=c1.pk,
            )
            comment_dispose(
                actor=admin,
                comment=c1,
                disposition=Disposition.ACCEPTED,
                note="Đã bổ sung vào mục II.",
            )
            comment_submit(
                actor=people["bithu.cskt"],
                circulation=circulation,
                organization=Organization.objects.get(code="QB-CSKT"),
                text="Nhất trí với dự thảo; đề nghị làm rõ giải pháp về kinh tế số.",
                today=D(2020, 5, 21),
            )
            comment_submit(
                actor=people["capuy.qb"],
                circulation=circulation,
                section="Phần I",
                text="Cần đánh giá sâu hơn hạn chế trong công tác cải cách hành chính.",
                today=D(2020, 5, 22),
            )
    # The other historic congresses: drafts written in the form; circulated to subordinates where
    # there are any (QB-DH's never were: its R30 shows overdue on the dashboard).
    for code, day in (
        ("QB-PTM", D(2020, 3, 2)),
        ("QB-CSKT", D(2020, 3, 5)),
        ("QB-ANKT", None),
        ("QB-CSHS", D(2020, 4, 10)),
        ("QB-HS", None),
        ("QB-DH", None),
    ):
        congress = Congress.objects.get(organization__code=code, term__code="2020-2025")
        for kind in REQUIRED:
            doc = document_create(actor=admin, congress=congress, kind=kind)
            rnd = round_submit(actor=admin, document=doc, body="\n".join(_paragraphs(kind, 1)))
            if day:
                circulate(
                    actor=admin,
                    rnd=rnd,
                    recipients="all",
                    comment_deadline=day + dt.timedelta(days=7),
                    official_date=day,
                    reason="Nhập lại từ văn bản giấy",
                    today=day,
                )

"""The two rule sets and terms the product ships with; administrators edit them in admin."""

from django.db import migrations

RULE_SETS = [
    {
        "name": "Chỉ thị 35-CT/TW (30/05/2019) — nhiệm kỳ 2020–2025",
        "source_documents": (
            "Chỉ thị 35-CT/TW ngày 30/05/2019 của Bộ Chính trị; Thông tri 01-TT/ĐUCA ngày 19/09/2019 "
            "của Đảng ủy Công an Trung ương; Hướng dẫn 26-HD/BTCTW ngày 18/10/2019; "
            "Quyết định 244-QĐ/TW ngày 09/06/2014 (Quy chế bầu cử)."
        ),
        "term": ("2020-2025", 2020, 2025),
    },
    {
        "name": "Chỉ thị 45-CT/TW (14/04/2025) — nhiệm kỳ 2025–2030",
        "source_documents": (
            "Chỉ thị 45-CT/TW ngày 14/04/2025 của Bộ Chính trị; Quyết định 190-QĐ/TW ngày "
            "10/10/2024 và Hướng dẫn 04-HD/TW ngày 31/12/2024 (Quy chế bầu cử)."
        ),
        "term": ("2025-2030", 2025, 2030),
    },
]


def forwards(apps, schema_editor):
    RuleSet = apps.get_model("congresses", "RuleSet")
    Term = apps.get_model("congresses", "Term")
    for spec in RULE_SETS:
        code, start, end = spec["term"]
        if Term.objects.filter(code=code).exists():
            continue
        rule_set = RuleSet.objects.create(
            name=spec["name"],
            source_documents=spec["source_documents"],
            r30_days=30,
            r20_days=20,
            working_days=False,
            holidays=[],
            due_soon_days=7,
            reminder_offsets=[14, 7, 3, 1],
            announcement_enabled=False,
            announcement_working_days=30,
            required_document_kinds=[
                "political_report",
                "review_report",
                "resolution",
                "action_programme",
            ],
            surplus_cap_percent=30,
            # floor_nomination_percent and win_more_than_half (30, True) were set here until
            # migration 0009 removed them; their field defaults give the same rows.
            composition_targets={
                "under_40_min_percent": 10,
                "women_min_percent": 15,
                "renewal_min_percent": 30,
            },
        )
        Term.objects.create(code=code, start_year=start, end_year=end, rule_set=rule_set)


class Migration(migrations.Migration):
    dependencies = [("congresses", "0001_initial")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]

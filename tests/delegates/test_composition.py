"""The credentials' composition, pure: groups and age bands from the rule set's data, ages at
the opening date, unknown facts counted as unknown."""

import datetime as dt

from apps.delegates.composition import DelegateFacts, compose

OPENING = dt.date(2020, 8, 20)
CONFIG = {"age_bands": [30, 40], "groups": ["sex", "ethnicity", "new_committee_member"]}


def facts(birth, sex="male", ethnicity="Kinh", new=False):
    return DelegateFacts("elected", "PTM", birth, sex, ethnicity, new)


def test_bands_at_the_opening_date_and_unknowns():
    rows = [
        facts(dt.date(1990, 8, 21)),  # 29 on the opening day (30 the day after)
        facts(dt.date(1990, 8, 20), sex="female", ethnicity="Tày", new=True),  # 30 that day
        facts(dt.date(1980, 8, 20)),  # 40
        facts(None, sex="", ethnicity=""),
    ]
    result = compose(
        rows,
        opening=OPENING,
        config=CONFIG,
        kind_labels={"elected": "Được bầu"},
        sex_labels={"male": "Nam", "female": "Nữ"},
    )
    groups = {
        g.key: {line.label: (line.count, line.percent) for line in g.lines} for g in result.groups
    }
    assert groups["age"] == {
        "Dưới 30 tuổi": (1, "25,0"),
        "Từ 30 đến dưới 40 tuổi": (1, "25,0"),
        "Từ 40 tuổi trở lên": (1, "25,0"),
        "Chưa rõ ngày sinh": (1, "25,0"),
    }
    assert groups["sex"] == {"Nam": (2, "50,0"), "Nữ": (1, "25,0"), "Chưa rõ": (1, "25,0")}
    assert groups["ethnicity"]["Dân tộc thiểu số"] == (1, "25,0")
    assert groups["ethnicity"]["— Tày"] == (1, "25,0")
    assert groups["new_committee_member"] == {"Cấp ủy viên mới": (1, "25,0")}
    assert (result.youngest, result.oldest, result.total) == (29, 40, 4)
    assert [g.key for g in result.groups] == ["sex", "ethnicity", "new_committee_member", "age"]

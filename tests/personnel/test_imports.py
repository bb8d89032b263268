"""apps/personnel/imports.py: a candidate list read from CSV or XLSX, all rows or none, every
problem named with its row number."""

import datetime as dt
import io

from openpyxl import Workbook

from apps.personnel.imports import read_candidates
from apps.personnel.models import Post, Sex

HEADER = "full_name,birth_date,sex,ethnicity,current_post,is_incumbent,proposed_posts\n"


def csv(*rows: str, header: str = HEADER) -> bytes:
    return (header + "\n".join(rows) + "\n").encode("utf-8")


def test_rows_are_read_with_vietnamese_words_and_defaults():
    result = read_candidates(
        csv(
            "Nguyễn Thị Hoa,05/03/1982,Nữ,Tày,Trưởng phòng,Tái cử,bí thư; Ủy viên Ban Thường vụ",
            "Trần Văn Nam,1975-12-31,nam,,,,",
            "Lê Văn C,01/01/1990,MALE,Kinh,,x,committee",
        ),
        "ds.csv",
    )
    assert result.errors == []
    hoa, nam, c = result.rows
    assert hoa == {
        "full_name": "Nguyễn Thị Hoa",
        "birth_date": dt.date(1982, 3, 5),
        "sex": Sex.FEMALE,
        "ethnicity": "Tày",
        "current_post": "Trưởng phòng",
        "is_incumbent": True,
        "proposed_posts": [Post.SECRETARY, Post.STANDING],
    }
    assert nam["birth_date"] == dt.date(1975, 12, 31) and nam["sex"] == Sex.MALE
    assert nam["ethnicity"] == "Kinh" and nam["is_incumbent"] is False
    assert nam["proposed_posts"] == []
    assert (
        c["sex"] == Sex.MALE
        and c["is_incumbent"] is True
        and c["proposed_posts"] == [Post.COMMITTEE]
    )


def test_only_the_required_columns_are_needed():
    result = read_candidates(csv("A,01/02/1980,nu", header="full_name,birth_date,sex\n"), "a.csv")
    assert result.errors == [] and result.rows[0]["sex"] == Sex.FEMALE


def test_a_missing_required_column_is_named_and_nothing_read():
    result = read_candidates(csv("A,01/02/1980", header="full_name,birth_date\n"), "a.csv")
    assert result.rows == []
    assert result.errors == ["Dòng 1, cột sex: thiếu cột bắt buộc"]


def test_every_problem_of_every_row_is_listed_and_no_row_is_kept():
    result = read_candidates(
        csv(
            "Đúng,01/02/1980,Nam,,,,",
            ",31/02/1980,khác,,,,bí thư;thủ quỹ",
            "Sai ngày,1980/02/01,Nữ,,,,",
        ),
        "a.csv",
    )
    assert result.rows == []
    assert result.errors == [
        "Dòng 3: cột full_name trống",
        "Dòng 3: cột birth_date không phải ngày hợp lệ (dd/mm/yyyy)",
        "Dòng 3: cột sex phải là Nam/Nữ (male/female)",
        "Dòng 3: chức danh “thủ quỹ” không hợp lệ",
        "Dòng 4: cột birth_date không phải ngày hợp lệ (dd/mm/yyyy)",
    ]


def test_a_csv_not_in_utf8_is_refused_with_the_reason():
    result = read_candidates(HEADER.encode() + "Nguyễn,01/01/1980,Nam\n".encode("utf-16"), "a.csv")
    assert result.rows == []
    assert len(result.errors) == 1 and "UTF-8" in result.errors[0]


def test_a_name_longer_than_the_model_keeps_is_refused():
    result = read_candidates(csv("X" * 151 + ",01/01/1980,Nam,,,,"), "a.csv")
    assert result.rows == [] and result.errors and "full_name" in result.errors[0]


def test_xlsx_date_cells_and_text_dates_are_both_read():
    book = Workbook()
    sheet = book.active
    sheet.append(["full_name", "birth_date", "sex", "is_incumbent"])
    sheet.append(["Phạm Văn D", dt.datetime(1979, 4, 30), "Nam", "có"])
    sheet.append(["Võ Thị E", "15/08/1985", "Nữ", ""])
    out = io.BytesIO()
    book.save(out)
    result = read_candidates(out.getvalue(), "ds.xlsx")
    assert result.errors == []
    assert [(r["full_name"], r["birth_date"], r["is_incumbent"]) for r in result.rows] == [
        ("Phạm Văn D", dt.date(1979, 4, 30), True),
        ("Võ Thị E", dt.date(1985, 8, 15), False),
    ]


def test_an_empty_list_reads_as_no_rows_and_no_errors():
    result = read_candidates(HEADER.encode(), "a.csv")
    assert (result.rows, result.errors) == ([], [])

"""apps.core.importing_command: the import commands' shared shape: read the file, run the
importer as the named actor (or the operator), list the errors, exit non-zero on any."""

import io
from dataclasses import dataclass, field

import pytest
from django.core.management import CommandError, call_command

from apps.core.importing_command import ImportCommand

pytestmark = pytest.mark.django_db


@dataclass
class _Result:
    errors: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    listed: int = 2

    @property
    def listed_errors(self) -> list[str]:
        return self.errors[: self.listed]

    @property
    def unlisted_count(self) -> int:
        return max(0, len(self.errors) - self.listed)

    def summary(self) -> str:
        return "1 thêm mới"


def _command(result: _Result, calls: list) -> ImportCommand:
    def importer(data, filename, *, actor, dry_run):
        calls.append((data, filename, actor, dry_run))
        return result

    command_class = type("Command", (ImportCommand,), {"importer": importer})
    return command_class(stdout=io.StringIO(), stderr=io.StringIO())


def _run(command: ImportCommand, *args) -> tuple[str, str]:
    call_command(command, *args)
    return command.stdout._out.getvalue(), command.stderr._out.getvalue()


def test_the_importer_gets_the_file_and_the_summary_is_printed(tmp_path, tree):
    path = tmp_path / "to_chuc.csv"
    path.write_bytes(b"code\nQB\n")
    calls: list = []
    command = _command(_Result(notes=["Ghi chú."]), calls)
    out, err = _run(command, str(path), "--actor", "vanphong.qb")
    assert calls == [(b"code\nQB\n", "to_chuc.csv", tree.qb_officer, False)]
    lines = out.splitlines()
    assert lines[0] == "Ghi chú." and lines[1].startswith("1 thêm mới (") and err == ""


def test_a_dry_run_without_an_actor_says_nothing_was_written(tmp_path):
    path = tmp_path / "a.csv"
    path.write_bytes(b"x")
    calls: list = []
    out, _err = _run(_command(_Result(), calls), str(path), "--dry-run")
    assert calls[0][2:] == (None, True)
    assert out.startswith("Kiểm tra (không ghi): 1 thêm mới (")


def test_errors_are_listed_up_to_the_limit_and_the_command_fails(tmp_path):
    path = tmp_path / "a.csv"
    path.write_bytes(b"x")
    command = _command(_Result(errors=["Dòng 2: a", "Dòng 3: b", "Dòng 4: c"]), [])
    with pytest.raises(CommandError, match="3 lỗi; không ghi dòng nào"):
        call_command(command, str(path))
    assert command.stderr._out.getvalue().splitlines() == [
        "Dòng 2: a",
        "Dòng 3: b",
        "… và 1 lỗi khác.",
    ]
    assert command.stdout._out.getvalue() == ""


def test_a_missing_file_or_an_unknown_actor_is_refused_before_importing(tmp_path):
    calls: list = []
    with pytest.raises(CommandError, match="Không có tệp"):
        call_command(_command(_Result(), calls), str(tmp_path / "missing.csv"))
    with pytest.raises(CommandError, match="Không có tệp"):
        call_command(_command(_Result(), calls), str(tmp_path))  # a folder is not a file
    path = tmp_path / "a.csv"
    path.write_bytes(b"x")
    with pytest.raises(CommandError, match="Không có người dùng ai_do"):
        call_command(_command(_Result(), calls), str(path), "--actor", "ai_do")
    assert calls == []

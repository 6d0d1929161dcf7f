"""manage.py publicity_window: one JSON object per date; bad input exits 2."""

import json
import os
import subprocess
import sys
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError

pytestmark = pytest.mark.django_db


def run(*args) -> list[dict]:
    out = StringIO()
    call_command("publicity_window", *args, stdout=out)
    return [json.loads(line) for line in out.getvalue().splitlines()]


def test_prints_the_window_as_one_json_object():
    out = StringIO()
    call_command("publicity_window", "2025-09-22", stdout=out)
    assert out.getvalue().strip() == (
        '{"published": "2025-09-22", "start": "2025-09-22", "end": "2025-10-23", '
        '"working_days": 20, "provisional": false, "measure": ""}'
    )


def test_days_changes_the_length():
    # 9/22-26 (5), 9/28 (6), 9/29 (7), 9/30 (8), 10/9 (9), 10/10 (10).
    assert run("2025-09-22", "--days", "10")[0]["end"] == "2025-10-10"


def test_json_lines_reads_many_dates(tmp_path):
    path = tmp_path / "dates.txt"
    path.write_text("2025-09-22\n\n2025-03-08\n2026-12-14\n", encoding="utf-8")
    results = run("--json-lines", str(path))
    assert [(r["published"], r["start"], r["end"], r["provisional"]) for r in results] == [
        ("2025-09-22", "2025-09-22", "2025-10-23", False),
        ("2025-03-08", "2025-03-10", "2025-04-07", False),
        ("2026-12-14", "2026-12-14", "2027-01-11", True),
    ]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["2025-02-30"], "“2025-02-30”不是日期"),
        (["yesterday"], "“yesterday”不是日期"),
        (["2025-09-22", "--days", "0"], "--days 必须大于等于 1"),
        ([], "请给出一个公示日期"),
    ],
)
def test_bad_input_is_refused_with_code_2(args, message):
    with pytest.raises(CommandError) as info:
        run(*args)
    assert info.value.returncode == 2
    assert message in str(info.value)


def test_a_bad_line_is_named_and_nothing_printed(tmp_path):
    path = tmp_path / "dates.txt"
    path.write_text("2025-09-22\n2025-13-01\n", encoding="utf-8")
    out = StringIO()
    with pytest.raises(CommandError) as info:
        call_command("publicity_window", "--json-lines", str(path), stdout=out)
    assert "第 2 行" in str(info.value)
    assert out.getvalue() == ""


def test_exit_status_is_2_for_a_real_process():
    env = os.environ | {"DJANGO_SETTINGS_MODULE": "portal.settings.test"}
    result = subprocess.run(
        [sys.executable, "manage.py", "publicity_window", "not-a-date"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 2
    assert "not-a-date" in result.stderr

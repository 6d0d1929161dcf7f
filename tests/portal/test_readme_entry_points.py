"""The README and `make run`'s banner list every public entry point a
newcomer can try, and each of them answers."""

import pathlib
import re

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
ENTRY_POINTS = (
    "/guide/",
    "/search/",
    "/directory/",
    "/reports/",
    "/feeds/notices.atom",
    "/feeds/publicity.atom",
    "/api/v1/units",
    "/api/v1/docs",
)


def _banner() -> str:
    makefile = (ROOT / "Makefile").read_text()
    run = re.search(r"^run:.*?\n((?:\t.*\n)+)", makefile, re.M).group(1)
    return "\n".join(line for line in run.splitlines() if "@echo" in line)


@pytest.mark.parametrize("where", ["README.md", "banner"])
def test_every_entry_point_is_listed(where):
    text = (ROOT / "README.md").read_text() if where == "README.md" else _banner()
    for path in (*ENTRY_POINTS, "/verify/", "/en/"):
        assert path in text, path


def test_the_readme_has_one_benchmarks_section():
    readme = (ROOT / "README.md").read_text()
    assert readme.count("\n## Benchmarks\n") == 1


@pytest.mark.django_db
def test_every_entry_point_answers(client, site_tree, measure_2020):
    for path in ENTRY_POINTS:
        assert client.get(path).status_code == 200, path

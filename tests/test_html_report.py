"""``--format html``: a self-contained page, read back with html.parser (always) and opened
in headless Chromium (where it is installed; required when ECORULES_REQUIRE_BROWSER=1)."""

from __future__ import annotations

import base64
import json
import os
import re
import shutil
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import EXAMPLES
from typer.testing import CliRunner

from ecorules.cli import app

WORKBOOK = EXAMPLES / "yubei-2022-2023.xlsx"
runner = CliRunner()


class Page(HTMLParser):
    """What the structural tests read: elements with their attributes, text by element id."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str]]] = []
        self.ids: set[str] = set()
        self.counts: list[tuple[str | None, str, str]] = []  # (year of the article, data-count, text)
        self._year: str | None = None
        self._count: str | None = None
        self.text: list[str] = []
        self._script = False
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        a = {k: v or "" for k, v in attrs}
        self.elements.append((tag, a))
        if "id" in a:
            assert a["id"] not in self.ids, f"duplicate id {a['id']}"
            self.ids.add(a["id"])
        if tag == "article":
            self._year = a.get("data-year")
        self._count = a.get("data-count")
        self._script = tag in ("script", "style")

    def handle_endtag(self, tag):
        self._script = False

    def handle_data(self, data):
        if self._count is not None and data.strip():
            self.counts.append((self._year, self._count, data.strip()))
            self._count = None
        if not self._script:
            self.text.append(data)

    def count(self, year: str | None, what: str) -> int:
        return int(next(t for y, c, t in self.counts if y == year and c == what))


def report(tmp_path: Path, *files: Path | str, lang: str = "en", extra: tuple[str, ...] = ()) -> tuple[Path, str]:
    out = tmp_path / f"report-{lang}.html"
    result = runner.invoke(app, ["check", *map(str, files), "--format", "html", "-o", str(out), "--lang", lang, *extra])
    assert result.exit_code in (0, 1, 2), result.output
    return out, out.read_text(encoding="utf-8")


def test_html_report_counts_the_way_the_plan_counts(tmp_path):
    _, html = report(tmp_path, WORKBOOK)
    page = Page(html)
    assert (page.count("2022", "met"), page.count("2022", "not-met")) == (27, 5)
    assert (page.count("2023", "met"), page.count("2023", "not-met")) == (29, 3)
    assert page.count("2022", "binding-not-met") == 5
    # binding failures come first among the cards
    order = [c for y, c, _ in page.counts if y == "2022"]
    assert order.index("binding-not-met") < order.index("met")


def test_html_report_header_names_everything_a_reader_needs(tmp_path):
    import hashlib

    from ecorules import __version__

    _, html = report(tmp_path, WORKBOOK)
    text = " ".join(Page(html).text)
    assert hashlib.sha256(WORKBOOK.read_bytes()).hexdigest() in text
    assert f"ecorules {__version__}" in text
    assert "cn-eco-county-2024 2024.1" in text and "环办生态〔2024〕4号" in text
    assert "2022, 2023" in text and "渝北区" in text
    assert re.search(r"\d{4}-\d\d-\d\d \d\d:\d\d UTC", text)


def test_html_report_one_table_per_area_reference_last(tmp_path):
    _, html = report(tmp_path, EXAMPLES / "yubei-2023.csv", lang="zh")
    areas = re.findall(r"<h4>([^<]+)</h4>", html)
    assert areas == ["目标责任", "生态安全", "生态经济", "生态文化", "生态文明制度", "参考性指标"]
    page = Page(html)
    rows = [a for tag, a in page.elements if tag == "tr" and "data-rule" in a]
    assert len(rows) == 49
    assert {a["data-rule"] for a in rows if a["data-status"] == "not_met"} == {
        "EC24-04.1",
        "EC24-04.2",
        "EC24-06.5",
        "EC24-08.1",
    }
    assert "第 12 行" in html  # the source cell of the good-air ratio


def test_html_report_draws_a_trend_chart_per_numeric_sub_item(tmp_path):
    _, html = report(tmp_path, WORKBOOK)
    page = Page(html)
    charts = [a["data-rule"] for tag, a in page.elements if tag == "figure"]
    assert "EC24-04.2" in charts and "EC24-06.5" in charts
    assert "EC24-02" not in charts  # '建立' is no number
    polylines = [a for tag, a in page.elements if tag == "polyline" and a.get("class") == "series"]
    assert len(polylines) == len(charts)
    for line in polylines:
        assert len(line["points"].split()) == 2  # two years
    # the threshold of EC24-06.5 (≥85 %) is drawn as its own line
    figure = html[html.index('data-rule="EC24-06.5"', html.index("<figure")) :]
    figure = figure[: figure.index("</figure>")]
    assert 'class="threshold"' in figure and "85" in figure
    # one year: no chart
    _, single = report(tmp_path, EXAMPLES / "yubei-2023.csv")
    assert "<figure" not in single


def test_html_report_is_self_contained_and_escapes_what_it_prints(tmp_path):
    sub = tmp_path / "evil.csv"
    text = (EXAMPLES / "yubei-2023.csv").read_text(encoding="utf-8")
    sub.write_text(
        text.replace("district.name,,渝北区", 'district.name,,<script>alert("x")</script>渝北区'), encoding="utf-8"
    )
    _, html = report(tmp_path, sub)
    assert '<script>alert("x")' not in html and "&lt;script&gt;alert(" in html
    page = Page(html)
    for tag, a in page.elements:
        assert "src" not in a, (tag, a)
        assert not (tag == "link" and "stylesheet" in a.get("rel", "")), a
        assert not a.get("href", "#").startswith(("http:", "https:", "//")), a
    assert sum(tag == "script" for tag, _ in page.elements) == 1  # the matrix sorter only


def test_html_overview_of_several_districts_links_each_cell_to_its_row(tmp_path):
    _, html = report(tmp_path, EXAMPLES / "yubei-2022.csv", EXAMPLES / "yubei-2023.csv", WORKBOOK)
    page = Page(html)
    assert page.count(None, "submissions") == 4
    cells = [a for tag, a in page.elements if tag == "td" and "data-status" in a]
    assert len(cells) == 4 * 32
    links = [a["href"] for tag, a in page.elements if tag == "a" and a.get("href", "").startswith("#d")]
    assert links and all(href[1:] in page.ids for href in links)
    assert {"d1", "d2", "d3"} <= page.ids


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_html_report_is_wholly_in_one_language(tmp_path, lang):
    _, html = report(tmp_path, WORKBOOK, tmp_path / "missing.csv", lang=lang)
    page = Page(html)
    text = " ".join(page.text)
    assert ('lang="zh-CN"' in html) == (lang == "zh")
    if lang == "zh":
        assert "文件不存在" in text and "约束性指标未达标" in text
        for word in ("not met", "Binding", "Sub-item", "file not found", "Trends"):
            assert word not in text
    else:
        assert "file not found" in text and "Binding indicators not met" in text
        for word in ("约束性", "未达标", "文件不存在", "趋势", "达标"):
            assert word not in text


# --- in a real browser ---------------------------------------------------------------------------


def _browser():
    """A headless Chromium driven through its own chromedriver, or a loud skip (a failure when
    ECORULES_REQUIRE_BROWSER=1, as CI sets it where it installed Chromium)."""
    chromium = next((p for p in map(shutil.which, ("chromium", "chromium-browser", "google-chrome")) if p), None)
    driver = shutil.which("chromedriver")
    try:
        import selenium  # noqa: F401

        missing = None
    except ImportError:
        missing = "the selenium package (pip install selenium)"
    if chromium is None or driver is None:
        missing = "Chromium and its driver (apt-get install chromium chromium-driver)"
    if missing is not None:
        message = f"BROWSER TEST NOT RUN: {missing} is not installed; the HTML report was only parsed, not opened"
        if os.environ.get("ECORULES_REQUIRE_BROWSER") == "1":
            pytest.fail(message + " (ECORULES_REQUIRE_BROWSER=1)")
        pytest.skip(message)
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1280,900"):
        options.add_argument(arg)
    options.set_capability("goog:loggingPrefs", {"performance": "ALL"})
    return webdriver.Chrome(service=Service(executable_path=driver), options=options)


@pytest.fixture
def browser():
    driver = _browser()
    try:
        yield driver
    finally:
        driver.quit()


def _requests(driver) -> list[str]:
    """Every URL the page asked for, from the DevTools network log."""
    urls = []
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message["method"] == "Network.requestWillBeSent":
            urls.append(message["params"]["request"]["url"])
    return urls


def test_html_report_in_headless_chromium(tmp_path, browser):
    from selenium.webdriver.common.by import By

    out, _ = report(tmp_path, WORKBOOK)
    browser.get(out.as_uri())
    assert browser.find_element(By.TAG_NAME, "h1").text

    def count(year: str, what: str) -> int:
        return int(browser.find_element(By.CSS_SELECTOR, f'article[data-year="{year}"] [data-count="{what}"]').text)

    assert (count("2022", "met"), count("2022", "not-met")) == (27, 5)
    assert (count("2023", "met"), count("2023", "not-met")) == (29, 3)
    assert all(f.is_displayed() for f in browser.find_elements(By.CSS_SELECTOR, "figure.chart"))
    charts = browser.find_elements(By.CSS_SELECTOR, "figure.chart svg polyline.series")
    assert len(charts) >= 10
    for line in charts:  # drawn, with a size on the page
        assert line.size["width"] > 50
    assert browser.find_elements(By.CSS_SELECTOR, "figure.chart svg line.threshold")
    requests = _requests(browser)
    assert requests == [out.as_uri()], requests  # the page itself, and nothing else
    height = browser.execute_script("return document.documentElement.scrollHeight")
    browser.set_window_size(1280, min(height, 16000))
    shot = tmp_path / "report.png"
    assert browser.save_screenshot(str(shot))
    print(f"screenshot: {shot}", file=sys.stderr)
    # printed: A4 pages, several of them
    pdf = base64.b64decode(browser.execute_cdp_cmd("Page.printToPDF", {"preferCSSPageSize": True})["data"])
    sizes = re.findall(rb"/MediaBox \[0 0 ([\d.]+) ([\d.]+)\]", pdf)
    assert len(sizes) > 3
    assert all(abs(float(w) - 595.3) < 2 and abs(float(h) - 841.9) < 2 for w, h in sizes), sizes[:3]


def test_html_overview_in_headless_chromium_sorts_and_links(tmp_path, browser):
    from selenium.webdriver.common.by import By

    out, _ = report(tmp_path, EXAMPLES / "yubei-2023.csv", EXAMPLES / "yubei-2022.csv", lang="zh")
    browser.get(out.as_uri())

    def rows() -> list[str]:
        return [
            r.find_element(By.CSS_SELECTOR, "th a").text
            for r in browser.find_elements(By.CSS_SELECTOR, "#matrix tbody tr")
        ]

    assert rows() == ["渝北区 2023 年", "渝北区 2022 年"]
    header = browser.find_elements(By.CSS_SELECTOR, "#matrix thead th")
    nineteen = next(th for th in header if th.text.strip().startswith("19"))
    nineteen.click()  # indicator 19: not met in 2022 only, which sorts first
    assert rows() == ["渝北区 2022 年", "渝北区 2023 年"]
    cell = browser.find_element(By.CSS_SELECTOR, '#matrix tbody tr:first-child td[data-status="not_met"] a')
    target = cell.get_attribute("href").split("#", 1)[1]
    cell.click()
    assert browser.execute_script("return location.hash") == "#" + target
    row = browser.find_element(By.ID, target)
    assert row.get_attribute("data-status") == "not_met"
    assert browser.execute_script("return arguments[0].getBoundingClientRect().top", row) < 200  # scrolled to
    shot = tmp_path / "overview.png"
    browser.save_screenshot(str(shot))
    print(f"screenshot: {shot}", file=sys.stderr)
    assert _requests(browser) == [out.as_uri()]


def test_jinja2_is_imported_only_for_the_html_report(tmp_path):
    import subprocess

    code = (
        "import sys\n"
        "from typer.testing import CliRunner\n"
        "from ecorules.cli import app\n"
        "args = sys.argv[1:]\n"
        "CliRunner().invoke(app, args)\n"
        "print('jinja2' in sys.modules)\n"
    )
    csv = str(EXAMPLES / "yubei-2023.csv")
    env = {**os.environ, "ECORULES_DISABLE_PLUGIN_AUTOLOAD": "1"}

    def imports_jinja(*args: str) -> str:
        done = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, env=env)
        return done.stdout.strip().splitlines()[-1]

    assert imports_jinja("check", csv) == "False"
    assert imports_jinja("check", csv, "--format", "html", "-o", str(tmp_path / "r.html")) == "True"


def test_a_project_table_shows_a_record_rule_as_counts_and_its_failing_rows(tmp_path):
    _, html = report(tmp_path, EXAMPLES / "yubei-projects-near-term.csv")
    rows = [a for tag, a in Page(html).elements if tag == "tr" and "data-rule" in a]
    summaries = [a for a in rows if a["data-status"] == "summary"]
    assert summaries and len({a["data-rule"] for a in summaries}) == len(summaries)
    assert len(rows) < 64  # not a row per project and rule
    assert any(a["data-status"] == "not_met" for a in rows)


def test_the_page_allows_its_own_script_and_no_other(tmp_path):
    import base64
    import hashlib
    import re

    page = tmp_path / "r.html"
    runner.invoke(
        app,
        [
            "check",
            str(EXAMPLES / "yubei-2022.csv"),
            str(EXAMPLES / "yubei-2023.csv"),
            "--format",
            "html",
            "-o",
            str(page),
        ],
    )
    html = page.read_text(encoding="utf-8")
    [script] = re.findall(r"<script>(.*?)</script>", html, re.S)
    digest = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii")
    [policy] = re.findall(r'http-equiv="Content-Security-Policy" content="([^"]+)"', html)
    assert f"script-src 'sha256-{digest}'" in policy and "unsafe-inline'; img" not in policy.split("script-src")[1]

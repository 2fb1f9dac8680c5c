"""`figwatch ui seeds/` in headless Chromium: figures by story, a figure's timeline, evidence,
alerts, and safety against markup, script links, bidi overrides and long words in articles."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from html import escape
from pathlib import Path
from urllib.parse import quote, urljoin

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.support.ui import WebDriverWait

from streams.clients.feeds import read_feed
from tests.support.worker import free_port

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts" / "ui"
CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        not (CHROMIUM.exists() and CHROMEDRIVER.exists()),
        reason="needs Debian's chromium and chromium-driver (bash deploy/install-test-deps.sh)",
    ),
]

FOREIGN_FIGHTERS = "foreign fighters joined ISIS"
ROWS = "#figures-table tbody tr[data-metric-key]"


def _figwatch() -> list[str]:
    script = Path(sys.executable).with_name("figwatch")
    return [str(script)] if script.exists() else [sys.executable, "-m", "streams"]


@pytest.fixture(scope="module")
def replay_alerts() -> list[dict[str, object]]:
    """The alerts `figwatch replay seeds` prints: the page must show the same figures."""
    done = subprocess.run(
        [*_figwatch(), "replay", "seeds"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    return [json.loads(line) for line in done.stdout.splitlines() if line.strip()]


@contextmanager
def _serving(corpus: Path, log: Path) -> Iterator[str]:
    """Start `figwatch ui CORPUS --port N` as a user would; yield the address it prints."""
    port = free_port()
    with log.open("wb") as stderr:
        process = subprocess.Popen(
            [*_figwatch(), "ui", str(corpus), "--host", "127.0.0.1", "--port", str(port)],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=stderr,
            text=True,
        )
    try:
        assert process.stdout is not None
        line = process.stdout.readline()
        if "http://" not in line:
            process.kill()
            raise RuntimeError(f"figwatch ui did not start: {line!r}\n{log.read_text()}")
        url = line[line.index("http://") :].split()[0]
        _wait_listening(url, process, log)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=30)


@pytest.fixture(scope="module")
def ui_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The page over the sample feed in seeds/."""
    with _serving(Path("seeds"), tmp_path_factory.mktemp("ui") / "ui.log") as url:
        yield url


# Markup in every article field the page shows: the source, the evidence sentence (and so
# the figure's wording). Had any of it been parsed as HTML, the body would carry data-pwned.
PWN = '<img src=x onerror="document.body.dataset.pwned=1">'
HOSTILE = [
    {
        "id": "hostile-1", "source": f"{PWN}Atlas Wire", "url": "https://example.com/h1",
        "language": "en", "published_at": "2023-09-09T08:00:00Z",
        "title": "Earthquake kills at least 40 in Morocco",
        "body": f"A powerful earthquake struck Morocco on Friday night, killing at least 40 "
        f"people {PWN}, the interior ministry said.\n\nRescuers searched the rubble.",
    },
    {
        "id": "hostile-2", "source": "<script>document.body.dataset.pwned=1</script>Rabat Daily",
        "url": "https://example.com/h2", "language": "en", "published_at": "2023-09-10T08:00:00Z",
        "title": "Morocco earthquake toll rises to 90",
        "body": "The death toll from the earthquake in Morocco rose to 90 <b>people</b>, the "
        f"interior ministry said on Saturday {PWN}.\n\nAid arrived.",
    },
]  # fmt: skip


@pytest.fixture(scope="module")
def hostile_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The page over two articles whose fields carry HTML."""
    corpus = tmp_path_factory.mktemp("hostile")
    lines = (json.dumps(record) for record in HOSTILE)
    (corpus / "articles.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    with _serving(corpus, corpus / "ui.log") as url:
        yield url


# Every way an article's url can smuggle script into a link: schemes in mixed case, behind
# a space or a tab, split by a newline, data: and vbscript: URLs, and javascript: and data:
# links read from an RSS feed by the feed reader. Only the https one may become a link.
SCRIPT = "document.body.dataset.pwned=1"
SCRIPT_URLS = [
    f"JaVaScRiPt:{SCRIPT}",
    f" javascript:{SCRIPT}",
    f"\tjavascript:{SCRIPT}",
    f"java\nscript:{SCRIPT}",
    f"data:text/html,<script>{SCRIPT}</script>",
    "vbscript:msgbox(1)",
]
SAFE_URL = "https://example.com/quake/ok"
OVERRIDDEN = "\u202eEvil Wire"
"""A source name whose right-to-left override would reverse whatever follows it."""
LONG_WORD = "Tizi" * 1250
"""One 5,000-character word in an evidence sentence."""
LONG_SOURCE = "Marrakesh" * 100
QUAKE_BODIES = [
    "A powerful earthquake struck Morocco on Friday night, killing at least {n} people, the "
    "interior ministry said.",
    "The death toll from the earthquake in Morocco rose to {n}, officials said as rescuers dug "
    "through rubble.",
    "Rescue teams in Morocco said the earthquake had killed {n} people near " + LONG_WORD + ".",
    "Morocco's interior ministry raised the earthquake death toll to {n} on Monday.",
    "At least {n} people have died in the Morocco earthquake, state television reported.",
    "Officials said {n} people were killed in the earthquake in Morocco, with many more hurt.",
    "The earthquake in Morocco has killed {n} people, according to the latest official count.",
    "Morocco said on Saturday that {n} people were killed when the earthquake hit the Atlas.",
    "Hospitals in Marrakesh reported that the Morocco earthquake killed {n} people so far.",
]
TOLLS = [40, 90, 300, 632, 820, 1037, 2012, 2122, 2497]
SOURCES = ["Atlas Wire", "Rabat Daily", "Casablanca Post", "Fez Herald", "Sahara News",
           OVERRIDDEN, LONG_SOURCE]  # fmt: skip


def _link_articles() -> list[dict[str, object]]:
    """Seven articles with every url above, then two RSS entries as the feed reader reads them."""
    records: list[dict[str, object]] = [
        {
            "id": f"links-{n}", "source": source, "url": url, "language": "en",
            "published_at": f"2023-09-{9 + n:02d}T08:00:00Z", "title": f"Quake update {n}",
            "body": f"{QUAKE_BODIES[n].format(n=TOLLS[n])}\n\nAid arrived.",
        }
        for n, (source, url) in enumerate(zip(SOURCES, [*SCRIPT_URLS, SAFE_URL], strict=True))
    ]  # fmt: skip
    items = "".join(
        f"<item><title>Quake {n}</title><link>{escape(url)}</link><guid>rss-{n}</guid>"
        f"<pubDate>{date}</pubDate><description>{escape(QUAKE_BODIES[n].format(n=TOLLS[n]))}"
        "</description></item>"
        for n, url, date in (
            (7, f"javascript:{SCRIPT}", "Sat, 16 Sep 2023 08:00:00 GMT"),
            (8, f"data:text/html,<script>{SCRIPT}</script>", "Sun, 17 Sep 2023 08:00:00 GMT"),
        )
    )
    feed = f'<?xml version="1.0"?><rss version="2.0"><channel><title>Feed Wire</title>{items}'
    for record in read_feed(f"{feed}</channel></rss>".encode(), "quake.rss"):
        assert record.data is not None
        records.append(record.data)
    return records


@pytest.fixture(scope="module")
def links_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The page over nine reports of one figure: script URLs, an override, a long word."""
    corpus = tmp_path_factory.mktemp("links")
    lines = (json.dumps(record) for record in _link_articles())
    (corpus / "articles.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    with _serving(corpus, corpus / "ui.log") as url:
        yield url


def _wait_listening(url: str, process: subprocess.Popen[str], log: Path) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"figwatch ui exited with {process.returncode}:\n{log.read_text()}")
        try:
            # The URL is the loopback http address the server printed.
            with urllib.request.urlopen(urljoin(url, "/api/figures"), timeout=5):  # noqa: S310
                return
        except OSError:
            time.sleep(0.2)
    raise TimeoutError(f"figwatch ui not answering at {url}")


@pytest.fixture(scope="module")
def browser() -> Iterator[WebDriver]:
    """Headless Debian Chromium; Selenium Manager never downloads anything."""
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    profile = tempfile.mkdtemp(prefix="figwatch-chromium-")
    for flag in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--window-size=1280,1400",
        "--lang=en",
        f"--user-data-dir={profile}",
    ):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(executable_path=str(CHROMEDRIVER)), options=options)
    driver.set_page_load_timeout(60)
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


def _wait(driver: WebDriver, condition_js: str, timeout: float = 30) -> None:
    WebDriverWait(driver, timeout).until(lambda d: d.execute_script(f"return {condition_js}"))


def _screenshot(driver: WebDriver, name: str) -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / name
    height = driver.execute_script("return document.documentElement.scrollHeight")
    width = driver.execute_script("return window.innerWidth")
    driver.set_window_size(max(width, 360), min(max(height + 120, 800), 4000))
    driver.save_screenshot(str(path))
    return path


def _open_index(driver: WebDriver, url: str) -> list[str]:
    driver.set_window_size(1280, 1400)
    driver.get(url)
    _wait(driver, f"document.querySelectorAll({ROWS!r}).length > 0")
    return [
        row.get_attribute("data-metric-key") or ""
        for row in driver.find_elements(By.CSS_SELECTOR, ROWS)
    ]


def _stories(driver: WebDriver) -> dict[str, list[str]]:
    """Each story heading's words -> the quantities listed under it."""
    stories = {}
    for body in driver.find_elements(By.CSS_SELECTOR, "#figures-table tbody.story"):
        heading = body.find_element(By.CSS_SELECTOR, "tr.story-heading th a").text
        stories[heading] = [
            link.text for link in body.find_elements(By.CSS_SELECTOR, "tr[data-metric-key] th a")
        ]
    return stories


def _labels(driver: WebDriver) -> list[str]:
    return [link.text for link in driver.find_elements(By.CSS_SELECTOR, f"{ROWS} th a")]


def test_index_lists_every_figure_replay_alerts_on_under_its_story(
    browser: WebDriver, ui_url: str, replay_alerts: list[dict[str, object]]
) -> None:
    _open_index(browser, ui_url)
    stories = _stories(browser)
    for alert in replay_alerts:
        assert alert["quantity"] in stories.get(str(alert["story"]), []), (alert["label"], stories)
    assert {"people killed", "people injured"} <= set(stories["earthquake in Algeria, Mar 2018"])
    assert FOREIGN_FIGHTERS in stories["ISIS in Syria and Iraq, Apr 2017"]
    assert "people displaced" in stories["flood in Sudan, Aug 2018"]
    count = browser.find_element(By.ID, "figure-count").text
    assert f"in {len(stories)} stories" in count
    arabic = browser.find_elements(By.CSS_SELECTOR, "#figures-table .words [lang='ar']")
    assert arabic
    assert all(span.value_of_css_property("direction") == "rtl" for span in arabic)
    _screenshot(browser, "index.png")


def test_a_story_heading_lists_only_that_storys_figures(browser: WebDriver, ui_url: str) -> None:
    _open_index(browser, ui_url)
    everything = _stories(browser)
    quake = "earthquake in Algeria, Mar 2018"
    browser.find_element(By.LINK_TEXT, quake).click()
    _wait(browser, "document.querySelectorAll('#figures-table tbody.story').length === 1")
    assert _stories(browser) == {quake: everything[quake]}
    assert browser.find_element(By.ID, "story-filter").is_displayed()
    browser.find_element(By.LINK_TEXT, "Show every story").click()
    _wait(
        browser,
        f"document.querySelectorAll('#figures-table tbody.story').length === {len(everything)}",
    )


def test_index_search_and_keyboard_sorting(browser: WebDriver, ui_url: str) -> None:
    keys = _open_index(browser, ui_url)
    search = browser.find_element(By.ID, "search")
    search.send_keys("earthquake killed")
    _wait(browser, f"document.querySelectorAll({ROWS!r}).length < {len(keys)}")
    # The story's words match as much as the quantity's.
    assert list(_stories(browser)) == ["earthquake in Algeria, Mar 2018"]
    assert _labels(browser) == ["people killed"]
    assert "match" in browser.find_element(By.ID, "figure-count").text
    search.send_keys(Keys.CONTROL, "a")
    search.send_keys(Keys.DELETE)
    _wait(browser, f"document.querySelectorAll({ROWS!r}).length == {len(keys)}")

    header = browser.find_element(By.CSS_SELECTOR, "th[data-sort='reports']")
    header.find_element(By.TAG_NAME, "button").send_keys(Keys.ENTER)
    assert header.get_attribute("aria-sort") == "descending"
    # Sorting orders each story's figures; the stories keep their order.
    for body in browser.find_elements(By.CSS_SELECTOR, "#figures-table tbody.story"):
        reports = [
            int(cell.text)
            for cell in body.find_elements(By.CSS_SELECTOR, "tr[data-metric-key] td:nth-child(5)")
        ]
        assert reports == sorted(reports, reverse=True)
    header.find_element(By.TAG_NAME, "button").send_keys(Keys.ENTER)
    assert header.get_attribute("aria-sort") == "ascending"


def test_foreign_fighter_timeline_marks_the_30000_to_40000_alert(
    browser: WebDriver, ui_url: str
) -> None:
    _open_index(browser, ui_url)
    link = next(
        a
        for a in browser.find_elements(By.CSS_SELECTOR, f"{ROWS} th a")
        if a.text == FOREIGN_FIGHTERS
    )
    link.click()
    _wait(browser, "document.body.dataset.loaded === 'true'")
    assert browser.find_element(By.TAG_NAME, "h1").text == FOREIGN_FIGHTERS
    story = browser.find_element(By.ID, "figure-story")
    assert story.text == "Story: ISIS in Syria and Iraq, Apr 2017"
    assert "story=isis%7Csyria_iraq" in (
        story.find_element(By.TAG_NAME, "a").get_attribute("href") or ""
    )

    plot = browser.find_element(By.ID, "timeline")
    assert plot.get_attribute("role") == "img"
    rows = browser.find_elements(By.CSS_SELECTOR, "#reports-table tbody tr")
    reports = plot.find_elements(By.CSS_SELECTOR, "g.report")
    assert len(reports) == len(rows) >= 4
    assert f"{len(rows)} reports" in (plot.get_attribute("aria-label") or "")
    qualifiers = {r.get_attribute("data-qualifier") for r in reports}
    assert {"at_most", "approximately"} <= qualifiers

    markers = plot.find_elements(By.CSS_SELECTOR, "g.alert-marker")
    titles = [m.find_element(By.TAG_NAME, "title").get_attribute("textContent") for m in markers]
    assert any("30,000" in t and "40,000" in t for t in titles), titles
    assert any("+33%" in (m.text or m.get_attribute("textContent") or "") for m in markers)
    legend = [li.text for li in browser.find_elements(By.CSS_SELECTOR, "#legend li")]
    sources = {r.get_attribute("data-source") for r in reports}
    assert sources == set(legend)

    evidence = browser.find_elements(By.CSS_SELECTOR, "#reports-table p.evidence[lang='ar']")
    assert evidence
    for sentence in evidence:
        assert sentence.value_of_css_property("direction") == "rtl"
        highlighted = sentence.find_element(By.TAG_NAME, "mark").text
        assert highlighted and highlighted in sentence.text
    assert any("30" in p.find_element(By.TAG_NAME, "mark").text for p in evidence)
    _screenshot(browser, "figure.png")


def test_alert_feed_links_each_alert_to_its_figure(
    browser: WebDriver, ui_url: str, replay_alerts: list[dict[str, object]]
) -> None:
    _open_index(browser, ui_url)
    _wait(browser, "document.querySelectorAll('#alert-feed li.alert').length > 0")
    items = browser.find_elements(By.CSS_SELECTOR, "#alert-feed li.alert")
    assert len(items) == len(replay_alerts)
    first = items[0].find_element(By.TAG_NAME, "a")
    quantity, story = first.text.split(" — ")
    first.click()
    _wait(browser, "document.body.dataset.loaded === 'true'")
    assert browser.find_element(By.TAG_NAME, "h1").text == quantity
    assert browser.find_element(By.ID, "figure-story").text == f"Story: {story}"


def test_figure_page_fits_a_phone_screen(browser: WebDriver, ui_url: str) -> None:
    keys = _open_index(browser, ui_url)
    browser.set_window_size(390, 844)
    key = next(k for k in keys if k.startswith("syria_iraq|joined|foreign_fighter"))
    browser.get(urljoin(ui_url, "figure?key=" + quote(key, safe="")))
    _wait(browser, "document.body.dataset.loaded === 'true'")
    overflow = browser.execute_script(
        "return document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0
    _screenshot(browser, "figure-phone.png")


def test_markup_in_article_fields_is_shown_as_text(browser: WebDriver, hostile_url: str) -> None:
    _open_index(browser, hostile_url)
    _wait(browser, "document.querySelectorAll('#alert-feed li.alert').length > 0")
    assert _stories(browser) == {"earthquake in Morocco, Sep 2023": ["people killed"]}
    assert "<script>" in browser.find_element(By.CSS_SELECTOR, ROWS).text
    browser.find_element(By.LINK_TEXT, "people killed").click()
    _wait(browser, "document.body.dataset.loaded === 'true'")
    table = browser.find_element(By.ID, "reports-table")
    assert PWN in table.text
    assert "<b>people</b>" in table.text
    legend = browser.find_element(By.ID, "legend").text
    assert f"{PWN}Atlas Wire" in legend
    hostile = "main img, main script, main b, #alert-feed img, #alert-feed script"
    assert browser.find_elements(By.CSS_SELECTOR, hostile) == []
    assert browser.execute_script("return document.body.dataset.pwned") is None


QUAKE_KEY = "morocco|killed|person|-|-"
# Every attribute of every element, read as a browser reads a URL (ends stripped, tabs and
# newlines dropped, any case): none may start with a script or data scheme.
SCRIPT_ATTRIBUTES = """
return [...document.querySelectorAll("*")].flatMap((node) => [...node.attributes]
  .map((a) => [node.tagName, a.name, a.value])
  .filter(([, , v]) => /^(javascript|data|vbscript):/i.test(
    v.replace(/^[\\u0000-\\u0020]+/, "").replace(/[\\t\\n\\r]/g, ""))));
"""


def _open_quake(driver: WebDriver, url: str, width: int = 1280) -> None:
    driver.set_window_size(width, 1400)
    driver.get(urljoin(url, "figure?key=" + quote(QUAKE_KEY, safe="")))
    _wait(driver, "document.body.dataset.loaded === 'true'")


def test_only_http_urls_become_links_and_no_script_runs(browser: WebDriver, links_url: str) -> None:
    _open_quake(browser, links_url)
    rows = browser.find_elements(By.CSS_SELECTOR, "#reports-table tbody tr")
    assert len(rows) == len(SOURCES) + 2
    assert browser.execute_script(SCRIPT_ATTRIBUTES) == []
    protocols = browser.execute_script(
        "return [...document.querySelectorAll('a[href]')].map((a) => a.protocol)"
    )
    assert protocols and set(protocols) <= {"http:", "https:"}
    (source_link,) = browser.find_elements(By.CSS_SELECTOR, "#reports-table tbody a")
    assert source_link.get_attribute("href") == SAFE_URL
    withheld = browser.find_elements(By.CSS_SELECTOR, "#reports-table .withheld-link")
    assert len(withheld) == len(rows) - 1
    # Clicking a withheld source, as a reader would, runs nothing.
    for note in withheld:
        note.find_element(By.XPATH, "preceding-sibling::bdi").click()
    assert browser.execute_script("return document.body.dataset.pwned") is None
    _screenshot(browser, "figure-hostile-links.png")


@pytest.mark.parametrize("href", [*SCRIPT_URLS, "//evil.example/", "/\\evil.example/"])
def test_the_page_refuses_to_set_a_script_href_even_if_asked(
    browser: WebDriver, links_url: str, href: str
) -> None:
    _open_quake(browser, links_url)
    made = "return figwatch.el('a', {href: arguments[0]}).getAttribute('href')"
    assert browser.execute_script(made, href) is None
    assert browser.execute_script(made, SAFE_URL) == SAFE_URL
    assert browser.execute_script(made, "/ui/figure?key=a") == "/ui/figure?key=a"


def test_a_bidi_override_in_a_source_reorders_nothing_after_it(
    browser: WebDriver, links_url: str
) -> None:
    _open_quake(browser, links_url)
    isolation = browser.execute_script(
        """return [...document.querySelectorAll("main *")]
          .filter((n) => n.children.length === 0 && n.textContent === arguments[0])
          .map((n) => getComputedStyle(n).unicodeBidi)""",
        OVERRIDDEN,
    )
    # The reports table and the legend; each occurrence is its own bidi isolate.
    assert len(isolation) == 2 and set(isolation) == {"isolate"}
    row = next(
        r
        for r in browser.find_elements(By.CSS_SELECTOR, "#reports-table tbody tr")
        if r.find_element(By.TAG_NAME, "bdi").get_attribute("textContent") == OVERRIDDEN
    )
    cell = row.find_element(By.TAG_NAME, "th")
    # On one line, the note after the source is where an unisolated override would reverse it.
    browser.execute_script("arguments[0].style.whiteSpace = 'nowrap'", cell)
    source = cell.find_element(By.TAG_NAME, "bdi").rect
    note = cell.find_element(By.CSS_SELECTOR, ".withheld-link")
    assert note.rect["x"] >= source["x"] + source["width"] - 1
    assert abs(note.rect["y"] - source["y"]) < 4
    assert note.text.startswith("(link not shown")


@pytest.mark.parametrize("width", [1280, 390])
def test_a_5000_character_word_does_not_widen_the_page(
    browser: WebDriver, links_url: str, width: int
) -> None:
    _open_quake(browser, links_url, width)
    evidence = browser.find_elements(By.CSS_SELECTOR, "#reports-table p.evidence")
    assert any(LONG_WORD in p.get_attribute("textContent") for p in evidence)
    sizes = browser.execute_script(
        """const table = document.getElementById("reports-table");
        return {table: table.scrollWidth, box: table.parentElement.clientWidth,
                page: document.documentElement.scrollWidth, view: window.innerWidth}"""
    )
    assert sizes["table"] <= sizes["box"] + 1, sizes
    assert sizes["page"] <= sizes["view"], sizes
    _open_index(browser, links_url)
    index = browser.execute_script(
        "return [document.getElementById('figures-table').scrollWidth, window.innerWidth]"
    )
    assert index[0] <= index[1], index
    browser.set_window_size(1280, 1400)

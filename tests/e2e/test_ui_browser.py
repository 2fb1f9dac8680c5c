"""`figwatch ui seeds/` in headless Chromium: the index, a figure's timeline, evidence, alerts."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote, urljoin

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.support.ui import WebDriverWait

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


@pytest.fixture(scope="module")
def ui_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Start `figwatch ui seeds --port N` as a user would; yield the address it prints."""
    port = free_port()
    log = tmp_path_factory.mktemp("ui") / "ui.log"
    with log.open("wb") as stderr:
        process = subprocess.Popen(
            [*_figwatch(), "ui", "seeds", "--host", "127.0.0.1", "--port", str(port)],
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
    _wait(driver, "document.querySelectorAll('#figures-table tbody tr').length > 0")
    return [
        row.get_attribute("data-metric-key") or ""
        for row in driver.find_elements(By.CSS_SELECTOR, "#figures-table tbody tr")
    ]


def _labels(driver: WebDriver) -> list[str]:
    return [
        link.text for link in driver.find_elements(By.CSS_SELECTOR, "#figures-table tbody th a")
    ]


def test_index_lists_every_figure_replay_alerts_on(
    browser: WebDriver, ui_url: str, replay_alerts: list[dict[str, object]]
) -> None:
    _open_index(browser, ui_url)
    labels = _labels(browser)
    alerted = {str(alert["label"]) for alert in replay_alerts}
    assert alerted <= set(labels)
    for words in ([FOREIGN_FIGHTERS], ["people killed", "earthquake"], ["displaced", "flood"]):
        assert any(all(w in label for w in words) for label in labels), (words, labels)
    arabic = browser.find_elements(By.CSS_SELECTOR, "#figures-table .words [lang='ar']")
    assert arabic
    assert all(span.value_of_css_property("direction") == "rtl" for span in arabic)
    _screenshot(browser, "index.png")


def test_index_search_and_keyboard_sorting(browser: WebDriver, ui_url: str) -> None:
    keys = _open_index(browser, ui_url)
    search = browser.find_element(By.ID, "search")
    search.send_keys("earthquake killed")
    _wait(browser, f"document.querySelectorAll('#figures-table tbody tr').length < {len(keys)}")
    assert all("earthquake" in label for label in _labels(browser))
    assert "match" in browser.find_element(By.ID, "figure-count").text
    search.send_keys(Keys.CONTROL, "a")
    search.send_keys(Keys.DELETE)
    _wait(browser, f"document.querySelectorAll('#figures-table tbody tr').length == {len(keys)}")

    header = browser.find_element(By.CSS_SELECTOR, "th[data-sort='reports']")
    header.find_element(By.TAG_NAME, "button").send_keys(Keys.ENTER)
    assert header.get_attribute("aria-sort") == "descending"
    reports = [
        int(cell.text)
        for cell in browser.find_elements(By.CSS_SELECTOR, "#figures-table tbody td:nth-child(5)")
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
        for a in browser.find_elements(By.CSS_SELECTOR, "#figures-table tbody th a")
        if FOREIGN_FIGHTERS in a.text
    )
    link.click()
    _wait(browser, "document.body.dataset.loaded === 'true'")
    assert FOREIGN_FIGHTERS in browser.find_element(By.TAG_NAME, "h1").text

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
    label = first.text
    first.click()
    _wait(browser, "document.body.dataset.loaded === 'true'")
    assert browser.find_element(By.TAG_NAME, "h1").text == label


def test_figure_page_fits_a_phone_screen(browser: WebDriver, ui_url: str) -> None:
    keys = _open_index(browser, ui_url)
    browser.set_window_size(390, 844)
    key = next(k for k in keys if k.startswith("joined|foreign_fighter"))
    browser.get(urljoin(ui_url, "figure?key=" + quote(key, safe="")))
    _wait(browser, "document.body.dataset.loaded === 'true'")
    overflow = browser.execute_script(
        "return document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0
    _screenshot(browser, "figure-phone.png")

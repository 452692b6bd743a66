"""The report and the batch index in a real browser: Debian chromium, headless, driven by selenium.

Opens the pages from file:// URLs exactly as a reviewer would, clicks the filters, the column
headers, an evidence crop and the copy button, and saves screenshots to tests/artifacts/.
"""

from __future__ import annotations

import base64
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.support.ui import WebDriverWait

from reporting.html import render_index_html, render_report_html
from tests.test_html import sample_images, sample_report, sample_rows

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
ARTIFACTS = Path(__file__).parent / "artifacts"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.slow,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian chromium is not installed (apt-get install chromium)"),
]


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A batch output folder: index.html and one applicant's report.html."""
    out = tmp_path_factory.mktemp("out")
    rows = sample_rows()
    for row in rows:
        if row.report:
            target = out / row.report
            target.parent.mkdir(parents=True, exist_ok=True)
            report = sample_report().model_copy(update={"applicant_id": row.applicant_id})
            target.write_text(render_report_html(report, sample_images()), encoding="utf-8")
    (out / "index.html").write_text(render_index_html(rows, "2024-10-13 批次预审总览"), encoding="utf-8")
    return out


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[WebDriver]:
    """Headless chromium with a fresh profile, no network services, browser console captured."""
    os.environ.setdefault("SE_OFFLINE", "true")  # never let selenium-manager look anything up
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in (
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-dev-shm-usage",
        "--window-size=1280,900",
        f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}",
    ):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(options=options, service=Service(executable_path=str(CHROMEDRIVER)))
    driver.set_page_load_timeout(30)
    ARTIFACTS.mkdir(exist_ok=True)
    try:
        yield driver
    finally:
        driver.quit()


def full_screenshot(driver: WebDriver, name: str) -> Path:
    """Save the whole page (beyond the viewport) as a PNG under tests/artifacts/."""
    size = driver.execute_script("return [document.documentElement.scrollWidth, document.documentElement.scrollHeight]")
    shot = driver.execute_cdp_cmd(
        "Page.captureScreenshot",
        {"captureBeyondViewport": True, "clip": {"x": 0, "y": 0, "width": size[0], "height": size[1], "scale": 1}},
    )
    path = ARTIFACTS / name
    path.write_bytes(base64.b64decode(shot["data"]))
    return path


def js_errors(driver: WebDriver) -> list[str]:
    """Severe console entries (uncaught exceptions, CSP violations, failed loads) since the last call."""
    return [entry["message"] for entry in driver.get_log("browser") if entry["level"] == "SEVERE"]


def visible_ids(driver: WebDriver) -> list[str]:
    """Applicant ids of the index rows currently shown, top to bottom."""
    rows = driver.find_elements(By.CSS_SELECTOR, "#summary tbody tr")
    return [r.find_element(By.CSS_SELECTOR, "td").text for r in rows if r.is_displayed()]


def test_index_filters_sorts_searches_and_links(browser: WebDriver, site: Path) -> None:
    browser.get((site / "index.html").as_uri())
    assert browser.title == "2024-10-13 批次预审总览"
    assert len(visible_ids(browser)) == 5
    full_screenshot(browser, "index.png")

    browser.find_element(By.CSS_SELECTOR, 'button[data-filter="RETURN"]').click()
    assert visible_ids(browser) == ["WL2024-0001"]
    hidden = [r for r in browser.find_elements(By.CSS_SELECTOR, "#summary tbody tr") if not r.is_displayed()]
    assert len(hidden) == 4
    assert browser.find_element(By.ID, "shown").text == "显示 1 / 5"
    full_screenshot(browser, "index-filter-return.png")

    browser.find_element(By.CSS_SELECTOR, 'button[data-filter="ALL"]').click()
    header = browser.find_element(By.XPATH, "//th[normalize-space()='申报人编号']")
    header.click()
    ids = visible_ids(browser)
    assert ids == sorted(ids)
    header.click()
    assert visible_ids(browser) == sorted(ids, reverse=True)
    browser.find_element(By.XPATH, "//th[normalize-space()='结论']").click()
    assert visible_ids(browser)[0] == "WL2024-0003"  # PASS sorts first ascending

    search = browser.find_element(By.ID, "search")
    search.send_keys("李强")
    assert visible_ids(browser) == ["WL2024-0002"]
    search.clear()
    search.send_keys("承诺书")  # matches a main problem
    assert visible_ids(browser) == ["WL2024-0001"]
    assert js_errors(browser) == []

    browser.find_element(By.CSS_SELECTOR, 'a[href="WL2024-0001/report.html"]').click()
    WebDriverWait(browser, 10).until(lambda d: "report.html" in d.current_url)
    assert browser.find_element(By.ID, "verdict").get_attribute("data-verdict") == "RETURN"


def test_report_evidence_opens_the_whole_page(browser: WebDriver, site: Path) -> None:
    browser.get((site / "WL2024-0001" / "report.html").as_uri())
    assert browser.find_element(By.CSS_SELECTOR, "#verdict .verdict").text == "退回补正"
    browser.save_screenshot(str(ARTIFACTS / "report-top.png"))
    full_screenshot(browser, "report-full.png")

    lightbox = browser.find_element(By.ID, "page-1")
    assert not lightbox.is_displayed()
    zoom = browser.find_element(By.CSS_SELECTOR, "#f-1 a.zoom")
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", zoom)
    zoom.click()
    WebDriverWait(browser, 5).until(lambda d: d.find_element(By.ID, "page-1").is_displayed())
    boxes = [b for b in lightbox.find_elements(By.CSS_SELECTOR, ".box") if b.is_displayed()]
    assert boxes
    image = lightbox.find_element(By.CSS_SELECTOR, ".frame img")
    assert browser.execute_script("return arguments[0].complete && arguments[0].naturalWidth > 0", image)
    browser.save_screenshot(str(ARTIFACTS / "report-lightbox.png"))

    lightbox.find_element(By.CSS_SELECTOR, "a.close").click()
    WebDriverWait(browser, 5).until(lambda d: not d.find_element(By.ID, "page-1").is_displayed())
    assert js_errors(browser) == []


def test_report_copy_button_and_print_layout(browser: WebDriver, site: Path) -> None:
    browser.get((site / "WL2024-0001" / "report.html").as_uri())
    button = browser.find_element(By.ID, "copy-notice")
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", button)
    button.click()
    status = browser.find_element(By.ID, "copy-status")
    WebDriverWait(browser, 5).until(lambda d: status.text != "")
    assert status.text in {"已复制", "已选中全文，请按 Ctrl+C 复制"}
    browser.save_screenshot(str(ARTIFACTS / "report-copy.png"))
    assert js_errors(browser) == []

    browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    try:
        assert not button.is_displayed()
        assert not browser.find_element(By.CSS_SELECTOR, "nav").is_displayed()
        full_screenshot(browser, "report-print.png")
        pdf = browser.execute_cdp_cmd("Page.printToPDF", {"preferCSSPageSize": True, "printBackground": True})
        data = base64.b64decode(pdf["data"])
        assert data.startswith(b"%PDF")
        (ARTIFACTS / "report-print.pdf").write_bytes(data)
    finally:
        browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})

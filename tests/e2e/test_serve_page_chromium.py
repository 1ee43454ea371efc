"""The chat page in real headless Chromium (Debian's chromium + chromium-driver, driven by
Selenium) against `medgguf serve --name demo`: a question gets a streamed Markdown answer under the
disclaimer; an emergency gets the notice above the answer, on screen before the first answer token.
Screenshots are saved in the test's output folder (printed; `-s` shows the paths)."""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from medgguf import paths
from tests.support import e2e
from tests.support.serve import serve_process

webdriver = pytest.importorskip("selenium.webdriver")

pytestmark = pytest.mark.slow

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMEDRIVER = shutil.which("chromedriver")

# Installed before a message is sent: records when the answer first shows model text, when a
# notice appears, and every distinct answer length (more than one means it streamed).
OBSERVER = """
window.__seen = {lengths: [], notice: null, firstText: null};
const target = document.getElementById('conversation');
new MutationObserver(() => {
  const messages = target.querySelectorAll('.message.assistant');
  const last = messages[messages.length - 1];
  if (!last) return;
  const now = performance.now();
  if (last.querySelector('.notice') && window.__seen.notice === null) window.__seen.notice = now;
  const text = last.querySelector('.answer').innerText.replace('…', '').trim();
  if (text && window.__seen.firstText === null) window.__seen.firstText = now;
  const lengths = window.__seen.lengths;
  if (text.length && lengths[lengths.length - 1] !== text.length) lengths.push(text.length);
}).observe(target, {childList: true, subtree: true, characterData: true});
"""


@pytest.fixture(scope="module")
def page_url(request, tmp_path_factory):
    if not (CHROMIUM and CHROMEDRIVER):
        if os.environ.get("CI"):
            pytest.fail("chromium and chromium-driver are not installed; .ci/run installs them")
        pytest.skip("needs Debian's chromium and chromium-driver")
    run = e2e.demo(request)
    cwd = tmp_path_factory.mktemp("serve-page")
    with serve_process(["--name", run.name, "--runs-dir", run.root.parent, "--max-tokens", "60"], cwd=cwd,
                       env={"MEDGGUF_CACHE": str(paths.cache_root())}) as (url, _proc):
        yield url


@pytest.fixture
def browser(tmp_path):
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                     "--window-size=1100,1000", f"--user-data-dir={tmp_path / 'profile'}",
                     "--no-first-run", "--disable-extensions", "--disable-background-networking"):
        options.add_argument(argument)
    driver = webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER, log_output=str(tmp_path / "driver.log")),
                              options=options)
    driver.set_page_load_timeout(60)
    yield driver
    driver.quit()


def ask(driver, text: str, timeout: float = 300):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import WebDriverWait

    driver.execute_script(OBSERVER)
    before = len(driver.find_elements(By.CSS_SELECTOR, ".message.assistant"))
    box = driver.find_element(By.ID, "prompt")
    box.send_keys(text)
    box.send_keys(Keys.ENTER)
    WebDriverWait(driver, timeout).until(
        lambda d: len(d.find_elements(By.CSS_SELECTOR, ".message.assistant")) > before
        and d.find_elements(By.CSS_SELECTOR, ".message.assistant")[-1].get_attribute("data-state") in ("done", "error"))
    message = driver.find_elements(By.CSS_SELECTOR, ".message.assistant")[-1]
    assert message.get_attribute("data-state") == "done", message.text
    WebDriverWait(driver, 5).until(ec.visibility_of(message))
    return message, driver.execute_script("return window.__seen")


def save(driver, tmp_path: Path, name: str) -> Path:
    path = tmp_path / name
    driver.save_screenshot(str(path))
    keep = os.environ.get("MEDGGUF_TEST_SCREENSHOTS")
    if keep:
        Path(keep).mkdir(parents=True, exist_ok=True)
        shutil.copy(path, Path(keep) / name)
    print(f"screenshot: {path}")
    return path


def test_question_gets_a_streamed_answer(page_url, browser, tmp_path):
    from selenium.webdriver.common.by import By

    browser.get(page_url + "/")
    disclaimer = browser.find_element(By.ID, "disclaimer")
    assert disclaimer.is_displayed() and "not a clinician" in disclaimer.text
    message, seen = ask(browser, "What are the symptoms of dehydration?")
    answer = message.find_element(By.CSS_SELECTOR, ".answer")
    assert len(answer.text.strip()) > 10
    assert len(seen["lengths"]) > 2, seen                                   # drawn while it streamed
    assert not message.find_elements(By.CSS_SELECTOR, ".notice")
    assert "tok/s" in message.find_element(By.CSS_SELECTOR, ".meta").text
    assert save(browser, tmp_path, "serve-page-answer.png").stat().st_size > 10_000


def test_emergency_shows_the_notice_before_the_answer(page_url, browser, tmp_path):
    from selenium.webdriver.common.by import By

    browser.get(page_url + "/")
    message, seen = ask(browser, "I have crushing chest pain spreading to my left arm and I'm sweating")
    notice = message.find_element(By.CSS_SELECTOR, ".notice")
    answer = message.find_element(By.CSS_SELECTOR, ".answer")
    assert notice.is_displayed() and "POSSIBLE MEDICAL EMERGENCY" in notice.text
    assert "emergency number" in notice.text
    assert notice.get_attribute("role") == "alert"
    assert notice.rect["y"] + notice.rect["height"] <= answer.rect["y"]     # above the answer
    assert seen["notice"] is not None and seen["firstText"] is not None
    assert seen["notice"] <= seen["firstText"]                              # on screen before the first token
    assert "EMERGENCY" not in answer.text                                   # not mixed into the model's text
    assert save(browser, tmp_path, "serve-page-emergency.png").stat().st_size > 10_000


def test_answers_render_markdown_and_never_html(page_url, browser):
    """The page's renderer: Markdown becomes elements; HTML in model text stays text."""
    browser.get(page_url + "/")
    result = browser.execute_script("""
        const box = document.createElement('div');
        MedMarkdown.render('## Dosage\\n**Rest** and `500 mg`\\n\\n- water\\n- salt\\n\\n'
                           + '<img src=x onerror=alert(1)><script>alert(2)</script>', box);
        return {strong: box.querySelectorAll('strong').length, code: box.querySelectorAll('code').length,
                items: box.querySelectorAll('li').length, heading: box.querySelectorAll('h4').length,
                html: box.querySelectorAll('img, script').length, text: box.textContent};
    """)
    assert result["strong"] == 1 and result["code"] == 1 and result["items"] == 2 and result["heading"] == 1
    assert result["html"] == 0 and "<script>alert(2)</script>" in result["text"]

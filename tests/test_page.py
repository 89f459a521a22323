"""The HTML view (`arabic-ie tag --format html`): a self-contained right-to-left page, checked in a real
headless browser (chromium, driven by selenium) for direction, bidi isolation, order and values."""

import shutil
import subprocess
import sys
from html.parser import HTMLParser

import pytest

TEXT = ('أعلنت شركة "إنفيديا" (Nvidia Corp) أنها ستنفق 5 مليارات دولار في 2026 على رقائق H100.\n'
        "وقالت الشركة إن إيراداتها بلغت 30 مليار دولار في الربع الثالث.\n")


@pytest.fixture(scope="module")
def page(tmp_path_factory):
    folder = tmp_path_factory.mktemp("page")
    (folder / "doc.txt").write_text(TEXT, encoding="utf-8")
    out = folder / "page.html"
    subprocess.run([sys.executable, "-m", "arabic_ie.cli", "tag", "--model", "rules", str(folder / "doc.txt"),
                    "--format", "html", "-o", str(out)], check=True, capture_output=True)
    return out


class _Tags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags, self.attrs = [], []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attrs.extend(v or "" for _, v in attrs)


def test_the_page_is_self_contained_and_right_to_left(page):
    html = page.read_text(encoding="utf-8")
    parsed = _Tags()
    parsed.feed(html)
    assert '<html lang="ar" dir="rtl">' in html
    assert "script" not in parsed.tags and "link" not in parsed.tags and "img" not in parsed.tags
    assert not any("http:" in a or "https:" in a or "//" in a for a in parsed.attrs)
    assert parsed.tags.count("mark") == 7  # إنفيديا, Nvidia Corp, H100, two amounts, two periods
    assert "الوقائع المالية" in html


def _browser():
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    driver = shutil.which("chromedriver")
    if not (chromium and driver):
        pytest.skip("needs chromium and chromedriver (apt-get install chromium chromium-driver; .ci/run installs them)")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1400,900"):
        options.add_argument(flag)
    return webdriver.Chrome(options=options, service=Service(driver))


def test_the_page_renders_right_to_left_with_latin_names_in_order(page):
    browser = _browser()
    try:
        browser.get(page.as_uri())
        run = browser.execute_script
        assert run("return getComputedStyle(document.querySelector('.text')).direction") == "rtl"
        marks = run("return [...document.querySelectorAll('.text mark')].map(m => [m.dataset.label, "
                    "m.querySelector('bdi').textContent, m.title, m.getBoundingClientRect().left, "
                    "m.getBoundingClientRect().top, getComputedStyle(m.querySelector('bdi')).unicodeBidi])")
        texts = [m[1] for m in marks]
        assert texts[:2] == ["إنفيديا", "Nvidia Corp"]
        assert all(m[5] == "isolate" for m in marks)
        first, second = marks[0], marks[1]
        assert first[4] == second[4] and first[3] > second[3]  # same line: the earlier entity is further right
        assert "Nvidia" in first[2] and marks[2][0] == "AMOUNT" and "5,000,000,000 USD" in marks[2][2]
        # inside the isolated Latin name the letters stay left to right: «N» left of «C»
        left_of = run("""
            const node = [...document.querySelectorAll('.text mark bdi')].find(b => b.textContent === 'Nvidia Corp').firstChild;
            const at = i => { const r = document.createRange(); r.setStart(node, i); r.setEnd(node, i + 1);
                              return r.getBoundingClientRect().left; };
            return [at(0), at(7)];""")
        assert left_of[0] < left_of[1]
        facts = run("return [...document.querySelectorAll('.facts tbody tr')].map(r => r.innerText)")
        assert len(facts) == 2 and "investment" in facts[0] and "revenue" in facts[1]
    finally:
        browser.quit()


def test_the_sample_news_page_shows_every_entity_and_a_screenshot_is_written(tmp_path):
    """The page of data/samples/news.txt in headless chromium: right to left, every entity the tagger found
    marked with its exact text, in text order; a screenshot of it is written (README links one)."""
    from pathlib import Path

    from arabic_ie.inference.rules import RuleTagger

    sample = Path(__file__).resolve().parents[1] / "data" / "samples" / "news.txt"
    out = tmp_path / "news.html"
    subprocess.run([sys.executable, "-m", "arabic_ie.cli", "tag", "--model", "rules", str(sample),
                    "--format", "html", "-o", str(out)], check=True, capture_output=True)
    expected = [e.text for e in RuleTagger().tag([sample.read_text(encoding="utf-8")])[0]]
    browser = _browser()
    try:
        browser.get(out.as_uri())
        run = browser.execute_script
        assert run("return getComputedStyle(document.body).direction") == "rtl"
        shown = run("return [...document.querySelectorAll('.text mark')].map(m => m.querySelector('bdi').textContent)")
        assert shown == expected and len(shown) > 10
        png = tmp_path / "news-page.png"
        assert browser.save_screenshot(str(png)) and png.stat().st_size > 10_000
    finally:
        browser.quit()

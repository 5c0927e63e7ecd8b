"""`coach preview` pages rendered in a real browser (headless Chromium) at phone and desktop
widths: not blank, no sideways scrolling, the DOM holds what `coach eval` decided (tips,
checklist, escalations, the why and what would change it), no script anywhere, strings from
a snapshot shown as text, and every colour pair at WCAG AA contrast."""

import html.parser
import json
import os
import pathlib
import re
import shutil
import subprocess

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
COACH = os.environ.get("COACH", str(ROOT / ".build" / "debug" / "coach"))
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
EXAMPLES = ["high-returns-day-45", "no-sale-day-25", "policy-problem"]
WIDTHS = [390, 1280]

if CHROMIUM is None:
    if os.environ.get("COACH_REQUIRE_CHROMIUM"):
        raise RuntimeError("chromium is not installed (apt-get install chromium)")
    pytest.skip("chromium is not installed (apt-get install chromium)", allow_module_level=True)

from PIL import Image  # noqa: E402  (installed with chromium by the Makefile)


def coach(*args, status=0):
    r = subprocess.run([COACH, *map(str, args)], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert r.returncode == status, r.stderr
    return r.stdout


def chromium(*args):
    r = subprocess.run([CHROMIUM, "--headless=new", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                        "--no-first-run", "--disable-extensions", *args],
                       capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr[-2000:]
    return r.stdout


HOSTILE = {
    "seller": {"id": "<script>alert('id')</script>", "category": "\"><img src=x onerror=alert(1)>", "enrolled_on": "2026-10-01"},
    "as_of": "2026-11-24",
    "signals": {
        "sessions_30d": 900, "orders_30d": 0, "orders_total": 0, "conversion_rate": 0.0, "active_listings": 2,
        "listings": [
            {"id": "<b>L-1</b><script>document.title='pwned'</script>", "title_length": 20, "photos": 1, "has_description": False,
             "quality_score": 30, "price_index": 1.3, "views_30d": 600, "orders_30d": 0, "returns_30d": 0, "stock": 3,
             "days_since_update": 50},
            {"id": "L-2 & <i>friends</i>", "title_length": 25, "photos": 2, "has_description": False, "quality_score": 35,
             "price_index": 1.25, "views_30d": 300, "orders_30d": 0, "returns_30d": 0, "stock": 2, "days_since_update": 50},
        ],
        "listing_quality_score": 32, "price_index": 1.28,
    },
}


@pytest.fixture(scope="module")
def pages(tmp_path_factory):
    out = tmp_path_factory.mktemp("preview")
    hostile = out / "hostile.json"
    hostile.write_text(json.dumps(HOSTILE))
    coach("preview", *[f"Examples/{e}.json" for e in EXAMPLES], hostile, "--out", out / "sellers")
    population = out / "population.jsonl"
    lines = [json.dumps(json.loads((ROOT / "Examples" / f"{e}.json").read_text())) for e in EXAMPLES]
    population.write_text("\n".join(lines + [json.dumps(HOSTILE), "{broken"]) + "\n")
    coach("preview", "--population", population, "--out", out / "population", status=1)
    return out


class DOM(html.parser.HTMLParser):
    """Elements with their attributes and the text inside each (for a few checks)."""

    def __init__(self, text):
        super().__init__()
        self.elements = []  # (tag, attrs dict, [text parts])
        self.stack = []
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        e = (tag, dict(attrs), [])
        self.elements.append(e)
        if tag not in ("meta", "br", "img", "input", "link", "hr"):
            self.stack.append(e)

    def handle_endtag(self, tag):
        while self.stack:
            if self.stack.pop()[0] == tag:
                break

    def handle_data(self, data):
        for e in self.stack:
            e[2].append(data)

    def find(self, tag=None, cls=None, **attrs):
        out = []
        for t, a, text in self.elements:
            if tag and t != tag:
                continue
            if cls and cls not in a.get("class", "").split():
                continue
            if any(a.get(k.replace("_", "-")) != v for k, v in attrs.items()):
                continue
            out.append((t, a, "".join(text)))
        return out


def seller_page(pages, example):
    data = json.loads((ROOT / "Examples" / f"{example}.json").read_text())
    return pages / "sellers" / f"{data['seller']['id']}.html"


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("page", EXAMPLES + ["population"])
def test_pages_render_and_are_not_blank_at_phone_and_desktop_widths(pages, page, width, tmp_path):
    path = pages / "population" / "index.html" if page == "population" else seller_page(pages, page)
    shot = tmp_path / "shot.png"
    chromium(f"--window-size={width},1600", f"--screenshot={shot}", path.as_uri())
    im = Image.open(shot).convert("RGB")
    assert im.size == (width, 1600)
    colours = im.getcolors(1 << 24)  # [(count, (r, g, b))]
    total = sum(n for n, _ in colours)
    ink = sum(n for n, c in colours if sum(c) < 600) / total
    assert ink > 0.02, "the page rendered (nearly) blank"
    assert len(colours) > 20, "the page rendered as a flat colour"


@pytest.mark.parametrize("page", EXAMPLES + ["population"])
def test_nothing_scrolls_sideways_on_a_phone(pages, page, tmp_path):
    # Headless windows are at least 500 px wide, so the page is laid out in a 390 px frame.
    src = pages / "population" / "index.html" if page == "population" else seller_page(pages, page)
    probe = tmp_path / "probe.html"
    probe.write_text(f"""<!DOCTYPE html><html><body style="margin:0">
        <iframe id="f" src="{src.as_uri()}" style="width:390px;height:1600px;border:0"></iframe>
        <script>document.getElementById('f').addEventListener('load', () => {{
          const d = document.getElementById('f').contentDocument.documentElement;
          document.body.setAttribute('data-scroll-width', d.scrollWidth + ' ' + d.clientWidth); }});</script></body></html>""")
    dom = chromium("--allow-file-access-from-files", "--window-size=1280,1600", "--virtual-time-budget=3000", "--dump-dom", probe.as_uri())
    scroll, client = map(int, re.search(r'data-scroll-width="(\d+) (\d+)"', dom).groups())
    assert client == 390
    assert scroll <= 390, "the page scrolls sideways on a phone"


@pytest.mark.parametrize("example", EXAMPLES)
def test_the_page_shows_what_eval_decided_and_why(pages, example):
    result = json.loads(coach("eval", "--format", "json", f"Examples/{example}.json"))
    dom = DOM(chromium("--dump-dom", seller_page(pages, example).as_uri()))
    tips = dom.find("article", cls="tip")
    assert [a["data-id"] for _, a, _ in tips] == [t["id"] for t in result["tips"]]
    for (_, _, text), tip in zip(tips, result["tips"]):
        assert tip["title"] in text and tip["body"] in text
        assert "Why" in text
    assert [(a["data-id"], a["data-status"]) for _, a, _ in dom.find("li") if "data-status" in a] == \
        [(c["id"], c["status"]) for c in result["checklist"]]
    assert [a["data-id"] for _, a, _ in dom.find("article", cls="escalation")] == [e["id"] for e in result["escalations"]]
    assert [a["data-id"] for _, a, _ in dom.find("li") if "data-reason" in a] == [s["id"] for s in result["suppressed"]]
    whys = dom.find("details", cls="why")
    assert len(whys) >= len(result["tips"]) + len(result["escalations"]) + len(result["checklist"])
    done_whys = dom.find("details", cls="done-why")
    assert len(done_whys) == len(result["checklist"]), "every checklist item says when it is done"
    assert any("would be done when" in t or "would no longer be done when" in t for _, _, t in done_whys)
    explain = json.loads(coach("explain", "--format", "json", f"Examples/{example}.json"))
    notes = [n["text"] for r in explain["rules"] if r["id"] in {t["id"] for t in result["tips"]} for n in r["what_would_change"]]
    page_text = "".join(t for _, _, t in dom.find("ul", cls="changes"))
    assert notes and all(n in page_text for n in notes), "every tip's what-would-change note is on the page"
    signals = {a["data-signal"] for _, a, _ in dom.find("tr") if "data-signal" in a}
    assert "return_rate" in signals and len(signals) > 30
    assert not dom.find("script"), "the pages need no script"


def test_the_page_shows_the_notes_and_the_problems_eval_shows(tmp_path):
    # A dismissal that gives way to a tip that must show, a mark on a standard and a category
    # with no benchmark row are notes in eval's text; the mentor's page says them too, apart
    # from the input's problems.
    data = json.loads((ROOT / "Examples" / "slipping-day-58.json").read_text())
    data["dismissed"] = [{"id": "service.late-shipments", "at": "2026-11-20"}]
    data["done"] = [{"id": "ship-on-time", "at": "2026-11-12", "by": "mentor"}]
    data["seller"]["category"] = "kites"
    data["signals"]["return_rate"] = 7
    snapshot = tmp_path / "seller.json"
    snapshot.write_text(json.dumps(data))
    result = json.loads(coach("eval", "--format", "json", snapshot))
    skipped = {"rule.skipped", "item.skipped"}
    notes = [d["message"] for d in result["diagnostics"] if d["severity"] == "note" and d["code"] not in skipped]
    problems = [d["message"] for d in result["diagnostics"] if d["severity"] != "note" and d["code"].startswith("snapshot.")]
    assert len(notes) >= 3 and problems, result["diagnostics"]
    coach("preview", snapshot, "--out", tmp_path / "out")
    dom = DOM((tmp_path / "out" / f"{data['seller']['id']}.html").read_text())
    sections = {a["id"]: t for t, a, _ in dom.find("h2") if "id" in a}
    assert "notes" in sections and "problems" in sections
    items = "".join(t for _, _, t in dom.find("li"))
    assert all(n in items for n in notes + problems), (notes, problems)


def test_a_marked_item_says_so_and_progress_rounds_down_as_eval_shows_it(tmp_path):
    data = json.loads((ROOT / "Examples" / "high-returns-day-45.json").read_text())
    data["done"] = [{"id": "ten-listings-live", "at": "2026-11-14", "by": "seller"}]
    snapshot = tmp_path / "marked.json"
    snapshot.write_text(json.dumps(data))
    coach("preview", snapshot, "--out", tmp_path / "out")
    result = json.loads(coach("eval", "--format", "json", snapshot))
    dom = DOM((tmp_path / "out" / f"{data['seller']['id']}.html").read_text())
    items = {a["data-id"]: t for _, a, t in dom.find("li") if "data-status" in a}
    marked = items["ten-listings-live"]
    assert "marked done on 2026-11-14" in marked
    assert "→ false" not in marked and "would be done when" not in marked, "a marked item is not explained by its done_when"
    for entry in result["checklist"]:
        if entry["progress"] is not None and entry["status"] != "done":
            # The text view's figure: whole percent, rounded down (0.995 is 99%, never 100% of an open item).
            assert f"{int(entry['progress'] * 100)}% there" in items[entry["id"]], entry["id"]
    assert any(e["progress"] is not None and 0.99 < e["progress"] < 1 for e in result["checklist"]), "the example has an item at 99.5%"


def test_strings_from_a_snapshot_show_as_text_never_as_markup(pages):
    page = pages / "sellers" / "_script_alert__id____script_.html"
    assert page.exists(), sorted(p.name for p in (pages / "sellers").iterdir())
    dumped = chromium("--virtual-time-budget=1000", "--dump-dom", page.as_uri())
    dom = DOM(dumped)
    assert not dom.find("script") and not dom.find("img") and not dom.find("b") and not dom.find("i")
    text = "".join(t for _, _, t in dom.find("main"))
    assert "Seller <script>alert('id')</script>" in text
    assert "\"><img src=x onerror=alert(1)>" in text
    assert "<b>L-1</b><script>document.title='pwned'</script>" in text
    assert "<title>pwned</title>" not in dumped
    index = DOM(chromium("--dump-dom", (pages / "population" / "index.html").as_uri()))
    assert not index.find("script") and not index.find("img")
    assert "<script>alert('id')</script>" in "".join(t for _, _, t in index.find("table"))


def test_the_population_page_charts_and_links_every_seller(pages):
    index = pages / "population" / "index.html"
    dom = DOM(index.read_text())
    charts = {a["data-chart"] for _, a, _ in dom.find("figure") if "data-chart" in a}
    assert charts == {"tips", "areas", "routes", "checklist"}
    assert len(dom.find("svg")) == 4
    links = [a["href"] for _, a, _ in dom.find("a") if a.get("href", "").startswith("sellers/")]
    assert len(links) == 4
    for link in links:
        assert (index.parent / link).exists()
    assert f"{pages / 'population.jsonl'}:5:" in "".join(t for _, _, t in dom.find("li")), "the unreadable line is named, with its column"


def test_a_pretty_printed_population_is_said_to_be_json_lines_on_the_page_and_stderr(tmp_path):
    # A snapshot spread over many lines is no seller: every line of it is unreadable, and the
    # preview says once, as batch --summary and diff do, that a population is JSON Lines.
    pretty = tmp_path / "pretty.jsonl"
    pretty.write_text((ROOT / "Examples" / "new-seller-day-3.json").read_text())
    result = subprocess.run([str(COACH), "preview", "--rules", str(ROOT / "Rules"), "--playbooks", str(ROOT / "Playbooks"),
                             "--population", str(pretty), "--out", str(tmp_path / "out")], capture_output=True, text=True)
    assert result.returncode == 1, result.stderr
    assert result.stderr.count("a population is JSON Lines") == 1, result.stderr
    page = (tmp_path / "out" / "index.html").read_text()
    assert "a population is JSON Lines" in page
    lines = len(pretty.read_text().splitlines())
    assert f"and {lines - 10} more" in page, "the lines not listed are counted"


def luminance(hex_colour):
    rgb = [int(hex_colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def contrast(a, b):
    la, lb = sorted([luminance(a), luminance(b)], reverse=True)
    return (la + 0.05) / (lb + 0.05)


def test_every_colour_pair_passes_wcag_aa(pages):
    css = re.search(r"<style>(.*)</style>", seller_page(pages, EXAMPLES[0]).read_text(), re.S).group(1)
    pairs = re.findall(r"\.([\w-]+) \{ color: (#[0-9a-f]{6}); background: (#[0-9a-f]{6}); \}", css)
    assert len(pairs) >= 8
    pairs += [("body", "#1a1a1a", "#ffffff"), ("card", "#1a1a1a", "#f6f7f9")]
    for colour in set(re.findall(r"color: (#[0-9a-f]{6})", css)):
        if colour != "#ffffff":
            pairs.append(("on white", colour, "#ffffff"))
    svg = (pages / "population" / "index.html").read_text()
    for colour in set(re.findall(r'fill="(#[0-9a-f]{6})" font-size', svg)):
        pairs.append(("chart text on card", colour, "#f6f7f9"))
    for name, fg, bg in pairs:
        assert contrast(fg, bg) >= 4.5, f"{name}: {fg} on {bg} is {contrast(fg, bg):.2f}:1"

"""`coach batch --summary` counts exactly what the per-seller results show: the oracle here is
`coach batch`'s full output for the same population, counted in Python."""

import collections
import json

from conftest import ROOT, many_categories, run

STATUSES = ["done", "open", "overdue", "upcoming"]
REASONS = ["group", "limit", "cooldown", "inhibited", "dismissed", "snoozed", "acknowledged"]


def full_results(population):
    _, out, _ = run("batch", "--threads", "1", population, check_status=0)
    return [json.loads(line) for line in out.splitlines()]


def expected_counts(results, manifest_routes):
    fired = collections.Counter()
    shown = collections.Counter()
    held = collections.Counter()
    skipped = collections.Counter()
    skipped_by = collections.Counter()
    areas_tips = collections.Counter()
    areas_sellers = collections.Counter()
    raised = collections.Counter()
    raised_sellers = collections.Counter()
    items = collections.Counter()
    with_tips = with_escalations = 0
    for r in results:
        tips = [t["id"] for t in r["tips"]]
        escalations = [e["id"] for e in r["escalations"]]
        with_tips += bool(tips)
        with_escalations += bool(escalations)
        added = {c["added_by"] for c in r["checklist"] if c["added_by"]}
        held_ids = {s["id"] for s in r["suppressed"]}
        for rule in set(tips) | set(escalations) | held_ids | added:
            fired[rule] += 1
        for rule in set(tips) | set(escalations):
            shown[rule] += 1
        for s in r["suppressed"]:
            held[(s["id"], s["reason"])] += 1
        for s in r["skipped"]:
            skipped[s["id"]] += 1
            for m in s["missing"]:
                skipped_by[(s["id"], m)] += 1
        for t in r["tips"]:
            areas_tips[t["area"]] += 1
        for a in {t["area"] for t in r["tips"]}:
            areas_sellers[a] += 1
        # an escalation counts under its route and under the second route it also tells
        told = [(route, e["severity"]) for e in r["escalations"] for route in (e["to"], e["also"]) if route]
        for key in told:
            raised[key] += 1
        for key in set(told):
            raised_sellers[key] += 1
        for c in r["checklist"]:
            items[(c["phase"], c["id"], c["status"])] += 1
    return locals()


def test_summary_counts_what_the_results_show(sample_population):
    results = full_results(sample_population)
    e = expected_counts(results, None)
    _, out, err = run("batch", "--summary", "--format", "json", sample_population, check_status=0)
    s = json.loads(out)
    assert err == ""
    assert s["sellers"] == len(results) and s["unreadable"] == 0
    assert s["with_tips"]["sellers"] == e["with_tips"]
    assert s["with_escalations"]["sellers"] == e["with_escalations"]
    assert s["rule_set"]["fingerprint"] == results[0]["ruleset"]["fingerprint"]
    for rule in s["rules"]:
        rid = rule["id"]
        assert rule["fired"]["sellers"] == e["fired"][rid], rid
        assert rule["shown"]["sellers"] == e["shown"][rid], rid
        assert rule["skipped"]["sellers"] == e["skipped"][rid], rid
        assert rule["failed"] == 0
        assert rule["held_back"] == {reason: e["held"][(rid, reason)] for reason in REASONS}, rid
        assert rule["skipped_by_signal"] == {sig: n for (r, sig), n in e["skipped_by"].items() if r == rid}, rid
        assert rule["fired"]["share"] == round(e["fired"][rid] / len(results), 4)
    assert {a["area"]: a["tips_shown"] for a in s["areas"] if a["tips_shown"]} == dict(e["areas_tips"])
    assert {a["area"]: a["sellers"]["sellers"] for a in s["areas"] if a["sellers"]["sellers"]} == dict(e["areas_sellers"])
    assert {(x["route"], x["severity"]): x["raised"] for x in s["escalations"]} == dict(e["raised"])
    assert {(x["route"], x["severity"]): x["sellers"]["sellers"] for x in s["escalations"]} == dict(e["raised_sellers"])
    got_items = {}
    for row in s["checklist"]:
        for status in STATUSES:
            if row[status]:
                got_items[(row["phase"], row["item"], status)] = row[status]
    assert got_items == dict(e["items"])
    assert sum(e["fired"].values()) > 0 and sum(e["items"].values()) > 0  # the population exercises the rules


def test_summary_is_the_same_on_one_thread_and_two_and_per_category_adds_up(sample_population):
    _, one, _ = run("batch", "--summary", "--format", "json", "--threads", "1", "--by", "category", sample_population, check_status=0)
    _, two, _ = run("batch", "--summary", "--format", "json", "--threads", "2", "--by", "category", sample_population, check_status=0)
    assert one == two
    s = json.loads(one)
    cats = s["by_category"]
    assert len(cats) >= 2
    assert sum(c["sellers"] for c in cats.values()) == s["sellers"]
    for i, rule in enumerate(s["rules"]):
        assert sum(c["rules"][i]["fired"]["sellers"] for c in cats.values()) == rule["fired"]["sellers"]
        assert sum(c["rules"][i]["held_back"]["limit"] for c in cats.values()) == rule["held_back"]["limit"]
    results = full_results(sample_population)
    per_category = collections.Counter(r["seller"].get("category") or "(none)" for r in results)
    assert {k: v["sellers"] for k, v in cats.items()} == dict(per_category)


def test_text_summary_reads_as_tables(examples_population):
    _, out, _ = run("batch", "--summary", examples_population, check_status=0)
    lines = out.splitlines()
    assert lines[0].startswith("Summary of 12 sellers (0 lines unreadable) — rule set marketplace-mentorship ")
    for title in ["Rules (by how often their condition held)", "Areas", "Escalations", "Checklist (sellers per status)"]:
        assert title in lines
    header = next(l for l in lines if l.strip().startswith("rule "))
    assert header.split() == ["rule", "fired", "%", "shown", "%", "held", "back", "skipped", "failed", "why"]
    row = next(l for l in lines if l.strip().startswith("listing.missing-photos "))
    assert "held back: cooldown 1" in row
    _, by, _ = run("batch", "--summary", "--by", "category", examples_population, check_status=0)
    assert "== category electronics: 3 sellers (25.0% of all)" in by


def test_unreadable_lines_are_counted_and_named(tmp_path, examples_population):
    pop = tmp_path / "pop.jsonl"
    good = examples_population.read_text().splitlines()
    pop.write_text("\n".join(good[:2] + ["{not json", '{"seller": {"id": "X"}}'] + good[2:]) + "\n")
    status, out, err = run("batch", "--summary", "--format", "json", pop)
    assert status == 1
    s = json.loads(out)
    assert s["unreadable"] == 2 and s["sellers"] == len(good)
    # Each at its line and column, as batch's error records place it, with its hint.
    assert err.startswith(f"{pop}:3:2: malformed JSON") and f"\n{pop}:4:" in err, err
    assert "\n  hint: " in err


def test_summary_options_are_checked(examples_population):
    status, _, err = run("batch", "--by", "category", examples_population)
    assert status == 64 and "--by and --format go with --summary" in err
    status, _, err = run("batch", "--summary", "--output", "ids", examples_population)
    assert status == 64 and "--summary writes counts instead" in err
    status, _, err = run("batch", "--summary", "--by", "area", examples_population)
    assert status == 64


def test_the_sample_population_is_what_its_script_makes(tmp_path):
    import subprocess
    import sys
    out = tmp_path / "population.jsonl"
    subprocess.run([sys.executable, str(ROOT / "scripts" / "generate-population.py"), "--out", str(out)], check=True)
    assert out.read_bytes() == (ROOT / "Examples" / "population.jsonl").read_bytes()
    lines = out.read_text().splitlines()
    assert len(lines) == 2000
    categories = {json.loads(line)["seller"].get("category") for line in lines}
    assert {"fashion", "home_garden", "electronics", "toys", "beauty", None} <= categories


def test_every_rule_of_the_shipped_set_fires_for_someone_in_the_sample_population():
    _, out, _ = run("batch", "--summary", "--format", "json", ROOT / "Examples" / "population.jsonl", check_status=0)
    s = json.loads(out)
    assert s["sellers"] == 2000
    never = [r["id"] for r in s["rules"] if r["fired"]["sellers"] == 0]
    # Every generated seller has a listing live; a shop with none is the rule tests' to show
    # (listing-optimisation.test.yaml), not the sample's.
    assert never == ["listing.no-listings"]
    assert max(r["shown"]["share"] for r in s["rules"]) < 0.5, "no tip is shown to everybody"


def test_more_categories_than_can_be_broken_down_are_said_so_the_same_on_any_threads(tmp_path, examples_population):
    pop = many_categories(examples_population, tmp_path / "many-categories.jsonl", 1100)
    _, one, _ = run("batch", "--summary", "--by", "category", "--format", "json", "--threads", "1", pop, check_status=0)
    _, two, _ = run("batch", "--summary", "--by", "category", "--format", "json", "--threads", "2", pop, check_status=0)
    assert one == two
    s = json.loads(one)
    assert s["by_category"] is None and "more than 1000 categories" in s["by_category_note"]
    assert s["sellers"] == 1100
    _, text, _ = run("batch", "--summary", "--by", "category", pop, check_status=0)
    assert "== by category: more than 1000 categories: not broken down by category" in text

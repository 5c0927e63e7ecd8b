"""`coach diff` reports exactly the differences between two runs of `coach batch`: the oracle
is the two rule sets' `--output ids` results, compared in Python."""

import collections
import json
import re

from conftest import ROOT, many_categories, run


def ids_results(population, rules):
    _, out, _ = run("batch", "--output", "ids", "--rules", rules, population, check_status=0)
    return [json.loads(line) for line in out.splitlines()]


def items(r):
    return {i: status for status, ids in r["checklist"].items() for i in ids}


def expected_changes(old, new):
    changes = collections.Counter()
    changed = 0
    for a, b in zip(old, new):
        assert a["seller"] == b["seller"]
        before = len(changes)
        mine = []
        for kind in ["tips", "escalations"]:
            k = kind[:-1] if kind == "tips" else "escalation"
            mine += [(k, i, "lost", None, None) for i in a[kind] if i not in b[kind]]
            mine += [(k, i, "gained", None, None) for i in b[kind] if i not in a[kind]]
        ia, ib = items(a), items(b)
        mine += [("item", i, "lost", s, None) for i, s in ia.items() if i not in ib]
        mine += [("item", i, "gained", None, s) for i, s in ib.items() if i not in ia]
        mine += [("item", i, "changed", s, ib[i]) for i, s in ia.items() if i in ib and ib[i] != s]
        changes.update(mine)
        changed += bool(mine)
    return changes, changed


def reported(report):
    return collections.Counter({(c["kind"], c["id"], c["change"], c["from"], c["to"]): c["sellers"] for c in report["changes"]})


def test_diff_of_a_threshold_change_is_what_two_batch_runs_differ_by(sample_population, changed_rules):
    old = ids_results(sample_population, ROOT / "Rules")
    new = ids_results(sample_population, changed_rules)
    changes, changed = expected_changes(old, new)
    assert changed > 0, "the threshold change should affect someone"
    _, out, _ = run("diff", "--base", "Rules", "--rules", changed_rules, "--format", "json", sample_population, check_status=0)
    report = json.loads(out)
    assert report["sellers"] == len(old)
    assert report["changed"] == changed
    assert reported(report) == changes
    by_seller = {r["seller"]: r for r in new}
    for c in report["changes"]:
        assert sum(c["by_category"].values()) == c["sellers"]
        assert 1 <= len(c["samples"]) <= 5 and len(c["samples"]) == min(5, c["sellers"])
        for s in c["samples"]:
            assert s in by_seller
    # the first samples are the first sellers (in population order) with the change
    first = next(c for c in report["changes"] if c["kind"] == "tip")
    order = [r["seller"] for r in new]
    assert first["samples"] == sorted(first["samples"], key=order.index)
    # the same on two threads
    _, out2, _ = run("diff", "--base", "Rules", "--rules", changed_rules, "--format", "json", "--threads", "2", sample_population, check_status=0)
    _, out1, _ = run("diff", "--base", "Rules", "--rules", changed_rules, "--format", "json", "--threads", "1", sample_population, check_status=0)
    assert out1 == out2


def escalation_changed(tmp_path, rule, **keys):
    """A copy of the shipped Rules/ with `rule`'s escalation keys (to, severity, also) set to
    new values; returns the copy and each key's old value."""
    import shutil
    rules = tmp_path / "Rules"
    shutil.copytree(ROOT / "Rules", rules)
    text = (rules / "escalations.yaml").read_text()
    start = text.index("- id: " + rule)
    block, old = text[start:], {}
    for key, value in keys.items():
        found = re.search(key + r": (\w+)", block)
        assert found, key
        old[key] = found.group(1)
        block = block.replace(found.group(0), f"{key}: {value}", 1)
    (rules / "escalations.yaml").write_text(text[:start] + block)
    return rules, old


def test_an_escalation_sent_elsewhere_is_a_change(tmp_path, sample_population):
    rules, was = escalation_changed(tmp_path, "escalate.open-policy-case", to="mentor", severity="critical")
    old = f"{was['to']}/{was['severity']}"
    status, out, _ = run("diff", "--base", "Rules", "--rules", rules, "--format", "json", "--fail-on-change", sample_population)
    report = json.loads(out)
    moved = [c for c in report["changes"] if c["id"] == "escalate.open-policy-case"]
    assert status == 1 and moved
    assert moved[0]["change"] == "changed" and moved[0]["from"] == old and moved[0]["to"] == "mentor/critical"
    # saved results in the full form say where escalations went; the ids form does not
    for form, seen in [("full", True), ("ids", False)]:
        saved = tmp_path / f"saved-{form}.jsonl"
        saved.write_text(run("batch", "--output", form, sample_population, check_status=0)[1])
        _, got, _ = run("diff", "--against", saved, "--rules", rules, "--format", "json", sample_population, check_status=0)
        assert any(c["id"] == "escalate.open-policy-case" for c in json.loads(got)["changes"]) == seen, form


def test_an_escalation_that_also_tells_another_route_is_a_change(tmp_path, sample_population):
    rules, was = escalation_changed(tmp_path, "escalate.policy-violations", also="program_manager")
    assert was["also"] != "program_manager"
    status, out, _ = run("diff", "--base", "Rules", "--rules", rules, "--format", "json", "--fail-on-change", sample_population)
    moved = [c for c in json.loads(out)["changes"] if c["id"] == "escalate.policy-violations"]
    assert status == 1 and moved, out[:2000]
    assert moved[0]["change"] == "changed"
    assert moved[0]["from"] == "trust_and_safety+%s/critical" % was["also"]
    assert moved[0]["to"] == "trust_and_safety+program_manager/critical"
    # full saved results name `also` too
    saved = tmp_path / "saved-full.jsonl"
    saved.write_text(run("batch", "--output", "full", sample_population, check_status=0)[1])
    _, got, _ = run("diff", "--against", saved, "--rules", rules, "--format", "json", sample_population, check_status=0)
    assert any(c["id"] == "escalate.policy-violations" and c["change"] == "changed" for c in json.loads(got)["changes"])


def test_a_gate_fails_when_no_seller_could_be_compared(tmp_path, examples_population):
    # A pretty-printed snapshot is not JSON Lines: no line of it is a seller.
    status, out, _ = run("diff", "--base", "Rules", "--fail-on-change", ROOT / "Examples" / "new-seller-day-3.json")
    assert status == 1 and "0 sellers compared" in out, out
    # A line neither rule set reads, among sellers that were compared, is no change.
    pop = tmp_path / "pop.jsonl"
    pop.write_text(examples_population.read_text() + "{not json\n")
    status, out, _ = run("diff", "--base", "Rules", "--fail-on-change", pop)
    assert status == 0 and "no seller sees a change." in out, out
    # An empty export, or one of blank lines only, checked nothing either: the gate fails, saying why.
    for text in ("", "\n  \n\n"):
        empty = tmp_path / "empty.jsonl"
        empty.write_text(text)
        status, out, err = run("diff", "--base", "Rules", "--fail-on-change", empty)
        assert status == 1 and "0 sellers compared" in out and "no seller was compared" in err, (out, err)
        status, _, _ = run("diff", "--base", "Rules", empty)
        assert status == 0  # without the gate, an empty population is no error


def test_an_unreadable_line_saved_as_an_error_record_is_no_change(tmp_path, examples_population):
    pop = tmp_path / "pop.jsonl"
    pop.write_text(examples_population.read_text() + '{"seller": {"id": "BAD"}, "as_of": "2026-12-01", "signals": {}}\n')
    saved = tmp_path / "approved.jsonl"
    status, out, _ = run("batch", "--output", "ids", pop)
    assert status == 1
    saved.write_text(out)
    status, _, _ = run("diff", "--against", saved, "--fail-on-change", pop)
    assert status == 0
    status, _, _ = run("diff", "--against", pop, pop)
    assert status == 1, "snapshots are not results"


def test_fail_on_change_is_for_ci(sample_population, changed_rules):
    status, out, _ = run("diff", "--base", "Rules", "--fail-on-change", sample_population)
    assert status == 0 and "no seller sees a change." in out
    status, _, _ = run("diff", "--base", "Rules", "--rules", changed_rules, "--fail-on-change", sample_population)
    assert status == 1
    status, _, _ = run("diff", "--base", "Rules", "--rules", changed_rules, sample_population)
    assert status == 0


def test_against_saved_results_in_either_form_matches_the_rule_set_diff(tmp_path, sample_population, changed_rules):
    _, base_report, _ = run("diff", "--base", "Rules", "--rules", changed_rules, "--format", "json", sample_population, check_status=0)
    expected = json.loads(base_report)
    for form in ["ids", "full"]:
        saved = tmp_path / f"approved-{form}.jsonl"
        _, out, _ = run("batch", "--output", form, sample_population, check_status=0)
        saved.write_text(out)
        _, got, _ = run("diff", "--against", saved, "--rules", changed_rules, "--format", "json", sample_population, check_status=0)
        report = json.loads(got)
        assert report["changes"] == expected["changes"], form
        assert report["changed"] == expected["changed"]
        assert report["base"] == {"source": str(saved)}
        status, _, _ = run("diff", "--against", saved, "--fail-on-change", sample_population)
        assert status == 0, "the rules that made the saved results give the same results"


def test_against_reports_sellers_missing_on_either_side(tmp_path, examples_population):
    _, out, _ = run("batch", "--output", "ids", examples_population, check_status=0)
    lines = out.splitlines()
    saved = tmp_path / "saved.jsonl"
    saved.write_text("\n".join(lines[1:] + ['{"seller": "GONE", "tips": [], "escalations": [], "checklist": {}}',
                                            '{"line": 9, "error": "broken", "diagnostics": []}']) + "\n")
    status, text, err = run("diff", "--against", saved, "--fail-on-change", examples_population)
    assert status == 1
    assert "has no saved result" in err
    assert "Not compared: 1 seller(s) with no saved result; 1 saved result(s) for sellers not in the population; " \
           "1 error record(s) among the saved results." in text


def test_a_seller_given_again_in_the_population_is_said_and_fails_the_gate_on_any_threads(tmp_path, examples_population):
    # Saved results hold one result per seller: a later snapshot of the same seller (another
    # day) compared with it would show changes that are not the rule set's.
    _, out, _ = run("batch", "--output", "ids", examples_population, check_status=0)
    saved = tmp_path / "saved.jsonl"
    saved.write_text(out)
    lines = examples_population.read_text().splitlines()
    later = json.loads(lines[0])
    later["as_of"] = "2026-12-20"
    population = tmp_path / "again.jsonl"
    population.write_text("\n".join(lines * 3 + [json.dumps(later)]) + "\n")
    reports = []
    for threads in ("1", "2"):
        status, text, err = run("diff", "--against", saved, "--fail-on-change", "--threads", threads, population)
        assert status == 1
        first = json.loads(lines[0])["seller"]["id"]
        assert f"line {len(lines) + 1}: seller '{first}' is given again (first on line 1)" in err
        assert f"Compared with another snapshot's result: {len(lines) * 2 + 1} line(s) name a seller an earlier line names" in text
        _, report, _ = run("diff", "--against", saved, "--format", "json", "--threads", threads, population)
        reports.append(json.loads(report))
    assert reports[0] == reports[1] and reports[0]["repeated_sellers"] == len(lines) * 2 + 1


def test_seller_ids_equal_only_as_unicode_text_are_two_sellers(tmp_path, examples_population):
    # "S-é" composed and decomposed are two ids a host sends: compared as their bytes.
    lines = examples_population.read_text().splitlines()[:2]
    snapshots = [json.loads(line) for line in lines]
    snapshots[0]["seller"]["id"], snapshots[1]["seller"]["id"] = "S-\u00e9", "S-e\u0301"
    population = tmp_path / "accents.jsonl"
    population.write_text("\n".join(json.dumps(s) for s in snapshots) + "\n")
    _, out, _ = run("batch", population, check_status=0)
    saved = tmp_path / "saved.jsonl"
    saved.write_text(out)
    status, text, err = run("diff", "--against", saved, "--fail-on-change", population)
    assert status == 0, err
    assert "given again" not in err and "no seller sees a change" in text


def test_bad_saved_results_and_bad_options_are_refused(tmp_path, examples_population):
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"seller": "A", "tips": [], "escalations": []}\n{oops\n{"seller": "A2", "tips": [1], "escalations": []}\n')
    status, _, err = run("diff", "--against", bad, examples_population)
    assert status == 1
    assert f"{bad}:2: error: line 2 is not valid JSON" in err
    assert f"{bad}:3: error: not a result: tips and escalations must be lists of ids" in err
    assert "is not a file of `coach batch` results" in err
    # What coach never writes is not taken in silently: an unknown key, an id listed twice,
    # an item under two statuses.
    bad.write_text('{"seller": "A", "tips": [], "escalations": [], "extra": 1}\n'
                   '{"seller": "B", "tips": ["x", "x"], "escalations": []}\n'
                   '{"seller": "C", "tips": [], "escalations": [], "checklist": {"done": ["i"], "open": ["i"]}}\n')
    status, _, err = run("diff", "--against", bad, examples_population)
    assert status == 1
    assert f"{bad}:1: error: not a result: unknown key 'extra' for a result of `coach batch --output ids`" in err, err
    assert f"{bad}:2: error: not a result: tip 'x' is listed twice" in err, err
    assert f"{bad}:3: error: not a result: checklist item 'i' is listed twice" in err, err
    # A population given where results go is said to be one, not a result with unknown keys.
    status, _, err = run("diff", "--against", examples_population, examples_population)
    assert status == 1 and "this looks like a snapshot" in err, err
    status, _, err = run("diff", examples_population)
    assert status == 64 and "--base OLD_RULES or --against RESULTS.jsonl" in err
    status, _, err = run("diff", "--base", "Rules", "--against", bad, examples_population)
    assert status == 64
    status, _, err = run("diff", "--base", "/nonexistent", examples_population)
    assert status == 1


def test_text_diff_names_changes_with_samples_and_categories(examples_population, changed_rules):
    _, out, _ = run("diff", "--base", "Rules", "--rules", changed_rules, examples_population, check_status=0)
    assert "12 sellers compared; 4 (33.3%) see a change." in out
    assert "  lost   listing.missing-photos   1 seller 8.3% e.g. S-10290\n      by category: electronics 1\n" in out
    assert "overdue → done five-photos-everywhere 3 sellers 25.0% e.g. S-10735, S-10388, S-10603" in out
    assert "Sellers changed, by category" in out


def test_diff_past_the_category_limit_drops_the_breakdown_whole_the_same_on_any_threads(tmp_path, sample_population, changed_rules):
    """1,500 categories: on two threads one may see more than the limit and the other fewer
    (as the lines are dealt), and the merge must drop every change's breakdown whole, so the
    report is the same bytes as on one thread."""
    pop = many_categories(sample_population, tmp_path / "many-categories.jsonl", 1500)
    reports = []
    for threads in ["1", "2", "2", "2"]:
        _, text, _ = run("diff", "--base", "Rules", "--rules", changed_rules, "--format", "json", "--threads", threads, pop, check_status=0)
        reports.append(text)
    assert reports[0] == reports[1] == reports[2] == reports[3]
    report = json.loads(reports[0])
    assert report["changed"] > 0
    assert all(c["by_category"] == {} for c in report["changes"])


def test_an_empty_category_is_counted_as_its_own_and_shown_quoted(tmp_path, sample_population, changed_rules):
    lines = sample_population.read_text().splitlines()
    pop = tmp_path / "empty-category.jsonl"
    out = []
    for k, line in enumerate(lines[:200]):
        snapshot = json.loads(line)
        snapshot["seller"]["category"] = ""
        out.append(json.dumps(snapshot))
    pop.write_text("\n".join(out) + "\n")
    _, text, _ = run("diff", "--base", "Rules", "--rules", changed_rules, "--format", "json", pop, check_status=0)
    report = json.loads(text)
    assert report["changed"] > 0
    for c in report["changes"]:
        assert c["by_category"] == {"": c["sellers"]}
    _, text, _ = run("diff", "--base", "Rules", "--rules", changed_rules, pop, check_status=0)
    assert re.search(r'by category: "" \d', text)


def test_a_seller_id_or_category_cannot_style_the_terminal_or_forge_a_line(tmp_path, examples_population, changed_rules):
    """Sample seller ids and category labels are a seller's text: an escape sequence (one
    like coach's own red, which standard output's filter keeps) and a line break show as
    U+FFFD, in the text view."""
    out = []
    for line in examples_population.read_text().splitlines():
        snapshot = json.loads(line)
        snapshot["seller"]["id"] += "\u001b[31m\nFORGED"
        snapshot["seller"]["category"] = "home\u001b[31m\nFORGED"
        out.append(json.dumps(snapshot))
    pop = tmp_path / "hostile.jsonl"
    pop.write_text("\n".join(out) + "\n")
    _, text, _ = run("diff", "--base", "Rules", "--rules", changed_rules, pop, check_status=0)
    assert "e.g. S-" in text
    assert "\u001b" not in text
    assert not any(l.startswith("FORGED") for l in text.splitlines())
    assert "\ufffd[31m\ufffdFORGED" in text


def test_a_rule_that_fails_for_sellers_is_a_change_and_fails_the_gate(tmp_path, examples_population):
    # A new rule whose condition gives an error for every seller (`check` and `lint` take it):
    # no seller sees another tip, yet the rule set is broken. The diff lists the rule as
    # failing, counts its sellers as changed, and the gate fails; removing it again is the
    # change back.
    import shutil
    broken = tmp_path / "Rules"
    shutil.copytree(ROOT / "Rules", broken)
    rules_file = broken / "listing-optimisation.yaml"
    rules_file.write_text(rules_file.read_text() + "\n  - id: listing.broken-probe\n    when: listings[50].photos < 3\n"
                          "    priority: 99\n    tip: {title: T, body: B, actions: [A], learn: [listing-photos]}\n")
    run("check", "--rules", broken, check_status=0)
    status, out, _ = run("diff", "--base", "Rules", "--rules", broken, "--fail-on-change", "--format", "json", examples_population)
    assert status == 1, out
    report = json.loads(out)
    failing = [c for c in report["changes"] if c["kind"] == "failure"]
    assert [(c["id"], c["change"]) for c in failing] == [("listing.broken-probe", "gained")]
    assert failing[0]["sellers"] == report["sellers"] == report["changed"]
    _, text, _ = run("diff", "--base", "Rules", "--rules", broken, examples_population, check_status=0)
    assert "Rules that fail" in text and "now fails listing.broken-probe" in text
    _, back, _ = run("diff", "--base", broken, "--rules", "Rules", examples_population, check_status=0)
    assert "no longer fails listing.broken-probe" in back
    # Against saved results, which do not say what failed then: each failure now is listed.
    saved = tmp_path / "saved.jsonl"
    saved.write_text(run("batch", "--output", "ids", examples_population, check_status=0)[1])
    status, against, _ = run("diff", "--against", saved, "--rules", broken, "--fail-on-change", examples_population)
    assert status == 1 and "saved results do not say which rules failed" in against


def test_against_ids_results_the_routes_not_compared_are_said(tmp_path, examples_population):
    # The ids form does not say where an escalation went: a route or severity change cannot
    # be seen against it, and the report says how many sellers that leaves uncompared.
    saved = tmp_path / "ids.jsonl"
    saved.write_text(run("batch", "--output", "ids", examples_population, check_status=0)[1])
    _, out, _ = run("diff", "--against", saved, "--format", "json", examples_population, check_status=0)
    report = json.loads(out)
    raised = sum(1 for line in saved.read_text().splitlines() if json.loads(line)["escalations"])
    assert raised > 0 and report["routes_not_compared"] == raised
    _, text, _ = run("diff", "--against", saved, examples_population, check_status=0)
    assert "Routes and severities not compared" in text
    full = tmp_path / "full.jsonl"
    full.write_text(run("batch", "--output", "full", examples_population, check_status=0)[1])
    _, out, _ = run("diff", "--against", full, "--format", "json", examples_population, check_status=0)
    assert json.loads(out)["routes_not_compared"] == 0


def test_against_full_results_sellers_dated_otherwise_are_said(tmp_path, examples_population):
    # The same rules on snapshots two weeks later: what changed is the date's, and the
    # report says how many sellers are dated otherwise than their saved result.
    import datetime
    saved = tmp_path / "full.jsonl"
    saved.write_text(run("batch", "--output", "full", examples_population, check_status=0)[1])
    lines = examples_population.read_text().splitlines()
    later = []
    for k, line in enumerate(lines):
        d = json.loads(line)
        if k % 2 == 0:
            d["as_of"] = (datetime.date.fromisoformat(d["as_of"]) + datetime.timedelta(days=14)).isoformat()
        later.append(json.dumps(d))
    moved = tmp_path / "later.jsonl"
    moved.write_text("\n".join(later) + "\n")
    _, out, _ = run("diff", "--against", saved, "--format", "json", moved, check_status=0)
    assert json.loads(out)["dates_differ"] == (len(lines) + 1) // 2
    _, text, _ = run("diff", "--against", saved, moved, check_status=0)
    assert "dated otherwise (as_of) than their saved result" in text
    _, out, _ = run("diff", "--against", saved, "--format", "json", examples_population, check_status=0)
    assert json.loads(out)["dates_differ"] == 0


def test_saved_results_that_cannot_be_read_give_the_error_form_in_json(tmp_path, examples_population):
    bad = tmp_path / "not-results.jsonl"
    bad.write_text('{"x": 1}\n')
    status, out, err = run("diff", "--against", bad, "--format", "json", examples_population)
    assert status == 1 and "is not a file of `coach batch` results" in err
    report = json.loads(out)
    assert report["against"] == str(bad) and report["diagnostics"][0]["code"] == "diff.saved"

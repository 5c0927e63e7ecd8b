#!/usr/bin/env python3
"""Writes the bad-input corpus (Tests/BadInput/*.case) that BadInputTests runs.

A case already on disk is kept as it is (its expected section is reviewed output): delete a
case file to write it again, then run `COACH_UPDATE_GOLDEN=1 swift test --filter BadInput`
and review the new expected section before committing.
"""
import os
HERE = os.path.dirname(os.path.abspath(__file__))
BASE = os.path.join(HERE, '..', 'CoachRulesTests', 'Fixtures', 'base')
out = HERE
SELLER = '{"seller": {"id": "s-1", "category": "fashion", "enrolled_on": "2026-01-01"}, "as_of": "2026-01-15", "signals": {"conversion_rate": 0.01, "sessions_30d": 120, "shop_name": "Ada"}}'
RULE = """area: listings
rules:
  - id: listings.one
    when: sessions_30d > 10
    tip: {title: One, body: Body., actions: [Act]}
"""
cases = {}
EVAL = "coach eval seller.json > out.txt; s=$?; sed -n '/^PROBLEMS/,$p' out.txt; exit $s"
def case(name, comment, files, command='check'):
    if not command.startswith('coach '): command = 'coach ' + command
    text = '# ' + comment + '\n=== command\n' + command + '\n'
    for path, content in files:
        if content is None:
            text += '=== ' + path + ' (deleted)\n'
            continue
        text += '=== ' + path + '\n' + content
        if not content.endswith('\n'): text += '\n'
    text += '=== expected\n'
    assert name not in cases, name
    cases[name] = text

def rules(content, name='Rules/rules.yaml'): return [(name, content)]
def seller(content, name='seller.json'): return [(name, content)]

# ---------- malformed YAML
case('yaml-unclosed-flow', 'A flow sequence that never closes.', rules('area: listings\nrules: [\n  {id: a, when: "true"}\n'))
case('yaml-bad-indentation', 'A key indented less than its siblings.', rules(RULE + '   priority: 5\n  tip: x\n'))
case('yaml-tab-indentation', 'A tab used to indent, which YAML forbids.', [('Rules/rules.yaml (escaped)', 'area: listings\nrules:\n\\t- id: x\n')])
case('yaml-duplicate-key', 'A rule that gives its id twice.', rules('area: listings\nrules:\n  - id: listings.a\n    id: listings.b\n    when: sessions_30d > 1\n    tip: {title: T, body: B, actions: [A]}\n'))
case('yaml-unclosed-quote', 'A quoted title whose quote never closes.', rules('area: listings\nrules:\n  - id: listings.a\n    when: sessions_30d > 1\n    tip: {title: "Unclosed, body: B, actions: [A]}\n'))
case('yaml-comment-in-flow-mapping', 'A " #" inside a flow mapping hides the rest of its line as a comment; libyaml reports the missing "}" on the next line, and the hint names the comment.', rules('area: listings\nrules:\n  - id: listings.a\n    when: sessions_30d > 1\n    tip: {title: Buyers skip #listings, body: B, actions: [A]}\n    priority: 5\n'))
case('yaml-stray-bracket', 'A closing bracket with no opening one.', rules('area: listings\nrules: ]\n'))
case('yaml-unknown-anchor', 'An alias to an anchor never defined.', rules('area: listings\nrules: *missing\n'))
case('yaml-recursive-alias', 'An alias inside the node it names.', rules('area: listings\nrules: &a [*a]\n'))
case('yaml-alias-bomb', 'Aliases that nest aliases: a billion laughs.', rules('a: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\ne: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]\nf: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e, *e]\ng: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f, *f]\n'))
case('yaml-unknown-tag', 'A tag the format does not know.', rules('area: !!binary listings\nrules: []\n'))
case('yaml-two-documents', 'A rule file with two documents.', rules(RULE + '---\nrules: []\n'))
case('yaml-documents-over-limit', 'A stream of 1,001 empty documents: one over the limit of 1,000.', rules('@repeat 1001\n--- {}\n@end\n'))
case('yaml-nesting-over-limit', '257 nested sequences: one level over the limit.', rules('area: listings\nrules: []\nx: ' + '[' * 257 + ']' * 257 + '\n'))
case('yaml-nesting-at-limit', '256 nested sequences parse; the unknown key holding them is the only error.', rules('area: listings\nrules: []\nx: ' + '[' * 255 + ']' * 255 + '\n'))
M0 = open(BASE + '/Rules/ruleset.yaml').read()
case('yaml-items-over-limit', 'A param list of 100,001 items: one over the limit of a sequence.', [('Rules/ruleset.yaml', M0.replace('  min_photos: 5\n', '  min_photos: 5\n  big:\n@repeat 100001\n    - 1\n@end\n'))])
case('yaml-items-at-limit', 'A param list of exactly 100,000 items loads.', [('Rules/ruleset.yaml', M0.replace('  min_photos: 5\n', '  min_photos: 5\n  big:\n@repeat 100000\n    - 1\n@end\n'))])
case('yaml-keys-over-limit', 'A mapping of 100,001 keys: one over the limit.', rules('area: listings\nrules: []\nx:\n@repeat 100001\n  k{n}: 1\n@end\n'))
case('yaml-file-over-limit', 'A rule file one line over 8 MiB.', rules('area: listings\nrules: []\n@repeat 83887\n# ' + 'x' * 97 + '\n@end\n'))
case('yaml-file-at-limit', 'A rule file just under 8 MiB loads.', rules('area: listings\nrules: []\n@repeat 83885\n# ' + 'x' * 97 + '\n@end\n'))
case('yaml-empty-rule-file', 'An empty rule file.', rules(''))
case('yaml-empty-manifest', 'An empty manifest.', [('Rules/ruleset.yaml', '')])
case('yaml-only-comments', 'A rule file of comments only.', rules('# nothing here\n# at all\n'))
case('yaml-scalar-document', 'A rule file that is one word.', rules('hello\n'))

# ---------- invalid UTF-8, BOMs, line endings, tabs
case('utf8-invalid-byte', 'A 0xFF byte in a rule file.', [('Rules/rules.yaml (escaped)', 'area: listings\nrules:\n  - id: listings.\\xff\n')])
case('utf8-overlong', 'An overlong encoding of "/".', [('Rules/rules.yaml (escaped)', 'area: listings\nrules: []\n# \\xc0\\xaf\n')])
case('utf8-surrogate', 'An encoded UTF-16 surrogate.', [('Rules/rules.yaml (escaped)', 'area: listings\nrules: []\nx: "\\xed\\xa0\\x80"\n')])
case('utf8-truncated', 'A multi-byte character cut at the end of the file.', [('Rules/rules.yaml (escaped)', 'area: listings\nrules: []\n# caf\\xc3')])
case('utf8-snapshot', 'A 0xFF byte inside a snapshot string.', [('seller.json (escaped)', SELLER.replace('"Ada"', '"Ad\\xffa"'))], EVAL)
case('utf8-argument-file', 'A snapshot file name that is not UTF-8.', [], 'eval "$(printf \'seller\\377.json\')"')
case('utf8-argument-option', 'An option value that is not UTF-8.', [], 'check --rules "$(printf \'R\\351gles\')"')
case('bom-rule-file', 'A byte-order mark before a rule file: ignored, and columns count from the text.', [('Rules/rules.yaml (escaped)', '\\xef\\xbb\\xbfarea: listings\nrules:\n  - id: listings.a\n    when: sessions_30d > 1\n    priority: high\n    tip: {title: T, body: B, actions: [A]}\n')])
case('bom-inside-file', 'A byte-order mark in the middle of a rule file.', [('Rules/rules.yaml (escaped)', 'area: listings\nrules: []\n\\xef\\xbb\\xbfx: 1\n')])
case('bom-snapshot', 'A byte-order mark before a JSON snapshot is ignored.', [('seller.json (escaped)', '\\xef\\xbb\\xbf' + SELLER)], EVAL)
case('crlf-rule-file', 'CRLF line endings: positions stay right.', [('Rules/rules.yaml (escaped)', 'area: listings\\r\nrules:\\r\n  - id: listings.a\\r\n    when: sessions_30d > 1\\r\n    priority: high\\r\n    tip: {title: T, body: B, actions: [A]}\\r\n')])
case('cr-only-rule-file', 'Old Mac line endings (CR only).', [('Rules/rules.yaml (escaped)', 'area: listings\\rrules:\\r  - id: listings.a\\r    when: sessions_30d > 1\\r    priority: high\\r')])
case('crlf-snapshot', 'A JSON snapshot with CRLF line endings and an error on line 3.', [('seller.json (escaped)', '{\\r\n  "seller": {"id": "s-1", "category": "fashion", "enrolled_on": "2026-01-01"},\\r\n  "as_of": "2026-13-15",\\r\n  "signals": {}\\r\n}\\r\n')], EVAL)
case('tab-in-expression', 'Tabs inside an expression are spaces to the parser.', [('Rules/rules.yaml (escaped)', 'area: listings\nrules:\n  - id: listings.a\n    when: "sessions_30d\\t>\\tnope"\n    tip: {title: T, body: B, actions: [A]}\n')])

# ---------- wrong types, every part of the format
M = open(BASE + '/Rules/ruleset.yaml').read()
def manifest(old, new):
    assert old in M, old
    return [('Rules/ruleset.yaml', M.replace(old, new))]
case('manifest-name-list', 'The program name as a list.', manifest('name: test-program', 'name: [test, program]'))
case('manifest-version-number', 'The version written as a number.', manifest('version: "1.0"', 'version: 1.0'))
case('manifest-limits-text', 'A tip limit written as text.', manifest('limits: {tips: 3', 'limits: {tips: many'))
case('manifest-limits-negative', 'A negative tip limit.', manifest('limits: {tips: 3', 'limits: {tips: -1'))
case('manifest-limits-huge', 'A tip limit past 64 bits.', manifest('limits: {tips: 3', 'limits: {tips: 99999999999999999999'))
case('manifest-phases-mapping', 'Phases as a mapping.', manifest('phases:\n  - {id: early, title: "Days 0–10", until_day: 10}\n  - {id: middle, title: "Days 11–20", until_day: 20}\n  - {id: late, title: "Days 21–30", until_day: 30}', 'phases: {early: 10}'))
case('manifest-until-day-text', 'A phase ending on "soon".', manifest('until_day: 30}', 'until_day: soon}'))
case('manifest-until-day-huge', 'A phase ending past a hundred years.', manifest('until_day: 30}', 'until_day: 99999999}'))
case('manifest-routes-mapping', 'Routes as a mapping.', manifest('routes: [mentor, trust_and_safety]', 'routes: {mentor: yes}'))
case('manifest-param-nan', 'A param that is .nan.', manifest('target_rate: 0.02', 'target_rate: .nan'))
case('manifest-param-null', 'A param without a value.', manifest('target_rate: 0.02', 'target_rate:'))
case('manifest-benchmark-infinity', 'A benchmark of .inf.', manifest('fashion: {conversion_rate: 0.015', 'fashion: {conversion_rate: .inf'))
case('manifest-benchmark-text', 'A benchmark written as text.', manifest('fashion: {conversion_rate: 0.015', 'fashion: {conversion_rate: low'))
case('manifest-float-too-large', 'A number too large for a double.', manifest('target_rate: 0.02', 'target_rate: 1e400'))
S = open(BASE + '/Rules/signals.yaml').read()
def signals(old, new):
    assert old in S, old
    return [('Rules/signals.yaml', S.replace(old, new))]
case('signal-type-list', 'A signal type given as a list.', signals('violations: {type: int', 'violations: {type: [int]'))
case('signal-range-text', 'A range given as text.', signals('return_rate: {type: double, range: [0, 1]', 'return_rate: {type: double, range: low'))
case('signal-range-infinity', 'A range bound of .inf (null is the open end).', signals('price_index: {type: double, range: [0, null]', 'price_index: {type: double, range: [0, .inf]'))
case('signal-default-wrong-type', 'An int signal whose default is text.', signals('absent: default, default: 0, description: "Orders', 'absent: default, default: none, description: "Orders'))
case('signal-absent-unknown', 'An absence mode that does not exist.', signals('violations: {type: int, range: [0, null], absent: default', 'violations: {type: int, range: [0, null], absent: sometimes'))
case('signals-not-mapping', 'The catalog as a list.', [('Rules/signals.yaml', 'signals: [a, b]\n')])
case('rules-not-list', 'rules as a mapping.', rules('area: listings\nrules: {a: 1}\n'))
case('rule-not-mapping', 'A rule that is one word.', rules('area: listings\nrules:\n  - listings.a\n'))
case('rule-id-number', 'A rule id that is a number.', rules('area: listings\nrules:\n  - id: 5\n    when: sessions_30d > 1\n    tip: {title: T, body: B, actions: [A]}\n'))
case('rule-priority-text', 'A priority written as text.', rules('area: listings\nrules:\n  - id: listings.a\n    when: sessions_30d > 1\n    priority: high\n    tip: {title: T, body: B, actions: [A]}\n'))
case('rule-priority-out-of-range', 'A priority over 100.', rules('area: listings\nrules:\n  - id: listings.a\n    when: sessions_30d > 1\n    priority: 101\n    tip: {title: T, body: B, actions: [A]}\n'))
case('rule-priority-mixed-branches', 'A priority whose branches are not all whole numbers (a double, a text): refused at load, not failed for the sellers who reach them.', rules('area: listings\nrules:\n  - id: listings.a\n    when: sessions_30d > 1\n    priority: "sessions_30d > 3 ? 50.5 : 40"\n    tip: {title: T, body: B, actions: [A]}\n  - id: listings.b\n    when: sessions_30d > 1\n    priority: "sessions_30d > 3 ? \'high\' : 40"\n    tip: {title: T, body: B, actions: [A]}\n'))
case('rule-inhibits-area-and-rule', 'A rule named as an area, held back by name: which one is meant cannot be told.', rules('area: listings\nrules:\n  - id: pricing\n    when: sessions_30d > 1\n    tip: {title: T, body: B, actions: [A]}\n  - id: listings.b\n    when: sessions_30d > 1\n    inhibits: [pricing]\n    tip: {title: T, body: B, actions: [A]}\n'))
case('expr-int-division-converted', 'An integer division given to double() and to percent(): the fraction is gone before either (warnings).', rules('area: listings\nrules:\n  - id: listings.a\n    when: double(orders_30d / sessions_30d) < 0.01\n    tip: {title: "Only {{ percent(orders_30d / sessions_30d) }} convert", body: B, actions: [A]}\n'))
case('rule-priority-integer-overflow', 'A priority past 64 bits.', rules('area: listings\nrules:\n  - id: listings.a\n    when: sessions_30d > 1\n    priority: 99999999999999999999\n    tip: {title: T, body: B, actions: [A]}\n'))
case('rule-when-number', 'A condition that is a number.', rules('area: listings\nrules:\n  - id: listings.a\n    when: 5\n    tip: {title: T, body: B, actions: [A]}\n'))
case('rule-when-unknown-combinator', 'A condition mapping with an unknown key.', rules('area: listings\nrules:\n  - id: listings.a\n    when: {some: [sessions_30d > 1]}\n    tip: {title: T, body: B, actions: [A]}\n'))
case('rule-tip-title-list', 'A tip title given as a list.', rules('area: listings\nrules:\n  - id: listings.a\n    when: sessions_30d > 1\n    tip: {title: [T], body: B, actions: [A]}\n'))
case('rule-escalation-unknown-route', 'An escalation to a route the manifest does not list.', rules('area: listings\nrules:\n  - id: listings.a\n    when: sessions_30d > 1\n    escalate: {to: mentr, severity: high, reason: R}\n'))
case('rule-escalation-severity', 'An unknown severity.', rules('area: listings\nrules:\n  - id: listings.a\n    when: sessions_30d > 1\n    escalate: {to: mentor, severity: urgent, reason: R}\n'))
case('rule-cooldown-words', 'A cooldown written in words.', rules('area: listings\nrules:\n  - id: listings.a\n    when: sessions_30d > 1\n    cooldown: 3 weeks\n    tip: {title: T, body: B, actions: [A]}\n'))
case('rule-cooldown-over-limit', 'A cooldown one day past the limit of 36,500.', rules('area: listings\nrules:\n  - id: listings.a\n    when: sessions_30d > 1\n    cooldown: 36501d\n    tip: {title: T, body: B, actions: [A]}\n'))
case('rule-cooldown-at-limit', 'A cooldown of exactly 36,500 days loads.', rules('area: listings\nrules:\n  - id: listings.a\n    when: sessions_30d > 1\n    cooldown: 36500d\n    tip: {title: T, body: B, actions: [A]}\n'))
case('rule-cooldown-overflow', 'A cooldown whose number overflows 64 bits.', rules('area: listings\nrules:\n  - id: listings.a\n    when: sessions_30d > 1\n    cooldown: 99999999999999999999w\n    tip: {title: T, body: B, actions: [A]}\n'))
case('rule-checklist-unknown-item', 'A rule pointing at an item no playbook has.', rules('area: listings\nrules:\n  - id: listings.a\n    when: sessions_30d > 1\n    checklist: [price-chek]\n    tip: {title: T, body: B, actions: [A]}\n'))
case('definitions-not-mapping', 'define as a list.', [('Rules/definitions.yaml', 'define: [a, b]\n')])
case('definition-number', 'A definition that is a number, not an expression.', [('Rules/definitions.yaml', 'define:\n  thin_listings: listings.filter(l, l.photos < params.min_photos)\n  has_traffic: 5\n  sales_trend: pct_change(weekly_sales)\n')])
P = open(BASE + '/Playbooks/plan.yaml').read()
def plan(old, new):
    assert old in P, old
    return [('Playbooks/plan.yaml', P.replace(old, new))]
case('item-done-when-number', 'A done_when that is a number.', plan('done_when: orders_30d >= 1\n', 'done_when: 1\n'))
case('item-progress-int', 'A progress that is a whole number (a count, not a share): 1 of 5 listings showed as 99%.', plan('progress: double(orders_30d) / 10.0\n', 'progress: orders_30d\n'))
case('mixed-branches-through-definitions', 'A priority and a progress whose branches, written out or in a definition they read, give a double and an int: refused at the branch, with the reader named.',
     [('Rules/definitions.yaml', 'define:\n  thin_listings: listings.filter(l, l.photos < params.min_photos)\n  has_traffic: sessions_30d >= 100\n  sales_trend: pct_change(weekly_sales)\n  pz: "orders_30d > 3 ? 90.5 : 40"\n')]
     + rules('area: listings\nrules:\n  - id: listings.a\n    when: sessions_30d > 1\n    priority: pz\n    tip: {title: T, body: B, actions: [A]}\n')
     + plan('progress: double(orders_30d) / 10.0\n', 'progress: "orders_30d > 3 ? orders_30d : 0.5"\n'))
case('item-unknown-phase', 'A playbook phase the manifest does not have.', plan('- phase: late', '- phase: later'))
case('items-not-list', 'items as one mapping.', plan('  - phase: late\n    items:\n      - id: returns-in-line', '  - phase: late\n    items:\n      id: returns-in-line'))
case('item-on-demand-text', 'on_demand written as yes.', plan('on_demand: true', 'on_demand: yes'))
case('resource-minutes-huge', 'A resource that takes a million minutes.', [('Playbooks/resources.yaml', 'resources:\n  - {id: photos, title: Photos that sell, url: "https://learn.example.com/photos", kind: guide, minutes: 1000000}\n')])

# ---------- unknown keys
case('unknown-key-manifest', 'A misspelt manifest key, with a suggestion.', manifest('currency: USD', 'currency: USD\nroutess: [mentor]'))
case('unknown-key-rule', 'A misspelt rule key.', rules('area: listings\nrules:\n  - id: listings.a\n    when: sessions_30d > 1\n    priorty: 5\n    tip: {title: T, body: B, actions: [A]}\n'))
case('unknown-key-tip', 'A misspelt tip key.', rules('area: listings\nrules:\n  - id: listings.a\n    when: sessions_30d > 1\n    tip: {title: T, bdy: B, actions: [A]}\n'))
case('unknown-key-item', 'A misspelt checklist item key.', plan('done_when: orders_30d >= 1\n', 'done_when: orders_30d >= 1\n        doen_when: x\n'))
case('unknown-keys-capped', 'Sixty unknown keys in one rule: fifty reported, the rest counted.', rules('area: listings\nrules:\n  - id: listings.a\n    when: sessions_30d > 1\n    tip: {title: T, body: B, actions: [A]}\n@repeat 60\n    extra_{n}: 1\n@end\n'))

# ---------- expressions and regexes
def when(expr, extra=''):
    return rules('area: listings\nrules:\n  - id: listings.a\n    when: ' + expr + '\n' + extra + '    tip: {title: T, body: B, actions: [A]}\n')
case('expr-syntax', 'An expression cut short.', when('"sessions_30d >"'))
case('expr-unknown-signal', 'A misspelt signal, with a suggestion.', when('"sesions_30d > 1"'))
case('expr-type-mismatch', 'Text compared with a number.', when('"shop_name > 3"'))
case('expr-double-too-large', 'A number literal too large for a double.', when('"conversion_rate < 1e400"'))
case('expr-int-too-large', 'An integer literal past 64 bits.', when('"sessions_30d > 99999999999999999999"'))
long_expr_ok = 'sessions_30d > 1' + ' ' * (10000 - len('sessions_30d > 1 && true')) + ' && true'
assert len(long_expr_ok) == 10000
case('expr-length-at-limit', 'An expression of exactly 10,000 characters loads.', when('"' + long_expr_ok + '"'))
case('expr-length-over-limit', 'An expression of 10,001 characters.', when('"' + long_expr_ok + ' "'))
case('expr-nesting-at-limit', 'Parentheses nested 99 deep load.', when('"' + '(' * 99 + 'sessions_30d > 1' + ')' * 99 + '"'))
case('expr-nesting-over-limit', 'Parentheses nested 101 deep.', when('"' + '(' * 101 + 'sessions_30d > 1' + ')' * 101 + '"'))
case('expr-unary-chain', 'Ten thousand negations in a row.', when('"' + '!' * 5000 + 'true"'))
case('expr-division-by-zero', 'A division by a literal zero.', when('"sessions_30d / 0 > 1"'))
case('condition-nesting-over-limit', 'all: nested 33 levels deep.', rules('area: listings\nrules:\n  - id: listings.a\n    when: ' + '{all: [' * 33 + 'sessions_30d > 1' + ']}' * 33 + '\n    tip: {title: T, body: B, actions: [A]}\n'))
case('regex-invalid', 'A pattern with an unclosed group.', when('"matches(shop_name, \'(ab\')"'))
case('regex-repeat-over-limit', 'A repetition count over 1,000.', when('"matches(shop_name, \'a{1001}\')"'))
case('regex-repeat-at-limit', 'A repetition count of exactly 1,000 loads.', when('"matches(shop_name, \'a{1000}\')"'))
case('regex-too-large', 'A pattern compiling to more than 5,000 instructions.', when('"matches(shop_name, \'(a{1000}){9}\')"'))
case('regex-nesting-over-limit', 'Groups nested 101 deep.', when('"matches(shop_name, \'' + '(' * 101 + 'a' + ')' * 101 + '\')"'))
case('regex-backreference', 'A backreference, which the engine does not support.', when('"matches(shop_name, \'(a)\\\\\\\\1\')"'))
case('regex-nested-quantifier', 'A nested quantifier against a long name: regexes run in linear time, so it simply does not match, at once.',
     when('"matches(shop_name, \'^(a+)+$\')"') + [('seller.json', SELLER.replace('"Ada"', '"' + 'a' * 5000 + 'b"'))], "coach eval seller.json | sed -n '/^TIPS/,/^ESCALATIONS/p'")
case('eval-cost-over-budget', 'A condition doing 4 million steps: the cost budget stops it and the rule fails with its position.',
     when('"weekly_sales.map(x, weekly_sales.map(y, x * y).size()).size() > 0"') + [('seller.json', SELLER.replace('"shop_name": "Ada"', '"shop_name": "Ada", "weekly_sales": [' + ', '.join(['1'] * 2000) + ']'))],
     "coach eval seller.json --format json | python3 -c 'import json, sys; print(json.dumps(json.load(sys.stdin)[\"diagnostics\"], indent=1))'")
case('snapshot-required-missing', 'A required signal left out.', seller(SELLER.replace('"conversion_rate": 0.01, ', '')), EVAL)
case('snapshot-required-null', 'A required signal given as null.', seller(SELLER.replace('0.01', 'null')), EVAL)
case('definition-chain-at-limit', 'has_traffic rests on a chain of 63 more definitions: 64 in all, the limit, loads.', [('Rules/definitions.yaml', (lambda N: 'define:\n  thin_listings: listings.filter(l, l.photos < params.min_photos)\n  has_traffic: d1\n  sales_trend: pct_change(weekly_sales)\n' + ''.join('  d%d: d%d\n' % (i, i + 1) for i in range(1, N)) + '  d%d: sessions_30d >= 100\n' % N)(63))])
case('definition-chain-over-limit', 'has_traffic rests on a chain of 64 more definitions: 65 in all, one over the limit.', [('Rules/definitions.yaml', (lambda N: 'define:\n  thin_listings: listings.filter(l, l.photos < params.min_photos)\n  has_traffic: d1\n  sales_trend: pct_change(weekly_sales)\n' + ''.join('  d%d: d%d\n' % (i, i + 1) for i in range(1, N)) + '  d%d: sessions_30d >= 100\n' % N)(64))])
case('definition-cycle', 'Two definitions that rest on each other.', [('Rules/definitions.yaml', 'define:\n  thin_listings: listings.filter(l, l.photos < params.min_photos)\n  has_traffic: other\n  other: has_traffic\n  sales_trend: pct_change(weekly_sales)\n')])

# ---------- templates
def tip(title, body='B'):
    return rules('area: listings\nrules:\n  - id: listings.a\n    when: sessions_30d > 1\n    tip: {title: ' + title + ', body: ' + body + ', actions: [A]}\n')
case('template-unclosed', 'A template expression never closed.', tip('"Hello {{ shop_name"'))
case('template-empty', 'An empty template expression.', tip('"Hello {{ }}"'))
case('template-stray-close', 'Closing braces with no opening: plain text.', tip('"Hello }} there"'))
case('template-single-braces', 'Single braces are text, not templates.', tip('"Hello { shop_name } and {x}"'))
case('template-nested-open', 'An opening inside an opening.', tip('"Hello {{ {{ shop_name }} }}"'))
case('template-unknown-signal', 'A template reading a signal that does not exist.', tip('"Hello {{ shop_nam }}"'))
case('template-output-cut', 'A text over 64 KiB is cut, and says so.',
     tip('"{{ shop_name }}{{ shop_name }}"') + [('seller.json', SELLER.replace('"Ada"', '"' + 'x' * 60000 + '"'))],
     'eval seller.json --format json | grep -o "more bytes not shown" | head -1')

# ---------- rule-set size limits
case('rules-over-limit', '10,001 rules: one over the limit of a rule set.', [('Rules/many.yaml', 'area: listings\nrules:\n@repeat 10001\n  - {id: many.r{n}, when: "sessions_30d > {n}", escalate: {to: mentor, severity: low, reason: R}}\n@end\n'), ('Rules/rules.yaml', None)])
case('definitions-over-limit', '10,001 definitions: one over the limit.', [('Rules/definitions.yaml', 'define:\n  thin_listings: listings.filter(l, l.photos < params.min_photos)\n  has_traffic: sessions_30d >= 100\n  sales_trend: pct_change(weekly_sales)\n@repeat 9998\n  x{n}: "true"\n@end\n')])
case('items-over-limit', '5,001 new checklist items and the five of the base: one over the limit of 5,000 is the 5,001st new one.', [('Playbooks/more.yaml', 'playbook: more\nphases:\n  - phase: early\n    items:\n@repeat 5001\n      - {id: more-{n}, title: T, done_when: "true"}\n@end\n')])
case('files-over-limit', '1,001 rule files: one over the limit of a directory.', [('Rules/extra-{n}.yaml (repeat 1001)', 'area: listings\nrules: []\n')])

# ---------- snapshots
case('snapshot-empty', 'An empty snapshot file.', seller(''), EVAL)
case('snapshot-whitespace', 'A snapshot of spaces and newlines.', seller('   \n\n  '), EVAL)
case('snapshot-not-json', 'Text that is not JSON.', seller('hello there'), EVAL)
case('snapshot-array', 'A JSON array instead of an object.', seller('[1, 2, 3]'), EVAL)
case('snapshot-truncated', 'A snapshot cut short.', seller(SELLER[:60]), EVAL)
case('snapshot-trailing-garbage', 'A snapshot followed by more text.', seller(SELLER + ' trailing'), EVAL)
case('snapshot-nan', 'NaN, which JSON does not have.', seller(SELLER.replace('0.01', 'NaN')), EVAL)
case('snapshot-infinity', 'Infinity, which JSON does not have.', seller(SELLER.replace('0.01', 'Infinity')), EVAL)
case('snapshot-number-too-large', 'A number past a double.', seller(SELLER.replace('0.01', '1e400')), EVAL)
case('snapshot-integer-overflow', 'An int signal past 64 bits.', seller(SELLER.replace('120', '99999999999999999999')), EVAL)
case('snapshot-wrong-type', 'An int signal given as text.', seller(SELLER.replace('120', '"many"')), EVAL)
case('snapshot-out-of-range', 'A ratio above 1.', seller(SELLER.replace('0.01', '1.5')), EVAL)
case('snapshot-unknown-signal', 'A misspelt signal, with a suggestion.', seller(SELLER.replace('"shop_name"', '"shop_nme"')), EVAL)
case('snapshot-huge-unknown-names', 'An unknown signal and an unknown key each named by 5,000 characters: the warnings clip them, so a portal logging its results does not log megabytes.',
     seller(SELLER.replace('"shop_name"', '"' + 'n' * 5000 + '"').replace('"as_of"', '"' + 'k' * 5000 + '": 1, "as_of"')), EVAL)
case('snapshot-duplicate-key', 'A signal given twice.', seller(SELLER.replace('"shop_name": "Ada"', '"shop_name": "Ada", "shop_name": "Bea"')), EVAL)
case('snapshot-bad-date', 'A date that does not exist.', seller(SELLER.replace('2026-01-15', '2026-02-30')), EVAL)
case('snapshot-listing-wrong-type', 'A listing that is a number.', seller(SELLER.replace('"shop_name": "Ada"', '"shop_name": "Ada", "listings": [{"id": "l1", "photos": 3, "quality": 50}, 7]')), EVAL)
case('snapshot-binary', 'Binary bytes instead of a snapshot.', [('seller.json (escaped)', '\\x00\\x01\\x02\\xfe')], EVAL)
case('snapshot-yaml-garbage', 'A YAML snapshot that is not a mapping.', [('seller.yaml', ': : :\n- - [\n')], 'eval seller.yaml')
case('snapshot-yaml-two-documents', 'A YAML snapshot with two documents.', [('seller.yaml', 'seller: {id: a, enrolled_on: 2026-01-01}\nas_of: 2026-01-02\n---\nseller: {id: b}\n')], 'eval seller.yaml')
case('snapshot-depth-over-limit', 'A snapshot nested 513 deep.', seller(SELLER[:-1] + ', "x": ' + '[' * 512 + ']' * 512 + '}'), EVAL)
case('snapshot-depth-at-limit', 'A snapshot nested 512 deep reads; the unknown key is a warning.', seller(SELLER[:-1] + ', "x": ' + '[' * 511 + ']' * 511 + '}'), EVAL)
case('snapshot-text-over-limit', 'A shop name one byte over 64 KiB: treated as missing, with a warning.', seller(SELLER.replace('"Ada"', '"' + 'a' * 65537 + '"')), EVAL)
case('snapshot-text-at-limit', 'A shop name of exactly 64 KiB reads.', seller(SELLER.replace('"Ada"', '"' + 'a' * 65536 + '"')), EVAL)
case('snapshot-list-over-limit', 'A list of 10,001 weekly figures: treated as missing, with a warning.', seller(SELLER.replace('"shop_name": "Ada"', '"shop_name": "Ada", "weekly_sales": [' + ', '.join(['1'] * 10001) + ']')), EVAL)
case('snapshot-list-at-limit', 'A list of exactly 10,000 weekly figures reads.', seller(SELLER.replace('"shop_name": "Ada"', '"shop_name": "Ada", "weekly_sales": [' + ', '.join(['1'] * 10000) + ']')), EVAL)
case('snapshot-id-over-limit', 'A seller id of 1,025 bytes.', seller(SELLER.replace('"s-1"', '"' + 's' * 1025 + '"')), EVAL)
case('snapshot-many-unknown-signals', '150 unknown signals: a hundred warnings, the rest counted.', seller(SELLER.replace('"shop_name": "Ada"', '"shop_name": "Ada", ' + ', '.join('"unknown_%d": 1' % i for i in range(150)))), EVAL)
case('snapshot-file-over-limit', 'A snapshot file over 64 MiB.', seller(SELLER[:-1] + ', "x": [\n@repeat 67109\n"' + 'x' * 996 + '",\n@end\n1]}'), EVAL)
case('snapshot-delivered-over-limit', 'A delivered list of 100,001 entries.', seller(SELLER[:-1] + ', "delivered": [\n@repeat 100000\n{"id": "listings.photos", "at": "2026-01-02"},\n@end\n{"id": "listings.photos", "at": "2026-01-02"}]}'), EVAL)
case('resource-url-user-info', 'A learning link with user information before an @: it leads to the host after it, which the page hides.', [('Playbooks/more.yaml', 'resources:\n  - {id: looks-right, title: T, url: "https://learn.example.com@other.example/page", kind: guide}\n')])
case('option-value-missing', 'An option given the next option as its value: said, not taken as a folder named --population.', [], 'preview --out --population sellers.jsonl')
case('option-value-empty', 'An option given an empty value (an unset shell variable): refused, not read as the root folder.', [], "preview seller.json --out ''")
case('names-with-hidden-characters', 'A rule set name with an escape sequence, an area with a zero-width space, a phase title that would clear the screen: refused, each by name.', [('Rules/ruleset.yaml', M0.replace('name: test-program', 'name: "mm\\e[31m"').replace('areas: [listings, pricing, service, policy]', 'areas: [listings, pricing, service, policy, "pol\\u200Bicy"]').replace('title: "Days 0–10"', 'title: "Days\\e[2J 0–10"'))])
case('seller-id-zero-width', 'A seller id with a zero-width space: the text view names it, so two ids that look alike are told apart.', seller('{"seller": {"id": "S-103\\u200b88", "category": "fashion", "enrolled_on": "2026-01-01"}, "as_of": "2026-01-15", "signals": {"conversion_rate": 0.01, "sessions_30d": 120, "shop_name": "Ada"}}'), "coach eval seller.json | head -1")
case('snapshot-listing-problems-placed', 'An unknown field in the second of four listings, a bad one in the third and another unknown one in the fourth, each on its own line: each said at the field, with its item (the fourth read though the list is refused at the third).', seller('{"seller": {"id": "s-1", "category": "fashion", "enrolled_on": "2026-01-01"}, "as_of": "2026-01-15", "signals": {"conversion_rate": 0.01, "sessions_30d": 120, "shop_name": "Ada", "listings": [\n  {"id": "l1", "photos": 3, "quality": 50},\n  {"id": "l2", "photos": 4, "quality": 60, "fotos": 5},\n  {"id": "l3", "photos": -2, "quality": 70},\n  {"id": "l4", "photos": 1, "quality": 80, "colour": "red"}\n]}}'), EVAL)
case('lint-int-compared-with-fraction', 'An int signal compared with 2.5 by == (never true) and != (always true): lint says so, and explain says no value of it flips the rule.',
     rules('area: listings\nrules:\n  - id: listings.a\n    when: violations == 2.5\n    tip: {title: T, body: B, actions: [A]}\n  - id: listings.b\n    when: violations != 3.5\n    tip: {title: T, body: B, actions: [A]}\n') + seller(SELLER),
     "coach lint; coach explain seller.json --rule listings.b | grep -A1 'what would change'")
case('eval-empty-file-name', 'An empty file name (an unset shell variable): said as such.', [], "eval ''")
case('preview-population-missing', 'A population file that is not there: the preview says why it cannot open it, as batch does.', [], 'preview --population nope.jsonl --out pages')
case('snippet-invisible-characters', 'A zero-width space and a right-to-left override in a rule file\'s line: the source line under an error shows them by name, and the caret stays under the error.',
     rules('area: listings\nrules:\n  - id: listings.a\n    when: sessions_30d > 1\n    tip: {title: "He\u200bllo \u202eevil\u202c {{ nofunc(1) }}", body: B, actions: [A]}\n'))
case('group-and-benchmark-hidden-characters', 'A group name with an escape sequence and a benchmark row with a zero-width space (it matched no seller of that category): refused.',
     [('Rules/ruleset.yaml', M0.replace('  fashion: {conversion_rate: 0.015, return_rate: 0.2}', '  fashion: {conversion_rate: 0.015, return_rate: 0.2}\n  "toys\\u200b": {conversion_rate: 0.01}'))]
     + rules('area: listings\nrules:\n  - id: listings.a\n    when: sessions_30d > 1\n    group: "pricing\\e[31m.position"\n    tip: {title: T, body: B, actions: [A]}\n'))
case('empty-file-names', 'An empty file name given to test, batch and diff (an unset shell variable): said as such by each.', [], "coach test ''; coach batch ''; coach diff --base Rules ''")
case('names-with-lonely-joiner', 'A joiner between two ASCII characters in the rule set\'s name joins nothing and hides: refused (an emoji\'s or a Persian word\'s joiner is not).', [('Rules/ruleset.yaml', M0.replace('name: test-program', 'name: "test-\\u200dprogram"').replace('title: "Days 0–10"', 'title: "Days 0–10 👩\\u200d💻"'))])
case('snapshot-unknown-fields-capped', 'Three hundred made-up fields in a list of objects: the first ones said with their place and hint, the rest only counted.',
     seller('{"seller": {"id": "s-1", "category": "fashion", "enrolled_on": "2026-01-01"}, "as_of": "2026-01-15", "signals": {"conversion_rate": 0.01, "sessions_30d": 120, "listings": [' + ', '.join('{"id": "l%d", "photos": 3, "quality": 50, "made_up_%d": 1}' % (k, k) for k in range(300)) + ']}}'),
     "coach eval seller.json > out.txt; s=$?; grep -c 'unknown field' out.txt; grep -m1 'made_up_0' out.txt; grep 'more problems' out.txt; exit $s")
case('snippet-lonely-joiner', 'A joiner between two ASCII letters in a rule file\'s line: named under the error, as the text views name it, and the caret stays under the error.',
     rules('area: listings\nrules:\n  - id: listings.a\n    when: sessions_30d > 1\n    tip: {title: "He\u200dllo {{ nofunc(1) }}", body: B, actions: [A]}\n'))
case('resources-over-limit', '5,001 learning resources and the base one: the 5,001st is over the limit.', [('Playbooks/more.yaml', 'resources:\n@repeat 5001\n  - {id: r{n}, title: T, url: "https://learn.example.com/r", kind: guide}\n@end\n')])
case('yaml-nodes-over-limit', 'Eleven lists of 100,000 items: over the limit of a million nodes in one file.', rules('area: listings\nrules: []\n' + ''.join('x%d:\n@repeat 100000\n  - 1\n@end\n' % i for i in range(11))))
case('batch-bad-lines', 'Lines of garbage among good ones: an error record per bad line, with its number.',
     [('sellers.jsonl', SELLER + '\nnot json\n\n' + SELLER.replace('120', '"x"') + '\n[1]\n' + SELLER + '\n')], 'batch sellers.jsonl --output ids')
case('batch-pretty-printed', 'A pretty-printed snapshot given to coach batch: each line of it is an error record saying a population is JSON Lines.',
     [('sellers.jsonl', '{\n  "seller": {"id": "s-1", "category": "fashion", "enrolled_on": "2026-01-01"},\n  "as_of": "2026-01-15"\n}\n')], 'batch sellers.jsonl --output ids')
case('summary-pretty-printed', 'A pretty-printed snapshot given to coach batch --summary: the unreadable lines listed, and the hint that a population is JSON Lines said once.',
     [('sellers.jsonl', '{\n  "seller": {"id": "s-1", "category": "fashion", "enrolled_on": "2026-01-01"},\n  "as_of": "2026-01-15"\n}\n')], 'batch sellers.jsonl --summary')
case('batch-invalid-utf8-line', 'A line that is not UTF-8.', [('sellers.jsonl (escaped)', SELLER + '\n' + SELLER.replace('"Ada"', '"\\xff"') + '\n')], 'batch sellers.jsonl --output ids')

# ---------- texts YAML would cut or read otherwise, and files left out
case('yaml-comment-cuts-text', "A ' #' in unquoted texts: YAML drops the rest of the line as a comment; a warning says so, quoted texts are kept.",
     rules('area: listings\nrules:\n  - id: listings.hash\n    when: sessions_30d > 10\n    tip:\n      title: Get your best seller to #1 in search\n      body: "Quoted: #handmade stays"\n      actions:\n        - Tag each listing #eco if it is\n        - Plain text\n'))
case('text-tagged-not-text', 'Texts tagged as a number and a bool: refused, not shown as "1" and "true"; !!str is fine.',
     rules('area: listings\nrules:\n  - id: listings.tagged\n    when: sessions_30d > 10\n    tip: {title: !!float 1, body: !!str 0x10, actions: [!!bool true]}\n'))
case('rule-file-upper-case-extension', 'A rule file named .YAML is read like any other, its mistakes reported.',
     rules('area: listings\nrules:\n  - id: listings.upper\n    when: sessions_30d > 10\n    tip: {title: T, body: B, actions: [A]}\n    priorty: 5\n', name='Rules/Upper.YAML'))
case('resource-url-not-one-address', 'Learning links with a space, a quote and a direction control, and one with no host: refused, not linked otherwise on the pages.',
     [('Playbooks/more.yaml', 'resources:\n  - {id: spaced, title: T, url: "https://learn.example.com/a page", kind: guide}\n  - {id: quoted, title: T, url: "https://learn.example.com/a\\"b", kind: guide}\n  - {id: turned, title: T, url: "https://learn.example.com/\\u202Eexe.fdp", kind: guide}\n  - {id: hostless, title: T, url: "https:///page", kind: guide}\n  - {id: fine, title: T, url: "https://learn.example.com/a%20page?q=1#top", kind: guide}\n  - {id: portless, title: T, url: "https://learn.example.com:99999/a", kind: guide}\n  - {id: hidden, title: T, url: "https://learn.example.com/a\\u200Bb", kind: guide}\n  - {id: userhost, title: T, url: "https://user@:8080/a", kind: guide}\n  - {id: piped, title: T, url: "https://[::1]:8080/a?q=x|y", kind: guide}\n  - {id: joined, title: T, url: "https://fa.wikipedia.org/wiki/\\u0645\\u06CC\\u200C\\u062E\\u0648\\u0627\\u0647\\u0645", kind: guide}\n  - {id: shouted, title: T, url: "HTTPS://Learn.Example.com/A", kind: guide}\n  - {id: mailed, title: T, url: "mailto:mentor@example.com", kind: guide}\n')])
case('preview-out-under-a-file', 'Pages asked for under a file: the reason, as coach batch --out gives one, not a Foundation error number.',
     [('afile', 'not a folder\n')] + seller(SELLER), 'preview --out afile/pages seller.json')
case('yaml-version-1-1', 'A file that says %YAML 1.1, whose yes and 017 mean something else in 1.1: refused, not read as 1.2 unsaid.',
     rules('%YAML 1.1\n---\narea: listings\nrules: []\n'))
case('names-given-twice', 'A learning link, an inhibited rule, a checklist item and a lint code each named twice: errors at the second, not a link shown twice.',
     rules('area: listings\nrules:\n  - id: listings.one\n    when: sessions_30d > 10\n    inhibits: [listings.two, listings.two]\n    lint_allow: [outranked, outranked]\n    tip: {title: T, body: B, actions: [A], learn: [photos, photos]}\n  - id: listings.two\n    when: sessions_30d > 20\n    checklist: [price-check, price-check]\n'))
case('yaml-trailing-document-marker', "A '---' ending a rule file: the second, empty document is at its '---', with a hint to remove it.",
     rules('area: listings\nrules: []\n---\n# nothing more\n'))
case('test-phrase-cut-by-comment', "A test's contains phrase with ' #' in it: a warning says what is looked for, as for a tip's text.",
     seller(SELLER) + [('Rules/tests/p.test.yaml', 'base: ../../seller.json\ncases:\n  - name: phrase with a hash\n    expect:\n      contains:\n        listings.more: Publish more #listings\n')],
     'test Rules/tests/p.test.yaml')
case('text-after-an-anchor-and-resource-title-cut', "A tip title starting '&amp ' (YAML takes it for an anchor) and a resource title cut by ' #': warnings say what is read.",
     rules('area: listings\nrules:\n  - id: listings.amp\n    when: sessions_30d > 10\n    tip: {title: &amp Raise listing quality, body: B, actions: [A]}\n') + [('Playbooks/more.yaml', 'resources:\n  - id: extra\n    title: Photos that sell #cut\n    url: https://learn.example.com/extra\n    kind: guide\n')])
case('empty-list-items', "Empty items of a list (a '~' in a flow list, a bare '- '): the hint speaks of the item, not of a colon.",
     rules('area: listings\nrules:\n  - id: listings.e\n    when: sessions_30d > 1\n    tip:\n      title: T\n      body: B\n      actions: [x, ~]\n  - id: listings.f\n    when: sessions_30d > 1\n    tip:\n      title: T\n      body:\n      actions:\n        -\n        - y\n'))
case('rule-id-through-alias-and-merge', "A rule copied with '- *base' and one merged with '<<: *base' keep the first's id: each duplicate is said where the copy is.",
     rules('area: listings\nrules:\n  - &base\n    id: listings.base\n    when: sessions_30d >= 1000\n    tip: {title: T, body: B, actions: [A]}\n  - <<: *base\n    when: sessions_30d >= 2000\n  - *base\n'))
case('anchored-text-and-copies-across-files', "An anchored text used by an alias is warned of once; a rule copied by alias and by merge whose id an earlier file took: each copy said where it is.",
     [('Rules/rules.yaml', 'area: listings\nrules:\n  - id: listings.taken\n    when: sessions_30d > 1\n    tip: {title: T, body: B, actions: [A]}\n'),
      ('Rules/zz.yaml', 'area: listings\nrules:\n  - &base\n    id: listings.taken\n    when: sessions_30d > 5\n    tip: {title: &q Raise listing quality, body: B, actions: [A]}\n  - *base\n  - <<: *base\n    when: sessions_30d > 9\n  - id: listings.other\n    when: sessions_30d > 2\n    tip: {title: *q, body: B, actions: [A]}\n')])

os.makedirs(out, exist_ok=True)
for name, text in cases.items():
    # Some cases need generated content written by function rather than literal text.
    path = os.path.join(out, name + '.case')
    if os.path.exists(path):
        continue  # keep reviewed expectations
    open(path, 'w').write(text)
print(len(cases))

// EvaluationPlan.swift — what the engine works out once per rule set so that evaluating a
// seller compares integers: areas, groups and ranks as indices, the orders tips and
// escalations are shown in, and which of the optional passes the rule set needs at all.

import CoachExpr
@_spi(Streaming) import CoachJSON
import CoachRules

/// Per-rule-set facts for evaluation, computed once (cheap: linear in the rules).
struct EvaluationPlan {
    /// Each rule's area, as an index into ``areas``.
    let area: [Int]
    /// The areas, by index.
    let areas: [String]
    /// Each rule's group index (-1: none), and the groups by index.
    let group: [Int]
    let groups: [String]
    /// Rule indices from highest ranking to lowest: priority, then id.
    let byRank: [Int]
    /// Rules with an escalation, in the order escalations are shown: severity, priority, id.
    let escalationOrder: [Int]
    /// Each rule's position in id order (the order of `suppressed`).
    let idRank: [Int]
    /// The rules whose priority depends on the seller (`priority` written as an expression).
    let situationalPriority: [Int]
    /// ``rankOrders(_:_:_:_:_:)`` with every rule at its written priority: the orders of a
    /// seller for whom no situational priority differs from it.
    let writtenRankOrders: (tips: [Int], escalations: [Int])
    /// Each rule's place in ``writtenRankOrders``' tips order.
    let writtenRankPositions: [Int]
    /// The rule index of each id.
    let ruleIndex: [String: Int]
    /// The catalog's signals in the order of their names (notes name missing signals so).
    let signalsByName: [Int]
    /// The checklist item index of each id.
    let itemIndex: [String: Int]
    /// The areas each rule holds back, as indices.
    let inhibitsAreas: [[Int]]
    /// Whether any rule has a cooldown, inhibits something, or belongs to a group.
    let hasCooldowns: Bool
    let hasInhibitions: Bool
    let hasGroups: Bool
    /// The rules that add checklist items when they fire, in order.
    let rulesAddingItems: [Int]
    /// Whether a rule is a tip only (no escalation): what an inhibited area holds back.
    let isTipOnly: [Bool]
    /// Whether a rule has a tip (the tip limits count these).
    let hasTip: [Bool]
    /// Per rule: whether its tip must be shown whenever it fires (no limit, group or
    /// inhibition holds it back); and whether any rule's must.
    let mustShow: [Bool]
    let anyMustShow: Bool
    /// The rules an ids-only evaluation decides only while their tip could still be shown
    /// (nil: none can wait).
    let late: LateRules?
    /// The rules the conditions' pass decides, in rule order: every rule, or (``early``)
    /// those that are not late, when an ids-only evaluation leaves the late ones to the limits.
    let every: [Int32]
    let early: [Int32]
    /// Each rule's condition, laid out flat with its programs held unmanaged (the rule set
    /// keeps them alive), so the hot loop does no reference counting.
    let conditions: FlatConditions
    /// The catalog indices of the signals each rule reads, in one flat list.
    let signalsRead: FlatLists
    /// The same as a bit set per rule (bit `s` for catalog signal `s`), when the catalog has
    /// at most 64 signals: whether a rule reads a missing one is then one `&`.
    let signalMasks: [UInt64]?
    /// The same for each checklist item's `applies_when`, `done_when` and `progress`.
    let itemMasks: [UInt64]?
    /// The checklist items' programs and plain facts by index, for deciding the checklist.
    let items: ItemPlan
    /// The number of rules.
    let ruleCount: Int
    /// The learning links of each rule's tip and of each checklist item, resolved once.
    let tipLinks: [[LearnLink]]
    let itemLinks: [[LearnLink]]
    /// The same links as JSON text, written once.
    let tipLinksJSON: [LinksCache]
    let itemLinksJSON: [LinksCache]
    /// Per rule: its tip as JSON around its priority and texts, on one line and indented at
    /// the depths results are written at (nil: the rule has no tip), for
    /// ``Evaluator/writeTip(_:_:_:into:)``.
    let tipJSON: [TipJSONLayout?]
    /// The same, held unmanaged (``tipJSON`` keeps them alive).
    let tipLayouts: [Unmanaged<TipJSONLayout>?]
    /// Per rule: its tip and its fallback tip, each with its texts' literal pieces escaped
    /// for JSON (nil: the rule has no such tip).
    let tipTexts: [(own: EscapedTip?, fallback: EscapedTip?)]
    /// The same, held unmanaged (``tipTexts`` keeps them alive).
    let tipTables: [(own: Unmanaged<EscapedTip>?, fallback: Unmanaged<EscapedTip>?)]
    /// Per checklist item: its entry's first members as JSON (none for an on-demand item,
    /// whose phase is the seller's).
    let itemHeadJSON: [ItemHeadCache]
    /// Per checklist item: its entry's members from `status` on, for the common entry (none
    /// for an on-demand item, whose due date is the seller's).
    let itemTailJSON: [ItemTailJSON?]
    /// The same two, held unmanaged (``itemHeadJSON`` and ``itemTailJSON`` keep them alive):
    /// an entry written from them retains and releases neither.
    let itemHeads: [Unmanaged<ItemHeadJSON>?]
    let itemTails: [Unmanaged<ItemTailJSON>?]
    /// Per checklist item: its whole entry, for the common entry (none for an on-demand
    /// item); and the same held unmanaged (``itemEntryJSON`` keeps them alive).
    let itemEntryJSON: [ItemEntryJSON?]
    let itemEntries: [Unmanaged<ItemEntryJSON>?]
    /// Per checklist item: whether its entry's first members, written ahead, hold its title
    /// (the same for every seller); and its title's template, held unmanaged (the rule set
    /// keeps it alive), rendered per seller otherwise.
    let itemTitleWritten: [Bool]
    let itemTitles: [Unmanaged<Template>]
    /// Per checklist item: its title's literal text escaped, to render it straight into a
    /// result's JSON (``Evaluator/writeTitleJSON(_:)``), and the same held unmanaged.
    let itemTitleTables: [Template.Escaped]
    let itemTitleEscaped: [Unmanaged<Template.Escaped>]
    /// The `benchmark` object for each category row, and for sellers of no known category.
    let benchmarkRows: BenchmarkRows
    let defaultBenchmark: Value
    /// Per part of the benchmarks' `by` past the category: the band and where its number
    /// comes from (-1: the day; else a catalog index). Empty when rows are by category only.
    let benchmarkBands: [(band: Band, signal: Int)?]
    /// Each rule's and each checklist item's id as a JSON string, for the ids form.
    let quotedRuleIDs: QuotedStrings
    let quotedItemIDs: QuotedStrings
    /// Each catalog signal's name as a JSON string, for the skipped rules' entries.
    let quotedSignalNames: QuotedStrings
    /// The same names as they are (not quoted), for the notes that list them.
    let signalNames: QuotedStrings
    /// Per rule: the detail of its tip held back by the limit per area; and by the limit in
    /// all (the same texts for every seller).
    let areaLimitDetails: [String]
    let totalLimitDetail: String
    /// The same quoted, for held-back rules written straight into a result: per rule, then
    /// (at the rules' count) the limit in all.
    let quotedLimitDetails: QuotedStrings
    /// The skipped rules' entries' layout in indented results.
    let skippedJSON = SkippedJSON()
    /// The templates ids-only evaluation checks, per rule's tip and escalation.
    let tipChecks: TextChecks
    let escalationChecks: TextChecks

    init(_ rs: RuleSet) {
        let rules = rs.rules
        let indexed = Self.areasAndGroups(rules)
        (areas, area, groups, group) = (indexed.areas, indexed.area, indexed.groups, indexed.group)
        (byRank, escalationOrder, idRank) = Self.orders(rules)
        situationalPriority = rules.indices.filter { rules[$0].priorityProgram != nil }
        writtenRankOrders = Self.rankOrders(rules.map(\.priority), rules, byRank, escalationOrder, idRank)
        writtenRankPositions = Self.positions(writtenRankOrders.tips)
        ruleIndex = Self.firstIndex(rules.map(\.id))
        let signals = rs.catalog.signals
        signalsByName = signals.indices.sorted { signals[$0].name < signals[$1].name }
        itemIndex = Self.firstIndex(rs.items.map(\.id))
        inhibitsAreas = rules.map { r in r.inhibitsAreas.compactMap { indexed.areaIndex[$0] ?? -1 } }
        hasCooldowns = rules.contains { $0.cooldownDays != nil }
        hasInhibitions = rules.contains { !$0.inhibitsAreas.isEmpty || !$0.inhibitsRules.isEmpty }
        hasGroups = rules.contains { $0.group != nil }
        rulesAddingItems = rules.indices.filter { !rules[$0].checklist.isEmpty }
        isTipOnly = rules.map { $0.tip != nil && $0.escalation == nil }
        hasTip = rules.map { $0.tip != nil }
        mustShow = rules.map(\.mustShow)
        anyMustShow = mustShow.contains(true)
        late = LateRules(rs, byRank: byRank, group: group)
        let every = rules.indices.map { Int32($0) }
        self.every = every
        early = late.map { late in every.filter { !late.isLate[Int($0)] } } ?? every
        conditions = FlatConditions(rules.map(\.condition))
        signalsRead = FlatLists(rules.map(\.signalsRead))
        signalMasks = rs.catalog.signals.count <= 64 ? rules.map { Self.mask($0.signalsRead) } : nil
        itemMasks = rs.catalog.signals.count <= 64 ? rs.items.map { Self.mask($0.signalsRead) } : nil
        items = ItemPlan(rs.items)
        quotedRuleIDs = QuotedStrings(rules.map(\.id))
        quotedItemIDs = QuotedStrings(rs.items.map(\.id))
        quotedSignalNames = QuotedStrings(rs.catalog.signals.map(\.name))
        signalNames = QuotedStrings(rs.catalog.signals.map(\.name), quoted: false)
        areaLimitDetails = rules.map { "already \(rs.manifest.limits.tipsPerArea) tips in area '\($0.area)'" }
        totalLimitDetail = "already \(rs.manifest.limits.tips) tips in all"
        quotedLimitDetails = QuotedStrings(areaLimitDetails + [totalLimitDetail])
        tipChecks = TextChecks(rules, part: { $0.tip?.templates }, fallback: { $0.texts.tip?.templates }, signals: \.texts.tipSignals)
        escalationChecks = TextChecks(rules, part: { $0.escalation?.templates }, fallback: { $0.texts.escalation?.templates },
                                      signals: \.texts.escalationSignals)
        ruleCount = rules.count
        func links(_ ids: [String]) -> [LearnLink] {
            ids.compactMap { id in rs.resources[id].map { LearnLink(id: $0.id, title: $0.title, url: $0.url, kind: $0.kind, minutes: $0.minutes) } }
        }
        tipLinks = rules.map { links($0.tip?.learn ?? []) }
        itemLinks = rs.items.map { links($0.learn) }
        tipLinksJSON = tipLinks.map { LinksCache($0.isEmpty ? nil : LinksJSON($0)) }
        tipJSON = rules.indices.map { [tipLinks, tipLinksJSON] i in
            rules[i].tip == nil ? nil : TipJSONLayout(id: rules[i].id, area: rules[i].area, learn: tipLinks[i], learnJSON: tipLinksJSON[i])
        }
        tipTexts = rules.map { r in (r.tip.map(EscapedTip.init), r.texts.tip.map(EscapedTip.init)) }
        tipLayouts = tipJSON.map { $0.map { .passUnretained($0) } }
        tipTables = tipTexts.map { ($0.own.map { .passUnretained($0) }, $0.fallback.map { .passUnretained($0) }) }
        itemLinksJSON = itemLinks.map { LinksCache($0.isEmpty ? nil : LinksJSON($0)) }
        itemHeadJSON = rs.items.map { item in
            guard !item.onDemand, item.phase < rs.manifest.phases.count else { return ItemHeadCache() }
            return ItemHeadCache(ItemHeadJSON(id: item.id, playbook: rs.playbooks[item.playbook].id, phase: rs.manifest.phases[item.phase].id,
                                              title: item.title.constantText))
        }
        itemTailJSON = rs.items.indices.map { [itemLinks, itemLinksJSON] k in
            let item = rs.items[k]
            guard !item.onDemand, item.phase < rs.manifest.phases.count else { return nil }
            return ItemTailJSON(dueDay: rs.manifest.phases[item.phase].untilDay, learn: itemLinks[k], learnJSON: itemLinksJSON[k])
        }
        itemEntryJSON = rs.items.indices.map { [itemLinks, itemLinksJSON] k in
            let item = rs.items[k]
            guard !item.onDemand, item.phase < rs.manifest.phases.count else { return nil }
            let phase = rs.manifest.phases[item.phase]
            return ItemEntryJSON(id: item.id, playbook: rs.playbooks[item.playbook].id, phase: phase.id, title: item.title.constantText,
                                 dueDay: phase.untilDay, learn: itemLinks[k], learnJSON: itemLinksJSON[k])
        }
        itemEntries = itemEntryJSON.map { $0.map { .passUnretained($0) } }
        itemHeads = itemHeadJSON.map { $0.json.map { .passUnretained($0) } }
        itemTails = itemTailJSON.map { $0.map { .passUnretained($0) } }
        itemTitleWritten = itemHeadJSON.map { $0.json?.hasTitle == true }
        itemTitles = rs.items.map { .passUnretained($0.title) }
        itemTitleTables = rs.items.map { $0.title.escaped() }
        itemTitleEscaped = itemTitleTables.map { .passUnretained($0) }
        let benchmarks = Self.benchmarks(rs)
        (benchmarkRows, defaultBenchmark, benchmarkBands) = (BenchmarkRows(benchmarks.0), benchmarks.1, benchmarks.2)
    }

    /// Areas and groups in order of first use, and each rule's index into them (-1: no group).
    static func areasAndGroups(_ rules: [CompiledRule])
        -> (areas: [String], area: [Int], areaIndex: [String: Int], groups: [String], group: [Int]) {
        var areas: [String] = [], areaIndex: [String: Int] = [:]
        var groups: [String] = [], groupIndex: [String: Int] = [:]
        var area: [Int] = [], group: [Int] = []
        for r in rules {
            if areaIndex[r.area] == nil { areaIndex[r.area] = areas.count; areas.append(r.area) }
            area.append(areaIndex[r.area] ?? 0)
            if let g = r.group {
                if groupIndex[g] == nil { groupIndex[g] = groups.count; groups.append(g) }
                group.append(groupIndex[g] ?? -1)
            } else {
                group.append(-1)
            }
        }
        return (areas, area, areaIndex, groups, group)
    }

    /// The rules in rank order, the escalations in shown order, and each rule's place in id order.
    static func orders(_ rules: [CompiledRule]) -> (byRank: [Int], escalations: [Int], idRank: [Int]) {
        let byRank = rules.indices.sorted { EvaluationPlan.ranksBefore(rules[$0], rules[$1]) }
        let escalations = rules.indices.filter { rules[$0].escalation != nil }.sorted { x, y in
            let a = rules[x], b = rules[y]
            guard let ea = a.escalation, let eb = b.escalation else { return false }
            if ea.severity != eb.severity { return ea.severity < eb.severity }
            if a.priority != b.priority { return a.priority > b.priority }
            return a.id < b.id
        }
        var idRank = [Int](repeating: 0, count: rules.count)
        for (position, i) in rules.indices.sorted(by: { rules[$0].id < rules[$1].id }).enumerated() { idRank[i] = position }
        return (byRank, escalations, idRank)
    }

    /// Each id's index (the first, should one repeat).
    static func firstIndex(_ ids: [String]) -> [String: Int] {
        var index: [String: Int] = [:]
        for (i, id) in ids.enumerated() where index[id] == nil { index[id] = i }
        return index
    }

    /// The `benchmark` object of each category row and of the default row, and the bands
    /// the rows are further split by (empty when by category only).
    static func benchmarks(_ rs: RuleSet) -> (rows: [String: Value], defaultRow: Value, bands: [(band: Band, signal: Int)?]) {
        let benchmarks = rs.manifest.benchmarks
        func object(_ row: [Double]) -> Value {
            .object(ObjectValue.make(type: rs.slots.benchmarkType, fields: row.map { .double($0) }))
        }
        let signalIndex = Dictionary(rs.catalog.signals.enumerated().map { ($1.name, $0) }, uniquingKeysWith: { a, _ in a })
        let bands: [(band: Band, signal: Int)?] = benchmarks.by == [.category] ? [] : benchmarks.by.map { key in
            guard case .band(let band) = key else { return nil }
            return (band, band.of == "day" ? -1 : signalIndex[band.of] ?? -1)
        }
        return (benchmarks.rows.mapValues(object), object(benchmarks.defaultRow), bands)
    }

    /// Each rule's place in `order` (a permutation of the rules' indices).
    static func positions(_ order: [Int]) -> [Int] {
        var at = [Int](repeating: 0, count: order.count)
        for (k, i) in order.enumerated() where i >= 0 && i < at.count { at[i] = k }
        return at
    }

    /// Catalog signals `signals` (each below 64) as a bit set.
    static func mask(_ signals: [Int]) -> UInt64 {
        signals.reduce(UInt64(0)) { $1 >= 0 && $1 < 64 ? $0 | 1 << UInt64($1) : $0 }
    }

    /// The tips' rank order and the escalations' order with the priorities `p` (one per rule):
    /// priority then id, and severity, priority, then id.
    static func rankOrders(_ p: [Int], _ rules: [CompiledRule], _ byRank: [Int], _ escalationOrder: [Int],
                           _ idRank: [Int]) -> (tips: [Int], escalations: [Int]) {
        let tips = byRank.sorted { p[$0] != p[$1] ? p[$0] > p[$1] : idRank[$0] < idRank[$1] }
        let escalations = escalationOrder.sorted { x, y in
            let sx = rules[x].escalation?.severity, sy = rules[y].escalation?.severity
            if let sx, let sy, sx != sy { return sx < sy }
            return p[x] != p[y] ? p[x] > p[y] : idRank[x] < idRank[y]
        }
        return (tips, escalations)
    }

    /// Higher priority first; ties broken by id.
    static func ranksBefore(_ a: CompiledRule, _ b: CompiledRule) -> Bool {
        a.priority != b.priority ? a.priority > b.priority : a.id < b.id
    }
}

/// Lists of small integers in one buffer: list `i` is `items[starts[i]..<starts[i + 1]]`.
struct FlatLists {
    let items: [Int32]
    let starts: [Int]

    init(_ lists: [[Int]]) {
        var items: [Int32] = []
        var starts = [0]
        for l in lists {
            items.append(contentsOf: l.map { Int32(truncatingIfNeeded: $0) })
            starts.append(items.count)
        }
        self.items = items
        self.starts = starts
    }
}

/// Each checklist item's programs, held unmanaged (the rule set keeps them alive), and its
/// plain facts, by item index: deciding the checklist copies no item and counts no reference.
struct ItemPlan {
    let done: [Unmanaged<Program>]
    let applies: [Unmanaged<Program>?]
    let progress: [Unmanaged<Program>?]
    let playbook: [Int]
    let phase: [Int]
    let onDemand: [Bool]
    let signalsRead: FlatLists

    init(_ items: [CompiledItem]) {
        done = items.map { .passUnretained($0.doneWhen) }
        applies = items.map { $0.appliesWhen.map { .passUnretained($0) } }
        progress = items.map { $0.progress.map { .passUnretained($0) } }
        playbook = items.map(\.playbook)
        phase = items.map(\.phase)
        onDemand = items.map(\.onDemand)
        signalsRead = FlatLists(items.map(\.signalsRead))
    }
}

/// A tip with its texts' literal pieces escaped for JSON (``Template/escaped()``), one for
/// each of its templates; a class, so it is one reference to pass around.
final class EscapedTip: Sendable {
    let tip: CompiledTip
    let title: Template.Escaped
    let body: Template.Escaped
    let actions: [Template.Escaped]
    /// The same, held unmanaged (``actions`` keeps them alive): a tip's actions written from
    /// them retain and release none.
    let actionTables: [Unmanaged<Template.Escaped>]

    init(_ tip: CompiledTip) {
        self.tip = tip
        title = tip.title.escaped()
        body = tip.body.escaped()
        actions = tip.actions.map { $0.escaped() }
        actionTables = actions.map { .passUnretained($0) }
    }
}

/// Strings written once as JSON (quoted and escaped) into one buffer, copied out by index.
struct QuotedStrings {
    let bytes: [UInt8]
    let starts: [Int]

    /// The strings quoted as JSON strings; as they are when not `quoted`.
    init(_ strings: [String], quoted: Bool = true) {
        var bytes: [UInt8] = []
        var starts = [0]
        for s in strings {
            if quoted { JSONWriter.appendQuoted(s, to: &bytes) } else { bytes.append(contentsOf: s.utf8) }
            starts.append(bytes.count)
        }
        self.bytes = bytes
        self.starts = starts
    }

    /// Writes string `i`, quoted, into `s` as it is (see `JSONStream.put`).
    @inline(__always)
    func put(_ i: Int, to s: inout JSONStream) {
        withBytes(i) { s.put(UnsafeBufferPointer(start: $0.baseAddress?.assumingMemoryBound(to: UInt8.self), count: $0.count)) }
    }

    /// Calls `body` with the bytes of string `i`, quoted.
    @inline(__always)
    func withBytes<R>(_ i: Int, _ body: (UnsafeRawBufferPointer) -> R) -> R {
        let start = starts[i], end = starts[i + 1]
        return bytes.withUnsafeBytes { body(UnsafeRawBufferPointer(rebasing: $0[start..<end])) }
    }
}

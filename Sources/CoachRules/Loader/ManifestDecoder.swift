// ManifestDecoder.swift — Rules/ruleset.yaml into a Manifest.

import CoachExpr
import CoachSource
import CoachYAML

enum ManifestDecoder {
    static let keys = RuleFormat.manifestKeys

    static func decode(_ node: Node, _ bag: inout DiagnosticBag) -> Manifest? {
        guard var m = MappingReader(node, what: "manifest", bag: &bag) else { return nil }
        let name = m.string("name", required: true, &bag) ?? "unnamed"
        Decode.refuseHidden(name, what: "the rule set's name", at: m.valueNode("name")?.location, &bag)
        var version = "0"
        if let v = m.require("version", &bag) {
            if case .string(let s)? = v.scalar?.value { version = s } else if let s = v.scalar {
                version = s.text
                if case .float = s.value {
                    bag.add(.warning("version \(s.text) is read as a number", at: v.location,
                                     hint: "quote it (\"\(s.text)\") so it stays exactly as written", code: .rulesVersionNumber))
                }
            } else {
                bag.error("'version' must be text", at: v.location, code: .rulesType)
            }
            Decode.refuseHidden(version, what: "the rule set's version", at: v.location, &bag)
        }
        var requires: EngineVersion?
        if let r = m.take("requires") {
            if let text = r.scalar?.text, let v = EngineVersion(text) { requires = v } else {
                // A list or a mapping is no version either: never left out unsaid.
                let shown = r.scalar.map { "'\($0.text)'" } ?? r.kindWithArticle
                bag.error("'requires' must be a version such as 0.1.0, not \(shown)", at: r.location, code: .rulesType)
            }
        }
        let currency = m.string("currency", &bag) ?? "USD"
        // An ISO code (USD) or a symbol ($, kr): a word would read "Each dollars 1.00".
        if let c = m.take("currency") {
            if currency.isEmpty || currency.count > 3
                || currency.unicodeScalars.contains(where: { $0.properties.numericType != nil || "+-.,".unicodeScalars.contains($0)
                    || $0.properties.generalCategory == .control || $0.properties.isWhitespace }) {
                bag.error("currency '\(currency)' is neither a three-letter ISO code nor a symbol", at: c.location,
                          hint: "write USD, EUR, GBP… or a symbol such as $", code: .rulesCurrency)
            } else if currency.count == 3, currency.unicodeScalars.allSatisfy({ $0.properties.isAlphabetic && $0.isASCII }),
                      !Formatting.isISOCurrency(currency) {
                // Three letters that name no currency (XYZ): written as they are, but said.
                bag.add(.warning("currency '\(currency)' is not an ISO 4217 code; amounts are written '\(Formatting.currencyPrefix(currency))1,234.50'",
                                 at: c.location, hint: Suggestions.didYouMean(currency.uppercased(), in: Formatting.isoCurrencies) ?? "write USD, EUR, GBP… or a symbol such as $",
                                 code: .rulesCurrency))
            }
        }
        var limits = TipLimits(tips: 5, tipsPerArea: 2)
        if let l = m.take("limits"), var lr = MappingReader(l, what: "limits", bag: &bag) {
            if let t = lr.int("tips", &bag) { limits.tips = positive(t, lr.take("tips"), "tips", &bag) }
            if let t = lr.int("tips_per_area", &bag) { limits.tipsPerArea = positive(t, lr.take("tips_per_area"), "tips_per_area", &bag) }
            lr.finish(&bag, allowed: RuleFormat.limitsKeys)
        }
        let phases = decodePhases(m.require("phases", &bag, hint: "list the program's phases, e.g. '- {id: days-1-30, title: ..., until_day: 30}'"), &bag)
        let routes = uniqueNames(m.take("routes"), what: "route", &bag)
        let areas = uniqueNames(m.take("areas"), what: "area", &bag)
        let params = decodeParams(m.take("params"), &bag)
        let benchmarks = decodeBenchmarks(m.take("benchmarks"), &bag)
        var escalationCooldown: Int?
        var acknowledgedFor = Manifest.defaultAcknowledgedDays
        if let e = m.take("escalations"), var er = MappingReader(e, what: "escalations", bag: &bag) {
            if let c = er.take("cooldown") { escalationCooldown = Duration.days(c, &bag) }
            if let a = er.take("acknowledged_for"), let days = Duration.days(a, &bag) { acknowledgedFor = days }
            er.finish(&bag, allowed: RuleFormat.manifestEscalationKeys)
        }
        let dismissals = decodeDismissals(m.take("dismissals"), areas: areas, &bag)
        m.finish(&bag, allowed: keys)
        return Manifest(name: name, version: version, requires: requires, currency: currency, limits: limits,
                        phases: phases, routes: routes, areas: areas, params: params, benchmarks: benchmarks,
                        escalationCooldownDays: escalationCooldown, acknowledgedForDays: acknowledgedFor, dismissals: dismissals)
    }

    /// `dismissals: {default: 30d, pricing: 14d}`: how long a dismissed tip is held back,
    /// by default and per area.
    static func decodeDismissals(_ node: Node?, areas: [String], _ bag: inout DiagnosticBag) -> Dismissals {
        var result = Dismissals()
        guard let node else { return result }
        guard let entries = node.mapping else {
            bag.error("'dismissals' must be a mapping of 'default' and area names to durations, e.g. {default: 30d, pricing: 14d}",
                      at: node.location, code: .rulesType)
            return result
        }
        for pair in entries {
            let keyNode = pair.key, value = pair.value
            let key = keyNode.scalar?.text ?? ""
            guard let days = Duration.days(value, &bag) else { continue }
            if key == "default" {
                result.defaultDays = days
            } else if areas.contains(key) {
                result.byArea[key] = days
            } else {
                bag.error("'dismissals' names '\(key)', which is neither 'default' nor an area", at: keyNode.location,
                          hint: Suggestions.didYouMean(key, in: ["default"] + areas) ?? "areas: \(areas.joined(separator: ", "))",
                          code: .rulesUnknownArea)
            }
        }
        return result
    }

    private static func positive(_ v: Int64, _ node: Node?, _ key: String, _ bag: inout DiagnosticBag) -> Int {
        if v < 0 || v > 1000 {
            bag.error("'\(key)' must be between 0 and 1000", at: node?.location, code: .rulesRange)
            return 0
        }
        return Int(v)
    }

    static func decodePhases(_ node: Node?, _ bag: inout DiagnosticBag) -> [Phase] {
        guard let node else { return [] }
        guard let items = node.sequence else {
            bag.error("'phases' must be a list", at: node.location, code: .rulesType)
            return []
        }
        var phases: [Phase] = []
        for item in items {
            guard var r = MappingReader(item, what: "phase", bag: &bag) else { continue }
            let id = r.name("id", required: true, &bag)
            let title = r.shownText("title", &bag)
            if let title { Decode.refuseHidden(title, what: "the phase's title", at: r.valueNode("title")?.location, &bag) }
            let until = r.int("until_day", required: true, &bag)
            r.finish(&bag, allowed: RuleFormat.phaseKeys)
            guard let id else { continue }
            guard let until, until >= 1, until <= Duration.maxDays else {
                if let until {
                    bag.error("phase '\(id)' ends on day \(until), outside 1–\(Duration.maxDays)", at: r.keyNode("until_day")?.location ?? item.location,
                              hint: "a program's phases end between day 1 and day \(Duration.maxDays) (a hundred years)", code: .rulesRange)
                }
                // Still declared (its error fails the load): a playbook naming it is not also
                // told that it is unknown. It ends with the phase before it, so the next phase
                // is checked against that one, as if it were not there.
                phases.append(Phase(id: id, title: title ?? id, untilDay: phases.last?.untilDay ?? 0, location: item.location))
                continue
            }
            if let previous = phases.last, until <= previous.untilDay {
                bag.error("phase '\(id)' ends on day \(until), not after the previous phase (day \(previous.untilDay))",
                          at: item.location, hint: "list phases in order, each ending later", code: .rulesPhaseOrder)
            }
            if phases.contains(where: { $0.id == id }) {
                bag.error("duplicate phase '\(id)'", at: item.location, code: .rulesDuplicateId)
            }
            // `phase == "graduated"` means past the last phase: a phase of that name would
            // make it mean both.
            if id == Phase.graduated {
                bag.error("phase id '\(id)' is the phase of a seller past the last one", at: r.keyNode("id")?.location ?? item.location,
                          hint: "give this phase another id", code: .rulesDuplicateId)
            }
            phases.append(Phase(id: id, title: title ?? id, untilDay: Int(until), location: item.location))
        }
        if phases.isEmpty { bag.error("'phases' is empty", at: node.location, code: .rulesMissingKey) }
        return phases
    }

    static func uniqueNames(_ node: Node?, what: String, _ bag: inout DiagnosticBag) -> [String] {
        guard let node, let list = Decode.stringList(node, what: "'\(what)s'", &bag) else { return [] }
        var seen: [String: SourceLocation] = [:]
        var out: [String] = []
        for item in list {
            Decode.refuseHidden(item.value, what: what, at: item.location, &bag)
            if let first = seen[item.value] {
                bag.error("duplicate \(what) '\(item.value)'", at: item.location, notes: [.init("first listed here", at: first)],
                          code: .rulesDuplicateId)
                continue
            }
            seen[item.value] = item.location
            out.append(item.value)
        }
        return out
    }

    static func decodeParams(_ node: Node?, _ bag: inout DiagnosticBag) -> [Param] {
        guard let node else { return [] }
        guard let pairs = node.mapping else {
            bag.error("'params' must be a mapping of names to values", at: node.location, code: .rulesType)
            return []
        }
        var params: [Param] = []
        for pair in pairs {
            guard let name = pair.key.scalar?.text else { continue }
            if !Identifier.isValid(name) {
                bag.error("param name '\(name)' is not a valid identifier", at: pair.key.location,
                          hint: "use letters, digits and underscores, starting with a letter", code: .rulesName)
                continue
            }
            // A param whose value is refused is still declared (as dyn), so the expressions
            // that read it report nothing more than the one error.
            let (value, type) = ParamValue.decode(pair.value, &bag) ?? (.null, .dyn)
            params.append(Param(name: name, value: value, type: type, location: pair.key.location))
        }
        return params
    }

    static func decodeBenchmarks(_ node: Node?, _ bag: inout DiagnosticBag) -> Benchmarks {
        var result = Benchmarks(keys: [], defaultRow: [], rows: [:])
        guard let node, var r = MappingReader(node, what: "benchmarks", bag: &bag) else { return result }
        let bandsNode = r.take("bands")
        let bands = decodeBands(bandsNode, &bag)
        let declared = bandsNode?.mapping?.compactMap { $0.key.scalar?.text } ?? []
        if let byNode = r.take("by") { result.by = decodeBy(byNode, bands: bands, declared: declared, &bag) }
        for band in bands where !result.by.contains(.band(band)) {
            bag.add(.warning("band '\(band.name)' is not in 'by', so no row is chosen by it", at: band.location,
                             hint: "add it to 'by', or remove it", code: .rulesBenchmarks))
        }
        guard let def = r.require("default", &bag, hint: "give a 'default' row used when a seller has no row of its own"),
              let defPairs = def.mapping else {
            r.finish(&bag, allowed: r.keys)
            return result
        }
        for pair in defPairs {
            guard let key = pair.key.scalar?.text, let v = Decode.double(pair.value, what: "benchmark '\(pair.key.scalar?.text ?? "")'", &bag) else { continue }
            result.keys.append(key)
            result.defaultRow.append(v)
        }
        for key in r.keys where key != "by" && key != "default" && key != "bands" {
            // A row for `toys` with a zero-width space in its name matched no seller of toys.
            Decode.refuseHidden(key, what: "benchmark row", at: r.keyNode(key)?.location, &bag)
            guard let rowNode = r.take(key), let pairs = rowNode.mapping else {
                bag.error("benchmark row '\(key)' must be a mapping", at: r.keyNode(key)?.location, code: .rulesType)
                continue
            }
            guard let rowKey = rowKey(key, by: result.by, at: r.keyNode(key)?.location, &bag) else { continue }
            var row = result.defaultRow
            var given = Set<String>()
            for pair in pairs {
                guard let name = pair.key.scalar?.text else { continue }
                guard let i = result.keys.firstIndex(of: name) else {
                    bag.error("benchmark '\(name)' in row '\(key)' is not in the default row", at: pair.key.location,
                              hint: Suggestions.didYouMean(name, in: result.keys) ?? "add it to 'default' first", code: .rulesBenchmarks)
                    continue
                }
                if let v = Decode.double(pair.value, what: "benchmark '\(name)'", &bag) { row[i] = v }
                given.insert(name)
            }
            let missing = result.keys.filter { !given.contains($0) }
            if !missing.isEmpty {
                bag.error("benchmark row '\(key)' is missing \(missing.map { "'\($0)'" }.joined(separator: ", "))",
                          at: rowNode.location, hint: "every row needs exactly the keys of 'default'", code: .rulesBenchmarks)
            }
            if result.rows[rowKey] != nil {
                bag.error("benchmark rows '\(key)' and another one are the same row ('\(rowKey)')", at: r.keyNode(key)?.location,
                          hint: "keep one of them", code: .rulesBenchmarks)
            }
            result.rows[rowKey] = row
        }
        return result
    }

    /// `by: category`, or a list of `category` and band names.
    static func decodeBy(_ node: Node, bands: [Band], declared: [String], _ bag: inout DiagnosticBag) -> [BenchmarkKey] {
        let names = node.sequence.map { $0.compactMap { $0.scalar?.text } } ?? node.scalar.map { [$0.text] } ?? []
        var by: [BenchmarkKey] = []
        for name in names {
            if name == "category" {
                by.append(.category)
            } else if let band = bands.first(where: { $0.name == name }) {
                by.append(.band(band))
            } else if declared.contains(name) {
                continue  // a band with an error of its own, already reported
            } else {
                bag.error("benchmarks can be chosen by 'category' and the bands under 'bands', not '\(name)'", at: node.location,
                          hint: Suggestions.didYouMean(name, in: ["category"] + bands.map(\.name)) ?? "declare it under 'bands': {\(name): {of: day, edges: [30, 60], names: [a, b, c]}}",
                          code: .rulesBenchmarks)
            }
        }
        if by.isEmpty || Set(by.map(\.name)).count != by.count || by.count > 4 {
            bag.error("'by' must name 'category' or a band, each once, at most 4 in all", at: node.location, code: .rulesBenchmarks)
            return [.category]
        }
        return by
    }

    /// `bands: {tenure: {of: day, edges: [30, 60], names: [new, growing, established]}}`.
    static func decodeBands(_ node: Node?, _ bag: inout DiagnosticBag) -> [Band] {
        guard let node else { return [] }
        guard let pairs = node.mapping else {
            bag.error("'bands' must be a mapping of band names to {of, edges, names}", at: node.location, code: .rulesType)
            return []
        }
        var bands: [Band] = []
        for pair in pairs {
            guard let name = pair.key.scalar?.text, var r = MappingReader(pair.value, what: "band", bag: &bag) else { continue }
            defer { r.finish(&bag, allowed: RuleFormat.bandKeys) }
            let of = r.string("of", required: true, &bag) ?? ""
            let edgesNode = r.require("edges", &bag, hint: "the upper edges, ascending: edges: [30, 60]")
            let edges = edgesNode?.sequence?.compactMap { Decode.double($0, what: "an edge", &bag) } ?? []
            let names = r.stringList("names", &bag)?.map(\.value) ?? []
            if name == "category" || !Identifier.isValid(name) {
                bag.error("band name '\(name)' must be an identifier other than 'category'", at: pair.key.location, code: .rulesBenchmarks)
                continue
            }
            guard let edgesNode, edgesNode.sequence != nil, !edges.isEmpty, zip(edges, edges.dropFirst()).allSatisfy({ $0 < $1 }) else {
                bag.error("band '\(name)' needs 'edges': a list of ascending numbers", at: edgesNode?.location ?? pair.key.location, code: .rulesBenchmarks)
                continue
            }
            guard names.count == edges.count + 1, Set(names).count == names.count, !names.contains("*"), !names.contains(where: { $0.contains("/") }) else {
                bag.error("band '\(name)' needs \(edges.count + 1) different names, one more than its edges (no '*' or '/')", at: pair.value.location,
                          hint: "for edges [30, 60]: names: [new, growing, established]", code: .rulesBenchmarks)
                continue
            }
            bands.append(Band(name: name, of: of, edges: edges, names: names, location: pair.key.location))
        }
        return bands
    }

    /// A row's key, normalised (`electronics/*` is `electronics`), or nil (with an error) when
    /// it has more parts than `by` or names a band value that does not exist.
    static func rowKey(_ key: String, by: [BenchmarkKey], at location: SourceLocation?, _ bag: inout DiagnosticBag) -> String? {
        if by == [.category] { return key }  // by category alone: the key is the category, whatever it holds
        var parts = key.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        guard parts.count <= by.count, !parts.contains(where: \.isEmpty) else {
            bag.error("benchmark row '\(key)' has \(parts.count) parts, but 'by' has \(by.count) (\(by.map(\.name).joined(separator: ", ")))",
                      at: location, hint: "write the row as \(by.map { $0.name.uppercased() }.joined(separator: "/")), with * for a part it leaves open",
                      code: .rulesBenchmarks)
            return nil
        }
        for (part, k) in zip(parts, by) where part != "*" {
            if case .band(let band) = k, !band.names.contains(part) {
                bag.error("benchmark row '\(key)' names '\(part)', which is not a '\(band.name)' band", at: location,
                          hint: Suggestions.didYouMean(part, in: band.names) ?? "bands of '\(band.name)': \(band.names.joined(separator: ", "))",
                          code: .rulesBenchmarks)
                return nil
            }
        }
        while parts.last == "*" { parts.removeLast() }
        if parts.isEmpty {
            bag.error("benchmark row '\(key)' leaves every part open; that is the 'default' row", at: location, code: .rulesBenchmarks)
            return nil
        }
        return parts.joined(separator: "/")
    }
}

/// Reads param values: numbers, booleans, text, and lists of one of those.
enum ParamValue {
    static func decode(_ node: Node, _ bag: inout DiagnosticBag) -> (Value, CELType)? {
        if let s = node.scalar { return scalar(s, node, &bag) }
        guard let items = node.sequence else {
            bag.error("a param must be a number, true/false, text, or a list of those", at: node.location, code: .rulesType)
            return nil
        }
        var values: [Value] = []
        var types = Set<String>()
        var elementType: CELType = .dyn
        for item in items {
            guard let s = item.scalar, let (v, t) = scalar(s, item, &bag) else { return nil }
            values.append(v)
            types.insert(t.description)
            elementType = t
        }
        if types.count > 1 {
            if types == ["int", "double"] {
                values = values.map { if case .int(let i) = $0 { return .double(Double(i)) }; return $0 }
                elementType = .double
            } else {
                bag.error("the items of a list param must all have one type", at: node.location, code: .rulesType)
                return nil
            }
        }
        return (.list(values), .list(elementType))
    }

    private static func scalar(_ s: Scalar, _ node: Node, _ bag: inout DiagnosticBag) -> (Value, CELType)? {
        switch s.value {
        case .int(let i): return (.int(i), .int)
        case .float: return Decode.double(node, what: "a param", &bag).map { (.double($0), .double) }
        case .bool(let b): return (.bool(b), .bool)
        case .string(let t): return (.string(t), .string)
        case .null:
            bag.error("a param needs a value", at: node.location, code: .rulesType)
            return nil
        }
    }
}

/// Names usable in expressions.
enum Identifier {
    /// Whether `name` can name a signal, param, definition or field: the expression
    /// language's own rule (``Lexer/isIdentifier(_:)``), so every name the format accepts
    /// can be written in an expression.
    static func isValid(_ name: String) -> Bool { Lexer.isIdentifier(name) }
}

// CatalogDecoder.swift — Rules/signals.yaml into a SignalCatalog.

import CoachExpr
import CoachSource
import CoachYAML

enum CatalogDecoder {
    static let signalKeys = RuleFormat.signalKeys
    static let scalarTypes = RuleFormat.elementTypes

    static func decode(_ node: Node, reserved: Set<String>, _ bag: inout DiagnosticBag) -> SignalCatalog {
        var catalog = SignalCatalog(signals: [])
        guard var r = MappingReader(node, what: "signal catalog", bag: &bag) else { return catalog }
        guard let signalsNode = r.require("signals", &bag) else { r.finish(&bag, allowed: RuleFormat.catalogKeys); return catalog }
        r.finish(&bag, allowed: RuleFormat.catalogKeys)
        guard let pairs = signalsNode.mapping else {
            bag.error("'signals' must map signal names to their declarations", at: signalsNode.location, code: .rulesType)
            return catalog
        }
        for pair in pairs {
            guard let name = pair.key.scalar?.text else { continue }
            if !Identifier.isValid(name) {
                bag.error("signal name '\(name)' is not a valid identifier", at: pair.key.location,
                          hint: "use letters, digits and underscores, starting with a letter", code: .rulesName)
                continue
            }
            if reserved.contains(name) {
                let what = RuleSetCompiler.functionNamespaces.contains(name) ? "names the \(name).* functions" : "is provided by the engine"
                bag.error("'\(name)' \(what) and cannot be a signal", at: pair.key.location,
                          hint: "rename the signal", code: .rulesName)
                continue
            }
            if let s = decodeSignal(name, pair.value, at: pair.key.location, &bag) { catalog.signals.append(s) }
        }
        return catalog
    }

    static func decodeSignal(_ name: String, _ node: Node, at location: SourceLocation, _ bag: inout DiagnosticBag) -> Signal? {
        guard var r = MappingReader(node, what: "signal '\(name)'", bag: &bag) else { return nil }
        defer { r.finish(&bag, allowed: signalKeys) }
        guard let typeNode = r.require("type", &bag, hint: "one of: int, double, bool, string, list") else { return nil }
        guard let typeName = Decode.string(typeNode, what: "'type'", &bag) else { return nil }
        var type: SignalType
        switch typeName {
        case "int": type = .int
        case "double": type = .double
        case "bool": type = .bool
        case "string": type = .string
        case "list":
            guard let of = r.require("of", &bag, hint: "say what the list holds: 'of: int', or 'of: {field: type, ...}'"),
                  let element = decodeElement(of, &bag) else { return nil }
            type = .list(element)
        default:
            bag.error("unknown signal type '\(typeName)'", at: typeNode.location, length: typeName.count,
                      hint: Suggestions.didYouMean(typeName, in: RuleFormat.signalTypes) ?? "one of: int, double, bool, string, list",
                      code: .rulesSignalType)
            return nil
        }
        if case .list = type {} else if let of = r.take("of") {
            bag.error("'of' is only for lists", at: of.location, code: .rulesSignalType)
        }
        let unit = r.string("unit", &bag)
        let range = r.take("range").flatMap { decodeRange($0, for: type, &bag) }
        let description = r.string("description", required: true, &bag) ?? ""
        var absence = Absence.optional
        let absentNode = r.take("absent")
        let defaultNode = r.take("default")
        if let absentNode, let mode = Decode.string(absentNode, what: "'absent'", &bag) {
            switch mode {
            case "required": absence = .required
            case "optional": absence = .optional
            case "default":
                if let defaultNode {
                    if let v = SnapshotValue.coerce(defaultNode, to: type, &bag) { absence = .defaultValue(v) }
                } else {
                    bag.error("signal '\(name)' says 'absent: default' but gives no 'default'", at: absentNode.location,
                              code: .rulesMissingKey)
                }
            default:
                bag.error("'absent' must be required, optional or default, not '\(mode)'", at: absentNode.location,
                          hint: Suggestions.didYouMean(mode, in: RuleFormat.absentModes), code: .rulesType)
            }
        }
        let saysDefault = absentNode.flatMap { $0.scalar?.text } == "default"
        if let defaultNode, !saysDefault {
            bag.error("'default' needs 'absent: default'", at: defaultNode.location,
                      hint: "add 'absent: default', or remove 'default'", code: .rulesMissingKey)
        }
        if let range, case .defaultValue(let v) = absence, let d = v.number, !range.contains(d) {
            bag.error("the default of '\(name)' is outside its range \(range.description)", at: defaultNode?.location, code: .rulesRange)
        }
        return Signal(name: name, type: type, unit: unit, range: range, absence: absence, description: description, location: location)
    }

    static func decodeElement(_ node: Node, _ bag: inout DiagnosticBag) -> SignalType? {
        if let s = node.scalar {
            switch s.text {
            case "int": return .int
            case "double": return .double
            case "bool": return .bool
            case "string": return .string
            default:
                bag.error("a list holds int, double, bool, string, or objects, not '\(s.text)'", at: node.location,
                          hint: Suggestions.didYouMean(s.text, in: scalarTypes), code: .rulesSignalType)
                return nil
            }
        }
        guard let pairs = node.mapping else {
            bag.error("'of' must be a type name or a mapping of field names to types", at: node.location, code: .rulesType)
            return nil
        }
        var fields: [SignalField] = []
        for pair in pairs {
            guard let name = pair.key.scalar?.text else { continue }
            guard Identifier.isValid(name) else {
                bag.error("field name '\(name)' is not a valid identifier", at: pair.key.location, code: .rulesName)
                continue
            }
            var typeNode = pair.value
            var range: ValueRange?
            var optional = false
            if pair.value.mapping != nil, var fr = MappingReader(pair.value, what: "field '\(name)'", bag: &bag) {
                guard let t = fr.require("type", &bag) else { continue }
                typeNode = t
                if let rn = fr.take("range") { range = decodeRange(rn, for: .double, &bag) }
                if let an = fr.take("absent") { optional = decodeFieldAbsence(an, field: name, &bag) }
                fr.finish(&bag, allowed: RuleFormat.fieldKeys)
            }
            guard let t = typeNode.scalar?.text, ["int", "double", "bool", "string"].contains(t) else {
                bag.error("field '\(name)' must be int, double, bool or string", at: typeNode.location,
                          hint: typeNode.scalar.flatMap { Suggestions.didYouMean($0.text, in: scalarTypes) }, code: .rulesSignalType)
                continue
            }
            let type: SignalType = t == "int" ? .int : t == "double" ? .double : t == "bool" ? .bool : .string
            fields.append(SignalField(name: name, type: type, range: range, optional: optional))
        }
        return .object(fields)
    }

    /// A field's `absent`: `required` (the default: every object gives the field) or
    /// `optional` (an object may leave it out; `has(l.field)` asks).
    static func decodeFieldAbsence(_ node: Node, field: String, _ bag: inout DiagnosticBag) -> Bool {
        switch node.scalar?.text {
        case "optional": return true
        case "required": return false
        default:
            bag.error("field '\(field)': 'absent' must be required or optional", at: node.location,
                      hint: "a field left out by some objects is `absent: optional`; read it as has(l.\(field)) ? l.\(field) : ...",
                      code: .rulesType)
            return false
        }
    }

    static func decodeRange(_ node: Node, for type: SignalType, _ bag: inout DiagnosticBag) -> ValueRange? {
        guard let items = node.sequence, items.count == 2 else {
            bag.error("'range' must be [min, max]", at: node.location, hint: "use null for an open end: [0, null]", code: .rulesType)
            return nil
        }
        func bound(_ n: Node) -> Double?? {
            if case .null? = n.scalar?.value { return .some(nil) }
            guard let d = Decode.double(n, what: "a range bound", &bag) else { return nil }
            return .some(d)
        }
        guard let lo = bound(items[0]), let hi = bound(items[1]) else { return nil }
        func exact(_ n: Node) -> Int64? { if case .int(let i)? = n.scalar?.value { return i }; return nil }
        let intLo = exact(items[0]), intHi = exact(items[1])
        if let lo, let hi, intLo.flatMap({ l in intHi.map { l > $0 } }) ?? (lo > hi) {
            bag.error("range \(ValueRange(min: lo, max: hi, intMin: intLo, intMax: intHi).description) is empty: min is above max", at: node.location, code: .rulesRange)
            return nil
        }
        if case .string = type { bag.error("a text signal cannot have a range", at: node.location, code: .rulesRange) }
        if case .bool = type { bag.error("a true/false signal cannot have a range", at: node.location, code: .rulesRange) }
        return ValueRange(min: lo, max: hi, intMin: intLo, intMax: intHi)
    }
}

/// Reads YAML values (defaults, test snapshots) as signal values of a given type.
package enum SnapshotValue {
    /// The node as a value of `type`, or `nil` with a diagnostic.
    static func coerce(_ node: Node, to type: SignalType, _ bag: inout DiagnosticBag) -> Value? {
        switch type {
        case .int: return Decode.int(node, what: "the value", &bag).map { .int($0) }
        case .double: return Decode.double(node, what: "the value", &bag).map { .double($0) }
        case .bool: return Decode.bool(node, what: "the value", &bag).map { .bool($0) }
        case .string: return Decode.string(node, what: "the value", &bag).map { .string($0) }
        case .list(let element):
            guard let items = node.sequence else {
                bag.error("expected a list, found \(node.kindWithArticle)", at: node.location, code: .rulesType)
                return nil
            }
            var out: [Value] = []
            for item in items {
                guard let v = coerce(item, to: element, &bag) else { return nil }
                out.append(v)
            }
            return .list(out)
        case .object:
            bag.error("object defaults are not supported", at: node.location, code: .rulesType)
            return nil
        }
    }
}

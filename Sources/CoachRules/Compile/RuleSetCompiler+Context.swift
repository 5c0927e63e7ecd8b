// RuleSetCompiler+Context.swift — what the passes after the definitions compile against:
// the final environment, and which signals each program reads (directly or through
// definitions).

import CoachExpr
import CoachSource

extension RuleSetCompiler {
    /// Compiles expressions of rules and items against the final environment.
    struct Context {
        let env: Environment
        let signalIndex: [String: Int]
        let definitionSignals: [String: [Int]]
        /// What each definition's value proves present.
        let definitionPresence: [String: ImpliedPresence.Sets]
        /// Each definition's program, by name.
        let definitionPrograms: [String: Program]
        /// What was compiled already, by text and position (a YAML alias's copies).
        let cache = CompileCache()

        func signals(_ p: Program) -> [Int] { signals([p]) }

        /// What each result of `p` can be, its `?:`s followed, and through the definitions a
        /// result names (at most 16 deep, a loop of definitions being refused on its own): the
        /// checker's type of each, with the node and the program it stands in. A `dyn` from
        /// mixed branches is checked branch by branch this way.
        func resultTypes(_ p: Program, depth: Int = 0) -> [(type: CELType, node: Expr, in: Program)] {
            guard let root = p.parsed?.root else { return [] }
            return RuleSetCompiler.branchResults(root).flatMap { node -> [(type: CELType, node: Expr, in: Program)] in
                if case .ident(let name, _) = node.kind, depth < 16, let d = definitionPrograms[name] {
                    return resultTypes(d, depth: depth + 1)
                }
                return p.type(of: node).map { [($0, node, p)] } ?? []
            }
        }

        /// The signals a rule's texts may read without a fallback: those whose absence skips
        /// the rule (`required`: its condition's and priority's), and those its condition
        /// proves present when it holds (`has(x) && …`). Not those it reads only behind a
        /// `has()` that may be false (`!has(x) || x < 10` holds without x).
        func present(whenHolds condition: Condition, required: Set<Int>) -> Set<Int> {
            required.union(ImpliedPresence(signalIndex: signalIndex, definitions: definitionPresence).whenHolds(condition))
        }

        /// The signals `programs` cannot do without: a rule reading a missing one is skipped.
        func signals(_ programs: [Program]) -> [Int] {
            RuleSetCompiler.signals(of: programs, index: signalIndex, definitions: definitionSignals).sorted()
        }

        /// The expression compiled and checked; the checker's warnings go to `bag`. Once per
        /// text and position (``CompileCache``).
        func program(_ e: ExprText, _ bag: inout DiagnosticBag) -> Program? {
            cache.program(CompileCache.Key(text: e.text, at: e.location, template: false), &bag) { (bag: inout DiagnosticBag) -> Program? in
                do throws(DiagnosticError) {
                    let program = try env.compile(e.text, origin: e.origin)
                    bag.add(contentsOf: program.warnings)
                    return program
                } catch {
                    bag.add(contentsOf: error.diagnostics)
                    return nil
                }
            }
        }

        /// The template compiled and checked, once per text and position.
        func template(_ t: TemplateText, _ bag: inout DiagnosticBag) -> Template? {
            cache.template(CompileCache.Key(text: t.text, at: t.location, template: true), &bag) { bag in
                Template.compile(t, environment: env, &bag)
            }
        }

        func boolProgram(_ e: ExprText, what: String, _ bag: inout DiagnosticBag) -> Program? {
            guard let p = program(e, &bag) else { return nil }
            switch p.resultType {
            case .bool, .dyn: return p
            default:
                bag.error("\(what) must be true or false, but this expression gives \(p.resultType)", at: e.location,
                          hint: "compare it with something, e.g. '\(e.text) > 0'", code: .rulesNotBool)
                return nil
            }
        }

        func numberProgram(_ e: ExprText, what: String, _ bag: inout DiagnosticBag) -> Program? {
            guard let p = program(e, &bag) else { return nil }
            switch p.resultType {
            case .double, .int, .dyn: return p
            default:
                bag.error("\(what) must be a number, but this expression gives \(p.resultType)", at: e.location, code: .rulesNotNumber)
                return nil
            }
        }

        func condition(_ spec: ConditionSpec, _ bag: inout DiagnosticBag) -> Condition? {
            switch spec {
            case .expr(let e):
                return boolProgram(e, what: "a condition", &bag).map { .leaf(Leaf(program: $0, location: e.location, origin: e.origin)) }
            case .all(let members, _):
                let cs = members.compactMap { condition($0, &bag) }
                return cs.count == members.count ? .all(cs) : nil
            case .any(let members, _):
                let cs = members.compactMap { condition($0, &bag) }
                return cs.count == members.count ? .any(cs) : nil
            case .not(let member, _):
                return condition(member, &bag).map { .not($0) }
            }
        }
    }
}

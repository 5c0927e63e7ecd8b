// PopulationPreview.swift — builds a population's preview one line at a time: each seller's
// page, their row on the population page, and the counts its charts show.

import CoachRules
import CoachSource

/// The population preview in the making. Not thread-safe.
package final class PopulationPreview {
    package private(set) var page: PopulationPage
    private let ruleSet: RuleSet
    private let reader: SnapshotReader
    private let evaluator: Evaluator
    private let inputName: String

    package init(ruleSet: RuleSet, inputName: String) {
        self.ruleSet = ruleSet
        page = PopulationPage(summary: PopulationSummary(ruleSet: ruleSet, byCategory: false))
        reader = SnapshotReader(ruleSet: ruleSet)
        evaluator = Evaluator(ruleSet: ruleSet)
        self.inputName = inputName
    }

    /// The seller on line `number`: its page's file name (under `sellers/`) and HTML, or nil
    /// (the problem noted) when the line cannot be read.
    package func add(line: UnsafeRawBufferPointer, number: Int) -> (file: String, html: String)? {
        let snapshot: Snapshot
        do { snapshot = try reader.read(json: line, path: inputName) } catch {
            noteUnreadable(line: number, BatchWorker.jsonLinesHinted(error.diagnostics, line))
            return nil
        }
        evaluator.run(snapshot, texts: nil)
        page.summary.record(evaluator, category: snapshot.category)
        let seller = SellerPage(ruleSet: ruleSet, snapshot: snapshot, back: "../index.html")
        let file = String(number) + "-" + HTML.fileName(snapshot.sellerID) + ".html"
        let r = seller.recommendations
        page.add(PopulationPage.Row(seller: snapshot.sellerID, category: snapshot.category, day: snapshot.day, topTip: r.tips.first?.title,
                                    escalations: r.escalations.map { ($0.id, $0.severity) }, href: "sellers/" + file))
        return (file, seller.html)
    }

    /// Notes that line `number` could not be read.
    package func noteUnreadable(line number: Int, _ diagnostics: [Diagnostic]) {
        page.summary.unreadable += 1
        page.problems.add(line: number, diagnostics)
    }
}

// HandCoded.swift — the benchmark's rule set (bench/Rules) and playbook (bench/Playbooks),
// hand-coded: the reference coach's serving speed is measured against. What is decided for
// one seller here is what coach decides; the rules themselves are in HandCoded+Rules.swift
// and HandCoded+MoreRules.swift, the reading of a snapshot in HandCoded+Facts.swift.

import CoachEngine
import CoachExpr
import CoachRules

/// The benchmark's 100 rules and its playbook, hand-coded: the reference coach is measured against.
///
/// Signal and listing-field positions are resolved by name once, in `init`; thresholds,
/// params, benchmarks, priorities and limits are written in the code, as a hand-written
/// service would have them. `evaluate` reads each value once, decides every rule with plain
/// comparisons, and allocates nothing beyond the result arrays it reuses.
struct HandCoded {
    /// Rule ids, in the order of `fired` (the rule set's order: files by name, then file order).
    static let ruleIDs: [String] = rules.map(\.id)
    /// Checklist item ids, in the order of `itemStatus` (the rule set's order: by phase, then file order).
    static let itemIDs: [String] = [
        "first-listings", "photos-everywhere", "first-sale", "meet-mentor", "fix-photos", "policy-course",
        "ten-orders", "reply-fast", "price-check", "returns-audit",
        "thirty-orders", "strong-rating", "ads-test",
    ]

    /// The manifest's `limits.tips`.
    static let tipLimit = 6
    /// The manifest's `limits.tips_per_area`.
    static let tipsPerArea = 2

    /// Catalog index of each `Sig` (by raw value), or -1 when the catalog lacks it: then it is always missing.
    let signalIndex: [Int]
    /// Index of each `Field` (by raw value) in a listing object, or -1.
    let fieldIndex: [Int]
    /// Rules with a tip, in the order coach ranks tips: priority (highest first), then id.
    let tipOrder: [Int]
    /// Rules with an escalation, in coach's order: severity (critical first), then priority, then id.
    let escalationOrder: [Int]
    /// Each rule's area (raw value of `Area`).
    let ruleArea: [Int]
    /// How many rules and checklist items there are.
    let ruleCount: Int
    let itemCount: Int

    init(ruleSet: RuleSet) {
        let catalog = ruleSet.catalog
        signalIndex = Sig.allCases.map { catalog.index(of: $0.name) ?? -1 }
        var fields = [Int](repeating: -1, count: Field.allCases.count)
        if let i = catalog.index(of: Sig.listings.name), case .list(.object(let declared)) = catalog.signals[i].type {
            for f in Field.allCases { fields[f.rawValue] = declared.firstIndex { $0.name == f.name } ?? -1 }
        }
        fieldIndex = fields
        let rules = Self.rules
        tipOrder = rules.indices.filter { rules[$0].tip }.sorted { a, b in
            rules[a].priority != rules[b].priority ? rules[a].priority > rules[b].priority : rules[a].id < rules[b].id
        }
        escalationOrder = rules.indices.filter { rules[$0].severity != nil }.sorted { a, b in
            let x = rules[a], y = rules[b]
            if x.severity != y.severity { return (x.severity?.rawValue ?? 4) < (y.severity?.rawValue ?? 4) }
            if x.priority != y.priority { return x.priority > y.priority }
            return x.id < y.id
        }
        ruleArea = rules.map(\.area.rawValue)
        ruleCount = rules.count
        itemCount = Self.itemIDs.count
    }

    /// Decides every rule for one seller: fired[i] true when rule ruleIDs[i]'s condition holds
    /// (a rule reading a missing signal does not fire). Also shown tips after limits, escalations, checklist statuses.
    func evaluate(_ s: Snapshot, _ out: inout HandCodedResult) {
        out.reset(ruleCount: ruleCount, itemCount: itemCount)
        let f = facts(s)
        escalationRules(f, &out)
        habitRules(f, &out)
        inventoryRules(f, &out)
        listingRules(f, &out)
        marketingRules(f, &out)
        policyRules(f, &out)
        pricingRules(f, &out)
        serviceRules(f, &out)
        showTips(&out)
        for i in escalationOrder where out.fired[i] { out.escalations.append(i) }
        checklist(f, &out)
    }

    /// Tips by rank, at most `tipsPerArea` of an area and `tipLimit` in all. (Coach applies the
    /// area limit to every tip and then cuts the list; stopping at the total is the same.)
    func showTips(_ out: inout HandCodedResult) {
        for i in tipOrder where out.fired[i] {
            let area = ruleArea[i]
            var inArea = 0
            for t in out.tips where ruleArea[t] == area { inArea += 1 }
            if inArea >= Self.tipsPerArea { continue }
            out.tips.append(i)
            if out.tips.count == Self.tipLimit { return }
        }
    }

    // MARK: - The checklist

    /// Each item's status. An item is checked only when every signal it reads is present (else
    /// it is shown as not done); an item with `applies_when` is left out when any of its
    /// signals is missing; an on-demand item is listed while a rule naming it fires.
    func checklist(_ f: Facts, _ out: inout HandCodedResult) {
        let p = f.phase
        // days-1-30
        out.itemStatus[0] = Self.status(done: f.has(.activeListings) && f.activeListings >= 8, phase: 0, current: p)
        out.itemStatus[1] = Self.status(done: f.has(.listings) && f.l.count > 0 && f.l.fewPhotos == 0, phase: 0, current: p)
        out.itemStatus[2] = Self.status(done: f.has(.ordersTotal) && f.ordersTotal >= 1, phase: 0, current: p)
        out.itemStatus[3] = Self.status(done: f.has(.mentorSessions) && f.mentorSessions >= 1, phase: 0, current: p)
        if out.fired[R.lstFewPhotos.rawValue] {
            out.itemStatus[4] = Self.onDemand(done: f.has(.listings) && f.l.fewPhotos < 3)
        }
        if out.fired[R.polViolation.rawValue] || out.fired[R.polOpenCase.rawValue] || out.fired[R.escRepeatViolations.rawValue] {
            out.itemStatus[5] = Self.onDemand(done: f.has(.violations, .openCases) && f.violations == 0 && f.openCases == 0)
        }
        // days-31-60
        out.itemStatus[6] = Self.status(done: f.has(.orders) && f.orders >= 10, phase: 1, current: p)
        out.itemStatus[7] = Self.status(done: f.has(.unanswered, .responseHours) && f.unanswered == 0 && f.responseHours <= 12.0,
                                        phase: 1, current: p)
        if out.fired[R.prcAboveMarket.rawValue] || out.fired[R.prcOverpricedUnsold.rawValue] {
            out.itemStatus[8] = Self.onDemand(done: f.has(.priceIndex) && f.priceIndex <= 1.05)
        }
        if out.fired[R.svcHighReturns.rawValue] || out.fired[R.escReturnsSpike.rawValue] {
            out.itemStatus[9] = Self.onDemand(done: f.has(.returnRate) && f.returnRate <= f.bm.returnRate)
        }
        // days-61-90
        out.itemStatus[10] = Self.status(done: f.has(.orders) && f.orders >= 30, phase: 2, current: p)
        if f.has(.ordersTotal, .reviews, .rating) && f.ordersTotal >= 10 {
            out.itemStatus[11] = Self.status(done: f.reviews >= 5 && f.rating >= 4.5, phase: 2, current: p)
        }
        if f.has(.storeTier, .adsEnabled) && f.storeTier != .basic {
            out.itemStatus[12] = Self.status(done: f.adsEnabled, phase: 2, current: p)
        }
    }

    /// 1 done, 2 open (its phase is the current one), 3 overdue (passed), 4 upcoming.
    @inline(__always)
    static func status(done: Bool, phase: Int, current: Int) -> UInt8 {
        done ? 1 : phase == current ? 2 : phase < current ? 3 : 4
    }

    /// An on-demand item is work asked for now: done, or open.
    @inline(__always)
    static func onDemand(done: Bool) -> UInt8 { done ? 1 : 2 }
}

/// What `HandCoded.evaluate` decides for one seller. Reuse one per thread: `reset` keeps the capacity.
struct HandCodedResult {
    /// By ruleIDs index: the rule's condition holds.
    var fired: [Bool]
    /// Shown tips (ruleIDs indices) in coach's order, after the per-area and total limits.
    var tips: [Int]
    /// Escalating rules (ruleIDs indices) in coach's order.
    var escalations: [Int]
    /// Per itemIDs: 0 not listed, 1 done, 2 open, 3 overdue, 4 upcoming.
    var itemStatus: [UInt8]

    init() {
        fired = []
        tips = []
        escalations = []
        itemStatus = []
    }

    /// Clears the result for the next seller, keeping the arrays' storage.
    mutating func reset(ruleCount: Int, itemCount: Int) {
        fired.removeAll(keepingCapacity: true)
        fired.append(contentsOf: repeatElement(false, count: ruleCount))
        tips.removeAll(keepingCapacity: true)
        escalations.removeAll(keepingCapacity: true)
        itemStatus.removeAll(keepingCapacity: true)
        itemStatus.append(contentsOf: repeatElement(0, count: itemCount))
    }

    /// Records whether a rule's condition holds.
    @inline(__always)
    mutating func set(_ rule: HandCoded.R, _ holds: Bool) { fired[rule.rawValue] = holds }
}

// MARK: - The rules' attributes

extension HandCoded {
    /// The skill areas of the manifest.
    enum Area: Int {
        case listings, pricing, inventory, service, policy, marketing, habits
    }

    /// An escalation's severity, in coach's order (critical first).
    enum Level: Int {
        case critical, high, medium, low
    }

    /// What ranking needs of a rule: id, area, priority, whether it shows a tip, its escalation's severity.
    struct RuleInfo {
        let rule: R
        let id: String
        let area: Area
        let priority: Int
        let tip: Bool
        let severity: Level?
    }

    static func tip(_ rule: R, _ id: String, _ area: Area, _ priority: Int) -> RuleInfo {
        RuleInfo(rule: rule, id: id, area: area, priority: priority, tip: true, severity: nil)
    }

    static func escalation(_ rule: R, _ id: String, _ area: Area, _ priority: Int, _ severity: Level, tip: Bool = false) -> RuleInfo {
        RuleInfo(rule: rule, id: id, area: area, priority: priority, tip: tip, severity: severity)
    }

    /// Every rule, by `R` raw value.
    static let rules: [RuleInfo] = ruleTable.sorted { $0.rule.rawValue < $1.rule.rawValue }

    /// The rules, one per case of `R`, in the rule set's order.
    enum R: Int, CaseIterable {
        // escalations.yaml
        case escRepeatViolations, escOpenCases, escNoFirstSale, escLosingMoney, escRatingCollapse, escFulfilmentFailing,
             escDisengaged, escStalled, escReturnsSpike, escAdsBurn
        // habits.yaml
        case habDashboard, habNoDashboard, habMeetMentor, habMentorGap, habPhase1Listings, habPhase2Orders,
             habPhase3Dashboard, habGraduated, habWeeklyReview, habUpgradeTier, habProUnderused, habMidpoint,
             habTrackCosts, habBusyNewcomer, habQuietSeller
        // inventory.yaml
        case invBestsellerOut, invManyOut, invLowCover, invStockouts, invAgedStock, invOverstock, invSingleSupplier,
             invDropshipOut, invTryMarketplaceFulfilment, invDeadListings, invTotalStockLow, invSeasonalPrep
        // listings.yaml
        case lstFewPhotos, lstBestsellerFewPhotos, lstShortTitles, lstNoDescriptionViewed, lstWeakShare, lstNoneGood,
             lstStale, lstViewedNotSelling, lstTooFew, lstCatalogGrowth, lstFocusPhotos, lstElectronicsSpecs,
             lstLowAverageQuality, lstTopListingWeak, lstNewSellerSetup, lstNoRecentEdits
        // marketing.yaml
        case mktAdsUnprofitable, mktAdsWinning, mktTryAds, mktAdsWithoutMargin, mktLowTraffic, mktLowConversion,
             mktConvertsButUnseen, mktSalesFalling, mktSalesRising, mktNoSalesWeeks, mktFirstSalePush, mktFocusRepeat
        // policy.yaml
        case polViolation, polOpenCase, polCleanAndBusy, polElectronicsReturns, polDescriptionsMissing,
             polBasicTierLimit, polDropshipDisclosure, polAccountHealth
        // pricing.yaml
        case prcAboveMarket, prcBelowMarketThinMargin, prcNegativeMargin, prcOverpricedUnsold, prcRoomToRaise,
             prcSmallOrders, prcShippingHeavy, prcNoPriceTests, prcTooManyChanges, prcWideSpread, prcPremiumCategory,
             prcCogsHigh, prcDeepDiscount
        // service.yaml
        case svcSlowReplies, svcVerySlowReplies, svcUnanswered, svcHighReturns, svcListingReturns, svcReturnsVsCategory,
             svcLowRating, svcRatingBelowCategory, svcAskForReviews, svcLateShipping, svcCancellations, svcRepeatBuyers,
             svcNoReturnPolicy, svcFashionSizing
    }

    static let ruleTable: [RuleInfo] = [
        escalation(.escRepeatViolations, "escalate.repeat-violations", .policy, 95, .critical),
        escalation(.escOpenCases, "escalate.open-cases", .policy, 80, .high),
        escalation(.escNoFirstSale, "escalate.no-first-sale", .marketing, 85, .high),
        escalation(.escLosingMoney, "escalate.losing-money", .pricing, 70, .high),
        escalation(.escRatingCollapse, "escalate.rating-collapse", .service, 80, .high, tip: true),
        escalation(.escFulfilmentFailing, "escalate.fulfilment-failing", .service, 80, .high),
        escalation(.escDisengaged, "escalate.disengaged", .habits, 60, .medium),
        escalation(.escStalled, "escalate.stalled", .habits, 50, .medium),
        escalation(.escReturnsSpike, "escalate.returns-spike", .service, 60, .medium, tip: true),
        escalation(.escAdsBurn, "escalate.ads-burn", .marketing, 40, .low),

        tip(.habDashboard, "habits.dashboard", .habits, 40),
        tip(.habNoDashboard, "habits.no-dashboard", .habits, 50),
        tip(.habMeetMentor, "habits.meet-mentor", .habits, 70),
        tip(.habMentorGap, "habits.mentor-gap", .habits, 55),
        tip(.habPhase1Listings, "habits.phase-1-listings", .habits, 45),
        tip(.habPhase2Orders, "habits.phase-2-orders", .habits, 45),
        tip(.habPhase3Dashboard, "habits.phase-3-dashboard", .habits, 42),
        tip(.habGraduated, "habits.graduated", .habits, 20),
        tip(.habWeeklyReview, "habits.weekly-review", .habits, 15),
        tip(.habUpgradeTier, "habits.upgrade-tier", .habits, 30),
        tip(.habProUnderused, "habits.pro-underused", .habits, 28),
        tip(.habMidpoint, "habits.midpoint", .habits, 38),
        tip(.habTrackCosts, "habits.track-costs", .habits, 32),
        tip(.habBusyNewcomer, "habits.busy-newcomer", .habits, 25),
        tip(.habQuietSeller, "habits.quiet-seller", .habits, 58),

        tip(.invBestsellerOut, "inventory.bestseller-out", .inventory, 85),
        tip(.invManyOut, "inventory.many-out", .inventory, 60),
        tip(.invLowCover, "inventory.low-cover", .inventory, 75),
        tip(.invStockouts, "inventory.stockouts", .inventory, 55),
        tip(.invAgedStock, "inventory.aged-stock", .inventory, 50),
        tip(.invOverstock, "inventory.overstock", .inventory, 45),
        tip(.invSingleSupplier, "inventory.single-supplier", .inventory, 40),
        tip(.invDropshipOut, "inventory.dropship-out", .inventory, 58),
        tip(.invTryMarketplaceFulfilment, "inventory.try-marketplace-fulfilment", .inventory, 35),
        tip(.invDeadListings, "inventory.dead-listings", .inventory, 30),
        tip(.invTotalStockLow, "inventory.total-stock-low", .inventory, 65),
        tip(.invSeasonalPrep, "inventory.seasonal-prep", .inventory, 20),

        tip(.lstFewPhotos, "listings.few-photos", .listings, 70),
        tip(.lstBestsellerFewPhotos, "listings.bestseller-few-photos", .listings, 80),
        tip(.lstShortTitles, "listings.short-titles", .listings, 60),
        tip(.lstNoDescriptionViewed, "listings.no-description-viewed", .listings, 55),
        tip(.lstWeakShare, "listings.weak-share", .listings, 75),
        tip(.lstNoneGood, "listings.none-good", .listings, 50),
        tip(.lstStale, "listings.stale", .listings, 40),
        tip(.lstViewedNotSelling, "listings.viewed-not-selling", .listings, 65),
        tip(.lstTooFew, "listings.too-few", .listings, 60),
        tip(.lstCatalogGrowth, "listings.catalog-growth", .listings, 45),
        tip(.lstFocusPhotos, "listings.focus-photos", .listings, 58),
        tip(.lstElectronicsSpecs, "listings.electronics-specs", .listings, 52),
        tip(.lstLowAverageQuality, "listings.low-average-quality", .listings, 62),
        tip(.lstTopListingWeak, "listings.top-listing-weak", .listings, 68),
        tip(.lstNewSellerSetup, "listings.new-seller-setup", .listings, 85),
        tip(.lstNoRecentEdits, "listings.no-recent-edits", .listings, 35),

        tip(.mktAdsUnprofitable, "marketing.ads-unprofitable", .marketing, 70),
        tip(.mktAdsWinning, "marketing.ads-winning", .marketing, 40),
        tip(.mktTryAds, "marketing.try-ads", .marketing, 35),
        tip(.mktAdsWithoutMargin, "marketing.ads-without-margin", .marketing, 68),
        tip(.mktLowTraffic, "marketing.low-traffic", .marketing, 60),
        tip(.mktLowConversion, "marketing.low-conversion", .marketing, 66),
        tip(.mktConvertsButUnseen, "marketing.converts-but-unseen", .marketing, 45),
        tip(.mktSalesFalling, "marketing.sales-falling", .marketing, 75),
        tip(.mktSalesRising, "marketing.sales-rising", .marketing, 30),
        tip(.mktNoSalesWeeks, "marketing.no-sales-weeks", .marketing, 70),
        tip(.mktFirstSalePush, "marketing.first-sale-push", .marketing, 88),
        tip(.mktFocusRepeat, "marketing.focus-repeat", .marketing, 33),

        tip(.polViolation, "policy.violation", .policy, 85),
        tip(.polOpenCase, "policy.open-case", .policy, 80),
        tip(.polCleanAndBusy, "policy.clean-and-busy", .policy, 10),
        tip(.polElectronicsReturns, "policy.electronics-returns", .policy, 70),
        tip(.polDescriptionsMissing, "policy.descriptions-missing", .policy, 60),
        tip(.polBasicTierLimit, "policy.basic-tier-limit", .policy, 40),
        tip(.polDropshipDisclosure, "policy.dropship-disclosure", .policy, 50),
        tip(.polAccountHealth, "policy.account-health", .policy, 65),

        tip(.prcAboveMarket, "pricing.above-market", .pricing, 70),
        tip(.prcBelowMarketThinMargin, "pricing.below-market-thin-margin", .pricing, 72),
        tip(.prcNegativeMargin, "pricing.negative-margin", .pricing, 90),
        tip(.prcOverpricedUnsold, "pricing.overpriced-unsold", .pricing, 60),
        tip(.prcRoomToRaise, "pricing.room-to-raise", .pricing, 45),
        tip(.prcSmallOrders, "pricing.small-orders", .pricing, 40),
        tip(.prcShippingHeavy, "pricing.shipping-heavy", .pricing, 50),
        tip(.prcNoPriceTests, "pricing.no-price-tests", .pricing, 30),
        tip(.prcTooManyChanges, "pricing.too-many-changes", .pricing, 35),
        tip(.prcWideSpread, "pricing.wide-spread", .pricing, 25),
        tip(.prcPremiumCategory, "pricing.premium-category", .pricing, 55),
        tip(.prcCogsHigh, "pricing.cogs-high", .pricing, 65),
        tip(.prcDeepDiscount, "pricing.deep-discount", .pricing, 48),

        tip(.svcSlowReplies, "service.slow-replies", .service, 60),
        tip(.svcVerySlowReplies, "service.very-slow-replies", .service, 78),
        tip(.svcUnanswered, "service.unanswered", .service, 80),
        tip(.svcHighReturns, "service.high-returns", .service, 70),
        tip(.svcListingReturns, "service.listing-returns", .service, 66),
        tip(.svcReturnsVsCategory, "service.returns-vs-category", .service, 64),
        tip(.svcLowRating, "service.low-rating", .service, 75),
        tip(.svcRatingBelowCategory, "service.rating-below-category", .service, 50),
        tip(.svcAskForReviews, "service.ask-for-reviews", .service, 45),
        tip(.svcLateShipping, "service.late-shipping", .service, 72),
        tip(.svcCancellations, "service.cancellations", .service, 74),
        tip(.svcRepeatBuyers, "service.repeat-buyers", .service, 35),
        tip(.svcNoReturnPolicy, "service.no-return-policy", .service, 55),
        tip(.svcFashionSizing, "service.fashion-sizing", .service, 62),
    ]
}

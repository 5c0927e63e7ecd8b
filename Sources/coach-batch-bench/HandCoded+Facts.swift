// HandCoded+Facts.swift — one seller's values, read once from the snapshot: each signal with
// whether it is present, the listing aggregates the rules need (one pass over the listings),
// and the values the rule set names in definitions.

import CoachEngine
import CoachExpr
import CoachRules

extension HandCoded {
    /// The catalog's signals (bench/Rules/signals.yaml), each with its catalog name.
    enum Sig: Int, CaseIterable {
        case sessions, orders, ordersTotal, conversion, activeListings, listings
        case gmv, weeklyOrders, priceIndex, priceChanges, cogs, shipping
        case stockouts, aged, suppliers, fulfilment
        case returnRate, reviews, rating, responseHours, unanswered, lateRate, cancelRate, repeatRate, returnPolicy
        case violations, openCases, storeTier
        case adsEnabled, adsSpend, adsRoas
        case dashboard, mentorSessions, mentorGap

        var name: String {
            switch self {
            case .sessions: return "sessions_30d"
            case .orders: return "orders_30d"
            case .ordersTotal: return "orders_total"
            case .conversion: return "conversion_rate"
            case .activeListings: return "active_listings"
            case .listings: return "listings"
            case .gmv: return "gmv_30d"
            case .weeklyOrders: return "weekly_orders"
            case .priceIndex: return "price_index"
            case .priceChanges: return "price_changes_30d"
            case .cogs: return "cogs_share"
            case .shipping: return "shipping_cost_share"
            case .stockouts: return "stockout_listings"
            case .aged: return "aged_inventory_share"
            case .suppliers: return "supplier_count"
            case .fulfilment: return "fulfilment"
            case .returnRate: return "return_rate"
            case .reviews: return "review_count"
            case .rating: return "average_rating"
            case .responseHours: return "response_time_hours"
            case .unanswered: return "unanswered_messages"
            case .lateRate: return "late_shipment_rate"
            case .cancelRate: return "cancellation_rate"
            case .repeatRate: return "repeat_buyer_rate"
            case .returnPolicy: return "has_return_policy"
            case .violations: return "policy_violations_30d"
            case .openCases: return "open_policy_cases"
            case .storeTier: return "store_tier"
            case .adsEnabled: return "ads_enabled"
            case .adsSpend: return "ads_spend_30d"
            case .adsRoas: return "ads_roas"
            case .dashboard: return "dashboard_visits_30d"
            case .mentorSessions: return "mentor_sessions_attended"
            case .mentorGap: return "days_since_mentor_session"
            }
        }

        /// The signal's bit in `Facts.present`.
        @inline(__always)
        var bit: UInt64 { 1 << UInt64(rawValue) }
    }

    /// The fields of a listing the rules read (`id` is not read).
    enum Field: Int, CaseIterable {
        case titleLength, photos, hasDescription, qualityScore, priceIndex, views, orders, returns, stock, daysSinceUpdate

        var name: String {
            switch self {
            case .titleLength: return "title_length"
            case .photos: return "photos"
            case .hasDescription: return "has_description"
            case .qualityScore: return "quality_score"
            case .priceIndex: return "price_index"
            case .views: return "views_30d"
            case .orders: return "orders_30d"
            case .returns: return "returns_30d"
            case .stock: return "stock"
            case .daysSinceUpdate: return "days_since_update"
            }
        }
    }

    /// The seller's category, as far as the rules tell categories apart; `other` (and no
    /// category) takes the default benchmark row.
    enum Category: Int {
        case other, electronics, fashion, homeGarden, beauty, toys, sports

        init(_ name: String?) {
            switch name {
            case "electronics"?: self = .electronics
            case "fashion"?: self = .fashion
            case "home_garden"?: self = .homeGarden
            case "beauty"?: self = .beauty
            case "toys"?: self = .toys
            case "sports"?: self = .sports
            default: self = .other
            }
        }

        /// `seller.category in params.focus_categories`.
        var isFocus: Bool { self == .fashion || self == .beauty }
    }

    enum Fulfilment {
        case selfShipped, marketplace, dropship, other
    }

    enum Tier {
        case basic, plus, pro, other
    }

    /// One row of the manifest's benchmarks.
    struct Benchmark {
        var conversion: Double
        var returnRate: Double
        var responseHours: Double
        var rating: Double
        var lateRate: Double
        var repeatRate: Double
        var shipping: Double
        var adsRoas: Double
    }

    /// The manifest's benchmark rows, by `Category` raw value (`other`: the default row).
    static let benchmarks: [Benchmark] = [
        Benchmark(conversion: 0.020, returnRate: 0.06, responseHours: 10.0, rating: 4.5, lateRate: 0.04, repeatRate: 0.18, shipping: 0.10, adsRoas: 4.0),
        Benchmark(conversion: 0.015, returnRate: 0.08, responseHours: 8.0, rating: 4.4, lateRate: 0.03, repeatRate: 0.12, shipping: 0.06, adsRoas: 5.0),
        Benchmark(conversion: 0.022, returnRate: 0.20, responseHours: 10.0, rating: 4.3, lateRate: 0.04, repeatRate: 0.22, shipping: 0.09, adsRoas: 3.5),
        Benchmark(conversion: 0.018, returnRate: 0.07, responseHours: 12.0, rating: 4.5, lateRate: 0.05, repeatRate: 0.15, shipping: 0.14, adsRoas: 4.0),
        Benchmark(conversion: 0.030, returnRate: 0.04, responseHours: 8.0, rating: 4.6, lateRate: 0.03, repeatRate: 0.30, shipping: 0.08, adsRoas: 4.5),
        Benchmark(conversion: 0.025, returnRate: 0.05, responseHours: 10.0, rating: 4.6, lateRate: 0.04, repeatRate: 0.14, shipping: 0.11, adsRoas: 4.0),
        Benchmark(conversion: 0.020, returnRate: 0.07, responseHours: 10.0, rating: 4.5, lateRate: 0.04, repeatRate: 0.16, shipping: 0.12, adsRoas: 4.0),
    ]

    /// What the rules read of the listings, gathered in one pass.
    struct ListingStats {
        var count: Int64 = 0
        var fewPhotos: Int64 = 0             // photos < 5 (few_photo_listings)
        var underSixPhotos = false           // some listing has photos < 6
        var bestsellerFewPhotos = false      // photos < 4 && orders >= 3
        var shortTitles: Int64 = 0           // title_length < 40
        var titlesUnder60: Int64 = 0         // title_length < 60
        var noDescription: Int64 = 0
        var viewedNoDescription = false      // !has_description && views >= 50
        var weak: Int64 = 0                  // quality < 60 (weak_listings)
        var good: Int64 = 0                  // quality >= 80
        var qualitySum = 0.0                 // summed as doubles, in order, as avg() does
        var stale: Int64 = 0                 // days_since_update > 60
        var recentlyEdited = false           // some listing has days_since_update < 14
        var unsoldViewed: Int64 = 0          // views >= 50 && orders == 0 (unsold_viewed)
        var overpricedUnsold = false         // ... and price_index > 1.15
        var topViews: Int64 = 0              // max views (top_views)
        var topIsWeak = false                // a listing with the most views has quality < 60
        var priceMax = 0.0
        var priceMin = 0.0
        var deepDiscount = false             // price_index < 0.6
        var outOfStock: Int64 = 0            // stock == 0 (out_of_stock)
        var bestsellerOut = false            // stock == 0 && orders >= 3
        var lowCover = false                 // orders >= 3, stock > 0, under 20 days of cover
        var overstock: Int64 = 0             // stock > 60 && orders == 0
        var dead: Int64 = 0                  // orders == 0 && days_since_update > 60
        var highReturns = false              // orders >= 3 && returns / orders >= 0.15
        // Sums of ints: an overflow is an error in CEL, and a rule reading the sum does not fire.
        var stock: Int64 = 0
        var stockOK = true
        var orders: Int64 = 0                // listing_orders
        var returns: Int64 = 0               // listing_returns
        var ordersAndReturnsOK = true

        /// Counts one listing in.
        @inline(__always)
        mutating func add(_ r: ListingRow) {
            count += 1
            if r.photos < 5 { fewPhotos += 1 }
            if r.photos < 6 { underSixPhotos = true }
            if r.photos < 4 && r.orders >= 3 { bestsellerFewPhotos = true }
            if r.title < 40 { shortTitles += 1 }
            if r.title < 60 { titlesUnder60 += 1 }
            if !r.described {
                noDescription += 1
                if r.views >= 50 { viewedNoDescription = true }
            }
            if r.quality < 60 { weak += 1 }
            if r.quality >= 80 { good += 1 }
            qualitySum += Double(r.quality)
            if r.updated > 60 {
                stale += 1
                if r.orders == 0 { dead += 1 }
            }
            if r.updated < 14 { recentlyEdited = true }
            if r.views >= 50 && r.orders == 0 {
                unsoldViewed += 1
                if r.price > 1.15 { overpricedUnsold = true }
            }
            if count == 1 || r.views > topViews {
                topViews = r.views
                topIsWeak = r.quality < 60
            } else if r.views == topViews && r.quality < 60 {
                topIsWeak = true
            }
            if count == 1 {
                priceMax = r.price
                priceMin = r.price
            } else {
                if r.price > priceMax { priceMax = r.price }
                if r.price < priceMin { priceMin = r.price }
            }
            if r.price < 0.6 { deepDiscount = true }
            if r.stock == 0 {
                outOfStock += 1
                if r.orders >= 3 { bestsellerOut = true }
            }
            if r.orders >= 3 {
                if r.stock > 0 && 30.0 * Double(r.stock) / Double(r.orders) < 20.0 { lowCover = true }
                if Double(r.returns) / Double(r.orders) >= 0.15 { highReturns = true }
            }
            if r.stock > 60 && r.orders == 0 { overstock += 1 }
            let (stockSum, o1) = stock.addingReportingOverflow(r.stock)
            let (orderSum, o2) = orders.addingReportingOverflow(r.orders)
            let (returnSum, o3) = returns.addingReportingOverflow(r.returns)
            stock = stockSum
            orders = orderSum
            returns = returnSum
            if o1 { stockOK = false }
            if o2 || o3 { ordersAndReturnsOK = false }
        }
    }

    /// One listing's fields, as the reference reads them.
    struct ListingRow {
        let title: Int64, photos: Int64, described: Bool, quality: Int64, price: Double, views: Int64
        let orders: Int64, returns: Int64, stock: Int64, updated: Int64
    }

    /// One seller's values. A signal's value is meaningful only when `has` says it is present.
    struct Facts {
        var present: UInt64 = 0
        var day = 0
        /// 0, 1, 2 for the phases; 3 when graduated.
        var phase = 0
        var category = Category.other
        var bm = HandCoded.benchmarks[0]

        var sessions: Int64 = 0
        var orders: Int64 = 0
        var ordersTotal: Int64 = 0
        var conversion = 0.0
        var activeListings: Int64 = 0
        var l = ListingStats()

        var gmv = 0.0
        var weeks = 0                        // weekly_orders.size()
        var weeksAllZero = true
        var last2w: Int64 = 0                // orders_last_2w
        var prev2w: Int64 = 0                // orders_prev_2w
        var weekSumsOK = true
        var priceIndex = 0.0
        var priceChanges: Int64 = 0
        var cogs = 0.0
        var shipping = 0.0
        var stockouts: Int64 = 0
        var aged = 0.0
        var suppliers: Int64 = 0
        var fulfilment = Fulfilment.other
        var returnRate = 0.0
        var reviews: Int64 = 0
        var rating = 0.0
        var responseHours = 0.0
        var unanswered: Int64 = 0
        var lateRate = 0.0
        var cancelRate = 0.0
        var repeatRate = 0.0
        var returnPolicy = false
        var violations: Int64 = 0
        var openCases: Int64 = 0
        var storeTier = Tier.other
        var adsEnabled = false
        var adsSpend = 0.0
        var adsRoas = 0.0
        var dashboard: Int64 = 0
        var mentorSessions: Int64 = 0
        var mentorGap: Int64 = 0

        /// conversion_index: conversion_rate / benchmark.conversion_rate.
        var conversionIndex = 0.0
        /// margin: 1.0 - cogs_share - shipping_cost_share.
        var margin = 0.0

        @inline(__always) func has(_ a: Sig) -> Bool { present & a.bit != 0 }
        @inline(__always) func has(_ a: Sig, _ b: Sig) -> Bool { has(a) && has(b) }
        @inline(__always) func has(_ a: Sig, _ b: Sig, _ c: Sig) -> Bool { has(a) && has(b) && has(c) }
        @inline(__always) func has(_ a: Sig, _ b: Sig, _ c: Sig, _ d: Sig) -> Bool { has(a) && has(b) && has(c) && has(d) }
    }

    // MARK: - Reading

    /// Reads one seller's values.
    func facts(_ s: Snapshot) -> Facts {
        var f = Facts()
        f.day = s.day
        f.phase = f.day <= 30 ? 0 : f.day <= 60 ? 1 : f.day <= 90 ? 2 : 3
        f.category = Category(s.category)
        f.bm = Self.benchmarks[f.category.rawValue]

        f.sessions = int(s, .sessions, &f.present)
        f.orders = int(s, .orders, &f.present)
        f.ordersTotal = int(s, .ordersTotal, &f.present)
        f.conversion = double(s, .conversion, &f.present)
        f.activeListings = int(s, .activeListings, &f.present)
        readListings(s, &f)

        f.gmv = double(s, .gmv, &f.present)
        readWeeklyOrders(s, &f)
        f.priceIndex = double(s, .priceIndex, &f.present)
        f.priceChanges = int(s, .priceChanges, &f.present)
        f.cogs = double(s, .cogs, &f.present)
        f.shipping = double(s, .shipping, &f.present)
        f.stockouts = int(s, .stockouts, &f.present)
        f.aged = double(s, .aged, &f.present)
        f.suppliers = int(s, .suppliers, &f.present)
        if case .string(let text)? = value(s, .fulfilment) {
            f.present |= Sig.fulfilment.bit
            f.fulfilment = text == "self" ? .selfShipped : text == "marketplace" ? .marketplace : text == "dropship" ? .dropship : .other
        }
        f.returnRate = double(s, .returnRate, &f.present)
        f.reviews = int(s, .reviews, &f.present)
        f.rating = double(s, .rating, &f.present)
        f.responseHours = double(s, .responseHours, &f.present)
        f.unanswered = int(s, .unanswered, &f.present)
        f.lateRate = double(s, .lateRate, &f.present)
        f.cancelRate = double(s, .cancelRate, &f.present)
        f.repeatRate = double(s, .repeatRate, &f.present)
        f.returnPolicy = bool(s, .returnPolicy, &f.present)
        f.violations = int(s, .violations, &f.present)
        f.openCases = int(s, .openCases, &f.present)
        if case .string(let text)? = value(s, .storeTier) {
            f.present |= Sig.storeTier.bit
            f.storeTier = text == "basic" ? .basic : text == "plus" ? .plus : text == "pro" ? .pro : .other
        }
        f.adsEnabled = bool(s, .adsEnabled, &f.present)
        f.adsSpend = double(s, .adsSpend, &f.present)
        f.adsRoas = double(s, .adsRoas, &f.present)
        f.dashboard = int(s, .dashboard, &f.present)
        f.mentorSessions = int(s, .mentorSessions, &f.present)
        f.mentorGap = int(s, .mentorGap, &f.present)

        f.conversionIndex = f.conversion / f.bm.conversion
        f.margin = 1.0 - f.cogs - f.shipping
        return f
    }

    /// The snapshot's value of a signal (nil when missing or not in the catalog).
    @inline(__always)
    func value(_ s: Snapshot, _ sig: Sig) -> Value? {
        let i = signalIndex[sig.rawValue]
        return i >= 0 && i < s.signals.count ? s.signals[i] : nil
    }

    @inline(__always)
    func int(_ s: Snapshot, _ sig: Sig, _ present: inout UInt64) -> Int64 {
        guard case .int(let x)? = value(s, sig) else { return 0 }
        present |= sig.bit
        return x
    }

    @inline(__always)
    func double(_ s: Snapshot, _ sig: Sig, _ present: inout UInt64) -> Double {
        guard case .double(let x)? = value(s, sig) else { return 0 }
        present |= sig.bit
        return x
    }

    @inline(__always)
    func bool(_ s: Snapshot, _ sig: Sig, _ present: inout UInt64) -> Bool {
        guard case .bool(let x)? = value(s, sig) else { return false }
        present |= sig.bit
        return x
    }

    @inline(__always)
    func int(_ o: ObjectValue, _ field: Field) -> Int64? {
        let i = fieldIndex[field.rawValue]
        guard i >= 0, i < o.fieldCount, case .int(let x)? = o[i] else { return nil }
        return x
    }

    @inline(__always)
    func double(_ o: ObjectValue, _ field: Field) -> Double? {
        let i = fieldIndex[field.rawValue]
        guard i >= 0, i < o.fieldCount, case .double(let x)? = o[i] else { return nil }
        return x
    }

    @inline(__always)
    func bool(_ o: ObjectValue, _ field: Field) -> Bool? {
        let i = fieldIndex[field.rawValue]
        guard i >= 0, i < o.fieldCount, case .bool(let x)? = o[i] else { return nil }
        return x
    }

    /// One pass over the listings. A listing that cannot be read (a field the catalog lacks)
    /// leaves the whole signal missing, as coach treats an invalid listing.
    func readListings(_ s: Snapshot, _ f: inout Facts) {
        guard case .list(let items)? = value(s, .listings) else { return }
        var l = ListingStats()
        for item in items {
            guard case .object(let o) = item,
                  let title = int(o, .titleLength), let photos = int(o, .photos), let described = bool(o, .hasDescription),
                  let quality = int(o, .qualityScore), let price = double(o, .priceIndex), let views = int(o, .views),
                  let orders = int(o, .orders), let returns = int(o, .returns), let stock = int(o, .stock),
                  let updated = int(o, .daysSinceUpdate)
            else { return }
            l.add(ListingRow(title: title, photos: photos, described: described, quality: quality, price: price, views: views,
                             orders: orders, returns: returns, stock: stock, updated: updated))
        }
        f.l = l
        f.present |= Sig.listings.bit
    }

    /// weekly_orders: its size, whether every week is 0, and the two-week sums of the definitions.
    func readWeeklyOrders(_ s: Snapshot, _ f: inout Facts) {
        guard case .list(let weeks)? = value(s, .weeklyOrders) else { return }
        var allZero = true
        for w in weeks {
            guard case .int(let x) = w else { return }
            if x != 0 { allZero = false }
        }
        f.present |= Sig.weeklyOrders.bit
        f.weeks = weeks.count
        f.weeksAllZero = allZero
        let n = weeks.count
        guard n >= 4 else { return }  // both sums are 0 with fewer than four weeks
        let (last, o1) = Self.int(weeks[n - 1]).addingReportingOverflow(Self.int(weeks[n - 2]))
        let (prev, o2) = Self.int(weeks[n - 3]).addingReportingOverflow(Self.int(weeks[n - 4]))
        f.last2w = last
        f.prev2w = prev
        f.weekSumsOK = !o1 && !o2
    }

    @inline(__always)
    static func int(_ v: Value) -> Int64 {
        if case .int(let x) = v { return x }
        return 0
    }
}

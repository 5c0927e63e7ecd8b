// HandCoded+Rules.swift — the conditions of bench/Rules/escalations.yaml, habits.yaml,
// inventory.yaml and listings.yaml. Each rule first checks that every signal it reads is
// present — in its condition, through a definition, or only in its texts — because coach
// skips a rule reading a missing signal. Each comment gives the rule's `when`.

import CoachEngine

extension HandCoded {
    func escalationRules(_ f: Facts, _ out: inout HandCodedResult) {
        // policy_violations_30d >= 2 (reason: + open_policy_cases)
        out.set(.escRepeatViolations, f.has(.violations) && f.violations >= 2)
        // open_policy_cases >= 2
        out.set(.escOpenCases, f.has(.openCases) && f.openCases >= 2)
        // day >= params.first_sale_day && orders_total == 0 && has_traffic (reason: + active_listings)
        out.set(.escNoFirstSale, f.has(.ordersTotal, .sessions, .activeListings)
            && f.day >= 21 && f.ordersTotal == 0 && f.sessions >= 200)
        // orders_30d >= 5 && margin < 0.0
        out.set(.escLosingMoney, f.has(.orders, .cogs, .shipping) && f.orders >= 5 && f.margin < 0.0)
        // rating_counts && average_rating < 3.5
        out.set(.escRatingCollapse, f.has(.reviews, .rating) && f.reviews >= 5 && f.rating < 3.5)
        // all: orders_30d >= 10, late_shipment_rate > params.max_late_rate, cancellation_rate > params.max_cancel_rate
        out.set(.escFulfilmentFailing, f.has(.orders, .lateRate, .cancelRate)
            && f.orders >= 10 && f.lateRate > 0.05 && f.cancelRate > 0.03)
        // day >= params.mentor_gap_days && day <= 90 && days_since_mentor_session >= 30
        out.set(.escDisengaged, f.has(.mentorGap) && f.day >= 21 && f.day <= 90 && f.mentorGap >= 30)
        // day > 60 && orders_total > 0 && orders_30d < 3
        out.set(.escStalled, f.has(.orders, .ordersTotal) && f.day > 60 && f.ordersTotal > 0 && f.orders < 3)
        // listing_orders >= 10 && listing_return_rate > 0.25
        out.set(.escReturnsSpike, f.has(.listings) && f.l.ordersAndReturnsOK
            && f.l.orders >= 10 && Self.ratio(f.l.returns, f.l.orders) > 0.25)
        // ads_enabled && ads_spend_30d > 150.0 && ads_roas < 1.5
        out.set(.escAdsBurn, f.has(.adsEnabled, .adsSpend, .adsRoas) && f.adsEnabled && f.adsSpend > 150.0 && f.adsRoas < 1.5)
    }

    func habitRules(_ f: Facts, _ out: inout HandCodedResult) {
        // dashboard_visits_30d < 4 && day > 14
        out.set(.habDashboard, f.has(.dashboard) && f.dashboard < 4 && f.day > 14)
        // dashboard_visits_30d == 0
        out.set(.habNoDashboard, f.has(.dashboard) && f.dashboard == 0)
        // mentor_sessions_attended == 0 && day >= 7
        out.set(.habMeetMentor, f.has(.mentorSessions) && f.mentorSessions == 0 && f.day >= 7)
        // days_since_mentor_session >= params.mentor_gap_days && day <= 60
        out.set(.habMentorGap, f.has(.mentorGap) && f.mentorGap >= 21 && f.day <= 60)
        // phase == "days-1-30" && listings.size() < 10
        out.set(.habPhase1Listings, f.has(.listings) && f.phase == 0 && f.l.count < 10)
        // phase == "days-31-60" && orders_30d < 10
        out.set(.habPhase2Orders, f.has(.orders) && f.phase == 1 && f.orders < 10)
        // phase == "days-61-90" && dashboard_visits_30d < 8
        out.set(.habPhase3Dashboard, f.has(.dashboard) && f.phase == 2 && f.dashboard < 8)
        // phase == "graduated"
        out.set(.habGraduated, f.phase == 3)
        // day > 0 && day % 7 == 0
        out.set(.habWeeklyReview, f.day > 0 && f.day % 7 == 0)
        // store_tier == "basic" && orders_30d >= 25
        out.set(.habUpgradeTier, f.has(.storeTier, .orders) && f.storeTier == .basic && f.orders >= 25)
        // store_tier == "pro" && active_listings < 10
        out.set(.habProUnderused, f.has(.storeTier, .activeListings) && f.storeTier == .pro && f.activeListings < 10)
        // day >= 40 && day <= 50 && orders_total < 20
        out.set(.habMidpoint, f.has(.ordersTotal) && f.day >= 40 && f.day <= 50 && f.ordersTotal < 20)
        // orders_30d >= 1 && cogs_share == 0.0
        out.set(.habTrackCosts, f.has(.orders, .cogs) && f.orders >= 1 && f.cogs == 0.0)
        // is_new_seller && orders_30d >= 5
        out.set(.habBusyNewcomer, f.has(.orders) && f.day <= 30 && f.orders >= 5)
        // day > 30 && dashboard_visits_30d <= 1 && mentor_sessions_attended <= 1
        out.set(.habQuietSeller, f.has(.dashboard, .mentorSessions) && f.day > 30 && f.dashboard <= 1 && f.mentorSessions <= 1)
    }

    func inventoryRules(_ f: Facts, _ out: inout HandCodedResult) {
        let l = f.l
        let listings = f.has(.listings)
        // listings.exists(l, l.stock == 0 && l.orders_30d >= 3)
        out.set(.invBestsellerOut, listings && l.bestsellerOut)
        // out_of_stock >= 2
        out.set(.invManyOut, listings && l.outOfStock >= 2)
        // listings.exists(l, l.orders_30d >= 3 && l.stock > 0 && 30.0 * double(l.stock) / double(l.orders_30d) < 20.0)
        out.set(.invLowCover, listings && l.lowCover)
        // stockout_listings >= 3
        out.set(.invStockouts, f.has(.stockouts) && f.stockouts >= 3)
        // aged_inventory_share > 0.3
        out.set(.invAgedStock, f.has(.aged) && f.aged > 0.3)
        // listings.filter(l, l.stock > 60 && l.orders_30d == 0).size() >= 2
        out.set(.invOverstock, listings && l.overstock >= 2)
        // supplier_count == 1 && orders_30d >= 15
        out.set(.invSingleSupplier, f.has(.suppliers, .orders) && f.suppliers == 1 && f.orders >= 15)
        // fulfilment == "dropship" && out_of_stock > 0
        out.set(.invDropshipOut, f.has(.fulfilment, .listings) && f.fulfilment == .dropship && l.outOfStock > 0)
        // fulfilment == "self" && orders_30d >= params.target_orders_30d / 2
        out.set(.invTryMarketplaceFulfilment, f.has(.fulfilment, .orders) && f.fulfilment == .selfShipped && f.orders >= 15)
        // listings.filter(l, l.orders_30d == 0 && l.days_since_update > params.stale_days).size() >= 2
        out.set(.invDeadListings, listings && l.dead >= 2)
        // sum(listings.map(l, l.stock)) < 15 * listings.size() && orders_30d >= 5
        out.set(.invTotalStockLow, f.has(.listings, .orders) && l.stockOK && l.stock < 15 * l.count && f.orders >= 5)
        // day > 60 && seller.category in ["toys", "sports", "home_garden"] && aged_inventory_share < 0.25
        let seasonal = f.category == .toys || f.category == .sports || f.category == .homeGarden
        out.set(.invSeasonalPrep, f.has(.aged) && f.day > 60 && seasonal && f.aged < 0.25)
    }

    func listingRules(_ f: Facts, _ out: inout HandCodedResult) {
        let l = f.l
        let listings = f.has(.listings)
        // few_photo_listings.size() >= 3
        out.set(.lstFewPhotos, listings && l.fewPhotos >= 3)
        // listings.exists(l, l.photos < 4 && l.orders_30d >= 3)
        out.set(.lstBestsellerFewPhotos, listings && l.bestsellerFewPhotos)
        // listings.filter(l, l.title_length < params.min_title_length).size() > 2
        out.set(.lstShortTitles, listings && l.shortTitles > 2)
        // listings.exists(l, !l.has_description && l.views_30d >= params.min_views)
        out.set(.lstNoDescriptionViewed, listings && l.viewedNoDescription)
        // weak_share >= 0.4
        out.set(.lstWeakShare, listings && Double(l.weak) / Double(max(l.count, 1)) >= 0.4)
        // listings.size() > 0 && listings.all(l, l.quality_score < params.good_quality_score)
        out.set(.lstNoneGood, listings && l.count > 0 && l.good == 0)
        // listings.filter(l, l.days_since_update > params.stale_days).size() >= 2
        out.set(.lstStale, listings && l.stale >= 2)
        // unsold_viewed.size() >= 2
        out.set(.lstViewedNotSelling, listings && l.unsoldViewed >= 2)
        // active_listings < params.target_listings && day > 30
        out.set(.lstTooFew, f.has(.activeListings) && f.activeListings < 8 && f.day > 30)
        // all: day > 60, active_listings < 12, orders_30d >= 10
        out.set(.lstCatalogGrowth, f.has(.activeListings, .orders) && f.day > 60 && f.activeListings < 12 && f.orders >= 10)
        // seller.category in params.focus_categories && listings.exists(l, l.photos < 6)
        out.set(.lstFocusPhotos, listings && f.category.isFocus && l.underSixPhotos)
        // seller.category == "electronics" && listings.filter(l, l.title_length < 60).size() >= 2
        out.set(.lstElectronicsSpecs, listings && f.category == .electronics && l.titlesUnder60 >= 2)
        // avg(listings.map(l, l.quality_score)) < 55.0 (avg of no listings is an error: no fire)
        out.set(.lstLowAverageQuality, listings && l.count > 0 && l.qualitySum / Double(l.count) < 55.0)
        // listings.size() > 0 && listings.exists(l, l.views_30d == top_views && l.quality_score < params.weak_quality_score)
        out.set(.lstTopListingWeak, listings && l.count > 0 && l.topIsWeak)
        // is_new_seller && active_listings < 7
        out.set(.lstNewSellerSetup, f.has(.activeListings) && f.day <= 30 && f.activeListings < 7)
        // all: day > 45, not: listings.exists(l, l.days_since_update < 14)
        out.set(.lstNoRecentEdits, listings && f.day > 45 && !l.recentlyEdited)
    }

    /// CEL's `ratio(a, b)`: a / b as a double, 0.0 when b is 0.
    @inline(__always)
    static func ratio(_ a: Int64, _ b: Int64) -> Double {
        b == 0 ? 0.0 : Double(a) / Double(b)
    }
}

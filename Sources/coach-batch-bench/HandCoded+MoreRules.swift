// HandCoded+MoreRules.swift — the conditions of bench/Rules/marketing.yaml, policy.yaml,
// pricing.yaml and service.yaml, written like those of HandCoded+Rules.swift: the signals a
// rule reads (condition, definitions and texts) must all be present, then its `when` holds.

import CoachEngine

extension HandCoded {
    func marketingRules(_ f: Facts, _ out: inout HandCodedResult) {
        let bm = f.bm
        // ads_enabled && ads_roas < benchmark.ads_roas * 0.5
        out.set(.mktAdsUnprofitable, f.has(.adsEnabled, .adsRoas) && f.adsEnabled && f.adsRoas < bm.adsRoas * 0.5)
        // ads_enabled && ads_roas > benchmark.ads_roas * 1.5 && ads_spend_30d < 150.0
        out.set(.mktAdsWinning, f.has(.adsEnabled, .adsRoas, .adsSpend)
            && f.adsEnabled && f.adsRoas > bm.adsRoas * 1.5 && f.adsSpend < 150.0)
        // !ads_enabled && has_traffic && conversion_index >= 1.0 && day > 30
        out.set(.mktTryAds, f.has(.adsEnabled, .sessions, .conversion)
            && !f.adsEnabled && f.sessions >= 200 && f.conversionIndex >= 1.0 && f.day > 30)
        // ads_enabled && ads_spend_30d > 0.0 && margin < 0.3
        out.set(.mktAdsWithoutMargin, f.has(.adsEnabled, .adsSpend, .cogs, .shipping)
            && f.adsEnabled && f.adsSpend > 0.0 && f.margin < 0.3)
        // sessions_30d < 100 && day > 14 (body: + dashboard_visits_30d)
        out.set(.mktLowTraffic, f.has(.sessions) && f.sessions < 100 && f.day > 14)
        // has_traffic && conversion_rate < benchmark.conversion_rate * 0.5
        out.set(.mktLowConversion, f.has(.sessions, .conversion) && f.sessions >= 200 && f.conversion < bm.conversion * 0.5)
        // conversion_index > 1.5 && sessions_30d < 300
        out.set(.mktConvertsButUnseen, f.has(.conversion, .sessions) && f.conversionIndex > 1.5 && f.sessions < 300)
        // weekly_orders.size() >= 4 && orders_prev_2w >= 4 && orders_last_2w * 2 < orders_prev_2w
        // (an overflowing sum or product is an error in CEL, and the rule does not fire)
        let (doubled, overflow) = f.last2w.multipliedReportingOverflow(by: 2)
        out.set(.mktSalesFalling, f.has(.weeklyOrders) && f.weekSumsOK && !overflow
            && f.weeks >= 4 && f.prev2w >= 4 && doubled < f.prev2w)
        // orders_prev_2w > 0 && double(orders_last_2w) >= 1.5 * double(orders_prev_2w)
        out.set(.mktSalesRising, f.has(.weeklyOrders) && f.weekSumsOK
            && f.prev2w > 0 && Double(f.last2w) >= 1.5 * Double(f.prev2w))
        // weekly_orders.size() >= 3 && weekly_orders.all(w, w == 0)
        out.set(.mktNoSalesWeeks, f.has(.weeklyOrders) && f.weeks >= 3 && f.weeksAllZero)
        // day >= params.first_sale_day && orders_total == 0
        out.set(.mktFirstSalePush, f.has(.ordersTotal) && f.day >= 21 && f.ordersTotal == 0)
        // seller.category in params.focus_categories && repeat_buyer_rate < 0.15
        out.set(.mktFocusRepeat, f.has(.repeatRate) && f.category.isFocus && f.repeatRate < 0.15)
    }

    func policyRules(_ f: Facts, _ out: inout HandCodedResult) {
        // policy_violations_30d == 1
        out.set(.polViolation, f.has(.violations) && f.violations == 1)
        // open_policy_cases > 0 && policy_violations_30d < 2
        out.set(.polOpenCase, f.has(.openCases, .violations) && f.openCases > 0 && f.violations < 2)
        // policy_clean && day > 60 && orders_30d >= params.target_orders_30d / 2
        out.set(.polCleanAndBusy, f.has(.violations, .openCases, .orders)
            && f.violations == 0 && f.openCases == 0 && f.day > 60 && f.orders >= 15)
        // seller.category in ["electronics", "toys"] && !has_return_policy
        out.set(.polElectronicsReturns, f.has(.returnPolicy)
            && (f.category == .electronics || f.category == .toys) && !f.returnPolicy)
        // listings.filter(l, !l.has_description).size() * 2 > listings.size()
        out.set(.polDescriptionsMissing, f.has(.listings) && f.l.noDescription * 2 > f.l.count)
        // store_tier == "basic" && active_listings >= 15
        out.set(.polBasicTierLimit, f.has(.storeTier, .activeListings) && f.storeTier == .basic && f.activeListings >= 15)
        // fulfilment == "dropship" && day <= 45
        out.set(.polDropshipDisclosure, f.has(.fulfilment) && f.fulfilment == .dropship && f.day <= 45)
        // any: cancellation_rate > 0.05, late_shipment_rate > 0.1 (the body reads both)
        out.set(.polAccountHealth, f.has(.cancelRate, .lateRate) && (f.cancelRate > 0.05 || f.lateRate > 0.1))
    }

    func pricingRules(_ f: Facts, _ out: inout HandCodedResult) {
        let bm = f.bm
        // all: price_index > params.high_price_index, conversion_rate < benchmark.conversion_rate
        out.set(.prcAboveMarket, f.has(.priceIndex, .conversion) && f.priceIndex > 1.15 && f.conversion < bm.conversion)
        // price_index < params.low_price_index && margin < params.min_margin
        out.set(.prcBelowMarketThinMargin, f.has(.priceIndex, .cogs, .shipping) && f.priceIndex < 0.85 && f.margin < 0.3)
        // orders_30d >= 1 && margin < 0.0
        out.set(.prcNegativeMargin, f.has(.orders, .cogs, .shipping) && f.orders >= 1 && f.margin < 0.0)
        // listings.filter(l, l.price_index > 1.15 && l.views_30d >= 50 && l.orders_30d == 0).size() >= 1
        out.set(.prcOverpricedUnsold, f.has(.listings) && f.l.overpricedUnsold)
        // all: orders_30d >= 5, price_index < 0.95, conversion_index > 1.5
        out.set(.prcRoomToRaise, f.has(.orders, .priceIndex, .conversion)
            && f.orders >= 5 && f.priceIndex < 0.95 && f.conversionIndex > 1.5)
        // all: orders_30d >= 5, avg_order_value < params.low_order_value
        // (avg_order_value: orders_30d > 0 ? gmv_30d / double(orders_30d) : 0.0)
        out.set(.prcSmallOrders, f.has(.orders, .gmv) && f.orders >= 5
            && (f.orders > 0 ? f.gmv / Double(f.orders) : 0.0) < 15.0)
        // shipping_cost_share > benchmark.shipping_cost_share * 1.5 (body: + gmv_30d)
        out.set(.prcShippingHeavy, f.has(.shipping) && f.shipping > bm.shipping * 1.5)
        // price_changes_30d == 0 && day > 30 && orders_30d < 10
        out.set(.prcNoPriceTests, f.has(.priceChanges, .orders) && f.priceChanges == 0 && f.day > 30 && f.orders < 10)
        // price_changes_30d > 10
        out.set(.prcTooManyChanges, f.has(.priceChanges) && f.priceChanges > 10)
        // listings.size() >= 3 && max(prices) - min(prices) > 0.8
        out.set(.prcWideSpread, f.has(.listings) && f.l.count >= 3 && f.l.priceMax - f.l.priceMin > 0.8)
        // seller.category in ["electronics", "home_garden"] && price_index > 1.05 && conversion_index < 0.8
        out.set(.prcPremiumCategory, f.has(.priceIndex, .conversion)
            && (f.category == .electronics || f.category == .homeGarden) && f.priceIndex > 1.05 && f.conversionIndex < 0.8)
        // cogs_share > 0.65 && orders_30d >= 5
        out.set(.prcCogsHigh, f.has(.cogs, .orders) && f.cogs > 0.65 && f.orders >= 5)
        // listings.exists(l, l.price_index < 0.6)
        out.set(.prcDeepDiscount, f.has(.listings) && f.l.deepDiscount)
    }

    func serviceRules(_ f: Facts, _ out: inout HandCodedResult) {
        let bm = f.bm
        // response_time_hours > benchmark.response_time_hours (body: + unanswered_messages)
        out.set(.svcSlowReplies, f.has(.responseHours) && f.responseHours > bm.responseHours)
        // response_time_hours > 2.0 * double(params.target_response_hours)
        out.set(.svcVerySlowReplies, f.has(.responseHours) && f.responseHours > 24.0)
        // unanswered_messages >= params.max_unanswered
        out.set(.svcUnanswered, f.has(.unanswered) && f.unanswered >= 3)
        // return_rate > benchmark.return_rate * 1.5
        out.set(.svcHighReturns, f.has(.returnRate) && f.returnRate > bm.returnRate * 1.5)
        // listings.exists(l, l.orders_30d >= 3 && double(l.returns_30d) / double(l.orders_30d) >= params.high_return_rate)
        out.set(.svcListingReturns, f.has(.listings) && f.l.highReturns)
        // listing_orders >= 5 && listing_return_rate > 2.0 * benchmark.return_rate
        out.set(.svcReturnsVsCategory, f.has(.listings) && f.l.ordersAndReturnsOK
            && f.l.orders >= 5 && Self.ratio(f.l.returns, f.l.orders) > 2.0 * bm.returnRate)
        // rating_counts && average_rating < params.min_rating
        out.set(.svcLowRating, f.has(.reviews, .rating) && f.reviews >= 5 && f.rating < 4.0)
        // rating_counts && average_rating < benchmark.average_rating - 0.2
        out.set(.svcRatingBelowCategory, f.has(.reviews, .rating) && f.reviews >= 5 && f.rating < bm.rating - 0.2)
        // review_count < 3 && orders_total >= 12
        out.set(.svcAskForReviews, f.has(.reviews, .ordersTotal) && f.reviews < 3 && f.ordersTotal >= 12)
        // late_shipment_rate > params.max_late_rate
        out.set(.svcLateShipping, f.has(.lateRate) && f.lateRate > 0.05)
        // cancellation_rate > params.max_cancel_rate
        out.set(.svcCancellations, f.has(.cancelRate) && f.cancelRate > 0.03)
        // repeat_buyer_rate < benchmark.repeat_buyer_rate * 0.5 && orders_30d >= 3
        out.set(.svcRepeatBuyers, f.has(.repeatRate, .orders) && f.repeatRate < bm.repeatRate * 0.5 && f.orders >= 3)
        // all: day > 14, not: has_return_policy
        out.set(.svcNoReturnPolicy, f.has(.returnPolicy) && f.day > 14 && !f.returnPolicy)
        // seller.category == "fashion" && return_rate > 0.25
        out.set(.svcFashionSizing, f.has(.returnRate) && f.category == .fashion && f.returnRate > 0.25)
    }
}

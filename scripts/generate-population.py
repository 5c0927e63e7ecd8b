#!/usr/bin/env python3
"""Generates a realistic sample seller population for content authors, as JSON Lines.

    scripts/generate-population.py [--sellers 2000] [--seed 7] [--out Examples/population.jsonl]

Writes one seller snapshot per line (compact JSON, `\\n` line ends), in the shape of the
shipped examples (Examples/*.json) and for the signal catalog in Rules/signals.yaml, to
Examples/population.jsonl by default (`--out -` writes standard output). Try rules against
it with:

    coach batch --output ids --rules Rules --playbooks Playbooks Examples/population.jsonl

Every line is a valid snapshot: required signals are present and every value is of its
declared type and within its declared range. Optional signals are left out where the
catalog says they are absent (no reviews: no average_rating; no orders in 30 days: no
return_rate, late_shipment_rate or cancellation_rate; no buyer messages: no
response_time_hours; no ads: no ads_spend_30d or ads_roas; no cost tracker: no cogs_share
and supplier signals), and the signals agree with each other: each seller is simulated day
by day since enrolment (sessions, then orders), and the 30-day totals, the weekly series
(one value per completed week, at most 12), the per-listing views, orders, returns and
stock, the reviews and the rates are all counted from that one history.

The population mixes archetypes (ARCHETYPES below, with their weights): ordinary
middle-of-the-road sellers are the majority, and each situation of the shipped examples
(brand-new, no sale after weeks, high returns, slipping, thriving, policy problem, missing
data) is represented by about a hundred sellers, beside a few stalled, thin-margin and
overstocked shops. Categories follow the benchmark rows of Rules/ruleset.yaml with an
uneven mix (and a few sellers with no category), traffic is log-normal, and sellers are 0
to 120 days into the program, as of AS_OF. Some sellers carry a `delivered` list of tips
shown to them recently (real rule ids), so cooldowns are exercised.

The missing-data archetype leaves whole groups of optional signals out (or null), and a
few of those sellers send a signal the catalog does not know (`impressions_30d`): the
reader warns about it and ignores it. Nothing here produces an error diagnostic.

Deterministic: the same --seed (and --sellers) gives byte-identical output. Only
`random.Random(seed).random()` is drawn from; every distribution is derived from it here,
so the output does not depend on how a Python version implements gauss or randrange (the
math module's log/exp/cos/sqrt come from the platform's C library). Keys are written in a
fixed order and floats rounded to a few decimals. Standard library only.
"""

import argparse
import datetime
import json
import math
import os
import random
import sys

AS_OF = datetime.date(2026, 12, 1)
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEFAULT_OUT = os.path.join("Examples", "population.jsonl")

# The benchmark rows of Rules/ruleset.yaml (None: the `default` row, used without a category).
#              conversion return  reply h  rating  late   repeat  turnover ship   roas
BENCHMARKS = {
    None:          (0.020, 0.06, 10.0, 4.5, 0.04, 0.18, 2.0, 0.10, 4.0),
    "electronics": (0.015, 0.08, 8.0, 4.4, 0.03, 0.12, 2.4, 0.06, 5.0),
    "fashion":     (0.022, 0.20, 10.0, 4.3, 0.04, 0.22, 1.6, 0.09, 3.5),
    "home_garden": (0.018, 0.07, 12.0, 4.5, 0.05, 0.15, 1.4, 0.14, 4.0),
    "beauty":      (0.030, 0.04, 8.0, 4.6, 0.03, 0.30, 2.8, 0.08, 4.5),
    "toys":        (0.025, 0.05, 10.0, 4.6, 0.04, 0.14, 2.2, 0.11, 4.0),
}
BENCH_KEYS = ("conversion_rate", "return_rate", "response_time_hours", "average_rating",
              "late_shipment_rate", "repeat_buyer_rate", "inventory_turnover_90d",
              "shipping_cost_share", "ads_roas")

# Category mix of the population (weights); None: no category given.
CATEGORIES = [("fashion", 30), ("home_garden", 23), ("electronics", 17), ("beauty", 14),
              ("toys", 13), (None, 2)]
# Typical order value (USD) per category.
ORDER_VALUE = {"fashion": 38.0, "home_garden": 44.0, "electronics": 68.0, "beauty": 24.0,
               "toys": 29.0, None: 35.0}

# Archetype, weight (percent of the population), what it stands for.
ARCHETYPES = [
    ("ordinary", 52, "middle-of-the-road shop, day 8-120: a few rough edges, nothing on fire"),
    ("brand_new", 6, "day 0-7: a handful of listings, little traffic, hardly any data yet"),
    ("no_sale", 6, "day 7-60 with no sale yet: mostly overpriced with traffic, some not found"),
    ("high_returns", 5, "day 28-120, often fashion: returns well above the category's"),
    ("slipping", 6, "day 35-120: weekly orders and listing quality falling, service slipping"),
    ("thriving", 6, "day 45-120: growing fast, good listings and reviews, ads that pay"),
    ("policy", 5, "day 10-120: open policy cases, a first violation, repeat violations"),
    ("missing_data", 5, "any day: whole groups of optional signals absent or null"),
    ("stalled", 4, "day 61-120: a few early sales, then little traffic and fewer than 5 orders a month"),
    ("thin_margin", 3, "day 30-120: priced under market with costly goods or shipping"),
    ("overstocked", 2, "day 50-120: far more stock than sales, aging inventory"),
]

# Tips a host may have shown recently, per archetype (ids of rules in Rules/*.yaml).
DELIVERABLE = {
    "common": ["listing.missing-photos", "listing.short-titles", "listing.missing-descriptions",
               "listing.weak-catalogue", "listing.viewed-not-selling", "data.dashboard-habit",
               "service.unanswered-messages", "service.slow-responses",
               "inventory.sold-out-listings", "pricing.above-market", "listing.stale"],
    "new": ["policy.new-seller-basics", "listing.few-listings", "listing.missing-photos",
            "policy.category-rules", "listing.short-titles"],
    "no_sale": ["listing.no-sale-yet", "listing.viewed-not-selling", "pricing.above-market",
                "pricing.overpriced-unsold", "data.low-traffic"],
    "high_returns": ["service.high-returns", "service.returns-concentrated", "service.low-rating",
                     "service.negative-reviews"],
    "slipping": ["data.sales-falling", "inventory.low-stock-bestsellers", "inventory.reorder-now",
                 "service.late-shipments", "service.cancellations", "data.ads-unprofitable"],
    "thriving": ["data.ads-scale", "supplier.volume-leverage", "inventory.reorder-now",
                 "pricing.room-to-raise", "supplier.single-supplier", "service.ask-for-reviews"],
    "policy": ["policy.first-violation", "policy.open-case", "policy.past-violation-recheck"],
    "stalled": ["data.low-traffic", "data.conversion-gap", "listing.stale"],
    "thin_margin": ["pricing.negative-margin", "pricing.margin-squeeze", "supplier.high-cogs",
                    "supplier.shipping-costs", "pricing.small-orders"],
    "overstocked": ["inventory.aged-stock", "inventory.slow-turnover", "listing.stale"],
}

# Groups of optional signals a data feed loses together (the missing_data archetype).
GAP_GROUPS = {
    "costs": ["cogs_share", "shipping_cost_share", "supplier_count", "top_supplier_share",
              "supplier_lead_time_days"],
    "series": ["weekly_sales", "quality_trend", "return_rate_weekly"],
    "service": ["response_time_hours", "late_shipment_rate", "cancellation_rate",
                "repeat_buyer_rate", "unanswered_messages"],
    "reviews": ["review_count", "average_rating", "negative_review_share"],
    "inventory": ["inventory_turnover_90d", "aged_inventory_share", "stockout_listings"],
    "shop": ["gmv_30d", "listing_quality_score", "price_index", "price_changes_30d"],
    "engagement": ["dashboard_visits_30d", "mentor_sessions_attended", "days_since_mentor_session",
                   "mentor_no_shows_30d", "policy_course_completed"],
    "ads": ["ads_spend_30d", "ads_roas"],
    "policy": ["policy_violations_30d", "policy_violations_total", "open_policy_cases"],
}
# Signals with `absent: default` in the catalog: leaving one out means its default (0), so a
# gap in the feed writes null for them instead (null counts as missing, not as the default).
DEFAULTED = {"price_changes_30d", "stockout_listings", "review_count", "unanswered_messages",
             "policy_violations_30d", "policy_violations_total", "open_policy_cases"}

# The signals in catalog order (Rules/signals.yaml); snapshots write them in this order.
SIGNAL_ORDER = [
    "sessions_30d", "orders_30d", "orders_total", "conversion_rate", "active_listings", "listings",
    "cancelled_orders_30d", "cancelled_orders_total", "first_sale_day", "gmv_30d", "weekly_sales", "listing_quality_score", "quality_trend", "price_index",
    "price_changes_30d", "cogs_share", "shipping_cost_share", "inventory_turnover_90d",
    "stockout_listings", "aged_inventory_share", "supplier_count", "top_supplier_share",
    "supplier_lead_time_days", "return_rate", "return_rate_weekly", "review_count",
    "average_rating", "negative_review_share", "response_time_hours", "unanswered_messages",
    "late_shipment_rate", "cancellation_rate", "repeat_buyer_rate", "policy_violations_30d",
    "policy_violations_total", "open_policy_cases", "ads_spend_30d", "ads_roas",
    "dashboard_visits_30d", "mentor_sessions_attended", "mentor_no_shows_30d",
    "policy_course_completed", "days_since_mentor_session",
]
REQUIRED = {"sessions_30d", "orders_30d", "orders_total", "conversion_rate", "active_listings",
            "listings"}


class Draw:
    """Every distribution the generator needs, from one seeded uniform source."""

    def __init__(self, seed):
        self.u = random.Random(seed).random

    def between(self, lo, hi):
        """An int in [lo, hi]."""
        return lo + int(self.u() * (hi - lo + 1))

    def uniform(self, lo, hi):
        return lo + (hi - lo) * self.u()

    def chance(self, p):
        return self.u() < p

    def normal(self, mu, sigma):
        # Box-Muller, one value per call.
        u1 = self.u()
        u2 = self.u()
        return mu + sigma * math.sqrt(-2.0 * math.log(1.0 - u1)) * math.cos(2.0 * math.pi * u2)

    def lognormal(self, median, sigma):
        return median * math.exp(self.normal(0.0, sigma))

    def poisson(self, lam):
        if lam <= 0.0:
            return 0
        if lam < 30.0:
            limit = math.exp(-lam)
            k = 0
            p = self.u()
            while p > limit:
                k += 1
                p *= self.u()
            return k
        return max(0, int(round(self.normal(lam, math.sqrt(lam)))))

    def binomial(self, n, p):
        if n <= 0 or p <= 0.0:
            return 0
        if p >= 1.0:
            return n
        if n <= 120:
            return sum(1 for _ in range(n) if self.u() < p)
        if n * p < 25.0:
            return min(n, self.poisson(n * p))
        return int(clamp(round(self.normal(n * p, math.sqrt(n * p * (1.0 - p)))), 0, n))

    def weighted(self, pairs):
        total = sum(w for _, w in pairs)
        x = self.u() * total
        for value, w in pairs:
            x -= w
            if x < 0:
                return value
        return pairs[-1][0]

    def pick(self, items):
        return items[int(self.u() * len(items))]

    def spread(self, total, weights):
        """Splits the int `total` over `weights` at random (a multinomial draw)."""
        out = [0] * len(weights)
        s = float(sum(weights))
        if total <= 0 or s <= 0.0:
            return out
        cumulative = []
        acc = 0.0
        for w in weights:
            acc += w
            cumulative.append(acc)
        for _ in range(total):
            x = self.u() * s
            i = 0
            while i < len(cumulative) - 1 and x >= cumulative[i]:
                i += 1
            out[i] += 1
        return out


def clamp(x, lo, hi):
    return lo if x < lo else hi if x > hi else x


def median(values):
    v = sorted(values)
    n = len(v)
    return v[n // 2] if n % 2 else (v[n // 2 - 1] + v[n // 2]) / 2.0


def apportion(total, weights):
    """Splits the int `total` over `weights` proportionally (largest remainder)."""
    s = float(sum(weights))
    if total <= 0 or s <= 0.0:
        return [0] * len(weights)
    exact = [total * w / s for w in weights]
    out = [int(x) for x in exact]
    rest = total - sum(out)
    order = sorted(range(len(weights)), key=lambda i: (-(exact[i] - out[i]), i))
    for i in order[:rest]:
        out[i] += 1
    return out


# ---- Traits: what kind of shop a seller runs, per archetype -------------------------------

STARS = {  # probabilities of 5, 4, 3, 2 and 1 stars
    "great": (0.84, 0.11, 0.03, 0.01, 0.01),
    "good": (0.70, 0.18, 0.06, 0.03, 0.03),
    "mixed": (0.58, 0.20, 0.10, 0.05, 0.07),
    "polarised": (0.74, 0.09, 0.03, 0.04, 0.10),
    "poor": (0.46, 0.20, 0.12, 0.09, 0.13),
    "collapsing": (0.30, 0.14, 0.14, 0.16, 0.26),
}


def base_traits(d, archetype, day, category):
    """An ordinary shop's traits; the archetypes below adjust them."""
    t = {
        "archetype": archetype,
        "day": day,
        "category": category,
        "n_listings": int(clamp(round(d.lognormal(4.5 + day / 25.0, 0.45)), 1, 15)),
        "level": d.lognormal(28.0, 1.0),          # daily sessions once established
        "traffic_shape": "ramp",
        "cr_mult": d.lognormal(0.95, 0.4),        # conversion against the category benchmark
        "conv_shape": "trust",
        "no_sale": False,
        "price_center": clamp(d.lognormal(1.0, 0.1), 0.6, 1.6),
        "price_spread": 0.06,
        "order_value": ORDER_VALUE[category] * d.lognormal(1.0, 0.35) * (0.4 if d.chance(0.08) else 1.0),
        "care": clamp(d.normal(0.7, 0.18), 0.05, 1.0),   # how complete the listings are
        "describes": d.chance(0.7),               # writes a description for every listing
        "q_offset": d.normal(0.0, 4.0) - (d.uniform(12.0, 25.0) if d.chance(0.07) else 0.0),  # item details left empty
        "quality_kind": d.weighted([("improving", 6), ("flat", 3), ("falling", 1)]),
        "update_k": d.uniform(0.5, 2.5),          # higher: listings edited more recently
        "refresh_days": d.uniform(10.0, 40.0) if d.chance(0.4) else None,  # edits every listing that often
        "ret_p": BENCHMARKS[category][1] * d.lognormal(0.8, 0.35),
        "ret_concentrated": d.chance(0.1),
        "ret_rising": False,
        "stars": d.weighted([("great", 25), ("good", 45), ("mixed", 18), ("polarised", 8),
                             ("poor", 3), ("collapsing", 1)]),
        "review_p": d.weighted([(d.uniform(0.02, 0.045), 12), (d.uniform(0.06, 0.3), 88)]),
        "msg_rate": d.lognormal(0.006, 0.5),
        "resp_median": d.lognormal(5.5, 0.6),
        "backlog": d.weighted([(0.0, 55), (0.3, 30), (1.5, 12), (4.0, 3)]),
        "late_p": d.lognormal(0.015, 0.7),
        "cancel_p": d.lognormal(0.01, 0.8),
        "repeat_p": BENCHMARKS[category][5] * d.lognormal(0.95, 0.45),
        "tracker": d.chance(0.55),
        "suppliers_known": d.chance(0.88),
        "cogs": clamp(d.normal(0.43, 0.08), 0.15, 0.85),
        "ship_mult": d.lognormal(1.0, 0.25),
        "suppliers": d.weighted([(0, 4), (1, 46), (2, 30), (3, 14), (4, 6)]),
        "top_share": None,
        "lead_time": clamp(d.weighted([(d.lognormal(11.0, 0.4), 85), (d.lognormal(28.0, 0.25), 15)]), 2.0, 60.0),
        "cover_median": d.lognormal(32.0, 0.35),
        "soldout_p": d.weighted([(0.0, 45), (0.05, 35), (0.15, 15), (0.35, 5)]),
        "overstock": d.lognormal(1.0, 0.35),
        "ads": d.weighted([("none", 62), ("paused", 6), ("on", 32)]),
        "roas_median": BENCHMARKS[category][8] * d.lognormal(1.0, 0.45),
        "dash_p": d.weighted([(d.uniform(0.2, 0.6), 78), (d.uniform(0.02, 0.12), 22)]),
        "mentor_interval": d.uniform(7.0, 16.0),
        "mentor_stop": d.weighted([(None, 80), (d.between(1, 4), 20)]),  # drops out after N sessions
        "mentor_attends": d.chance(0.95),
        "price_changes": d.weighted([(0.0, 25), (d.lognormal(2.0, 0.6), 75)]),
        "policy": d.weighted([("clean", 93), ("past", 5), ("case", 2)]),
        "policy_signals": d.chance(0.3),
        "gaps": [],
        "unknown_signal": False,
    }
    if category == "electronics":
        t["lead_time"] *= 1.2
    return t


def traits_for(d, archetype):
    if archetype == "brand_new":
        day = d.between(0, 7)
    elif archetype == "no_sale":
        day = d.between(7, 24) if d.chance(0.55) else d.between(25, 60)
    elif archetype == "high_returns":
        day = d.between(28, 120)
    elif archetype == "slipping":
        day = d.between(35, 120)
    elif archetype == "thriving":
        day = d.between(45, 120)
    elif archetype == "policy":
        day = d.between(10, 120)
    elif archetype == "missing_data":
        day = d.between(3, 120)
    elif archetype == "stalled":
        day = d.between(61, 120)
    elif archetype == "thin_margin":
        day = d.between(30, 120)
    elif archetype == "overstocked":
        day = d.between(50, 120)
    else:
        day = d.between(8, 120)

    categories = CATEGORIES
    if archetype == "high_returns":
        categories = [("fashion", 60), ("home_garden", 12), ("electronics", 14), ("beauty", 6), ("toys", 8)]
    elif archetype == "policy":
        categories = [("electronics", 35), ("beauty", 25), ("toys", 20), ("fashion", 12), ("home_garden", 8)]
    category = d.weighted(categories)
    t = base_traits(d, archetype, day, category)
    bench = BENCHMARKS[category]

    if archetype == "brand_new":
        t["n_listings"] = d.between(1, 6)
        t["level"] = d.lognormal(14.0, 0.9)
        t["care"] = clamp(d.normal(0.5, 0.22), 0.05, 1.0)
        t["describes"] = d.chance(0.35)
        t["tracker"] = d.chance(0.12)
        t["ads"] = "none"
        t["policy"] = "clean"
        t["dash_p"] = d.uniform(0.3, 0.9)
        t["mentor_attends"] = d.chance(0.85)
        t["price_changes"] = d.weighted([(0.0, 60), (1.0, 40)])
    elif archetype == "no_sale":
        t["no_sale"] = True
        overpriced = d.chance(0.65)
        t["price_center"] = d.uniform(1.18, 1.45) if overpriced else clamp(d.lognormal(1.02, 0.08), 0.8, 1.3)
        t["level"] = d.lognormal(22.0, 0.6) if overpriced else d.lognormal(3.0, 0.8)
        t["n_listings"] = d.between(2, 12)
        t["care"] = clamp(d.normal(0.55, 0.2), 0.05, 1.0)
        t["describes"] = d.chance(0.45)
        t["tracker"] = d.chance(0.25)
        t["ads"] = d.weighted([("none", 85), ("paused", 10), ("on", 5)])
        t["roas_median"] = 0.0
        t["price_changes"] = d.weighted([(0.0, 70), (1.0, 30)])
        t["policy"] = "clean"
    elif archetype == "high_returns":
        t["level"] = d.lognormal(45.0, 0.6)
        t["cr_mult"] = d.lognormal(1.05, 0.25)
        t["ret_concentrated"] = d.chance(0.5)
        if t["ret_concentrated"]:
            t["ret_p"] = bench[1] * d.uniform(0.8, 1.3)
        else:
            t["ret_p"] = min(0.6, bench[1] * d.uniform(2.4, 3.6) if bench[1] < 0.1 else d.uniform(0.44, 0.6))
        t["ret_rising"] = d.chance(0.6)
        t["stars"] = d.weighted([("mixed", 30), ("polarised", 25), ("poor", 35), ("collapsing", 10)])
        t["review_p"] = d.uniform(0.12, 0.35)
    elif archetype == "slipping":
        t["level"] = d.lognormal(55.0, 0.5)
        t["cr_mult"] = d.lognormal(1.0, 0.25)
        t["traffic_shape"] = "slip"
        t["slip_start"] = d.between(12, 30)          # days before as_of the fall began
        t["slip_to"] = d.uniform(0.3, 0.6)
        t["quality_kind"] = d.weighted([("falling", 75), ("flat", 25)])
        t["care"] = clamp(d.normal(0.5, 0.2), 0.05, 1.0)
        t["describes"] = d.chance(0.4)
        t["update_k"] = d.uniform(0.3, 0.8)
        t["refresh_days"] = None
        t["cover_median"] = d.lognormal(14.0, 0.4)
        t["soldout_p"] = d.uniform(0.15, 0.45)
        t["resp_median"] = d.lognormal(14.0, 0.5)
        t["backlog"] = d.weighted([(0.5, 30), (2.0, 40), (5.0, 30)])
        t["late_p"] = d.lognormal(0.06, 0.5)
        t["cancel_p"] = d.lognormal(0.03, 0.6)
        t["dash_p"] = d.uniform(0.0, 0.15)
        t["mentor_stop"] = d.between(1, 3)
        t["mentor_interval"] = d.uniform(10.0, 20.0)
        t["ads"] = d.weighted([("none", 40), ("paused", 10), ("on", 50)])
        t["roas_median"] = d.uniform(0.8, 2.5)
        t["stars"] = d.weighted([("good", 40), ("mixed", 40), ("poor", 20)])
        t["tracker"] = d.chance(0.65)
    elif archetype == "thriving":
        t["level"] = d.lognormal(120.0, 0.6)
        t["traffic_shape"] = "growth"
        t["cr_mult"] = d.lognormal(1.35, 0.25)
        t["price_center"] = clamp(d.lognormal(0.92, 0.07), 0.7, 1.2)
        t["n_listings"] = d.between(8, 15)
        t["care"] = clamp(d.normal(0.88, 0.07), 0.6, 1.0)
        t["describes"] = d.chance(0.85)
        t["q_offset"] = d.uniform(2.0, 8.0)
        t["quality_kind"] = "improving"
        t["refresh_days"] = d.uniform(7.0, 30.0) if d.chance(0.6) else None
        t["ret_p"] = bench[1] * d.uniform(0.3, 0.8)
        t["ret_concentrated"] = False
        t["stars"] = d.weighted([("great", 75), ("good", 22), ("polarised", 3)])
        t["review_p"] = d.weighted([(d.uniform(0.15, 0.35), 90), (d.uniform(0.03, 0.045), 10)])
        t["resp_median"] = d.lognormal(3.5, 0.4)
        t["backlog"] = d.weighted([(0.0, 80), (0.3, 20)])
        t["late_p"] = d.lognormal(0.01, 0.6)
        t["cancel_p"] = d.lognormal(0.004, 0.6)
        t["repeat_p"] = bench[5] * d.lognormal(1.3, 0.25)
        t["tracker"] = d.chance(0.85)
        t["suppliers_known"] = True
        t["cogs"] = clamp(d.normal(0.38, 0.06), 0.2, 0.6)
        t["suppliers"] = d.weighted([(1, 30), (2, 45), (3, 25)])
        t["cover_median"] = d.lognormal(30.0, 0.45)
        t["soldout_p"] = d.weighted([(0.0, 70), (0.05, 30)])
        t["ads"] = d.weighted([("none", 25), ("on", 75)])
        t["roas_median"] = bench[8] * d.lognormal(1.6, 0.35)
        t["dash_p"] = d.uniform(0.4, 0.9)
        t["mentor_stop"] = None
        t["mentor_attends"] = True
        t["price_changes"] = d.weighted([(0.0, 25), (d.lognormal(3.0, 0.5), 75)])
        t["policy"] = d.weighted([("clean", 96), ("past", 4)])
    elif archetype == "policy":
        t["policy"] = d.weighted([("case", 35), ("first", 30), ("repeat", 20), ("past", 15)])
        t["policy_signals"] = True
        t["care"] = clamp(d.normal(0.6, 0.2), 0.05, 1.0)
        t["describes"] = d.chance(0.5)
        t["level"] = d.lognormal(30.0, 0.8)
    elif archetype == "missing_data":
        t["gaps"] = []
        groups = sorted(GAP_GROUPS)
        for _ in range(d.between(2, 4)):
            g = d.pick(groups)
            if g not in t["gaps"]:
                t["gaps"].append(g)
        t["unknown_signal"] = d.chance(0.2)
        if day < 30:
            t["n_listings"] = d.between(1, 8)
    elif archetype == "stalled":
        t["level"] = d.lognormal(4.0, 0.5)
        t["traffic_shape"] = "fade"
        t["cr_mult"] = d.lognormal(0.9, 0.3)
        t["care"] = clamp(d.normal(0.45, 0.2), 0.05, 1.0)
        t["describes"] = d.chance(0.3)
        t["update_k"] = d.uniform(0.2, 0.6)
        t["refresh_days"] = None
        t["dash_p"] = d.uniform(0.0, 0.15)
        t["mentor_stop"] = d.between(1, 4)
        t["ads"] = d.weighted([("none", 80), ("paused", 15), ("on", 5)])
        t["roas_median"] = d.uniform(0.5, 2.0)
        t["price_changes"] = d.weighted([(0.0, 70), (1.0, 30)])
    elif archetype == "thin_margin":
        t["price_center"] = d.uniform(0.68, 0.86)
        t["cogs"] = clamp(d.normal(0.7, 0.1), 0.5, 1.05)
        t["ship_mult"] = d.lognormal(1.5, 0.25)
        t["order_value"] = ORDER_VALUE[category] * d.lognormal(0.45, 0.35)
        t["tracker"] = True
        t["suppliers_known"] = True
        t["level"] = d.lognormal(45.0, 0.6)
        t["cr_mult"] = d.lognormal(1.2, 0.25)
        t["ads"] = d.weighted([("none", 50), ("on", 50)])
        t["roas_median"] = d.uniform(1.5, 4.0)
    elif archetype == "overstocked":
        t["cover_median"] = d.lognormal(190.0, 0.3)
        t["overstock"] = d.lognormal(3.0, 0.3)
        t["soldout_p"] = 0.0
        t["level"] = d.lognormal(18.0, 0.6)
        t["cr_mult"] = d.lognormal(0.75, 0.25)
        t["update_k"] = d.uniform(0.3, 0.9)
        t["refresh_days"] = None
        t["tracker"] = d.chance(0.7)
    return t


# ---- The seller's history and snapshot -----------------------------------------------------

def traffic_factor(t, day_index):
    """Multiplier on the seller's mature daily sessions, on day `day_index` since enrolment."""
    shape = t["traffic_shape"]
    if shape == "growth":
        return 0.15 + 0.85 * min(1.0, day_index / 75.0) ** 0.9
    ramp = 0.3 + 0.7 * min(1.0, day_index / 35.0)
    if shape == "slip":
        start = t["day"] - t["slip_start"]
        if day_index < start:
            return ramp
        frac = min(1.0, (day_index - start) / float(t["slip_start"]))
        return ramp * (1.0 - (1.0 - t["slip_to"]) * frac)
    if shape == "fade":
        return 1.6 if day_index < 25 else max(0.35, 1.6 - 1.25 * (day_index - 25) / 30.0)
    return ramp


def conversion_factor(t, day_index):
    if t["no_sale"]:
        return 0.0
    trust = 0.5 + 0.5 * min(1.0, day_index / 40.0)
    if t["traffic_shape"] == "slip":
        start = t["day"] - t["slip_start"]
        if day_index >= start:
            trust *= 1.0 - 0.35 * min(1.0, (day_index - start) / float(t["slip_start"]))
    if t["traffic_shape"] == "fade" and day_index >= 25:
        trust *= 0.6
    return trust


def make_listings(d, t):
    """The static part of each listing: photos, title, description, quality, price, age."""
    day = t["day"]
    care = t["care"]
    n = t["n_listings"]
    first_batch = max(1, int(round(n * d.uniform(0.3, 0.8))))
    out = []
    for k in range(n):
        if k < first_batch or day < 5:
            created = d.between(0, min(day, 4))
        else:
            created = d.between(5, max(5, day))
            created = min(created, day)
        age = day - created
        lcare = clamp(care + d.normal(0.0, 0.12), 0.0, 1.0)
        photos = int(clamp(round(d.normal(2.0 + 6.5 * lcare, 1.0)), 0, 12))
        title = int(clamp(round(d.normal(26 + 52 * lcare + (8 if t["category"] == "electronics" else 0), 8)), 8, 140))
        desc = d.chance(0.99 if t["describes"] else 0.1 + 0.8 * lcare)
        quality = 18 + 5 * min(photos, 8) + 20.0 * min(title, 80) / 80.0 + (15 if desc else 0)
        quality = int(clamp(round(quality + t["q_offset"] + d.normal(0.0, 4.0)), 0, 100))
        price = round(clamp(t["price_center"] * d.lognormal(1.0, t["price_spread"]), 0.3, 3.0), 2)
        if age <= 0:
            since_update = 0
        elif t["refresh_days"] is not None:
            since_update = int(min(age, t["refresh_days"]) * d.u())
        else:
            since_update = int(age * d.u() ** t["update_k"])
        out.append({
            "title_length": title, "photos": photos, "has_description": desc,
            "quality_score": quality, "price_index": price, "age": age,
            "days_since_update": since_update,
            "unit_price": t["order_value"] * price * d.lognormal(1.0, 0.25),
            "appeal": d.lognormal(1.0, 0.7) * min(1.0, 0.25 + age / 14.0),
        })
    return out


def quality_series(d, t, weeks_total, current):
    """Weekly average listing quality for the completed weeks (last 12), ending near `current`."""
    kind = t["quality_kind"]
    if kind == "falling":
        start = min(96.0, current * d.uniform(1.12, 1.45))
    elif kind == "improving":
        start = max(5.0, current - d.uniform(3.0, 15.0))
    else:
        start = current + d.uniform(-2.0, 2.0)
    series = []
    for k in range(weeks_total):
        frac = (k + 1) / float(weeks_total)
        value = start + (current - start) * frac ** 0.7 + d.normal(0.0, 0.8)
        series.append(int(clamp(round(value), 0, 100)))
    return series[-12:]


def seller_snapshot(d, number, archetype):
    t = traits_for(d, archetype)
    day = t["day"]
    category = t["category"]
    bench = BENCHMARKS[category]
    bench_cr = bench[0]

    listings = make_listings(d, t)
    lqs = int(round(sum(l["quality_score"] for l in listings) / float(len(listings))))
    price_index = round(median([l["price_index"] for l in listings]), 2)
    price_eff = clamp((1.0 / price_index) ** 2.2, 0.3, 2.5)
    quality_eff = clamp((lqs / 72.0) ** 1.2, 0.4, 1.5)

    # Day by day since enrolment (day 0 is the enrolment day; as_of itself is not complete).
    sessions_by_day = []
    orders_by_day = []
    for i in range(day):
        s = d.poisson(t["level"] * traffic_factor(t, i) * d.lognormal(1.0, 0.2))
        cr = bench_cr * t["cr_mult"] * price_eff * quality_eff * conversion_factor(t, i)
        o = min(s, d.poisson(s * cr)) if cr > 0.0 else 0
        sessions_by_day.append(s)
        orders_by_day.append(o)
    window = max(0, day - 30)
    sessions_30d = sum(sessions_by_day[window:])
    orders_30d = sum(orders_by_day[window:])
    orders_total = sum(orders_by_day)
    orders_90d = sum(orders_by_day[max(0, day - 90):])
    weeks_total = day // 7
    weekly_all = [sum(orders_by_day[7 * k:7 * k + 7]) for k in range(weeks_total)]
    weekly_sales = weekly_all[-12:]

    # Listings: views follow appeal; orders follow views, price and quality.
    views_total = int(round(sessions_30d * d.uniform(0.8, 0.95)))
    views = apportion(views_total, [l["appeal"] for l in listings])
    order_w = [v * (1.0 / l["price_index"]) ** 2 * (l["quality_score"] / 70.0) ** 1.5
               for v, l in zip(views, listings)]
    lorders = d.spread(orders_30d, order_w)
    for i in range(len(listings)):  # a listing cannot have more orders than views
        while lorders[i] > views[i]:
            lorders[i] -= 1
            j = max(range(len(listings)), key=lambda k: (views[k] - lorders[k], -k))
            lorders[j] += 1

    # Returns per listing: concentrated on a few listings, or spread.
    ret_now = t["ret_p"]
    hot = set()
    if t["ret_concentrated"] and len(listings) >= 2:
        ranked = sorted(range(len(listings)), key=lambda k: (-lorders[k], k))
        hot = set(ranked[:d.between(1, min(3, len(listings) - 1))])
    lreturns = []
    for i in range(len(listings)):
        p = d.uniform(0.3, 0.6) if i in hot else ret_now * d.lognormal(1.0, 0.3)
        lreturns.append(d.binomial(lorders[i], clamp(p, 0.0, 0.9)))

    # Stock per listing, from days of cover.
    stocks = []
    for i, l in enumerate(listings):
        if lorders[i] > 0:
            if d.chance(t["soldout_p"]):
                stock = 0
            else:
                cover = d.lognormal(t["cover_median"], 0.6)
                stock = max(1, int(round(lorders[i] / 30.0 * cover)))
        else:
            stock = 0 if d.chance(0.03) else max(1, int(round(d.lognormal(3.0, 0.6) * t["overstock"])))
        stocks.append(stock)

    # Order the listings by views, as a dashboard would, and name them.
    order = sorted(range(len(listings)), key=lambda k: (-views[k], k))
    out_listings = []
    for n, i in enumerate(order):
        l = listings[i]
        out_listings.append({
            "id": "L-%05d-%02d" % (number, n + 1),
            "title_length": l["title_length"],
            "photos": l["photos"],
            "has_description": l["has_description"],
            "quality_score": l["quality_score"],
            "price_index": l["price_index"],
            "views_30d": views[i],
            "orders_30d": lorders[i],
            "returns_30d": lreturns[i],
            "stock": stocks[i],
            "days_since_update": l["days_since_update"],
        })

    s = {}
    s["sessions_30d"] = sessions_30d
    s["orders_30d"] = orders_30d
    s["orders_total"] = orders_total
    s["conversion_rate"] = round(orders_30d / float(sessions_30d), 4) if sessions_30d else 0.0
    s["active_listings"] = len(out_listings)
    s["listings"] = out_listings
    gmv = sum(lorders[i] * listings[i]["unit_price"] for i in range(len(listings)))
    s["gmv_30d"] = round(gmv, 2)
    s["weekly_sales"] = weekly_sales
    s["listing_quality_score"] = lqs
    s["quality_trend"] = quality_series(d, t, weeks_total, lqs) if weeks_total else []
    s["price_index"] = price_index
    s["price_changes_30d"] = d.poisson(t["price_changes"]) if day > 0 else 0

    # Costs and suppliers (the seller's cost tracker).
    if t["tracker"] and day >= 7:
        if orders_30d > 0:
            aov = gmv / orders_30d
            s["cogs_share"] = round(clamp(t["cogs"] * (1.0 / price_index) ** 0.6 * d.lognormal(1.0, 0.05), 0.05, 1.2), 2)
            ship = bench[7] * t["ship_mult"] * (35.0 / max(aov, 5.0)) ** 0.35
            s["shipping_cost_share"] = round(clamp(ship * d.lognormal(1.0, 0.08), 0.01, 0.6), 2)
        if t["suppliers_known"]:
            count = t["suppliers"]
            s["supplier_count"] = count
            if count >= 1:
                s["top_supplier_share"] = 1.0 if count == 1 else round(d.uniform(0.45, 0.95), 2)
                s["supplier_lead_time_days"] = round(t["lead_time"] * d.lognormal(1.0, 0.08), 1)

    # Inventory.
    total_stock = sum(stocks)
    zero_stock = sum(1 for x in stocks if x == 0)
    if day >= 7:
        units_sold = sum(orders_by_day[max(0, day - 90):]) * d.uniform(1.0, 1.15)
        average_stock = max(1.0, total_stock * d.uniform(0.9, 1.2))
        s["inventory_turnover_90d"] = round(units_sold / average_stock, 1)
    selling_in_stock = sum(1 for i in range(len(stocks)) if stocks[i] > 0 and lorders[i] > 0)
    s["stockout_listings"] = zero_stock + d.binomial(selling_in_stock, t["soldout_p"] * 0.8)
    if day >= 7:
        aged = 0.0
        if day >= 60:
            for i, l in enumerate(listings):
                if l["age"] < 60 or stocks[i] == 0:
                    continue
                if lorders[i] == 0:
                    aged += stocks[i] * d.uniform(0.7, 1.0)
                else:
                    aged += max(0.0, stocks[i] - 2.0 * lorders[i]) * d.uniform(0.5, 1.0)
        s["aged_inventory_share"] = round(aged / total_stock, 2) if total_stock else 0.0

    # Returns: the last 30 days' are the listings' (spread over the days' orders), earlier
    # days' are drawn at the seller's rate then (rising, for some), so the weekly rates agree.
    returns_30d = sum(lreturns)
    if orders_30d > 0:
        s["return_rate"] = round(returns_30d / float(orders_30d), 2)
    if orders_total > 0 and weeks_total:
        past_p = returns_30d / float(orders_30d) if orders_30d else ret_now
        returns_by_day = []
        for i in range(window):
            p = past_p * (0.55 + 0.45 * i / float(max(window, 1)) if t["ret_rising"] else 1.0)
            returns_by_day.append(d.binomial(orders_by_day[i], clamp(p, 0.0, 0.9)))
        recent = orders_by_day[window:]
        spread = apportion(returns_30d, [o * d.lognormal(1.0, 0.3) for o in recent])
        for i in range(len(recent)):  # no day has more returns than orders
            while spread[i] > recent[i]:
                spread[i] -= 1
                j = max(range(len(recent)), key=lambda k: (recent[k] - spread[k], -k))
                spread[j] += 1
        returns_by_day.extend(spread)
        rates = []
        for k, o in enumerate(weekly_all):
            r = sum(returns_by_day[7 * k:7 * k + 7])
            rates.append(round(r / float(o), 2) if o else 0.0)
        s["return_rate_weekly"] = rates[-12:]

    # Reviews: a share of delivered orders (a week after ordering) is reviewed.
    probabilities = STARS[t["stars"]]
    star_pairs = [(5, probabilities[0]), (4, probabilities[1]), (3, probabilities[2]),
                  (2, probabilities[3]), (1, probabilities[4])]
    stars_all = []
    stars_90 = []
    for i in range(max(0, day - 7)):
        for _ in range(d.binomial(orders_by_day[i], t["review_p"])):
            star = d.weighted(star_pairs)
            stars_all.append(star)
            if i >= day - 97:
                stars_90.append(star)
    s["review_count"] = len(stars_all)
    if stars_all:
        s["average_rating"] = round(sum(stars_all) / float(len(stars_all)), 1)
        if stars_90:
            s["negative_review_share"] = round(sum(1 for x in stars_90 if x <= 2) / float(len(stars_90)), 2)

    # Buyer messages.
    messages = d.poisson(sessions_30d * t["msg_rate"] + orders_30d * 0.12)
    if messages > 0:
        s["response_time_hours"] = max(0.5, round(d.lognormal(t["resp_median"], 0.25) * 2.0) / 2.0)
    s["unanswered_messages"] = min(messages, d.poisson(t["backlog"])) if messages else 0

    # Fulfilment.
    if orders_30d > 0:
        s["late_shipment_rate"] = round(d.binomial(orders_30d, clamp(t["late_p"], 0.0, 0.6)) / float(orders_30d), 3)
        s["cancellation_rate"] = round(d.binomial(orders_30d, clamp(t["cancel_p"], 0.0, 0.5)) / float(orders_30d), 3)
    if orders_90d > 0:
        p = t["repeat_p"] * min(1.0, 0.2 + day / 60.0)
        s["repeat_buyer_rate"] = round(d.binomial(orders_90d, clamp(p, 0.0, 0.8)) / float(orders_90d), 2)

    # Policy.
    v30, vtotal, cases = 0, 0, 0
    kind = t["policy"]
    if kind == "case":
        cases = d.weighted([(1, 85), (2, 15)])
        vtotal = d.weighted([(0, 70), (1, 30)])
    elif kind == "first":
        v30 = 1
        vtotal = d.weighted([(1, 75), (2, 25)])
        cases = d.weighted([(0, 60), (1, 40)])
    elif kind == "repeat":
        v30 = d.weighted([(2, 70), (3, 25), (4, 5)])
        vtotal = v30 + d.weighted([(0, 50), (1, 35), (2, 15)])
        cases = d.weighted([(0, 35), (1, 45), (2, 20)])
    elif kind == "past":
        vtotal = d.weighted([(1, 75), (2, 25)])
    if day < 30 and vtotal > v30 and kind != "past":
        vtotal = v30  # every violation of a seller under 30 days falls in the 30-day window
    if t["policy_signals"] or v30 or vtotal or cases:
        s["policy_violations_30d"] = v30
        s["policy_violations_total"] = vtotal
        s["open_policy_cases"] = cases

    # Ads.
    if t["ads"] == "paused":
        s["ads_spend_30d"] = 0.0
    elif t["ads"] == "on" and day >= 3:
        spend = d.lognormal(35.0 + 0.07 * gmv, 0.5)
        roas = d.lognormal(t["roas_median"], 0.3) if t["roas_median"] > 0 else 0.0
        if gmv <= 0.0:
            roas = 0.0
        elif spend * roas > 0.6 * gmv:
            spend = 0.6 * gmv / roas
        s["ads_spend_30d"] = round(spend, 2)
        if s["ads_spend_30d"] > 0.0:
            s["ads_roas"] = round(roas, 1)

    # Habits and engagement.
    s["dashboard_visits_30d"] = d.binomial(min(30, max(day, 1)), t["dash_p"])
    attended, last = 0, None
    if t["mentor_attends"]:
        when = d.between(1, 6)
        while when < day:
            if t["mentor_stop"] is not None and attended >= t["mentor_stop"]:
                break
            attended += 1
            last = when
            when += int(round(t["mentor_interval"] * d.uniform(0.7, 1.3)))
    s["mentor_sessions_attended"] = attended
    s["days_since_mentor_session"] = day - last if last is not None else day

    # Cancelled orders (the seller's, from its rate, and a buyer's now and then), the day of
    # the first sale that was not cancelled, mentor no-shows and the policy course.
    seller_cancels = int(round(s.get("cancellation_rate", 0.0) * orders_30d))
    s["cancelled_orders_30d"] = min(orders_30d, seller_cancels + d.binomial(orders_30d, 0.01))
    earlier = orders_total - orders_30d
    s["cancelled_orders_total"] = s["cancelled_orders_30d"] + d.binomial(earlier, clamp(t["cancel_p"] + 0.01, 0.0, 0.5))
    first = next((i for i, o in enumerate(orders_by_day) if o > 0), None)
    if first is not None:
        s["first_sale_day"] = first
    s["mentor_no_shows_30d"] = d.weighted([(0, 90), (1, 6), (2, 3), (3, 1)]) if day >= 7 else 0
    s["policy_course_completed"] = d.chance(clamp(0.2 + day / 40.0, 0.0, 0.95))

    # Data gaps (the missing_data archetype): whole groups left out, or null (null for the
    # default-valued ones: left out they would read as 0), and a few more signals left out.
    gapped = set()
    for group in t["gaps"]:
        for name in GAP_GROUPS[group]:
            if name in s:
                if name in DEFAULTED or d.chance(0.25):
                    s[name] = None
                else:
                    del s[name]
                gapped.add(name)
    if t["gaps"]:
        for name in SIGNAL_ORDER:
            if name in s and name not in gapped and name not in REQUIRED \
                    and name not in DEFAULTED and d.chance(0.08):
                del s[name]
    signals = {name: s[name] for name in SIGNAL_ORDER if name in s}
    if t["unknown_signal"]:
        signals["impressions_30d"] = int(sessions_30d * d.uniform(6.0, 12.0))

    enrolled = AS_OF - datetime.timedelta(days=day)
    seller = {"id": "P-%05d" % number}
    if category is not None:
        seller["category"] = category
    seller["enrolled_on"] = enrolled.isoformat()
    return t, {
        "seller": seller,
        "as_of": AS_OF.isoformat(),
        "signals": signals,
        "delivered": deliveries(d, t),
    }


def deliveries(d, t):
    """Tips a host showed the seller recently: real rule ids, dated before as_of."""
    day = t["day"]
    if day < 2:
        return []
    k = d.weighted([(0, 45), (1, 30), (2, 17), (3, 8)])
    pool = DELIVERABLE.get(t["archetype"], [])
    if day <= 30:
        pool = pool + DELIVERABLE["new"]
    out = []
    for _ in range(k):
        rule = d.pick(pool) if pool and d.chance(0.7) else d.pick(DELIVERABLE["common"])
        if any(rule == r for _, r in out):
            continue  # one delivery per tip: a host does not repeat a tip within its cooldown
        out.append((d.between(1, min(day - 1, 35)), rule))
    out.sort(key=lambda x: (-x[0], x[1]))
    return [{"id": rule, "at": (AS_OF - datetime.timedelta(days=ago)).isoformat()} for ago, rule in out]


def population(sellers, seed):
    """Yields (archetype, snapshot) for sellers P-00001 ... in order."""
    master = Draw(seed)
    counts = apportion(sellers, [w for _, w, _ in ARCHETYPES])
    plan = []
    for (name, _, _), c in zip(ARCHETYPES, counts):
        plan.extend([name] * c)
    # Shuffle (Fisher-Yates on the seeded stream), so ids do not give the archetype away.
    for i in range(len(plan) - 1, 0, -1):
        j = int(master.u() * (i + 1))
        plan[i], plan[j] = plan[j], plan[i]
    for number, archetype in enumerate(plan, start=1):
        d = Draw(int(master.u() * 2 ** 52))
        yield seller_snapshot(d, number, archetype)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sellers", type=int, default=2000, help="sellers to generate (default 2000)")
    parser.add_argument("--seed", type=int, default=7, help="the random seed (default 7)")
    parser.add_argument("--out", default=None,
                        help="output file, - for standard output (default Examples/population.jsonl)")
    args = parser.parse_args()
    if args.sellers < 1 or args.sellers > 99999:
        parser.error("--sellers must be between 1 and 99999")
    out_path = args.out if args.out is not None else os.path.join(ROOT, DEFAULT_OUT)
    lines = []
    for _, snapshot in population(args.sellers, args.seed):
        lines.append(json.dumps(snapshot, separators=(",", ":"), ensure_ascii=True, allow_nan=False))
    data = "\n".join(lines) + "\n"
    if out_path == "-":
        sys.stdout.write(data)
    else:
        with open(out_path, "w", encoding="utf-8", newline="\n") as f:
            f.write(data)


if __name__ == "__main__":
    main()

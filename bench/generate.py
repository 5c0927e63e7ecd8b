#!/usr/bin/env python3
"""Generates the serving benchmark's seller population as JSON Lines.

    python3 bench/generate.py --sellers 100000 --seed 1 [--out FILE]

One snapshot per line, in the shape `coach eval` reads (see Examples/*.json), for the
catalog in bench/Rules/signals.yaml. Deterministic: the same seed gives byte-identical
output (only `random.Random.random()` is drawn from; every distribution is derived from it
here, so the output does not depend on how a Python version implements `gauss` or
`randrange`; the math module's log/exp/cos come from the platform's C library, so the
bytes are guaranteed for one platform). Standard library only. 100,000 sellers take about
20-25 s and 220 MB (about 2.2 KB a line).

The population is skewed the way a marketplace's is: categories are uneven, traffic is
log-normal (most shops small, a few huge), sellers are 0-120 days into the program, and
each optional signal is left out for 10-20% of sellers (and is now and then null); a signal
that only exists with another (ads_roas with ad spend, for one) is missing more often.
"""

import argparse
import datetime
import json
import math
import sys

import random as _random

# Category, weight. `books` and `crafts` have no benchmark row (the default one applies).
CATEGORIES = [
    ("fashion", 30), ("home_garden", 22), ("electronics", 15), ("beauty", 11),
    ("toys", 8), ("sports", 6), ("books", 4), ("crafts", 2),
]
# Per category: typical conversion rate, return rate and shipping cost share.
PROFILE = {
    "fashion": (0.022, 0.20, 0.09), "home_garden": (0.018, 0.07, 0.14),
    "electronics": (0.015, 0.08, 0.06), "beauty": (0.030, 0.04, 0.08),
    "toys": (0.025, 0.05, 0.11), "sports": (0.020, 0.07, 0.12),
    "books": (0.020, 0.03, 0.10), "crafts": (0.020, 0.05, 0.10), None: (0.020, 0.06, 0.10),
}
# Typical share of orders from returning buyers.
REPEAT = {"fashion": 0.22, "home_garden": 0.15, "electronics": 0.12, "beauty": 0.30, "toys": 0.14, "sports": 0.16}
FIRST_ENROLMENT = datetime.date(2026, 1, 5).toordinal()
SEP = (",", ":")


class Draw:
    """Every distribution the generator needs, from one seeded uniform source."""

    def __init__(self, seed):
        self.u = _random.Random(seed).random

    def below(self, n):
        """An int in [0, n)."""
        return int(self.u() * n)

    def between(self, lo, hi):
        """An int in [lo, hi]."""
        return lo + int(self.u() * (hi - lo + 1))

    def uniform(self, lo, hi):
        return lo + (hi - lo) * self.u()

    def chance(self, p):
        return self.u() < p

    def normal(self, mu, sigma):
        # Box-Muller, one value per call (the second is dropped to keep the stream simple).
        u1 = self.u()
        u2 = self.u()
        return mu + sigma * math.sqrt(-2.0 * math.log(1.0 - u1)) * math.cos(2.0 * math.pi * u2)

    def lognormal(self, mu, sigma):
        return math.exp(self.normal(mu, sigma))

    def weighted(self, pairs, total):
        x = self.u() * total
        for value, w in pairs:
            x -= w
            if x < 0:
                return value
        return pairs[-1][0]


def clamp(x, lo, hi):
    return lo if x < lo else hi if x > hi else x


CATEGORY_TOTAL = sum(w for _, w in CATEGORIES)


def listings_for(d, n_id, n, day, sessions, orders, diligence, price_base, return_base):
    """The seller's listings and the sums the seller-level signals are made from."""
    weights = [d.lognormal(0.0, 1.0) for _ in range(n)]
    total_w = sum(weights)
    views_total = sessions * d.uniform(0.7, 1.0)
    # Orders follow views, favouring better listings.
    qualities = [int(clamp(round(d.normal(38 + 50 * diligence, 13)), 0, 100)) for _ in range(n)]
    order_w = [w * (0.4 + q / 100.0) for w, q in zip(weights, qualities)]
    total_ow = sum(order_w)
    order_counts = [int(orders * w / total_ow) for w in order_w]
    rest = orders - sum(order_counts)
    if rest > 0:
        order_counts[order_w.index(max(order_w))] += rest
    listings = []
    returns_total = 0
    zero_stock = 0
    for k in range(n):
        o = order_counts[k]
        r = int(o * clamp(return_base * d.lognormal(0.0, 0.7), 0.0, 0.9) + d.u()) if o > 0 else 0
        if r > o:
            r = o
        returns_total += r
        if d.chance(0.08 + (0.15 if o >= 3 else 0.0)):
            stock = 0
            zero_stock += 1
        else:
            stock = int(d.lognormal(2.8, 1.1))
        listings.append({
            "id": "L%06d-%02d" % (n_id, k + 1),
            "title_length": int(clamp(round(d.normal(28 + 62 * diligence, 16)), 5, 140)),
            "photos": int(clamp(round(d.normal(3.2 + 5 * diligence, 1.6)), 1, 12)),
            "has_description": d.chance(0.35 + 0.6 * diligence),
            "quality_score": qualities[k],
            "price_index": round(clamp(price_base * d.lognormal(0.0, 0.22), 0.2, 4.0), 2),
            "views_30d": int(views_total * weights[k] / total_w),
            "orders_30d": o,
            "returns_30d": r,
            "stock": stock,
            "days_since_update": int(d.u() ** (0.4 + 1.2 * diligence) * (day + 1)),
        })
    return listings, returns_total, zero_stock


def weekly_series(d, day, orders, trend, slipping):
    """Orders per completed week, oldest first, at most 12."""
    weeks = min(12, day // 7)
    base = orders / 4.3
    out = []
    for i in range(weeks):
        age = weeks - 1 - i  # 0 = last week
        level = base * max(0.0, 1.0 - trend * age / 4.0) * d.uniform(0.6, 1.4)
        if slipping:
            level = level * 0.35 if age < 2 else level * 1.6
        out.append(int(level + d.u()))
    return out


def seller(d, n):
    """One seller's snapshot as a dict."""
    category = d.weighted(CATEGORIES, CATEGORY_TOTAL)
    category_field = category
    if d.chance(0.02):
        category_field = None
        category = None
    conv_base, return_base, ship_base = PROFILE[category]
    day = d.below(121)
    enrolled = FIRST_ENROLMENT + d.below(300)
    as_of = enrolled + day
    maturity = min(1.0, (day + 5) / 60.0)
    diligence = clamp(d.u() ** 0.8, 0.0, 1.0)

    sessions = int(d.lognormal(5.5, 1.25) * (0.25 + 0.75 * maturity))
    conv = clamp(conv_base * d.lognormal(0.0, 0.6), 0.0, 0.25)
    if day < 40 and d.chance(0.35):
        conv *= 0.1  # not yet found its buyers
    orders = int(sessions * conv + d.u())
    no_sale = day < 70 and d.chance(0.15)  # enrolled, listed, found, and not yet chosen
    if no_sale:
        orders = 0
    conversion = round(orders / sessions, 4) if sessions > 0 else 0.0
    if no_sale:
        orders_total = 0
    elif day > 30:
        orders_total = orders + int(orders * (day - 30) / 30.0 * d.uniform(0.5, 1.3)) + (d.below(4) if orders < 3 else 0)
    else:
        orders_total = orders

    n_listings = 5 + int(16 * d.u() ** 4)
    price_base = d.lognormal(0.0, 0.16)
    listings, returns_total, zero_stock = listings_for(
        d, n, n_listings, day, sessions, orders, diligence, price_base, return_base)
    active = n_listings + (d.between(-2, 3) if d.chance(0.2) else 0)

    s = {}
    s["sessions_30d"] = sessions
    s["orders_30d"] = orders
    s["orders_total"] = orders_total
    s["conversion_rate"] = conversion
    s["active_listings"] = max(0, active)
    s["listings"] = listings

    def opt(name, value, p_missing=0.12, p_null=0.01):
        """An optional signal: left out for some sellers, null for a few."""
        x = d.u()
        if x < p_null:
            s[name] = None
        elif x >= p_null + p_missing:
            s[name] = value

    def dflt(name, value, p_missing=0.2, p_null=0.01):
        """A signal with a default: left out (the default applies) for some, null for a few."""
        opt(name, value, p_missing, p_null)

    aov = d.lognormal(math.log(30.0), 0.6)
    opt("gmv_30d", round(orders * aov, 2))
    if day >= 7:
        trend = d.normal(0.0, 0.45)
        opt("weekly_orders", weekly_series(d, day, orders, trend, d.chance(0.12)), 0.10)
    else:
        opt("weekly_orders", [], 0.10)
    prices = sorted(l["price_index"] for l in listings)
    opt("price_index", prices[len(prices) // 2])
    changes = 0 if d.chance(0.35) else int(d.lognormal(1.1, 1.0))
    dflt("price_changes_30d", changes)
    if d.chance(0.08):
        cogs = 0.0  # never entered in the cost tracker
    elif d.chance(0.07):
        cogs = d.uniform(0.85, 1.2)  # selling below cost
    else:
        cogs = clamp(d.normal(0.52, 0.14), 0.05, 1.3)
    opt("cogs_share", round(cogs, 2), 0.15)
    opt("shipping_cost_share", round(clamp(ship_base * d.lognormal(0.0, 0.45), 0.0, 1.0), 3))
    dflt("stockout_listings", zero_stock + d.below(3))
    opt("aged_inventory_share", round(d.u() ** 1.6 * 0.7, 2))
    opt("supplier_count", 1 + int(d.lognormal(0.0, 0.9)) if d.chance(0.65) else 1)
    opt("fulfilment", d.weighted((("self", 60), ("marketplace", 28), ("dropship", 12)), 100), 0.1)

    delivered = sum(l["orders_30d"] for l in listings)
    if delivered > 0:
        opt("return_rate", round(clamp(returns_total / delivered * d.uniform(0.8, 1.2), 0.0, 1.0), 3), 0.08)
    reviews = int(orders_total * d.uniform(0.15, 0.6))
    dflt("review_count", reviews)
    if reviews > 0:
        rating = d.normal(4.4, 0.35) if d.chance(0.9) else d.uniform(2.0, 3.8)
        opt("average_rating", round(clamp(rating, 1.0, 5.0), 1), 0.05)
    opt("response_time_hours", round(d.lognormal(math.log(8.0), 0.8), 1), 0.15)
    dflt("unanswered_messages", int(-math.log(1.0 - d.u()) * 1.1))
    if orders > 0:
        opt("late_shipment_rate", round(d.u() ** 3 * 0.2, 3), 0.1)
        opt("cancellation_rate", round(d.u() ** 3 * 0.12, 3), 0.1)
    if orders_total >= 5:
        opt("repeat_buyer_rate", round(clamp(REPEAT.get(category, 0.18) * d.lognormal(0.0, 0.6), 0.0, 1.0), 2))
    opt("has_return_policy", d.chance(0.8), 0.1)
    x = d.u()
    dflt("policy_violations_30d", 0 if x < 0.88 else 1 if x < 0.94 else d.between(2, 4))
    x = d.u()
    dflt("open_policy_cases", 0 if x < 0.86 else 1 if x < 0.93 else d.between(2, 3))
    dflt("store_tier", d.weighted((("basic", 60), ("plus", 28), ("pro", 12)), 100))
    ads = d.chance(0.35)
    dflt("ads_enabled", ads)
    if ads:
        opt("ads_spend_30d", round(d.lognormal(math.log(80.0), 1.0), 2), 0.05)
        opt("ads_roas", round(d.lognormal(math.log(3.0), 0.9), 2), 0.1)
    opt("dashboard_visits_30d", 0 if d.chance(0.08) else min(30, int(d.lognormal(1.4, 0.8))))
    attended = int(day / 20.0 * d.uniform(0.0, 1.6))
    dflt("mentor_sessions_attended", attended)
    opt("days_since_mentor_session", day if attended == 0 else d.below(min(day, 45) + 1))

    seller_obj = {"id": "B-%06d" % n}
    if category_field is not None or d.chance(0.5):
        seller_obj["category"] = category_field
    seller_obj["enrolled_on"] = datetime.date.fromordinal(enrolled).isoformat()
    return {
        "seller": seller_obj,
        "as_of": datetime.date.fromordinal(as_of).isoformat(),
        "signals": s,
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sellers", type=int, default=100000, help="how many sellers (default 100000)")
    parser.add_argument("--seed", type=int, default=1, help="the random seed (default 1)")
    parser.add_argument("--out", help="the output file (default: standard output)")
    args = parser.parse_args()
    if args.sellers < 0:
        parser.error("--sellers must be 0 or more, not %d" % args.sellers)
    d = Draw(args.seed)
    out = open(args.out, "w", encoding="utf-8", newline="\n") if args.out else sys.stdout
    dumps = json.JSONEncoder(separators=SEP).encode
    try:
        batch = []
        for n in range(1, args.sellers + 1):
            batch.append(dumps(seller(d, n)))
            if len(batch) == 1000:
                batch.append("")
                out.write("\n".join(batch))
                batch = []
        if batch:
            batch.append("")
            out.write("\n".join(batch))
    finally:
        if out is not sys.stdout:
            out.close()


if __name__ == "__main__":
    main()

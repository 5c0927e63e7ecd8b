// DecimalRounding.swift — a double rounded to some decimals, half away from zero as the
// number is written: one rule for round(x, n), number(), money(), percent() and a text's
// numbers.

package enum DecimalRounding {
    /// `magnitude` (finite, not negative) × `scale` (10^decimals) rounded to a whole number,
    /// half away from zero as `magnitude` is written (its shortest decimal form, as coach
    /// prints it): 1.015 to two decimals is 1.02 and 1.045 is 1.05, though in binary both are
    /// a little under their half (1.045 × 100 happens to land on 104.5, 1.015 × 100 under
    /// 101.5). Only a product within a few units of its last place of a half, or too large
    /// to hold a fraction, asks the written form. Nil from 9e17 on (no exact whole number).
    package static func scaledWhole(_ magnitude: Double, scale: Double) -> UInt64? {
        let product = magnitude * scale
        guard product < 9e17 else { return nil }
        let floor = product.rounded(.down)
        if product >= 4_503_599_627_370_496 || abs(product - floor - 0.5) <= 4 * product.ulp,
           let written = writtenScaled(magnitude, scale: scale) {
            return written
        }
        return UInt64(product.rounded(.toNearestOrAwayFromZero))
    }

    /// ``scaledWhole(_:scale:)`` as a double, the product's own rounding past 9e17.
    package static func scaled(_ magnitude: Double, scale: Double) -> Double {
        scaledWhole(magnitude, scale: scale).map { Double($0) } ?? (magnitude * scale).rounded(.toNearestOrAwayFromZero)
    }

    /// The written digits of `magnitude` with `scale`'s decimals, as a whole number, one more
    /// when the digit after them is 5 or more; nil when its shortest form has an exponent
    /// (tiny or huge numbers: the binary value decides then).
    static func writtenScaled(_ magnitude: Double, scale: Double) -> UInt64? {
        var decimals = 0
        var s = scale
        while s > 1 { s /= 10; decimals += 1 }
        guard let text = plainDecimal(magnitude) else { return nil }
        var whole: UInt64 = 0
        var kept = 0, seenPoint = false
        for c in text.utf8 {
            switch c {
            case UInt8(ascii: "."): seenPoint = true
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                if seenPoint, kept == decimals {
                    return finish(whole, kept: kept, decimals: decimals, up: c >= UInt8(ascii: "5"))
                }
                let (times, o1) = whole.multipliedReportingOverflow(by: 10)
                let (plus, o2) = times.addingReportingOverflow(UInt64(c - UInt8(ascii: "0")))
                guard !o1, !o2 else { return nil }
                whole = plus
                if seenPoint { kept += 1 }
            default: return nil
            }
        }
        return finish(whole, kept: kept, decimals: decimals, up: false)
    }

    /// `whole` (with `kept` of the decimals) padded to `decimals` decimals, plus one when `up`.
    private static func finish(_ whole: UInt64, kept: Int, decimals: Int, up: Bool) -> UInt64? {
        var n = whole
        for _ in kept..<max(kept, decimals) {
            let (times, o) = n.multipliedReportingOverflow(by: 10)
            guard !o else { return nil }
            n = times
        }
        let (sum, o) = n.addingReportingOverflow(up ? 1 : 0)
        return o ? nil : sum
    }

    /// `magnitude`'s shortest written form without an exponent: "3.5e-05" as "0.000035",
    /// "1.5e+16" as "15000000000000000"; nil for "inf" and "nan".
    package static func plainDecimal(_ magnitude: Double) -> String? {
        let text = "\(magnitude)"
        guard let e = text.firstIndex(of: "e") else {
            return text.utf8.allSatisfy({ $0 == UInt8(ascii: ".") || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }) ? text : nil
        }
        guard let exponent = Int(text[text.index(after: e)...]), abs(exponent) < 400 else { return nil }
        let mantissa = text[..<e]
        let point = mantissa.firstIndex(of: ".").map { mantissa.distance(from: mantissa.startIndex, to: $0) } ?? mantissa.count
        let digits = mantissa.filter { $0 != "." }
        guard digits.utf8.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }) else { return nil }
        let at = point + exponent  // where the point goes among the digits
        if at <= 0 { return "0." + String(repeating: "0", count: -at) + digits }
        if at >= digits.count { return digits + String(repeating: "0", count: at - digits.count) }
        return String(digits.prefix(at)) + "." + String(digits.dropFirst(at))
    }

}

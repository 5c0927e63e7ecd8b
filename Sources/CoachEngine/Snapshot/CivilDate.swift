// CivilDate.swift — ISO calendar dates as day numbers, without Foundation's calendars.

/// Calendar dates (proleptic Gregorian) as days since 1970-01-01.
package enum CivilDate {
    /// Parses `YYYY-MM-DD`, optionally followed by `T` and a time (which is ignored).
    package static func parse(_ text: String) -> Int? {
        // Read in place (a native string's bytes, a short one's from the stack): no array made.
        if let day = text.utf8.withContiguousStorageIfAvailable({ parse(bytes: $0) }) { return day }
        return Array(text.utf8).withUnsafeBufferPointer { parse(bytes: $0) }
    }

    /// ``parse(_:)`` over the text's UTF-8 bytes.
    static func parse(bytes u: UnsafeBufferPointer<UInt8>) -> Int? {
        guard u.count >= 10, u[4] == 0x2D, u[7] == 0x2D else { return nil }
        if u.count > 10, !isTime(UnsafeBufferPointer(rebasing: u[10...])) { return nil }
        func digits(_ r: Range<Int>) -> Int? {
            var n = 0
            for i in r {
                guard u[i] >= 0x30, u[i] <= 0x39 else { return nil }
                n = n * 10 + Int(u[i] - 0x30)
            }
            return n
        }
        guard let y = digits(0..<4), let m = digits(5..<7), let d = digits(8..<10),
              (1...12).contains(m), d >= 1, d <= daysIn(month: m, year: y) else { return nil }
        return days(year: y, month: m, day: d)
    }

    /// Whether `u` is what may follow a date in an RFC 3339 timestamp: `T` (or a space) and
    /// `HH:MM`, then `:SS` and a fraction, then `Z` or an offset `±HH:MM`, each optional but
    /// the first. The date is the day as written: the time and its offset are not used
    /// (docs/limits.md), but text that is not a time refuses the date.
    static func isTime(_ u: UnsafeBufferPointer<UInt8>) -> Bool {
        var i = 0
        func two(_ limit: Int) -> Bool {
            guard i + 2 <= u.count, (0x30...0x39).contains(u[i]), (0x30...0x39).contains(u[i + 1]),
                  Int(u[i] - 0x30) * 10 + Int(u[i + 1] - 0x30) <= limit else { return false }
            i += 2
            return true
        }
        func take(_ byte: UInt8) -> Bool {
            guard i < u.count, u[i] == byte else { return false }
            i += 1
            return true
        }
        guard take(0x54) || take(0x74) || take(0x20), two(23), take(0x3A), two(59) else { return false }
        if take(0x3A) {
            guard two(60) else { return false }
            if take(0x2E) {
                let start = i
                while i < u.count, (0x30...0x39).contains(u[i]) { i += 1 }
                guard i > start else { return false }
            }
        }
        if take(0x5A) || take(0x7A) { return i == u.count }
        if take(0x2B) || take(0x2D) { return two(23) && take(0x3A) && two(59) && i == u.count }
        return i == u.count
    }

    /// `YYYY-MM-DD` for a day number.
    package static func format(_ day: Int) -> String {
        let (y, m, d) = civil(day)
        if (0...9999).contains(y) {
            // Ten digits and dashes written in place: a string this short is kept inline, with
            // no allocation (results write a date for every checklist entry).
            return String(unsafeUninitializedCapacity: 10) { p in
                func put(_ n: Int, _ at: Int, _ width: Int) {
                    var n = n
                    for i in stride(from: at + width - 1, through: at, by: -1) {
                        p[i] = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: n % 10)
                        n /= 10
                    }
                }
                put(y, 0, 4)
                p[4] = UInt8(ascii: "-")
                put(m, 5, 2)
                p[7] = UInt8(ascii: "-")
                put(d, 8, 2)
                return 10
            }
        }
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        let year = String(y)
        return String(repeating: "0", count: max(0, 4 - year.count)) + year + "-" + two(m) + "-" + two(d)
    }

    static func daysIn(month m: Int, year y: Int) -> Int {
        switch m {
        case 2: return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Howard Hinnant's days_from_civil.
    package static func days(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// Howard Hinnant's civil_from_days.
    package static func civil(_ z0: Int) -> (Int, Int, Int) {
        let z = z0 + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }
}

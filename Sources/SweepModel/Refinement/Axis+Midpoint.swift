import Foundation

extension Axis {
    /// The value halfway between two values of this axis, as a grid with more values on it would hold it.
    ///
    /// On a `linspace` or `logspace` axis, halfway is the value that axis's formula gives a grid twice (four
    /// times, ...) as fine at the halfway position, canonicalised: a point refined into the axis has the text,
    /// and so the task key, that a sweep file listing the finer grid gives it. On a listed axis (or values the
    /// formula does not give) it is the arithmetic mean, geometric on a log-spaced axis, canonicalised.
    public func midpoint(between low: Double, and high: Double) -> ParamValue {
        if let grid = GeneratedGrid(self), let a = grid.position(of: low), let b = grid.position(of: high),
            (a + b) % 2 == 0
        {
            return grid.value(at: (a + b) / 2)
        }
        if spacing == .log, low > 0, high > 0 { return .canonicalNumber((low * high).squareRoot()) }
        return .canonicalNumber(low + (high - low) / 2)
    }
}

/// A generated axis seen as positions on a grid `2^depth` times finer than its own: position `j` holds the
/// value the axis's `linspace`/`logspace` formula gives index `j` of `(count - 1) * 2^depth + 1` values.
private struct GeneratedGrid {
    static let depth = 24
    let start: Double
    let stop: Double
    let logarithmic: Bool
    let intervals: Double

    /// The axis's formula, from its first and last values (the ends as written, for ends of at most 12
    /// significant digits, which canonicalisation keeps exactly); nil for a listed axis.
    init?(_ axis: Axis) {
        guard axis.spacing != .list, axis.values.count > 1, let first = axis.values.first?.doubleValue,
            let last = axis.values.last?.doubleValue, first != last
        else { return nil }
        let intervals = Double(axis.values.count - 1) * Double(1 << Self.depth)
        guard intervals < 0x1p52 else { return nil }
        (start, stop, logarithmic, self.intervals) = (first, last, axis.spacing == .log, intervals)
    }

    /// The position `value` is at, when the formula gives exactly `value` there.
    func position(of value: Double) -> Int? {
        let fraction =
            logarithmic
            ? (log10(value) - log10(start)) / (log10(stop) - log10(start)) : (value - start) / (stop - start)
        guard fraction.isFinite, fraction >= 0, fraction <= 1 else { return nil }
        let position = Int((fraction * intervals).rounded())
        return self.value(at: position) == .number(value) ? position : nil
    }

    /// The canonicalised value at `position`, computed as `linspace`/`logspace` compute theirs: scaling the
    /// index and the interval count by the same power of two leaves every rounding step unchanged.
    func value(at position: Int) -> ParamValue {
        if logarithmic {
            let (low, high) = (log10(start), log10(stop))
            return .canonicalNumber(pow(10, low + (high - low) * Double(position) / intervals))
        }
        return .canonicalNumber(start + (stop - start) * Double(position) / intervals)
    }
}

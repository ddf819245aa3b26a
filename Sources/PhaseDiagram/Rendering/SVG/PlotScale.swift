import Foundation

/// A map from data values to positions along one side of a plot, linear or logarithmic, with its ticks.
struct PlotScale: Sendable {
    struct Tick: Sendable {
        var value: Double
        var label: String?
    }

    let low: Double
    let high: Double
    let logarithmic: Bool
    /// Positions of `low` and `high` on the page (either order).
    let start: Double
    let end: Double

    /// A scale spanning `values` (padded to round ends when linear).
    init(covering values: [Double], logarithmic: Bool, from start: Double, to end: Double, pad: Bool) {
        let finite = values.filter { $0.isFinite && (!logarithmic || $0 > 0) }
        var low = finite.min() ?? 0
        var high = finite.max() ?? 1
        if high <= low {
            let spread = logarithmic ? low * 0.5 : (low == 0 ? 1 : abs(low) * 0.1)
            (low, high) = (low - spread, high + spread)
        }
        if pad, !logarithmic {
            let step = Self.niceStep((high - low) / 5)
            (low, high) = ((low / step).rounded(.down) * step, (high / step).rounded(.up) * step)
        }
        self.low = low
        self.high = high
        self.logarithmic = logarithmic
        self.start = start
        self.end = end
    }

    func position(_ value: Double) -> Double {
        let fraction = logarithmic ? log10(value / low) / log10(high / low) : (value - low) / (high - low)
        return start + fraction * (end - start)
    }

    /// Labelled major ticks, plus unlabelled minor ticks (2–9 × 10^k) on a log scale.
    var ticks: [Tick] {
        logarithmic ? logTicks : linearTicks
    }

    private var linearTicks: [Tick] {
        let step = Self.niceStep((high - low) / 5)
        let first = Int((low / step - 1e-9).rounded(.up))
        let last = Int((high / step + 1e-9).rounded(.down))
        guard first <= last else { return [] }
        return (first...last).map { index in
            let value = Double(index) * step
            return Tick(value: value, label: NumberText.compact(value == 0 ? 0 : value, digits: 4))
        }
    }

    private var logTicks: [Tick] {
        let firstDecade = Int(log10(low).rounded(.down))
        let lastDecade = Int(log10(high).rounded(.up))
        let labelled: Set<Int> = lastDecade - firstDecade >= 2 ? [1] : [1, 2, 5]
        var ticks: [Tick] = []
        for decade in firstDecade...lastDecade {
            for multiple in 1...9 {
                let value = Double(multiple) * pow(10, Double(decade))
                guard value >= low * (1 - 1e-9), value <= high * (1 + 1e-9) else { continue }
                ticks.append(Tick(value: value, label: labelled.contains(multiple) ? NumberText.compact(value) : nil))
            }
        }
        return ticks
    }

    /// 1, 2 or 5 times a power of ten, near `rough`.
    static func niceStep(_ rough: Double) -> Double {
        guard rough > 0, rough.isFinite else { return 1 }
        let power = pow(10, log10(rough).rounded(.down))
        let mantissa = rough / power
        return (mantissa < 1.5 ? 1 : mantissa < 3.5 ? 2 : mantissa < 7.5 ? 5 : 10) * power
    }
}

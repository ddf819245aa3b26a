import Foundation
import SweepModel

/// Where the cell medians of a phase table cross a threshold along x, row by row: for every y value (and facet),
/// the crossing x* by linear interpolation of the medians between the last cell on the starting side of the
/// threshold and the next cell, with an interval from the cells' median intervals.
///
/// The starting side is the side of the row's first median; the row crosses when its last median is on the
/// other side. The interval runs from where the piecewise-linear curve through the CIs' upper ends (for a rising
/// row; lower ends for a falling one) last reaches the threshold before x*, to where the curve through the other
/// ends first reaches it after x*; where a curve never does, the interval runs to the row's end.
/// Positions are interpolated on the axis's scale (logarithmic for log-spaced axes).
public struct PhaseBoundary: Sendable {
    /// The crossing of one row; `x`, `low` and `high` are nil when its medians do not cross the threshold.
    public struct Crossing: Sendable, Hashable {
        public var facet: ParamValue?
        public var y: ParamValue?
        public var x: Double?
        public var low: Double?
        public var high: Double?
        /// The cells of the row with a median.
        public var cells: Int
    }

    public let table: PhaseTable
    public let threshold: Double
    public let crossings: [Crossing]

    /// The crossings of `table`'s rows (its x axis must be numeric; its statistic is read as the median).
    public init(table: PhaseTable, threshold: Double) {
        self.table = table
        self.threshold = threshold
        let logarithmic = table.x.isLogarithmic
        crossings = table.lines(along: .x).map { row in
            let points = row.indices.compactMap { index -> RowPoint? in
                let cell = table.cell(on: row, at: index)
                guard let median = cell.statistics.median, let position = table.position(of: cell, along: .x)
                else { return nil }
                let interval = cell.statistics.interval(of: .median) ?? (median, median)
                return RowPoint(
                    position: logarithmic ? log10(position) : position, median: median, low: interval.low,
                    high: interval.high)
            }
            var crossing = Crossing(
                facet: table.facet?.values[row.facet], y: table.y?.values[row.held], cells: points.count)
            if let found = Self.cross(points, threshold: threshold) {
                let shown = { (value: Double) -> Double in logarithmic ? pow(10, value) : value }
                (crossing.x, crossing.low, crossing.high) = (shown(found.x), shown(found.low), shown(found.high))
            }
            return crossing
        }
    }

    /// One cell of a row: its position on the axis's scale, its median and the median's interval.
    struct RowPoint {
        var position: Double
        var median: Double
        var low: Double
        var high: Double
    }

    /// The crossing of a row of points in ascending position, with its interval; nil when it does not cross.
    static func cross(_ points: [RowPoint], threshold: Double) -> (x: Double, low: Double, high: Double)? {
        guard let first = points.first, let last = points.last else { return nil }
        // Distances above the threshold, signed so that the row rises: it starts below 0 and ends at or above.
        let sign: Double = first.median < threshold ? 1 : -1
        func lifted(_ value: Double) -> Double { sign * (value - threshold) }
        guard lifted(last.median) >= 0, lifted(first.median) < 0 else { return nil }
        let median = points.map { lifted($0.median) }
        let early = points.map { max(lifted($0.low), lifted($0.high)) }
        let late = points.map { min(lifted($0.low), lifted($0.high)) }
        let below = median.lastIndex { $0 < 0 }!
        let positions = points.map(\.position)
        func zero(_ values: [Double], between index: Int) -> Double {
            let (a, b) = (values[index], values[index + 1])
            let fraction = b == a ? 0.5 : -a / (b - a)
            return positions[index] + min(max(fraction, 0), 1) * (positions[index + 1] - positions[index])
        }
        let x = zero(median, between: below)
        let lowSegment = (0...below).last { early[$0] < 0 && early[$0 + 1] >= 0 }
        let highSegment = (below..<(points.count - 1)).first { late[$0] <= 0 && late[$0 + 1] > 0 }
        let low = lowSegment.map { min(zero(early, between: $0), x) } ?? first.position
        let high = highSegment.map { max(zero(late, between: $0), x) } ?? last.position
        return (x, low, high)
    }
}

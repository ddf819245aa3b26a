import SweepModel

/// Groups observations into phase-diagram cells one at a time, so that a caller can stream results from
/// a store without holding them all.
public struct PhaseTableBuilder: Sendable {
    public let query: PhaseQuery
    private var xIndex: ValueIndex
    private var yIndex: ValueIndex
    private var facetIndex: ValueIndex
    private var cells: [Int: CellAccumulator] = [:]

    public init(query: PhaseQuery) {
        self.query = query
        xIndex = ValueIndex(query.x.values)
        yIndex = ValueIndex(query.y?.values ?? [])
        facetIndex = ValueIndex(query.facet?.values ?? [])
    }

    /// The coordinates of a cell: x, and y and facet when the query has them.
    public enum Coordinate: Sendable {
        case x, y, facet
    }

    /// Adds one task. Observations missing a coordinate the query needs (y or facet) are ignored.
    public mutating func add(_ observation: Observation) {
        var y = 0
        var facet = 0
        if query.y != nil {
            guard let value = observation.y else { return }
            y = position(of: value, on: .y)
        }
        if query.facet != nil {
            guard let value = observation.facet else { return }
            facet = position(of: value, on: .facet)
        }
        add(
            x: position(of: observation.x, on: .x), y: y, facet: facet, state: observation.state,
            value: observation.value, reference: observation.reference, degenerate: observation.degenerate)
    }

    /// The number this builder gives `value` on `coordinate`, for `add(x:y:facet:...)`. Callers that meet the
    /// same values again and again can keep these numbers instead of the values.
    public mutating func position(of value: ParamValue, on coordinate: Coordinate) -> Int {
        switch coordinate {
        case .x: xIndex.index(of: value)
        case .y: yIndex.index(of: value)
        case .facet: facetIndex.index(of: value)
        }
    }

    /// Adds one task by the positions of its coordinates (0 for a coordinate the query does not have).
    public mutating func add(
        x: Int, y: Int, facet: Int, state: TaskState, value: Double?, reference: Double?, degenerate: Bool
    ) {
        cells[(facet << 42) | (y << 21) | x, default: CellAccumulator()]
            .add(state: state, value: value, reference: reference, degenerate: degenerate)
    }

    /// Counts a finished task that a condition on its metrics leaves out of its cell's statistics.
    public mutating func exclude(x: Int, y: Int, facet: Int) {
        cells[(facet << 42) | (y << 21) | x, default: CellAccumulator()].counts.excluded += 1
    }

    /// The table of everything added so far.
    public func build() -> PhaseTable {
        let xAxis = PhaseAxis(query.x, observed: xIndex.values)
        let yAxis = query.y.map { PhaseAxis($0, observed: yIndex.values) }
        let facetAxis = query.facet.map { PhaseAxis($0, observed: facetIndex.values) }
        let xOrder = xIndex.positions(in: xAxis.values)
        let yOrder = yAxis.map { yIndex.positions(in: $0.values) } ?? [0]
        let facetOrder = facetAxis.map { facetIndex.positions(in: $0.values) } ?? [0]
        let (xCount, yCount) = (xAxis.values.count, yAxis?.values.count ?? 1)

        var statistics = [CellStatistics](repeating: CellStatistics(), count: xCount * yCount * facetOrder.count)
        var summarizer = CellSummarizer(
            confidence: query.confidence, medianInterval: query.medianInterval, resamples: query.resamples,
            seed: query.bootstrapSeed)
        for (key, accumulator) in cells {
            let position =
                (facetOrder[key >> 42] * yCount + yOrder[(key >> 21) & 0x1F_FFFF]) * xCount
                + xOrder[key & 0x1F_FFFF]
            statistics[position] = accumulator.statistics(using: &summarizer)
        }

        var tableCells: [PhaseCell] = []
        tableCells.reserveCapacity(statistics.count)
        for facet in 0..<facetOrder.count {
            for y in 0..<yCount {
                for x in 0..<xCount {
                    tableCells.append(
                        PhaseCell(
                            x: xAxis.values[x], y: yAxis?.values[y], facet: facetAxis?.values[facet],
                            statistics: statistics[(facet * yCount + y) * xCount + x]))
                }
            }
        }
        var table = PhaseTable(
            x: xAxis, y: yAxis, facet: facetAxis, metric: query.metric, reference: query.reference,
            statistic: query.statistic, confidence: query.confidence, cells: tableCells)
        table.pooled = query.pooled
        table.medianInterval = query.medianInterval
        return table
    }
}

/// Numbers the distinct values of one axis in the order they are first met.
private struct ValueIndex: Sendable {
    private(set) var values: [ParamValue] = []
    private var indices: [ParamValue: Int] = [:]
    private var last: (value: ParamValue, index: Int)?

    init(_ initial: [ParamValue]) {
        for value in initial { _ = index(of: value) }
    }

    mutating func index(of value: ParamValue) -> Int {
        if let last, last.value == value { return last.index }
        let index: Int
        if let known = indices[value] {
            index = known
        } else {
            index = values.count
            indices[value] = index
            values.append(value)
        }
        last = (value, index)
        return index
    }

    /// For each value numbered here, its position in `ordered` (which holds them all).
    func positions(in ordered: [ParamValue]) -> [Int] {
        let position = Dictionary(uniqueKeysWithValues: ordered.enumerated().map { ($0.element, $0.offset) })
        return values.map { position[$0]! }
    }
}

/// The tasks of one cell while they are being gathered.
private struct CellAccumulator: Sendable {
    var values: [Double] = []
    var counts = CellStatistics()
    var referenceSum = 0.0
    var referenceCount = 0

    mutating func add(state: TaskState, value: Double?, reference: Double?, degenerate: Bool) {
        counts.tasks += 1
        switch state {
        case .pending, .held: counts.pending += 1
        case .running: counts.running += 1
        case .failed, .cancelled: counts.failed += 1
        case .done:
            if degenerate { counts.degenerate += 1 }
            switch value {
            case let value? where value.isFinite: values.append(value)
            case .some: counts.nonFinite += 1
            case nil: counts.missing += 1
            }
            if let reference, reference.isFinite {
                referenceSum += reference
                referenceCount += 1
            }
        }
    }

    func statistics(using summarizer: inout CellSummarizer) -> CellStatistics {
        var result = summarizer.summarize(values: values)
        result.tasks = counts.tasks
        result.pending = counts.pending
        result.running = counts.running
        result.failed = counts.failed
        result.degenerate = counts.degenerate
        result.nonFinite = counts.nonFinite
        result.missing = counts.missing
        result.excluded = counts.excluded
        result.referenceMean = referenceCount > 0 ? referenceSum / Double(referenceCount) : nil
        return result
    }
}

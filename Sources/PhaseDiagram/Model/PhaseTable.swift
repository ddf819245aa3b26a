import SweepModel

/// The cells of a phase diagram over its axes, every combination present (cells without a finished
/// task have n = 0), ordered by facet, then y, then x.
public struct PhaseTable: Sendable {
    public var x: PhaseAxis
    public var y: PhaseAxis?
    public var facet: PhaseAxis?
    public var metric: String
    public var reference: String?
    public var statistic: SummaryStatistic
    public var confidence: Double
    public var cells: [PhaseCell]
    /// Axes besides the seeds that each cell mixes, as the query asked.
    public var pooled: [String] = []
    public var medianInterval: MedianIntervalMethod = .orderStatistic
    /// How colours map values in heatmaps (a one-axis list reads `robust` as `linear`: its bars show every row).
    public var colorScale: ColorScaleMode = .robust
    /// What the bands of a line plot span (`sd` applies to the mean only).
    public var band: LineBand = .interval
    /// Whether line plots also mark each cell's median with its confidence interval.
    public var showsMedian = false
    /// The `--where` conditions the tasks were chosen by (`critic=cosine`), for titles.
    public var conditions: [String] = []

    public init(
        x: PhaseAxis, y: PhaseAxis?, facet: PhaseAxis?, metric: String, reference: String?,
        statistic: SummaryStatistic, confidence: Double, cells: [PhaseCell]
    ) {
        precondition(
            cells.count == x.values.count * (y?.values.count ?? 1) * (facet?.values.count ?? 1),
            "a phase table holds one cell per combination of axis values")
        self.x = x
        self.y = y
        self.facet = facet
        self.metric = metric
        self.reference = reference
        self.statistic = statistic
        self.confidence = confidence
        self.cells = cells
    }

    /// Groups `observations` into the cells of `query`.
    public static func build(observations: some Sequence<Observation>, query: PhaseQuery) -> PhaseTable {
        var builder = PhaseTableBuilder(query: query)
        for observation in observations { builder.add(observation) }
        return builder.build()
    }

    /// The cell at value indices `x`, `y` and `facet` (0 for an absent axis).
    public func cell(x: Int, y: Int = 0, facet: Int = 0) -> PhaseCell {
        cells[(facet * (self.y?.values.count ?? 1) + y) * self.x.values.count + x]
    }

    /// The value indices of the facet axis, or a single 0 when there is none.
    public var facetIndices: Range<Int> { 0..<(facet?.values.count ?? 1) }

    /// The value indices of the y axis, or a single 0 when there is none.
    public var yIndices: Range<Int> { 0..<(y?.values.count ?? 1) }

    /// The smallest and largest shown centre over all cells (the colour scale), nil when no cell has one.
    public var valueRange: (low: Double, high: Double)? {
        let shown = cells.compactMap { $0.statistics.value(of: statistic) }
        guard let low = shown.min(), let high = shown.max() else { return nil }
        return (low, high)
    }

    /// Totals over all cells.
    public var totals: CellStatistics {
        var total = CellStatistics()
        for cell in cells {
            let statistics = cell.statistics
            total.tasks += statistics.tasks
            total.n += statistics.n
            total.pending += statistics.pending
            total.running += statistics.running
            total.failed += statistics.failed
            total.degenerate += statistics.degenerate
            total.nonFinite += statistics.nonFinite
            total.missing += statistics.missing
            total.excluded += statistics.excluded
        }
        return total
    }

    /// "tasks 80: 75 done (3 non-finite), 2 running, 3 pending, 0 failed": the counts of `infosweep status`,
    /// with the finished tasks the statistics leave out.
    public var taskSummary: String {
        let totals = totals
        var left: [String] = []
        if totals.nonFinite > 0 { left.append("\(totals.nonFinite) non-finite") }
        if totals.missing > 0 { left.append("\(totals.missing) without the metric") }
        let done = "\(totals.done) done" + (left.isEmpty ? "" : " (" + left.joined(separator: ", ") + ")")
        return "tasks \(totals.tasks): \(done), \(totals.running) running, \(totals.pending) pending, "
            + "\(totals.failed) failed" + (totals.excluded > 0 ? "; \(totals.excluded) left out by --where" : "")
    }

    /// " where critic=cosine, degenerate=0" for a figure's title, or nothing.
    var conditionsSuffix: String {
        conditions.isEmpty ? "" : " where " + conditions.joined(separator: ", ")
    }

    /// "cap_mass (median)", the quantity the diagram shows.
    public var quantityLabel: String {
        "\(metric) (\(statistic.rawValue)" + (pooled.isEmpty ? "" : ", pooled over " + pooled.joined(separator: ", "))
            + ")"
    }
}

extension PhaseTable {
    /// The y indices from the top row down: numbers rise upwards as on a plot, other values read downwards.
    public var rowsTopDown: [Int] {
        guard let y else { return [0] }
        return y.numericValues == nil ? Array(y.values.indices) : y.values.indices.reversed()
    }

    /// "tau=0.1, sigma=0.2" for a cell, naming the axes that exist.
    func coordinates(of cell: PhaseCell) -> String {
        var parts: [String] = []
        if let facet, let value = cell.facet { parts.append("\(facet.name)=\(value)") }
        if let y, let value = cell.y { parts.append("\(y.name)=\(value)") }
        parts.append("\(x.name)=\(cell.x)")
        return parts.joined(separator: ", ")
    }

    /// The short text of a cell in a table or heatmap: "0.123*", "6.46>" beyond the colour scale, or "·2r3p"
    /// when it has no value yet.
    func cellLabel(_ cell: PhaseCell, scale: ValueScale?) -> String {
        let marks = CellMarks(statistics: cell.statistics)
        guard let value = cell.statistics.value(of: statistic) else { return marks.missingText }
        let beyond =
            switch scale?.placement(of: value) {
            case .below: "<"
            case .above: ">"
            default: ""
            }
        return NumberText.compact(value) + marks.text + beyond
    }

    /// The legend entries of the marks for values beyond `scale` that some cell has.
    func beyondScaleEntries(_ scale: ValueScale?) -> [String] {
        guard let scale else { return [] }
        let placements = Set(cells.compactMap { $0.statistics.value(of: statistic).map(scale.placement(of:)) })
        var entries: [String] = []
        if placements.contains(.below) { entries.append("< below the colour scale") }
        if placements.contains(.above) { entries.append("> above the colour scale") }
        return entries
    }

    /// "median 0.12 [0.10, 0.14]", "only non-finite results" or "no result yet" for a cell.
    func valueSummary(of cell: PhaseCell) -> String {
        guard let value = cell.statistics.value(of: statistic) else {
            return cell.statistics.nonFinite > 0 ? "only non-finite results" : "no result yet"
        }
        var text = "\(statistic.rawValue) \(NumberText.compact(value, digits: 4))"
        if let interval = cell.statistics.interval(of: statistic) {
            let low = NumberText.compact(interval.low, digits: 4)
            text += " [\(low), \(NumberText.compact(interval.high, digits: 4))]"
            if let coverage = shortfall(of: cell.statistics) {
                text += " (\(NumberText.compact(coverage * 100, digits: 3))%)"
            }
        }
        return text
    }

    /// The band a line plot shades for `statistics`: the shown statistic's interval, or the mean ± 1 sd.
    func band(of statistics: CellStatistics) -> (low: Double, high: Double)? {
        guard band == .sd, statistic == .mean else { return statistics.interval(of: statistic) }
        guard let mean = statistics.mean, let sd = statistics.sd else { return nil }
        return (mean - sd, mean + sd)
    }

    /// What a line plot's band shows: "95% t CI of the mean" or "mean ± 1 sd".
    var bandLabel: String {
        band == .sd && statistic == .mean ? "mean ± 1 sd" : intervalLabel
    }

    /// What the interval of the shown statistic is: "95% order-statistic CI of the median".
    var intervalLabel: String {
        let percent = NumberText.compact(confidence * 100)
        switch statistic {
        case .mean: return "\(percent)% t CI of the mean"
        case .proportion: return "\(percent)% Clopper-Pearson CI of the proportion"
        case .median: return medianIntervalLabel
        }
    }

    /// "95% order-statistic CI of the median", whatever the shown statistic.
    var medianIntervalLabel: String {
        let method = medianInterval == .orderStatistic ? "order-statistic" : "bootstrap"
        return "\(NumberText.compact(confidence * 100))% \(method) CI of the median"
    }

    /// The coverage of a cell's median interval when it falls short of the confidence asked for.
    func shortfall(of statistics: CellStatistics) -> Double? {
        guard statistic == .median, let coverage = statistics.medianCICoverage, coverage < confidence - 1e-12
        else { return nil }
        return coverage
    }
}

import SweepModel

/// What a phase diagram shows: the axes, the metric (and its reference), the centre and the interval.
public struct PhaseQuery: Sendable, Hashable {
    /// Suffixes that name the reference of a metric among the reported metrics: cap_mass → cap_mass_gibbs.
    public static let referenceSuffixes = ["_gibbs", "_reference", "_exact"]

    public var x: Axis
    public var y: Axis?
    public var facet: Axis?
    public var metric: String
    public var reference: String?
    public var statistic: SummaryStatistic
    public var confidence: Double
    public var medianInterval: MedianIntervalMethod
    public var resamples: Int
    public var bootstrapSeed: UInt64
    /// Axes besides the seeds whose values each cell mixes, by the caller's explicit choice.
    public var pooled: [String]

    public init(
        x: Axis, y: Axis? = nil, facet: Axis? = nil, metric: String, reference: String? = nil,
        statistic: SummaryStatistic = .median, confidence: Double = 0.95,
        medianInterval: MedianIntervalMethod = .orderStatistic, resamples: Int = 2000,
        bootstrapSeed: UInt64 = 0, pooled: [String] = []
    ) {
        self.x = x
        self.y = y
        self.facet = facet
        self.metric = metric
        self.reference = reference
        self.statistic = statistic
        self.confidence = confidence
        self.medianInterval = medianInterval
        self.resamples = resamples
        self.bootstrapSeed = bootstrapSeed
        self.pooled = pooled
    }

    /// Resolves names given on a command line against a sweep's axes and its results' metrics, choosing the
    /// metric's reference by `referenceSuffixes`. `axes` are the axes left after any fixed by a filter: every
    /// one of them that varies must be shown or named in `pooled`, so that a cell mixes nothing but seeds
    /// unless asked to.
    public static func resolve(
        x: String, y: String? = nil, facet: String? = nil, metric: String, axes: [Axis], metrics: [String],
        statistic: SummaryStatistic = .median, pooled: [String] = []
    ) throws(PhaseQueryError) -> PhaseQuery {
        let names = [x] + [y, facet].compactMap { $0 }
        func axis(_ name: String) throws(PhaseQueryError) -> Axis {
            guard let found = axes.first(where: { $0.name == name }) else {
                throw .unknownAxis(name: name, available: axes.map(\.name))
            }
            guard Set(found.values).count > 1 else {
                throw .axisDoesNotVary(name: name, value: found.values.first?.description ?? "none")
            }
            return found
        }
        for (index, name) in names.enumerated() where names[..<index].contains(name) {
            throw .axisRepeated(name: name)
        }
        let xAxis = try axis(x)
        let yAxis = try y.map { name throws(PhaseQueryError) in try axis(name) }
        let facetAxis = try facet.map { name throws(PhaseQueryError) in try axis(name) }
        guard metrics.contains(metric) else { throw .unknownMetric(name: metric, available: metrics.sorted()) }
        let reference = referenceSuffixes.map { metric + $0 }.first(where: metrics.contains)
        try checkPooling(shown: names, pooled: pooled, axes: axes)
        return PhaseQuery(
            x: xAxis, y: yAxis, facet: facetAxis, metric: metric, reference: reference,
            statistic: statistic, pooled: pooled)
    }

    private static func checkPooling(shown: [String], pooled: [String], axes: [Axis]) throws(PhaseQueryError) {
        for name in pooled {
            guard axes.contains(where: { $0.name == name }) else {
                throw .unknownAxis(name: name, available: axes.map(\.name))
            }
            guard !shown.contains(name) else { throw .pooledAxisShown(name: name) }
        }
        let unaccounted = axes.filter { axis in
            Set(axis.values).count > 1 && !shown.contains(axis.name) && !pooled.contains(axis.name)
        }
        guard unaccounted.isEmpty else {
            throw .axesNeitherFixedNorPooled(
                axes: Dictionary(
                    uniqueKeysWithValues: unaccounted.map { ($0.name, $0.values.first?.description ?? "") }))
        }
    }
}

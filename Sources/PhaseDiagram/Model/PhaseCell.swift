import SweepModel

/// One cell of a phase diagram: a point of the query's axes and the statistics of its tasks.
public struct PhaseCell: Sendable, Hashable {
    public var x: ParamValue
    public var y: ParamValue?
    public var facet: ParamValue?
    public var statistics: CellStatistics

    public init(x: ParamValue, y: ParamValue? = nil, facet: ParamValue? = nil, statistics: CellStatistics) {
        self.x = x
        self.y = y
        self.facet = facet
        self.statistics = statistics
    }
}

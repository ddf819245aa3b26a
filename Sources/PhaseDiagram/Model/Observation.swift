import SweepModel

/// One task of a sweep seen by a phase query: its coordinates on the query's axes, its state, and (when
/// done) the metric's value and the metric's reference value.
public struct Observation: Sendable, Hashable {
    public var x: ParamValue
    public var y: ParamValue?
    public var facet: ParamValue?
    /// The metric, when the task is done and reported it.
    public var value: Double?
    /// The reference the metric is compared against (cap_mass_gibbs for cap_mass), when there is one.
    public var reference: Double?
    public var state: TaskState
    public var degenerate: Bool

    public init(
        x: ParamValue, y: ParamValue? = nil, facet: ParamValue? = nil, value: Double? = nil,
        reference: Double? = nil, state: TaskState = .done, degenerate: Bool = false
    ) {
        self.x = x
        self.y = y
        self.facet = facet
        self.value = value
        self.reference = reference
        self.state = state
        self.degenerate = degenerate
    }
}

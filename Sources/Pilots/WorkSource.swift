import SweepModel
import WireProtocol

/// Where the allocator learns the work waiting and tells of its pilots: the coordinator, or a stand-in.
public protocol WorkSource: Sendable {
    /// The unfinished tasks of the named sweeps (of every active sweep when none is named).
    func demand(sweeps: [String]) async throws(PilotError) -> WorkDemand
    /// Tells the coordinator of the allocator's pilot jobs, for `infosweep workers`.
    func report(_ report: PilotReport) async throws(PilotError)
}

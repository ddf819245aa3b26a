import SweepModel
import WireProtocol

/// What wakes the worker's loop: a run that ended, a claim that came back, or a reason to look again (a stop,
/// reports falling due).
enum WorkerEvent: Sendable {
    case ended(Lease, RunEnd)
    case claimed(ClaimReply?)
    case wake
}

import WireProtocol

/// Every pilot job an allocator has seen, by id, in the order it saw them: those it submitted, and those
/// squeue listed under its job name (an earlier allocator's). A pilot that left the queue stays, as ENDED, or
/// as CANCELLED when the allocator cancelled it, so that `workers` can still show what it did.
struct PilotLedger {
    /// The most pilots that have left the queue kept for reports.
    static let maximumEnded = 200

    private var pilots: [String: PilotJob] = [:]
    private var order: [String] = []

    /// The states of pilots that are no longer in the queue.
    static let ended = "ENDED"
    static let cancelled = "CANCELLED"

    mutating func submitted(_ id: String, at now: Double) {
        note(PilotJob(jobID: id, state: "PENDING", submittedAt: now))
    }

    /// Takes the queue as squeue listed it: updates the pilots listed, and marks the others as gone.
    mutating func listed(_ jobs: [SlurmJob], now: Double) {
        let listed = Set(jobs.map(\.id))
        for job in jobs {
            note(
                PilotJob(
                    jobID: job.id, state: job.state,
                    submittedAt: job.submittedAt ?? pilots[job.id]?.submittedAt ?? now))
        }
        for id in order where !listed.contains(id) && !Self.isGone(pilots[id]) {
            pilots[id]?.state = Self.ended
        }
        trim()
    }

    mutating func cancelled(_ ids: [String]) {
        for id in ids { pilots[id]?.state = Self.cancelled }
    }

    /// The pilots to report, oldest first.
    var all: [PilotJob] { order.compactMap { pilots[$0] } }

    private mutating func note(_ job: PilotJob) {
        if pilots[job.jobID] == nil { order.append(job.jobID) }
        pilots[job.jobID] = job
    }

    private static func isGone(_ job: PilotJob?) -> Bool {
        job?.state == ended || job?.state == cancelled
    }

    private mutating func trim() {
        var excess = order.filter { Self.isGone(pilots[$0]) }.count - Self.maximumEnded
        guard excess > 0 else { return }
        order.removeAll { id in
            guard excess > 0, Self.isGone(pilots[id]) else { return false }
            excess -= 1
            pilots[id] = nil
            return true
        }
    }
}

import Synchronization

/// A stand-in for Slurm that submits nothing: it hands each sbatch command line to `show` and remembers the
/// pretended job as queued, so that a dry run that goes on does not ask for it again. It lists no other job.
public final class DryRunScheduler: PilotScheduler {
    private let show: @Sendable ([String]) -> Void
    private let pretended = Mutex<[SlurmJob]>([])

    /// `show` gets each command line, `sbatch` first.
    public init(show: @escaping @Sendable ([String]) -> Void) {
        self.show = show
    }

    public func submit(_ job: PilotJobTemplate) async throws(PilotError) -> String {
        show(["sbatch"] + job.arguments)
        return pretended.withLock { jobs in
            let id = "dry-run-\(jobs.count + 1)"
            jobs.append(SlurmJob(id: id, state: "PENDING"))
            return id
        }
    }

    public func jobs(named name: String, user: String) async throws(PilotError) -> [SlurmJob] {
        pretended.withLock { $0 }
    }

    public func cancel(_ ids: [String]) async throws(PilotError) {
        pretended.withLock { jobs in jobs.removeAll { ids.contains($0.id) } }
    }
}

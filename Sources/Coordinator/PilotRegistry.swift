import WireProtocol

/// The pilot jobs that allocators reported, in memory only, and the results of the workers that ran in them
/// and left. A report replaces its allocator's earlier one; the oldest allocators are forgotten first.
struct PilotRegistry {
    /// The most allocators kept, and the most pilots kept of one report.
    static let maximumAllocators = 32
    static let maximumPilotsPerReport = 1000

    private var reports: [String: (at: Double, pilots: [PilotJob])] = [:]
    /// Accepted results of the workers that left, by Slurm job; kept for the jobs that reports name (and, until
    /// the next report, for any job, since a pilot's worker may leave before its allocator reports it).
    private var doneByJob: [String: Int] = [:]

    mutating func record(_ report: PilotReport, now: Double) {
        reports[report.allocator] = (now, Array(report.pilots.suffix(Self.maximumPilotsPerReport)))
        while reports.count > Self.maximumAllocators, let oldest = reports.min(by: { $0.value.at < $1.value.at }) {
            reports[oldest.key] = nil
        }
        forgetUnreportedJobs()
    }

    /// Keeps the results of a worker that ran in a Slurm job and disconnected.
    mutating func workerLeft(_ worker: WorkerStatus) {
        guard let job = worker.slurmJobID, worker.tasksDone > 0 else { return }
        doneByJob[job, default: 0] += worker.tasksDone
        if doneByJob.count > Self.maximumAllocators * Self.maximumPilotsPerReport { forgetUnreportedJobs() }
    }

    private mutating func forgetUnreportedJobs() {
        let known = Set(reports.values.flatMap { $0.pilots.map(\.jobID) })
        doneByJob = doneByJob.filter { known.contains($0.key) }
    }

    /// Every reported pilot, with the connected workers that run in it, newest report first.
    func statuses(workers: [WorkerStatus]) -> [PilotStatus] {
        let byJob = Dictionary(grouping: workers.filter { $0.slurmJobID != nil }) { $0.slurmJobID ?? "" }
        return reports.sorted { ($0.value.at, $0.key) > ($1.value.at, $1.key) }.flatMap { allocator, report in
            report.pilots.map { pilot in
                let running = byJob[pilot.jobID] ?? []
                return PilotStatus(
                    allocator: allocator, job: pilot, reportedAt: report.at, workers: running.map(\.id),
                    holding: running.reduce(0) { $0 + $1.leases.count },
                    tasksDone: doneByJob[pilot.jobID, default: 0] + running.reduce(0) { $0 + $1.tasksDone })
            }
        }
    }
}

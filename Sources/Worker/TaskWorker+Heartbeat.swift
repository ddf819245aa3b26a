import SweepModel
import WireProtocol

extension TaskWorker {
    /// Renews every held lease at the interval the coordinator asked for, until cancelled. Before the first
    /// connection it looks for one every `unconnectedPollSeconds`, so that the first heartbeat keeps to the
    /// coordinator's interval however short its leases are.
    func heartbeatLoop() async {
        while !Task.isCancelled {
            let interval = link?.welcome.heartbeatSeconds ?? Self.unconnectedPollSeconds
            do {
                try await clock.sleep(for: max(0.05, interval))
            } catch {
                return
            }
            if link != nil { await renewLeases() }
        }
    }

    static let unconnectedPollSeconds = 0.25

    /// Heartbeats the running tasks' leases and the queued ones, saying which are running and how far they have
    /// come, and what is free; a lost lease cancels its run (whose result is then dropped) or leaves the queue.
    func renewLeases() async {
        let runs = running.values.sorted { $0.startedAt < $1.startedAt }
        let held = runs.map(\.task.lease) + queue.map(\.lease)
        guard !held.isEmpty, let link = await currentLink() else { return }
        let reports = runs.map { run in
            RunReport(
                taskID: run.task.lease.taskID, attemptID: run.task.lease.attemptID, startedAt: run.startedAt,
                progress: runner.progress(of: run.task) ?? "")
        }
        let heartbeat = HeartbeatRequest(leases: held, running: reports, free: pool.free)
        do {
            guard case .heartbeatAck(let reply) = try await link.send(.heartbeat(heartbeat)) else {
                return
            }
            let lost = Set(reply.lost)
            guard !lost.isEmpty else { return }
            logger.warning("leases lost", metadata: ["count": "\(lost.count)"])
            queue.removeAll { lost.contains($0.lease) }
            for (lease, run) in running where lost.contains(lease) {
                lostLeases.insert(lease)
                run.run.cancel()
            }
        } catch {
            drop(link, because: error)
        }
    }
}

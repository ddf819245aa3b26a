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

    /// Heartbeats the running task's lease and the queued ones, saying which is running and how far it has come;
    /// a lost lease cancels its run (whose result is then dropped) or leaves the queue.
    func renewLeases() async {
        let held = (running.map { [$0.task.lease] } ?? []) + queue.map(\.lease)
        guard !held.isEmpty, let link = await currentLink() else { return }
        let reports = running.map { running in
            [
                RunReport(
                    taskID: running.task.lease.taskID, attemptID: running.task.lease.attemptID,
                    startedAt: running.startedAt, progress: runner.progress(of: running.task) ?? "")
            ]
        }
        let heartbeat = HeartbeatRequest(leases: held, running: reports ?? [])
        do {
            guard case .heartbeatAck(let reply) = try await link.send(.heartbeat(heartbeat)) else {
                return
            }
            let lost = Set(reply.lost)
            guard !lost.isEmpty else { return }
            logger.warning("leases lost", metadata: ["count": "\(lost.count)"])
            queue.removeAll { lost.contains($0.lease) }
            if let running, lost.contains(running.task.lease) {
                lostLeases.insert(running.task.lease)
                running.run.cancel()
            }
        } catch {
            drop(link, because: error)
        }
    }
}

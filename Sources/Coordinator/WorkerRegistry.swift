import Foundation
import SweepModel
import WireProtocol

/// The workers connected to the coordinator: who they are, what they hold and what they have done. Leases are
/// kept without their secrets, since anyone with the token may list workers.
struct WorkerRegistry {
    private var workers: [String: WorkerStatus] = [:]
    private var connections: [String: Int] = [:]

    var count: Int { workers.count }

    mutating func connected(_ info: WorkerInfo, now: Double) {
        connections[info.id, default: 0] += 1
        if workers[info.id] == nil {
            workers[info.id] = WorkerStatus(
                id: info.id, host: info.host, threads: info.threads, version: info.version,
                connectedAt: now, lastSeenAt: now, allowsCommands: info.allowsCommands, slurmJobID: info.slurmJobID)
        }
    }

    /// Forgets the worker once its last connection closed; returns what it was then.
    @discardableResult
    mutating func disconnected(_ id: String) -> WorkerStatus? {
        connections[id, default: 1] -= 1
        guard connections[id] == 0 else { return nil }
        connections[id] = nil
        return workers.removeValue(forKey: id)
    }

    mutating func seen(_ id: String, now: Double) {
        workers[id]?.lastSeenAt = now
    }

    mutating func leased(_ leases: [Lease], to id: String) {
        workers[id]?.leases.append(contentsOf: leases.map(\.withoutSecret))
    }

    /// The leases the worker holds, and those of them it has started (a report of any other is ignored).
    mutating func holds(_ leases: [Lease], running: [RunReport] = [], id: String) {
        let held = leases.map(\.withoutSecret)
        let attempts = Set(held.map(\.attemptID))
        workers[id]?.leases = held
        workers[id]?.running = running.filter { attempts.contains($0.attemptID) }
    }

    mutating func settled(_ leases: [Lease], accepted: Int, by id: String) {
        let ended = Set(leases.map(\.withoutSecret))
        workers[id]?.leases.removeAll { ended.contains($0) }
        workers[id]?.running.removeAll { run in ended.contains { $0.attemptID == run.attemptID } }
        workers[id]?.tasksDone += accepted
    }

    var all: [WorkerStatus] { workers.values.sorted { ($0.host, $0.id) < ($1.host, $1.id) } }
}

extension Lease {
    /// The lease's task and attempt, for listing; its secret stays with the holder.
    var withoutSecret: Lease { Lease(taskID: taskID, attemptID: attemptID) }
}

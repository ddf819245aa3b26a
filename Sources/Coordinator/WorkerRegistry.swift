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
                connectedAt: now, lastSeenAt: now, allowsCommands: info.allowsCommands, capacity: info.capacity,
                gpuIDs: info.gpuIDs, slurmJobID: info.slurmJobID)
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
    mutating func holds(_ leases: [Lease], running: [RunReport] = [], free: WorkerResources? = nil, id: String) {
        let held = leases.map(\.withoutSecret)
        let attempts = Set(held.map(\.attemptID))
        workers[id]?.leases = held
        if let free { workers[id]?.free = free }
        workers[id]?.running = running.filter { attempts.contains($0.attemptID) }
    }

    mutating func settled(_ leases: [Lease], accepted: Int, by id: String) {
        let ended = Set(leases.map(\.withoutSecret))
        workers[id]?.leases.removeAll { ended.contains($0) }
        workers[id]?.running.removeAll { run in ended.contains { $0.attemptID == run.attemptID } }
        workers[id]?.tasksDone += accepted
    }

    var all: [WorkerStatus] { workers.values.sorted { ($0.host, $0.id) < ($1.host, $1.id) } }

    /// Why no connected worker can hold a task of `sweep`, or nil when one can or none is connected at all.
    func waitingReason(for sweep: SweepProgress) -> String? {
        let isCommand = CommandSpec.isCommand(sweep.experiment)
        let candidates = workers.values.filter { !isCommand || $0.allowsCommands }
        if isCommand && candidates.isEmpty {
            return "no connected worker allows commands (start workers with --allow-commands)"
        }
        let needs = sweep.requirements
        if workers.isEmpty || candidates.contains(where: { $0.capacity.fits(needs) }) { return nil }
        let largest = candidates.map(\.capacity)
        if needs.gpus > 0, let most = largest.map(\.gpus).max(), most < needs.gpus {
            return most == 0
                ? "needs gpus: \(needs.gpus); no connected worker has a GPU"
                : "needs gpus: \(needs.gpus); the most a connected worker has is \(most)"
        }
        if let most = largest.map(\.cores).max(), most < needs.effectiveCores {
            return "needs cores: \(needs.effectiveCores); the most a connected worker offers is \(most)"
        }
        if let most = largest.map(\.memoryMB).max(), most < needs.memoryMB {
            return "needs memory_gb: \(Self.gigabytes(needs.memoryMB)); the most a connected worker offers is "
                + "\(Self.gigabytes(most))"
        }
        return "needs \(Self.describe(needs)); no connected worker offers all of it at once"
    }

    static func gigabytes(_ megabytes: Int) -> String {
        let value = Double(megabytes) / 1024
        return value == value.rounded() ? String(Int(value)) : String(format: "%.1f", value)
    }

    static func describe(_ needs: Requirements) -> String {
        var parts = ["cores: \(needs.effectiveCores)"]
        if needs.memoryMB > 0 { parts.append("memory_gb: \(gigabytes(needs.memoryMB))") }
        if needs.gpus > 0 { parts.append("gpus: \(needs.gpus)") }
        return parts.joined(separator: ", ")
    }
}

extension Lease {
    /// The lease's task and attempt, for listing; its secret stays with the holder.
    var withoutSecret: Lease { Lease(taskID: taskID, attemptID: attemptID) }
}

import Foundation
import Logging
import SweepModel
import TaskStore
import TestSupport
import WireProtocol

@testable import Coordinator

/// A coordinator core on a real SQLite file in a temporary folder, driven by a manual clock, with helpers that
/// speak for workers and clients without sockets.
struct CoordinatorHarness {
    let directory = TemporaryDirectory()
    let clock = ManualWallClock()
    let store: StoreExecutor
    let core: CoordinatorCore

    init(leaseSeconds: Double = 30, limits: RetryLimits = RetryLimits()) async throws {
        store = try await StoreExecutor(path: directory.file("store.sqlite"))
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        core = CoordinatorCore(
            configuration: CoordinatorConfiguration(token: "t", leaseSeconds: leaseSeconds, limits: limits),
            store: store, logger: logger, clock: clock)
    }

    static let provenance = Provenance(
        host: "node", cpuModel: "cpu", threads: 1, version: "test", startedAt: 1, endedAt: 2, wallSeconds: 1,
        peakRSSBytes: 1)

    /// A worker that has said hello.
    func worker(
        _ id: String, cores: Int = 64, memoryMB: Int = 1 << 20, gpuIDs: [String] = [], allowsCommands: Bool = false
    ) async -> WorkerInfo {
        let info = WorkerInfo(
            id: id, host: "host-\(id)", cpuModel: "cpu", threads: cores, pid: 1, version: "test",
            capacity: WorkerResources(slots: cores, cores: cores, memoryMB: memoryMB, gpus: gpuIDs.count),
            allowsCommands: allowsCommands, gpuIDs: gpuIDs)
        await core.workerConnected(info)
        return info
    }

    @discardableResult
    func submit(_ yaml: String) async throws -> SubmitOutcome {
        let response = await core.handle(.submit(SubmitRequest(file: "t.yaml", text: yaml)), from: nil)
        guard case .submitted(let outcome) = response else { throw Unexpected(response) }
        return outcome
    }

    func claim(
        _ worker: WorkerInfo, limit: Int = 1, wait: Double = 0, returnWhenIdle: Bool = false,
        free: WorkerResources? = nil, rounds: Int = 1
    ) async throws -> ClaimReply {
        let request = ClaimRequest(
            limit: limit, waitSeconds: wait, returnWhenIdle: returnWhenIdle, free: free, rounds: rounds)
        let response = await core.handle(.claim(request), from: worker)
        guard case .claimed(let reply) = response else { throw Unexpected(response) }
        return reply
    }

    func heartbeat(_ worker: WorkerInfo, _ leases: [Lease], running: [RunReport] = []) async throws -> [Lease] {
        let response = await core.handle(.heartbeat(HeartbeatRequest(leases: leases, running: running)), from: worker)
        guard case .heartbeatAck(let reply) = response else { throw Unexpected(response) }
        return reply.lost
    }

    func complete(_ worker: WorkerInfo, _ lease: Lease, value: Double) async throws -> Bool {
        let result = TaskResult(lease: lease, metrics: Metrics(["value": value]), provenance: Self.provenance)
        let response = await core.handle(.complete(CompleteRequest(results: [result])), from: worker)
        guard case .reportAck(let reply) = response, let entry = reply.entries.first else { throw Unexpected(response) }
        return entry.accepted
    }

    func fail(_ worker: WorkerInfo, _ lease: Lease, error: String = "boom") async throws -> Bool {
        let failure = TaskFailure(lease: lease, error: error)
        let response = await core.handle(.fail(FailRequest(failures: [failure])), from: worker)
        guard case .reportAck(let reply) = response, let entry = reply.entries.first else { throw Unexpected(response) }
        return entry.accepted
    }

    func release(_ worker: WorkerInfo, _ leases: [Lease]) async throws -> [Bool] {
        let response = await core.handle(.release(ReleaseRequest(leases: leases)), from: worker)
        guard case .reportAck(let reply) = response else { throw Unexpected(response) }
        return reply.entries.map(\.accepted)
    }

    func control(
        _ sweep: String, _ action: ControlRequest.Action, states: [TaskState] = [], stopRunning: Bool = false
    ) async -> Response {
        let request = ControlRequest(sweep: sweep, action: action, states: states, stopRunning: stopRunning)
        return await core.handle(.control(request), from: nil)
    }

    func status(_ sweep: String) async throws -> SweepProgress {
        let response = await core.handle(.status(StatusRequest(sweep: sweep)), from: nil)
        guard case .status(let reply) = response, let progress = reply.sweeps.first else { throw Unexpected(response) }
        return progress
    }

    func progress(_ sweep: String) async throws -> SweepProgress {
        try await store.perform { try $0.progress(sweep: sweep) }[0]
    }

    func records(_ sweep: String) async throws -> [TaskRecord] {
        try await store.perform { try $0.tasks(ofSweep: sweep) }
    }

    func history(_ taskID: Int64) async throws -> [AttemptOutcome] {
        try await store.perform { try $0.attemptHistory(taskID: taskID) }.map(\.outcome)
    }

    /// Waits (yielding, in real time, a bounded number of times) until `count` claims are long-polling.
    func untilWaitingClaims(_ count: Int) async throws {
        for _ in 0..<2000 {
            if await core.waitingClaims == count { return }
            try await Task.sleep(for: .milliseconds(1))
        }
        throw Unexpected(.workers(WorkersReply(workers: [])))
    }
}

/// A response the test did not expect.
struct Unexpected: Error, CustomStringConvertible {
    var response: Response
    init(_ response: Response) { self.response = response }
    var description: String { "unexpected response: \(response)" }
}

import SweepModel
import TaskStore
import WireProtocol

extension CoordinatorCore {
    /// Leases up to the worker's fair share of pending tasks that fit what it has free (its whole capacity
    /// when the claim does not say); with none, waits (a long-poll) until work may have appeared or the claim's
    /// wait runs out.
    func claim(_ claim: ClaimRequest, by worker: WorkerInfo) async throws -> ClaimReply {
        let identity = WorkerIdentity(id: worker.id, host: worker.host)
        let limit = try await fairShare(of: claim.limit)
        let lease = configuration.leaseSeconds
        let deadline = clock.now() + min(max(0, claim.waitSeconds), 300)
        let free = claim.free ?? worker.capacity
        let rounds = claim.free == nil ? Int.max : max(1, claim.rounds)
        while true {
            let generation = waiters.generation
            let now = clock.now()
            let (tasks, depth) = try await store.perform { store in
                let tasks = try store.claim(
                    limit: limit, worker: identity, free: free, rounds: rounds, allowsCommands: worker.allowsCommands,
                    leaseSeconds: lease, now: now)
                return (tasks, tasks.isEmpty ? try store.queueDepth() : nil)
            }
            if !tasks.isEmpty {
                metrics.record(.claimed(leases: tasks.count))
                registry.leased(tasks.map(\.lease), to: worker.id)
                return ClaimReply(tasks: tasks, idle: false)
            }
            let idle = depth?.isIdle ?? false
            if (idle && claim.returnWhenIdle) || clock.now() >= deadline || Task.isCancelled {
                metrics.record(.claimed(leases: 0))
                return ClaimReply(tasks: [], idle: idle)
            }
            if generation == waiters.generation { await waitForWork(until: deadline) }
        }
    }

    /// A worker's fair share of the queue: no claim takes more than the pending tasks divided among the
    /// connected workers, so that a short sweep is not hoarded by the first worker to ask.
    func fairShare(of requested: Int) async throws -> Int {
        let requested = min(max(1, requested), 1024)
        let connectedWorkers = registry.count
        guard requested > 1, connectedWorkers > 1 else { return requested }
        let now = clock.now()
        let depth: QueueDepth
        if let known = knownDepth, now - known.at <= 0.25 {
            depth = known.depth
        } else {
            depth = try await store.perform { try $0.queueDepth() }
            knownDepth = (depth, now)
        }
        return max(1, min(requested, (depth.pending + connectedWorkers - 1) / connectedWorkers))
    }

    /// Waits until work may have appeared, the deadline passes on the clock, or the waiting request is
    /// cancelled (its connection closed, or the coordinator shutting down).
    private func waitForWork(until deadline: Double) async {
        let id = waiters.reserve()
        let clock = self.clock
        await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                guard !Task.isCancelled else { return continuation.resume() }
                waiters.add(id, continuation)
                Task { [weak self] in
                    try? await clock.sleep(until: deadline)
                    await self?.wake(id)
                }
            }
        } onCancel: {
            Task { await self.wake(id) }
        }
    }

    private func wake(_ id: UInt64) {
        waiters.wake(id)
    }

    /// Wakes every waiting claim: work may have appeared, or the queue may have gone idle.
    func wakeWaiters() {
        waiters.wakeAll()
    }

    /// Claims waiting for work now (for tests and metrics).
    public var waitingClaims: Int { waiters.count }
}

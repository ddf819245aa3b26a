import SweepModel
import Synchronization
import Worker

/// A task runner under the test's control: per task key it succeeds (after moving the clock on by the run's
/// length), fails, or blocks until released, honouring cancellation or not.
final class FakeRunner: TaskRunner {
    enum Behaviour: Sendable {
        case succeed(seconds: Double)
        case fail(RunFailure)
        case block
        case blockIgnoringCancellation
    }

    private struct State {
        var behaviours: [String: Behaviour] = [:]
        var started: [String] = []
        var resources: [GrantedResources] = []
        var cancelledAt: [String: Double] = [:]
        var gates: [String: CheckedContinuation<RunOutcome, Never>] = [:]
        var progress: String?
    }

    static let metrics = Metrics(["value": 1])

    private let clock: WatchedClock
    private let standard: Behaviour
    private let state = Mutex(State())

    init(clock: WatchedClock, standard: Behaviour = .succeed(seconds: 0)) {
        self.clock = clock
        self.standard = standard
    }

    func set(_ behaviour: Behaviour, for key: String) {
        state.withLock { $0.behaviours[key] = behaviour }
    }

    /// Keys of the tasks started so far, in order.
    var started: [String] { state.withLock { $0.started } }
    var resources: [GrantedResources] { state.withLock { $0.resources } }
    /// When each cancelled run saw its cancellation, on the clock.
    var cancelledAt: [String: Double] { state.withLock { $0.cancelledAt } }

    /// What every run reports as its progress.
    var progress: String? {
        get { state.withLock { $0.progress } }
        set { state.withLock { $0.progress = newValue } }
    }

    func progress(of task: LeasedTask) -> String? {
        progress
    }

    /// Ends a blocked run with `outcome`.
    func release(
        _ key: String, with outcome: RunOutcome = .succeeded(FakeRunner.metrics, RunFacts(peakRSSBytes: 1 << 20))
    ) {
        state.withLock { $0.gates.removeValue(forKey: key) }?.resume(returning: outcome)
    }

    func run(_ task: LeasedTask, resources: GrantedResources) async -> RunOutcome {
        let behaviour = state.withLock { state in
            state.started.append(task.key)
            state.resources.append(resources)
            return state.behaviours[task.key] ?? standard
        }
        switch behaviour {
        case .succeed(let seconds):
            if seconds > 0 { await clock.advance(by: seconds) }
            return .succeeded(Self.metrics, RunFacts(peakRSSBytes: 1 << 20))
        case .fail(let failure):
            return .failed(failure)
        case .block:
            return await withTaskCancellationHandler {
                await gate(task.key, honouringCancellation: true)
            } onCancel: {
                noteCancellation(of: task.key)
                release(task.key, with: .cancelled)
            }
        case .blockIgnoringCancellation:
            return await withTaskCancellationHandler {
                await gate(task.key, honouringCancellation: false)
            } onCancel: {
                noteCancellation(of: task.key)
            }
        }
    }

    /// Waits for `release`; a run honouring cancellation that was cancelled before it got here ends at once.
    private func gate(_ key: String, honouringCancellation: Bool) async -> RunOutcome {
        await withCheckedContinuation { continuation in
            let endsAtOnce = state.withLock { state in
                let cancelled = honouringCancellation && state.cancelledAt[key] != nil
                if !cancelled { state.gates[key] = continuation }
                return cancelled
            }
            if endsAtOnce { continuation.resume(returning: .cancelled) }
        }
    }

    private func noteCancellation(of key: String) {
        let now = clock.now()
        state.withLock { $0.cancelledAt[key] = now }
    }
}

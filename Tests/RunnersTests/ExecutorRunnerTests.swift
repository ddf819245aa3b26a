import Foundation
import Runners
import SweepModel
import TestSupport
import Testing
import Worker

#if canImport(Glibc)
    import Glibc
#endif

/// The built-in experiments run in executor children of the built `infosweep`: real processes that crash,
/// stop and are killed, while the process that runs them (here, the tests) goes on.
@Suite("Executor runner", .serialized)
struct ExecutorRunnerTests {
    let runner = ExecutorRunner(executable: Binary.path, killGraceSeconds: 1)

    func noop(_ parameters: [String: ParamValue], experiment: String = "noop") -> LeasedTask {
        LeasedTask(
            lease: Lease(taskID: 1, attemptID: 1), key: "k", experiment: experiment,
            parameters: Parameters(parameters), previousAttempts: 0)
    }

    func run(_ parameters: [String: ParamValue], experiment: String = "noop") async -> RunOutcome {
        await runner.run(noop(parameters, experiment: experiment), resources: GrantedResources(cores: 1))
    }

    func failure(_ outcome: RunOutcome) throws -> RunFailure {
        guard case .failed(let failure) = outcome else {
            Issue.record("expected a failure, got \(outcome)")
            throw HarnessFailure()
        }
        return failure
    }

    struct HarnessFailure: Error {}

    @Test func aBuiltInRunsInAChildThatServesRunAfterRun() async throws {
        let first = await run(["a": .number(2), "seed": .number(3)])
        guard case .succeeded(let metrics, let facts) = first else {
            Issue.record("expected metrics, got \(first)")
            return
        }
        #expect(metrics["value"] == 3)  // a, and tau's default of 1
        #expect(metrics["seed"] == 3)
        #expect(facts.peakRSSBytes > 0)
        #expect(["portable", "avx2", "avx512"].contains(facts.kernels))
        let child = try #require(runner.idleChildren.first)
        #expect(child != getpid())
        #expect(await run(["a": .number(5)]) != first)
        #expect(runner.idleChildren == [child])
    }

    @Test(arguments: [("abort", SIGABRT), ("segfault", SIGSEGV), ("trap", SIGILL)])
    func aCrashEndsTheAttemptWithItsSignalAndTheNextRunGetsANewChild(crash: String, signal: Int32) async throws {
        _ = await run([:])
        let crashed = try #require(runner.idleChildren.first)
        let failure = try failure(await run(["crash": .string(crash)]))
        #expect(failure.kind == .signal(signal))
        #expect(failure.message.contains("killed by signal \(signal)"))
        if crash == "trap" { #expect(failure.stderrTail.contains("noop asked to trap")) }
        #expect(processHasEnded(crashed))
        guard case .succeeded = await run(["a": .number(1)]) else {
            Issue.record("the run after the crash did not succeed")
            return
        }
        #expect(runner.idleChildren.count == 1 && runner.idleChildren != [crashed])
    }

    @Test func cancellingARunStopsItAndKeepsTheChild() async throws {
        _ = await run([:])
        let child = try #require(runner.idleChildren.first)
        let running = Task { await run(["duration_ms": .number(60_000)]) }
        try await Task.sleep(for: .milliseconds(300))
        let cancelled = Date()
        running.cancel()
        #expect(await running.value == .cancelled)
        #expect(Date().timeIntervalSince(cancelled) < 1)
        #expect(runner.idleChildren == [child])
    }

    @Test func aChildThatDoesNotStopWhenCancelledIsKilledAfterTheGrace() async throws {
        _ = await run([:])
        let child = try #require(runner.idleChildren.first)
        kill(child, SIGSTOP)
        let running = Task { await run(["duration_ms": .number(60_000)]) }
        try await Task.sleep(for: .milliseconds(300))
        let cancelled = Date()
        running.cancel()
        #expect(await running.value == .cancelled)
        let waited = Date().timeIntervalSince(cancelled)
        #expect(waited >= 0.9 && waited < 5)
        #expect(processHasEnded(child))
        #expect(runner.idleChildren.isEmpty)
    }

    @Test func aBuiltInOverItsMemoryIsKilledAndFailsAsMemoryAndTheNextRunGetsANewChild() async throws {
        // Any process is over 1 MiB of resident memory: the first sample ends the run.
        let outcome = await runner.run(
            noop(["duration_ms": .number(30_000)]), resources: GrantedResources(cores: 1, memoryMiB: 1))
        let memory = try failure(outcome)
        #expect(memory.kind == .memory)
        #expect(memory.message.contains("went over the task's memory_gb of 1 MiB; killed"), "\(memory.message)")
        guard case .succeeded = await run(["a": .number(1)]) else { Issue.record("the next run failed"); return }
    }

    @Test func refusedParametersAndUnknownExperimentsCannotStart() async throws {
        let bad = try failure(await run(["crash": .string("sometimes")]))
        #expect(bad.kind == .cannotStart)
        #expect(bad.message.contains("crash"))
        let unknown = try failure(await run([:], experiment: "nosuch"))
        #expect(unknown.kind == .cannotStart)
        #expect(unknown.message.contains("unknown experiment 'nosuch'"))
    }

    @Test func aMissingExecutableCannotStart() async throws {
        let missing = ExecutorRunner(executable: "/nonexistent/infosweep")
        let failure = try failure(await missing.run(noop([:]), resources: GrantedResources(cores: 1)))
        #expect(failure.kind == .cannotStart)
        #expect(failure.message.contains("/nonexistent/infosweep"))
    }

    @Test func aChildThatDiedIdleIsReplacedBeforeTheNextRunWhichSucceeds() async throws {
        _ = await run([:])
        let child = try #require(runner.idleChildren.first)
        kill(child, SIGKILL)
        // Dead a while: its other threads are gone too, so it can be reaped (a dying leader shows as a zombie
        // while they exit).
        #expect(
            try await eventually(seconds: 5) {
                let threads = try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(child)/task")
                return processHasEnded(child) && (threads?.count ?? 0) <= 1
            })
        let outcome = await run(["a": .number(4)])
        guard case .succeeded = outcome else {
            Issue.record("a run after its idle child \(child) died did not succeed: \(outcome)")
            return
        }
        #expect(runner.idleChildren.count == 1 && runner.idleChildren != [child])
    }
}

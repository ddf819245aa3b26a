import Foundation
import Runners
import SweepModel
import TestSupport
import Testing
import Worker

#if canImport(Glibc)
    import Glibc
#endif

/// The command runner with real child processes: metrics, failures, logs, timeouts and cancellation, and no
/// process of a task left behind.
@Suite("Command runner", .serialized)
struct CommandRunnerTests {
    let directory = TemporaryDirectory()

    /// Fails every task it is given: command tasks must never reach it.
    struct NoBuiltins: TaskRunner {
        func run(_ task: LeasedTask, resources: GrantedResources) async -> RunOutcome {
            .failed(RunFailure(kind: .error, message: "a built-in was run"))
        }
    }

    var runner: CommandRunner {
        CommandRunner(builtin: NoBuiltins(), workDirectory: directory.file("work"), killGraceSeconds: 1)
    }

    func task(_ script: String, timeout: Double? = nil, workdir: String? = nil, argv: [String]? = nil) -> LeasedTask {
        let templates = (argv ?? ["sh", "-c", script]).map { ArgumentTemplate(pieces: [.literal($0)]) }
        let command = CommandSpec(
            argv: templates, workdir: workdir ?? directory.path, environment: ["GREETING": "hello"],
            timeoutSeconds: timeout)
        return LeasedTask(
            lease: Lease(taskID: 1, attemptID: 1), key: "k\(UInt32.random(in: 0...UInt32.max))",
            experiment: command.experimentName, parameters: Parameters(["a": .number(2.5), "seed": .number(7)]),
            previousAttempts: 0, command: command)
    }

    func run(_ task: LeasedTask) async -> RunOutcome {
        await runner.run(task, resources: GrantedResources(cores: 3))
    }

    func failure(_ outcome: RunOutcome) -> RunFailure? {
        if case .failed(let failure) = outcome { return failure }
        return nil
    }

    /// True once no process has the pid written in `file` (it was killed and reaped).
    func gone(pidIn file: String) async throws -> Bool {
        let text = try String(contentsOfFile: file, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        let pid = try #require(pid_t(text))
        return try await eventually(seconds: 10) { processHasEnded(pid) }
    }

    @Test func metricsComeFromTheStdoutLineWithParametersInTheEnvironment() async throws {
        let outcome = await run(
            task(
                "echo noise; echo \"INFOSWEEP_METRICS {\\\"a\\\": $INFOSWEEP_PARAM_A, \\\"seed\\\": $INFOSWEEP_SEED,"
                    + " \\\"threads\\\": $OMP_NUM_THREADS, \\\"hello\\\": ${#GREETING}}\""))
        guard case .succeeded(let metrics, _) = outcome else { Issue.record("\(outcome)"); return }
        #expect(metrics["a"] == 2.5)
        #expect(metrics["seed"] == 7)
        #expect(metrics["threads"] == 3)
        #expect(metrics["hello"] == 5)
    }

    @Test func metricsComeFromTheMetricsFileAndParamsJSONIsInTheTaskFolder() async throws {
        let task = task("cp \"$INFOSWEEP_PARAMS_FILE\" \"$INFOSWEEP_METRICS_FILE\"")
        let outcome = await run(task)
        guard case .succeeded(let metrics, let facts) = outcome else { Issue.record("\(outcome)"); return }
        #expect(metrics["a"] == 2.5)
        let folder = directory.file("work/tasks/\(task.key)/1")
        #expect(facts.taskFolder == HostFacts.hostName + ":" + URL(fileURLWithPath: folder).standardizedFileURL.path)
        #expect(facts.kernels == "")
        #expect(FileManager.default.fileExists(atPath: folder + "/params.json"))
        #expect(FileManager.default.fileExists(atPath: folder + "/stdout"))
    }

    @Test func aNonZeroExitFailsWithItsStatusAndStderrTail() async throws {
        let failure = try #require(failure(await run(task("echo 'it broke' >&2; exit 3"))))
        #expect(failure.kind == .exit(3))
        #expect(failure.stderrTail == "it broke\n")
    }

    @Test func exit75AsksToRunAgainLater() async throws {
        #expect(await run(task("exit 75")) == .requeued)
    }

    @Test func missingOrBadMetricsFailNamingWhatIsWrong() async throws {
        #expect(failure(await run(task("echo done")))?.kind == .noMetrics)
        let bad = try #require(failure(await run(task("echo 'INFOSWEEP_METRICS {\"loss\": \"low\"}'"))))
        #expect(bad.kind == .badMetrics)
        #expect(bad.message.contains("'loss' is not a finite number"))
        #expect(failure(await run(task("echo 'INFOSWEEP_METRICS {\"ok\": true}'")))?.kind == .badMetrics)
    }

    @Test func aMissingProgramOrWorkdirCannotStart() async throws {
        let missing = try #require(failure(await run(task("", argv: ["no-such-program-here"]))))
        #expect(missing.kind == .cannotStart)
        #expect(missing.message.contains("'no-such-program-here' is not found on PATH"))
        let folder = try #require(failure(await run(task("true", workdir: "/no/such/folder"))))
        #expect(folder.kind == .cannotStart)
        #expect(folder.message.contains("/no/such/folder does not exist on this worker"))
    }

    @Test func aTimeoutStopsTheWholeGroupGrandchildrenIncluded() async throws {
        let pidFile = directory.file("timeout.pid")
        let started = Date()
        let outcome = await run(task("sleep 300 & echo $! > \(pidFile); wait", timeout: 1))
        #expect(failure(outcome)?.kind == .timeout, "\(outcome)")
        #expect(Date().timeIntervalSince(started) < 20)
        #expect(try await gone(pidIn: pidFile))
    }

    @Test func aCommandWhoseGroupGoesOverItsMemoryIsKilledAndFailsAsMemory() async throws {
        let pidFile = directory.file("hungry.pid")
        let script =
            "sleep 300 & echo $! > \(pidFile); python3 -c 'b = bytearray(300 << 20); import time; time.sleep(300)'"
        let started = Date()
        let outcome = await runner.run(task(script), resources: GrantedResources(cores: 1, memoryMiB: 100))
        let memory = try #require(failure(outcome), "\(outcome)")
        #expect(memory.kind == .memory)
        #expect(memory.message.contains("went over the task's memory_gb of 100 MiB; killed"), "\(memory.message)")
        #expect(Date().timeIntervalSince(started) < 20)
        #expect(try await gone(pidIn: pidFile))
    }

    @Test func aGrandchildLeftBehindByACommandThatEndedIsKilled() async throws {
        let pidFile = directory.file("left.pid")
        let outcome = await run(task("sleep 300 & echo $! > \(pidFile); echo 'INFOSWEEP_METRICS {\"x\": 1}'"))
        guard case .succeeded = outcome else { Issue.record("\(outcome)"); return }
        #expect(try await gone(pidIn: pidFile))
    }

    @Test func cancellingTheRunStopsTheCommand() async throws {
        let pidFile = directory.file("cancel.pid")
        let task = task("sleep 300 & echo $! > \(pidFile); wait")
        let runner = self.runner
        let run = Task { await runner.run(task, resources: GrantedResources(cores: 1)) }
        #expect(
            try await eventually(seconds: 10) {
                let text = (try? String(contentsOfFile: pidFile, encoding: .utf8)) ?? ""
                return pid_t(text.trimmingCharacters(in: .whitespacesAndNewlines)) != nil
            })
        let cancelled = Date()
        run.cancel()
        #expect(await run.value == .cancelled)
        #expect(Date().timeIntervalSince(cancelled) < 10)
        #expect(try await gone(pidIn: pidFile))
    }

    @Test func theLastProgressLineIsTheRunsProgressWhileItRuns() async throws {
        let marker = directory.file("progressed")
        let task = task(
            "echo 'INFOSWEEP_PROGRESS {\"step\": 1}'; echo noise; echo 'INFOSWEEP_PROGRESS {\"step\": 2}';"
                + " touch \(marker); sleep 300")
        let runner = self.runner
        #expect(runner.progress(of: task) == nil)
        let run = Task { await runner.run(task, resources: GrantedResources(cores: 1)) }
        #expect(try await eventually(seconds: 10) { FileManager.default.fileExists(atPath: marker) })
        #expect(runner.progress(of: task) == "{\"step\": 2}")
        run.cancel()
        #expect(await run.value == .cancelled)
        let broken = self.task("echo 'INFOSWEEP_PROGRESS [1, 2]'; echo 'INFOSWEEP_METRICS {\"x\": 1}'")
        _ = await runner.run(broken, resources: GrantedResources(cores: 1))
        #expect(runner.progress(of: broken) == nil)
    }
}

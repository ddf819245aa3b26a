import CoordinatorClient
import Foundation
import SweepModel
import TestSupport
import Testing
import WireProtocol

/// Command sweeps through a real coordinator: who is handed their tasks, and what status says of them.
@Suite("Command tasks", .serialized)
struct CommandTaskTests {
    let directory = TemporaryDirectory()

    func commandWorker(_ coordinator: CoordinatorHarness) async throws -> CoordinatorConnection {
        let info = WorkerInfo(
            id: "command-worker", host: "testhost", cpuModel: "cpu", threads: 1, pid: 1, version: "test",
            capacity: WorkerResources(slots: 1, cores: 1, memoryMB: 1024), allowsCommands: true)
        return try await CoordinatorConnection.connect(
            to: CoordinatorAddress(host: "127.0.0.1", port: coordinator.port),
            hello: Hello(token: LocalTokenFile.read(port: coordinator.port) ?? "", role: .worker, worker: info))
    }

    @Test func onlyAWorkerThatAllowsCommandsIsHandedCommandTasks() async throws {
        let coordinator = CoordinatorHarness(directory: directory)
        try await coordinator.start()
        let command = try directory.write(
            "c.yaml", "name: c\ncommand: {argv: [\"true\", \"{a}\"], workdir: sub}\ngrid: {a: [1, 2]}\n")
        let builtin = try directory.write("n.yaml", "name: n\nexperiment: noop\ngrid: {a: [1, 2, 3]}\n")
        #expect(try await coordinator.command(["submit", command, "--json"]).contains("\"added\":2"))
        #expect(try await coordinator.command(["submit", builtin, "--json"]).contains("\"added\":3"))

        let plain = try coordinator.worker(["--max-tasks", "3"], name: "plain")
        #expect(await plain.wait(seconds: 60) == 0, "\(plain.log)")
        let counts = try await coordinator.command(["status", "c", "--json"])
        #expect(counts.contains("\"total\":2,\"pending\":2,\"running\":0,\"done\":0"), "\(counts)")
        #expect(try await coordinator.command(["status", "n", "--json"]).contains("\"done\":3"))
        let table = try await coordinator.command(["status"])
        #expect(
            table.contains(
                "waiting: c (2 pending): no connected worker allows commands (start workers with --allow-commands)"),
            "\(table)")

        let connection = try await commandWorker(coordinator)
        defer { connection.close() }
        guard case .claimed(let reply) = try await connection.send(.claim(ClaimRequest(limit: 8, waitSeconds: 1)))
        else { throw HarnessError("no claim reply") }
        #expect(reply.tasks.count == 2)
        let folder = URL(fileURLWithPath: command).standardizedFileURL.deletingLastPathComponent().path
        #expect(reply.tasks.allSatisfy { $0.command?.resolvedWorkdir == folder + "/sub" })
        #expect(reply.tasks.allSatisfy { $0.command?.experimentName == $0.experiment })
    }

    @Test func aWorkerThatAllowsCommandsRunsThemAndRecordsTheirFailures() async throws {
        let coordinator = CoordinatorHarness(directory: directory)
        try await coordinator.start()
        let script =
            "if [ $INFOSWEEP_PARAM_A = 3 ]; then echo broken >&2; exit 3; fi; "
            + "echo \"INFOSWEEP_METRICS {{\\\"y\\\": $INFOSWEEP_PARAM_A}}\""
        let sweep = try directory.write(
            "run.yaml",
            "name: r\ncommand:\n  argv: [sh, -c, '\(script)']\ngrid: {a: [1, 2, 3]}\n")
        #expect(try await coordinator.command(["submit", sweep, "--json"]).contains("\"added\":3"))
        let work = directory.file("work")
        let worker = try coordinator.worker(
            ["--allow-commands", "--exit-when-idle", "--work-dir", work], name: "commands")
        #expect(await worker.wait(seconds: 90) == 0, "\(worker.log)")
        let status = try await coordinator.command(["status", "r", "--json"])
        #expect(status.contains("\"total\":3,\"pending\":0,\"running\":0,\"done\":2,\"failed\":1"), "\(status)")
        let export = try await coordinator.command(["export", "r", "--format", "jsonl"])
        #expect(export.contains("\"y\":2"), "\(export)")
        let hint = "failed tasks' errors and output: infosweep logs r --state failed"
        let table = try await coordinator.command(["status", "r"])
        #expect(table.contains(hint), "\(table)")
        let phase = try await coordinator.command(["phase", "r", "--x", "a", "--metric", "y"])
        #expect(phase.contains(hint), "\(phase)")
        #expect(export.contains("exit 3"), "\(export)")
        let folders = try FileManager.default.contentsOfDirectory(atPath: work + "/tasks")
        #expect(folders.count == 3)
        let logs = try Child(
            ["logs", "r", "--state", "failed", "--attempt", "1", "--db", coordinator.database], name: "logs",
            directory: directory)
        #expect(await logs.wait(seconds: 30) == 0, "\(logs.log)")
        #expect(logs.log.contains("attempt 1: failed (exit 3: exited with status 3; logs in "), "\(logs.log)")
        #expect(logs.log.contains("-- stderr (last 64 KiB)\nbroken\n"), "\(logs.log)")
        #expect(!logs.log.contains("attempt 2"), "\(logs.log)")
        let done = try Child(
            ["logs", "r", "--state", "done", "--db", coordinator.database], name: "done-logs", directory: directory)
        #expect(await done.wait(seconds: 30) == 0, "\(done.log)")
        #expect(done.log.components(separatedBy: ": accepted on ").count == 3, "\(done.log)")
        #expect(done.log.contains("-- stdout (last 64 KiB)\nINFOSWEEP_METRICS {\"y\": 2}\n"), "\(done.log)")
        let fromFile = try Child(["logs", "r", "--db", coordinator.database], name: "all-logs", directory: directory)
        #expect(await fromFile.wait(seconds: 30) == 0, "\(fromFile.log)")
        let throughCoordinator = try await coordinator.command(["logs", "r"])
        #expect(throughCoordinator == fromFile.log)
        // Two tasks done at their first attempt, one failed at each of its three.
        #expect(throughCoordinator.components(separatedBy: "== task ").count == 6, "\(throughCoordinator)")
    }

    @Test func exit75GivesTheTaskBackWithoutSpendingItsFailureBudget() async throws {
        let coordinator = CoordinatorHarness(directory: directory)
        try await coordinator.start()
        let marker = directory.file("preempted")
        let script =
            "if [ ! -e \(marker) ]; then touch \(marker); exit 75; fi; echo \"INFOSWEEP_METRICS {{\\\"y\\\": 1}}\""
        let sweep = try directory.write("pre.yaml", "name: p\ncommand:\n  argv: [sh, -c, '\(script)']\n")
        #expect(try await coordinator.command(["submit", sweep, "--json"]).contains("\"added\":1"))
        let worker = try coordinator.worker(
            ["--allow-commands", "--exit-when-idle", "--work-dir", directory.file("work")], name: "preempted")
        #expect(await worker.wait(seconds: 90) == 0, "\(worker.log)")
        let probe = StoreProbe(path: coordinator.database)
        #expect(try probe.count(state: "done") == 1)
        #expect(try probe.attempts(outcome: "released") == 1)
        #expect(try probe.attempts(outcome: "failed") == 0)
    }

    @Test func theShippedPythonExampleRunsWithInfosweepRun() async throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let sweep = root.appendingPathComponent("sweeps/examples/python-command.yaml").path
        let run = try Child(
            [
                "run", sweep, "--workers", "2", "--db", directory.file("py.sqlite"), "--work-dir",
                directory.file("work"),
            ],
            name: "python-run", directory: directory)
        #expect(await run.wait(seconds: 120) == 0, "\(run.log)")
        #expect(run.log.contains("24 done, 0 running, 0 pending, 0 failed"), "\(run.log)")
        let probe = StoreProbe(path: directory.file("py.sqlite"))
        #expect(try probe.resultCount == 24)
    }

    /// The pid a command wrote to `file`, once it has.
    func pid(in file: String) async throws -> Int32 {
        var pid: Int32?
        _ = try await eventually(seconds: 60) {
            pid = (try? String(contentsOfFile: file, encoding: .utf8)).flatMap {
                Int32($0.trimmingCharacters(in: .whitespacesAndNewlines))
            }
            return pid != nil
        }
        return try #require(pid)
    }

    @Test func cancellingASweepKillsItsRunningCommandWithinOneHeartbeat() async throws {
        let coordinator = CoordinatorHarness(directory: directory, leaseSeconds: 3)
        try await coordinator.start()
        let pidFile = directory.file("sleep.pid")
        let sweep = try directory.write(
            "long.yaml", "name: long\ncommand:\n  argv: [sh, -c, 'sleep 600 & echo $! > \(pidFile); wait']\n")
        _ = try await coordinator.command(["submit", sweep])
        let worker = try coordinator.worker(
            ["--allow-commands", "--work-dir", directory.file("work")], name: "worker")
        let grandchild = try await pid(in: pidFile)
        let cancelled = Date()
        _ = try await coordinator.command(["cancel", "long"])
        #expect(try await eventually(seconds: 10) { processHasEnded(grandchild) }, "\(worker.log)")
        #expect(Date().timeIntervalSince(cancelled) < 2.5)
        #expect(try await coordinator.command(["status", "long", "--json"]).contains("\"cancelled\":1"))
    }

    @Test func pausingWithStopRunningKillsTheRunningCommandAndResumeRunsItAgain() async throws {
        let coordinator = CoordinatorHarness(directory: directory, leaseSeconds: 3)
        try await coordinator.start()
        let pidFile = directory.file("paused.pid")
        let marker = directory.file("ran-once")
        let script =
            "if [ -e \(marker) ]; then echo \"INFOSWEEP_METRICS {{\\\"x\\\": 1}}\"; exit 0; fi; "
            + "touch \(marker); sleep 600 & echo $! > \(pidFile); wait"
        let sweep = try directory.write("paused.yaml", "name: paused\ncommand:\n  argv: [sh, -c, '\(script)']\n")
        _ = try await coordinator.command(["submit", sweep])
        let worker = try coordinator.worker(
            ["--allow-commands", "--work-dir", directory.file("work")], name: "worker")
        let grandchild = try await pid(in: pidFile)
        let paused = Date()
        _ = try await coordinator.command(["pause", "paused", "--stop-running"])
        #expect(try await eventually(seconds: 10) { processHasEnded(grandchild) }, "\(worker.log)")
        #expect(Date().timeIntervalSince(paused) < 2.5)
        #expect(try await coordinator.command(["status", "paused", "--json"]).contains("\"held\":1"))
        _ = try await coordinator.command(["resume", "paused"])
        let done = try await eventually(seconds: 30) {
            try await coordinator.command(["status", "paused", "--json"]).contains("\"done\":1")
        }
        #expect(done, "\(worker.log)")
        let probe = StoreProbe(path: coordinator.database)
        #expect(try probe.attempts(outcome: "paused") == 1)
        #expect(try probe.attempts(outcome: "failed") == 0)
    }

    @Test func aWorkerStoppedWithSIGTERMKillsACommandThatIgnoresItAndReleasesItsLease() async throws {
        let coordinator = CoordinatorHarness(directory: directory)
        try await coordinator.start()
        let pidFile = directory.file("stubborn.pid")
        let script = "trap \"\" TERM; sleep 600 & echo $! > \(pidFile); wait"
        let sweep = try directory.write("stubborn.yaml", "name: stubborn\ncommand:\n  argv: [sh, -c, '\(script)']\n")
        _ = try await coordinator.command(["submit", sweep])
        let worker = try coordinator.worker(
            ["--allow-commands", "--work-dir", directory.file("work"), "--stop-grace", "0.5", "--kill-grace", "1"],
            name: "worker")
        let grandchild = try await pid(in: pidFile)
        let stopped = Date()
        worker.signal(SIGTERM)
        #expect(await worker.wait(seconds: 20) == 0, "\(worker.log)")
        #expect(Date().timeIntervalSince(stopped) < 6)
        #expect(processHasEnded(grandchild), "\(worker.log)")
        let probe = StoreProbe(path: coordinator.database)
        #expect(try probe.attempts(outcome: "released") == 1)
        #expect(try probe.count(state: "pending") == 1)
    }

    @Test func statusAndWorkersTellTheRunningTaskFromThoseWaitingAndShowItsProgress() async throws {
        let coordinator = CoordinatorHarness(directory: directory, leaseSeconds: 3)
        try await coordinator.start()
        let script = "echo \"INFOSWEEP_PROGRESS {{\\\"epoch\\\": $INFOSWEEP_PARAM_A}}\"; sleep 600"
        let sweep = try directory.write(
            "progress.yaml", "name: progress\ncommand:\n  argv: [sh, -c, '\(script)']\ngrid: {a: [1, 2, 3]}\n")
        _ = try await coordinator.command(["submit", sweep])
        let worker = try coordinator.worker(
            ["--allow-commands", "--work-dir", directory.file("work"), "--batch", "3"], name: "worker")
        var workers = ""
        let shown = try await eventually(seconds: 30) {
            workers = try await coordinator.command(["workers", "--show-tasks"])
            return workers.contains("running") && workers.contains(#"{"epoch": 1}"#)
        }
        #expect(shown, "\(workers)\n\(worker.log)")
        let status = try await coordinator.command(["status", "progress", "--json"])
        #expect(status.contains("\"pending\":0,\"running\":1,\"done\":0"), "\(status)")
        #expect(status.contains("\"leased\":2,"), "\(status)")
        let table = try await coordinator.command(["status", "progress"])
        #expect(table.contains("leased  running"), "\(table)")
        let watch = try Child(
            ["status", "progress", "--watch", "--interval", "0.2", "--coordinator", coordinator.address],
            name: "watch", directory: directory)
        let progressShown = try await eventually(seconds: 20) {
            watch.log.split(separator: "\n").contains { $0.hasPrefix("  task ") && $0.hasSuffix(#"{"epoch": 1}"#) }
        }
        #expect(progressShown, "\(watch.log)")
        watch.signal(SIGTERM)
        _ = try await coordinator.command(["cancel", "progress"])
    }
}

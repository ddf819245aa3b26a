import TestSupport
import Foundation
import Testing

/// Real coordinator and worker processes on loopback.
@Suite("End to end", .serialized)
struct SweepLifecycleTests {
    let directory = TemporaryDirectory()

    @Test func threeWorkersFinishA300TaskSweepAndResubmittingAddsNothing() async throws {
        let coordinator = CoordinatorHarness(directory: directory)
        try await coordinator.start()
        let sweep = try directory.write(
            "s.yaml",
            "name: s\nexperiment: noop\nparams: {duration_ms: 2}\ngrid:\n"
                + "  a: [1, 2, 3, 4, 5]\n  b: {linspace: [0, 1], num: 6}\nseeds: 10\n")
        let submitted = try await coordinator.command(["submit", sweep, "--json"])
        #expect(submitted.contains("{\"sweep\":\"s\",\"added\":300,\"existing\":0}"))

        let workers = try (0..<3).map { try coordinator.worker(["--exit-when-idle"], name: "worker-\($0)") }
        for worker in workers {
            let status = await worker.wait(seconds: 90)
            #expect(status == 0, "\(worker.name) did not finish cleanly:\n\(worker.log)")
        }
        let status = try await coordinator.command(["status", "s", "--json"])
        #expect(status.contains("\"total\":300,\"pending\":0,\"running\":0,\"done\":300,\"failed\":0"), "\(status)")
        let probe = StoreProbe(path: coordinator.database)
        #expect(try probe.resultCount == 300)
        #expect(try probe.tasksWithoutExactlyOneAcceptedAttempt == 0)

        // The phase diagram reads the same through the coordinator as from the database file.
        let viaCoordinator = try await coordinator.command([
            "phase", "s", "--x", "a", "--y", "b", "--metric", "value",
            "--format", "json",
        ])
        let viaFile = try Child(
            [
                "phase", "s", "--x", "a", "--y", "b", "--metric", "value", "--format", "json",
                "--db", coordinator.database,
            ], name: "phase-db", directory: directory)
        #expect(await viaFile.wait(seconds: 30) == 0, "\(viaFile.log)")
        #expect(viaFile.log == viaCoordinator)
        let cells = try JSONSerialization.jsonObject(with: Data(viaFile.log.utf8)) as? [[String: Any]]
        #expect(cells?.count == 30)
        // noop reports the sum of its numeric parameters, defaults included (tau = 1), the same for every seed.
        let corner = cells?.first { ($0["a"] as? Double) == 5 && ($0["b"] as? Double) == 1 }
        #expect(corner?["n"] as? Int == 10)
        #expect(abs((corner?["median"] as? Double ?? 0) - Double(5 + 1 + 2 + 1)) < 1e-12)
        #expect(corner?["sd"] as? Double == 0)
        let unpooled = try Child(
            ["phase", "s", "--x", "a", "--metric", "value", "--db", coordinator.database], name: "phase-unpooled",
            directory: directory)
        #expect(await unpooled.wait(seconds: 30) != 0)
        #expect(unpooled.log.contains("fix them with --where b=0, or pool them explicitly with --pool b"))
        let pooled = try Child(
            ["phase", "s", "--x", "a", "--metric", "value", "--pool", "b", "--db", coordinator.database],
            name: "phase-pooled", directory: directory)
        #expect(await pooled.wait(seconds: 30) == 0, "\(pooled.log)")
        #expect(pooled.log.contains("value (median, pooled over b)"))
        // value = a + b + 3: a metric condition keeps a = 5 and (a = 4, b = 1), ten seeds each.
        let kept = try Child(
            [
                "phase", "s", "--x", "a", "--y", "b", "--metric", "value", "--where", "value>=8", "--format", "json",
                "--db", coordinator.database,
            ], name: "phase-where", directory: directory)
        #expect(await kept.wait(seconds: 30) == 0, "\(kept.log)")
        let keptCells = try JSONSerialization.jsonObject(with: Data(kept.log.utf8)) as? [[String: Any]]
        #expect(keptCells?.compactMap { $0["n"] as? Int }.reduce(0, +) == 70)

        let again = try await coordinator.command(["submit", sweep, "--json"])
        #expect(again.contains("{\"sweep\":\"s\",\"added\":0,\"existing\":300}"))
        let extended = try directory.write(
            "s2.yaml",
            "name: s\nexperiment: noop\nparams: {duration_ms: 2}\ngrid:\n"
                + "  a: [1, 2, 3, 4, 5, 6]\n  b: {linspace: [0, 1], num: 6}\nseeds: 10\n")
        let more = try await coordinator.command(["submit", extended, "--json"])
        #expect(more.contains("{\"sweep\":\"s\",\"added\":60,\"existing\":300}"))
        #expect(try probe.count(state: "pending") == 60)

        let csv = try await coordinator.command(["export", "s", "--format", "csv"])
        let lines = csv.split(separator: "\n")
        #expect(lines.first?.hasPrefix("task_id,key,experiment,state,attempts,error,a,b,duration_ms,seed") == true)
        #expect(lines.count == 361)
    }

    @Test func aWorkerKilledMidTaskLosesNothing() async throws {
        let coordinator = CoordinatorHarness(directory: directory, leaseSeconds: 1.5)
        try await coordinator.start()
        let sweep = try directory.write(
            "k.yaml", "name: k\nexperiment: noop\nparams: {duration_ms: 400}\ngrid: {a: [1, 2, 3, 4, 5, 6]}\n")
        _ = try await coordinator.command(["submit", sweep])
        let probe = StoreProbe(path: coordinator.database)

        let victim = try coordinator.worker(["--batch", "1"], name: "victim")
        #expect(try await eventually(seconds: 20) { try probe.count(state: "running") > 0 })
        victim.signal(SIGKILL)
        await victim.wait(seconds: 5)

        let survivor = try coordinator.worker(["--exit-when-idle"], name: "survivor")
        #expect(await survivor.wait(seconds: 60) == 0, "\(survivor.log)")
        #expect(try probe.count(state: "done") == 6)
        #expect(try probe.count(state: "running") == 0)
        #expect(try probe.tasksWithoutExactlyOneAcceptedAttempt == 0)
        #expect(try probe.resultsNotFromTheirAcceptedAttempt == 0)
        #expect(try probe.attempts(outcome: "lost") >= 1)
    }

    @Test func theCoordinatorKilledMidSweepAndRestartedLosesNoAcknowledgedResult() async throws {
        let coordinator = CoordinatorHarness(directory: directory, leaseSeconds: 3)
        try await coordinator.start()
        let sweep = try directory.write(
            "c.yaml",
            "name: c\nexperiment: noop\nparams: {duration_ms: 40}\n"
                + "grid: {a: {linspace: [0, 1], num: 20}}\nseeds: 10\n")
        _ = try await coordinator.command(["submit", sweep])
        let probe = StoreProbe(path: coordinator.database)
        let workers = try (0..<2).map { try coordinator.worker(["--exit-when-idle"], name: "w\($0)") }

        // 200 tasks of 40 ms on two workers take 4 s: the kill at 40 results has seconds to spare.
        try #require(try await eventually(seconds: 30) { try probe.resultCount >= 40 })
        coordinator.child?.signal(SIGKILL)
        await coordinator.child?.wait(seconds: 5)
        let beforeCrash = try probe.acceptedResults()
        #expect(beforeCrash.count >= 40 && beforeCrash.count < 200)
        try await Task.sleep(for: .milliseconds(500))
        try await coordinator.start()

        for worker in workers {
            #expect(await worker.wait(seconds: 90) == 0, "\(worker.log)")
        }
        let after = try probe.acceptedResults()
        #expect(after.count == 200)
        for (task, attempt) in beforeCrash {
            #expect(after[task] == attempt, "task \(task) lost or changed its accepted result")
        }
        #expect(try probe.tasksWithoutExactlyOneAcceptedAttempt == 0)
        #expect(try probe.count(state: "running") == 0)
    }

    @Test("SIGTERM and SIGINT give the leases back within five seconds", arguments: [SIGTERM, SIGINT])
    func aStopSignalGivesTheLeaseBackWithinFiveSeconds(signal: Int32) async throws {
        let coordinator = CoordinatorHarness(directory: directory)
        try await coordinator.start()
        let sweep = try directory.write(
            "t\(signal).yaml", "name: t\(signal)\nexperiment: noop\nparams: {duration_ms: 20000}\ngrid: {a: [1, 2]}\n")
        _ = try await coordinator.command(["submit", sweep])
        let probe = StoreProbe(path: coordinator.database)
        let worker = try coordinator.worker(["--batch", "2"], name: "sleepy-\(signal)")
        try #require(try await eventually(seconds: 20) { try probe.count(state: "running") == 2 })
        let signalled = Date()
        worker.signal(signal)
        // The claim is about the leases, so the clock stops when the store has them back, not at the exit.
        let released = try await eventually(seconds: 20) { try probe.attempts(outcome: "released") == 2 }
        let seconds = Date().timeIntervalSince(signalled)
        #expect(released && seconds < 5, "leases given back after \(seconds) s:\n\(worker.log)")
        #expect(await worker.wait(seconds: 20) == 0, "\(worker.log)")
        #expect(try probe.count(state: "pending") == 2)
    }

    @Test func failingTasksEndFailedWithTheirErrorAndCanBeRequeued() async throws {
        let coordinator = CoordinatorHarness(directory: directory)
        try await coordinator.start()
        let sweep = try directory.write(
            "f.yaml", "name: f\nexperiment: noop\nparams: {fail: true}\ngrid: {a: [1, 2]}\n")
        _ = try await coordinator.command(["submit", sweep])
        let worker = try coordinator.worker(["--exit-when-idle"], name: "failing")
        #expect(await worker.wait(seconds: 30) == 0, "\(worker.log)")
        let probe = StoreProbe(path: coordinator.database)
        #expect(try probe.count(state: "failed") == 2)
        #expect(try probe.attempts(outcome: "failed") == 6)
        let jsonl = try await coordinator.command(["export", "f", "--format", "jsonl"])
        #expect(jsonl.contains("\"state\":\"failed\"") && jsonl.contains("noop asked to fail"))
    }
}

import TestSupport
import SweepModel
import Foundation
import Testing
import WireProtocol

/// Faults, seeded and bounded in time: coordinator crashes, worker crashes and stalls, cut connections and a
/// database whose filesystem fills up or turns read-only. Every test checks the same invariants: each task
/// ends with exactly one accepted result, no acknowledged result is lost or replaced, nothing stays running.
@Suite("Chaos", .serialized)
struct ChaosTests {
    let directory = TemporaryDirectory()

    func sweep(_ name: String, tasks: Int, durationMS: Int) throws -> String {
        let path = directory.file("\(name).yaml")
        let text =
            "name: \(name)\nexperiment: noop\nparams: {duration_ms: \(durationMS)}\n"
            + "grid: {a: {linspace: [0, 1], num: \(tasks / 10)}}\nseeds: 10\n"
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    func checkInvariants(_ probe: StoreProbe, tasks: Int) throws {
        #expect(try probe.resultCount == tasks)
        #expect(try probe.tasksWithoutExactlyOneAcceptedAttempt == 0)
        #expect(try probe.resultsNotFromTheirAcceptedAttempt == 0)
        #expect(try probe.count(state: "running") == 0)
    }

    @Test func theCoordinatorKilledThreeTimesDuringA2000TaskSweepWith8Workers() async throws {
        let coordinator = CoordinatorHarness(directory: directory, leaseSeconds: 2)
        try await coordinator.start()
        _ = try await coordinator.command(["submit", try sweep("kills", tasks: 2000, durationMS: 3)])
        let probe = StoreProbe(path: coordinator.database)
        let workers = try (0..<8).map { try coordinator.worker(["--exit-when-idle"], name: "kw\($0)") }
        var generator = SplitMix64(seed: 42)
        var acknowledged: [Int64: Int64] = [:]
        for round in 1...3 {
            // The last kill lands by 1050 of 2000 results, so a loaded machine cannot finish the sweep first.
            let target = 300 * round + Int.random(in: 0..<150, using: &generator)
            try #require(
                await eventually(seconds: 60) { try probe.resultCount >= target },
                "round \(round): \(target) results were never stored")
            coordinator.child?.signal(SIGKILL)
            await coordinator.child?.wait(seconds: 5)
            let committed = try probe.acceptedResults()
            #expect(committed.count < 2000, "round \(round): the sweep finished before the coordinator was killed")
            for (task, attempt) in acknowledged {
                #expect(committed[task] == attempt, "round \(round): task \(task) lost or changed its result")
            }
            acknowledged = committed
            try await Task.sleep(for: .milliseconds(Int.random(in: 100...600, using: &generator)))
            try await coordinator.start()
        }
        for worker in workers {
            #expect(await worker.wait(seconds: 120) == 0, "\(worker.name):\n\(worker.log.suffix(2000))")
        }
        try checkInvariants(probe, tasks: 2000)
        let final = try probe.acceptedResults()
        for (task, attempt) in acknowledged { #expect(final[task] == attempt) }
    }

    @Test func workersKilledRestartedAndStalledPastTheirLease() async throws {
        let coordinator = CoordinatorHarness(directory: directory, leaseSeconds: 1)
        try await coordinator.start()
        _ = try await coordinator.command(["submit", try sweep("churn", tasks: 300, durationMS: 40)])
        let probe = StoreProbe(path: coordinator.database)
        // The stalled worker holds a batch, is stopped past its lease, then continued: its results are late.
        let stalled = try coordinator.worker(
            ["--batch", "4", "--stats-file", directory.file("stalled.json")],
            name: "stalled")
        try #require(
            await eventually(seconds: 20) { try probe.count(state: "running") > 0 },
            "the worker to stall never claimed:\n\(stalled.log.suffix(2000))")
        stalled.signal(SIGSTOP)
        var generator = SplitMix64(seed: 7)
        var workers = try (0..<3).map { try coordinator.worker(["--exit-when-idle"], name: "churn-\($0)") }
        for round in 0..<6 {
            try await Task.sleep(for: .milliseconds(Int.random(in: 300...700, using: &generator)))
            let victim = Int.random(in: 0..<workers.count, using: &generator)
            workers[victim].signal(SIGKILL)
            await workers[victim].wait(seconds: 5)
            workers[victim] = try coordinator.worker(["--exit-when-idle"], name: "churn-r\(round)")
        }
        stalled.signal(SIGCONT)
        for worker in workers {
            #expect(await worker.wait(seconds: 120) == 0, "\(worker.name):\n\(worker.log.suffix(2000))")
        }
        stalled.signal(SIGTERM)
        #expect(await stalled.wait(seconds: 10) == 0, "\(stalled.log.suffix(2000))")
        try checkInvariants(probe, tasks: 300)
        #expect(try probe.attempts(outcome: "lost") >= 1)
    }

    @Test func connectionsCutAtRandomByAProxy() async throws {
        let coordinator = CoordinatorHarness(directory: directory, leaseSeconds: 3)
        try await coordinator.start()
        _ = try await coordinator.command(["submit", try sweep("cuts", tasks: 500, durationMS: 10)])
        let proxy = try TCPChaosProxy(upstreamPort: coordinator.port)
        defer { proxy.stop() }
        proxy.cutAtRandom(every: 0.15, for: 6, seed: 99)
        let workers = try (0..<4).map {
            try Child(
                ["worker", "--coordinator", "127.0.0.1:\(proxy.port)", "--exit-when-idle"], name: "cut-\($0)",
                directory: directory,
                environment: ["INFOSWEEP_TOKEN": LocalTokenFile.read(port: coordinator.port) ?? ""])
        }
        for worker in workers {
            #expect(await worker.wait(seconds: 120) == 0, "\(worker.name):\n\(worker.log.suffix(2000))")
        }
        #expect(proxy.cuts.load(ordering: .relaxed) > 5)
        try checkInvariants(StoreProbe(path: coordinator.database), tasks: 500)
    }

    @Test(
        .enabled(if: HostRequirement.rootAndMount.runs, Comment(rawValue: HostRequirement.rootAndMount.reason)))
    func aFullOrReadOnlyFilesystemAcknowledgesNothingItDidNotStore() async throws {
        try HostRequirement.rootAndMount.check()
        let mountPoint = directory.file("small-fs")
        try FileManager.default.createDirectory(atPath: mountPoint, withIntermediateDirectories: true)
        try run("/bin/mount", ["-t", "tmpfs", "-o", "size=8m", "tmpfs", mountPoint])
        defer { try? run("/bin/umount", ["-l", mountPoint]) }
        let coordinator = CoordinatorHarness(
            directory: directory, leaseSeconds: 30,
            database: mountPoint + "/sweeps.sqlite")
        try await coordinator.start()
        _ = try await coordinator.command(["submit", try sweep("disk", tasks: 200, durationMS: 20)])
        let probe = StoreProbe(path: coordinator.database)
        let worker = try coordinator.worker(["--exit-when-idle"], name: "disk-worker")
        try #require(
            await eventually(seconds: 30) { try probe.resultCount >= 20 },
            "no 20 results stored before the disk filled:\n\(worker.log.suffix(2000))")

        // Fill the filesystem: commits now fail, and the worker must keep its results until they are stored.
        let filler = mountPoint + "/filler"
        try? run("/bin/dd", ["if=/dev/zero", "of=\(filler)", "bs=64k"])
        try #require(
            await eventually(seconds: 30) { coordinator.child?.log.contains("store cannot take writes") == true },
            "the coordinator never reported the full store:\n\(coordinator.child?.log.suffix(2000) ?? "")")
        // Watch while the worker keeps finishing and offering results: none may be stored, none acknowledged.
        let whileFull = try probe.resultCount
        for _ in 0..<8 {
            try await Task.sleep(for: .milliseconds(500))
            #expect(try probe.resultCount == whileFull, "results were stored while the disk was full")
        }
        #expect(whileFull < 200 && worker.process.isRunning, "the sweep ended before the disk was watched")
        #expect(coordinator.child?.process.isRunning == true)
        try FileManager.default.removeItem(atPath: filler)

        // The filesystem turns read-only under a stopped coordinator: the restarted one refuses to serve
        // with a clear error instead of acknowledging what it cannot store; writable again, all resumes.
        try #require(
            await eventually(seconds: 30) { try probe.resultCount > whileFull },
            "nothing was stored once the disk had room again:\n\(worker.log.suffix(2000))")
        coordinator.child?.signal(SIGKILL)
        await coordinator.child?.wait(seconds: 5)
        try run("/bin/mount", ["-o", "remount,ro", mountPoint])
        let whileReadOnly = try StoreProbe(path: coordinator.database, readOnly: true).resultCount
        await #expect(throws: HarnessError.self) { try await coordinator.start() }
        #expect(coordinator.child?.log.lowercased().contains("read") == true, "\(coordinator.child?.log ?? "")")
        #expect(try StoreProbe(path: coordinator.database, readOnly: true).resultCount == whileReadOnly)
        try run("/bin/mount", ["-o", "remount,rw", mountPoint])
        try await coordinator.start()

        #expect(await worker.wait(seconds: 120) == 0, "\(worker.log.suffix(3000))")
        try checkInvariants(probe, tasks: 200)
    }

    private func run(_ executable: String, _ arguments: [String]) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw HarnessError("\(executable) \(arguments.joined(separator: " ")) failed")
        }
    }
}

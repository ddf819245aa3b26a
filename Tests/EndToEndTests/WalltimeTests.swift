import TestSupport
import Foundation
import Testing
import Worker

/// A worker given a deadline (a batch job's walltime) claims no task it expects to overrun it.
@Suite("Walltime", .serialized)
struct WalltimeTests {
    let directory = TemporaryDirectory()

    @Test func aWorkerNearItsDeadlineStopsClaimingGivesLeasesBackAndExitsWithTasksPending() async throws {
        let coordinator = CoordinatorHarness(directory: directory)
        try await coordinator.start()
        let sweep = directory.file("w.yaml")
        try "name: w\nexperiment: noop\nparams: {duration_ms: 1500}\ngrid: {a: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]}\n"
            .write(toFile: sweep, atomically: true, encoding: .utf8)
        _ = try await coordinator.command(["submit", sweep])
        let probe = StoreProbe(path: coordinator.database)

        // 8 tasks claimed at once, 1.5 s each, but only 8 s before the deadline less its margin: room for 5
        // at most, and for at least one even if the worker takes 6 s to start on a busy machine. The margin
        // of 3 s leaves the worker that long to give its leases back and exit on a loaded machine.
        let deadline = Date().addingTimeInterval(11)
        let stats = directory.file("stats.json")
        let worker = try coordinator.worker(
            [
                "--batch", "8", "--walltime-end", "\(deadline.timeIntervalSince1970)", "--walltime-margin", "3",
                "--stats-file", stats,
            ],
            name: "walltime")
        let status = await worker.wait(seconds: 30)
        let exited = Date()
        #expect(status == 0, "\(worker.log)")
        #expect(exited < deadline, "the worker exited \(exited.timeIntervalSince(deadline)) s after its deadline")
        #expect(worker.log.contains("stopping before the deadline"), "\(worker.log)")

        let done = try probe.count(state: "done")
        #expect((1...5).contains(done), "\(done) tasks done; 1.5 s tasks cannot fit more than 5 into 8 s")
        #expect(try probe.count(state: "pending") == 10 - done)
        #expect(try probe.count(state: "running") == 0)
        #expect(try probe.attempts(outcome: "released") == 8 - done)

        let summary = try JSONDecoder().decode(WorkerSummary.self, from: Data(contentsOf: URL(fileURLWithPath: stats)))
        #expect(summary.stoppedAtDeadline)
        #expect(summary.accepted == done)
        #expect(summary.released == 8 - done)
    }

    @Test func aWorkerWhoseDeadlineHasPassedClaimsNothing() async throws {
        let coordinator = CoordinatorHarness(directory: directory)
        try await coordinator.start()
        let sweep = directory.file("p.yaml")
        try "name: p\nexperiment: noop\ngrid: {a: [1, 2, 3]}\n".write(toFile: sweep, atomically: true, encoding: .utf8)
        _ = try await coordinator.command(["submit", sweep])
        let past = Date().addingTimeInterval(-1).timeIntervalSince1970
        let worker = try coordinator.worker(["--walltime-end", "\(past)", "--exit-when-idle"], name: "late")
        #expect(await worker.wait(seconds: 20) == 0, "\(worker.log)")
        let probe = StoreProbe(path: coordinator.database)
        #expect(try probe.count(state: "pending") == 3)
        #expect(try probe.attempts(outcome: "released") == 0)
    }

    /// Inside a Slurm job (SLURM_JOB_ID set) the worker takes its deadline from squeue, here a stand-in that
    /// says the job has 2 s left; `--no-deadline-from-slurm` ignores it and works on.
    @Test func noDeadlineFromSlurmIgnoresTheJobsTimeLeft() async throws {
        let coordinator = CoordinatorHarness(directory: directory)
        try await coordinator.start()
        let sweep = directory.file("s.yaml")
        try "name: s\nexperiment: noop\nparams: {duration_ms: 200}\ngrid: {a: [1, 2, 3]}\n"
            .write(toFile: sweep, atomically: true, encoding: .utf8)
        _ = try await coordinator.command(["submit", sweep])
        let bin = directory.file("bin")
        try FileManager.default.createDirectory(atPath: bin, withIntermediateDirectories: true)
        let squeue = bin + "/squeue"
        try "#!/bin/sh\necho called >> \(directory.file("squeue-calls"))\necho 0:02\n"
            .write(toFile: squeue, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: squeue)
        let slurm = [
            "SLURM_JOB_ID": "4242", "PATH": bin + ":" + (ProcessInfo.processInfo.environment["PATH"] ?? ""),
        ]
        let probe = StoreProbe(path: coordinator.database)

        let underSlurm = try coordinator.worker(
            ["--exit-when-idle", "--walltime-margin", "5"], name: "under-slurm", environment: slurm)
        #expect(await underSlurm.wait(seconds: 30) == 0, "\(underSlurm.log)")
        #expect(underSlurm.log.contains("Slurm job 4242"), "\(underSlurm.log)")
        #expect(try probe.count(state: "pending") == 3, "a worker past its Slurm deadline claimed tasks")
        let calls = try String(contentsOfFile: directory.file("squeue-calls"), encoding: .utf8)

        let ignoring = try coordinator.worker(
            ["--exit-when-idle", "--walltime-margin", "5", "--no-deadline-from-slurm"], name: "ignoring",
            environment: slurm)
        #expect(await ignoring.wait(seconds: 30) == 0, "\(ignoring.log)")
        #expect(try probe.count(state: "done") == 3, "\(ignoring.log)")
        #expect(!ignoring.log.contains("deadline set"), "\(ignoring.log)")
        #expect(try String(contentsOfFile: directory.file("squeue-calls"), encoding: .utf8) == calls)
    }

    @Test func slurmTimeLeftIsReadInAllOfSqueuesFormats() throws {
        #expect(try SlurmWalltime.parseTimeLeft("4:07") == 247)
        #expect(try SlurmWalltime.parseTimeLeft("1:00:05") == 3605)
        let twoDaysAndABit: Double = 2 * 86_400 + 3 * 3600 + 4 * 60 + 5
        #expect(try SlurmWalltime.parseTimeLeft("2-03:04:05") == twoDaysAndABit)
        #expect(try SlurmWalltime.parseTimeLeft("UNLIMITED") == nil)
        #expect(try SlurmWalltime.parseTimeLeft("NOT_SET") == nil)
        #expect(throws: SlurmWalltimeError.self) { try SlurmWalltime.parseTimeLeft("INVALID") }
        #expect(throws: SlurmWalltimeError.self) { try SlurmWalltime.parseTimeLeft("12") }
        #expect(throws: SlurmWalltimeError.self) { try SlurmWalltime.parseTimeLeft("1:-2:03") }
    }
}

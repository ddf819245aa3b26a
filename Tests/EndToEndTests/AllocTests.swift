import Foundation
import Testing
import TestSupport
import WireProtocol

/// `infosweep alloc slurm` as a process against a real coordinator: its dry run, its errors, and its pilots in
/// `workers`, with stand-ins for sbatch, squeue and scancel (the Slurm test in Tests/Slurm runs the real ones).
@Suite("Alloc slurm", .serialized)
struct AllocTests {
    let directory = TemporaryDirectory()
    let token = "alloc-test-token"

    /// A coordinator serving a sweep of `tasks` short no-op tasks.
    func coordinator(tasks: Int = 10) async throws -> CoordinatorHarness {
        let coordinator = CoordinatorHarness(directory: directory, token: token)
        try await coordinator.start()
        let values = (1...tasks).map(String.init).joined(separator: ", ")
        try await coordinator.submit(
            "name: alloc\nexperiment: noop\nparams: {duration_ms: 10}\ngrid: {a: [\(values)]}\n")
        return coordinator
    }

    /// Runs `alloc slurm` to its end with only `bin` on PATH; its exit status and output.
    func alloc(
        _ arguments: [String], coordinator: String, bin: String, name: String = "alloc"
    ) async throws -> (status: Int32?, output: String) {
        let child = try Child(
            ["alloc", "slurm", "--coordinator", coordinator, "--sbatch-script", try script()] + arguments,
            name: name, directory: directory,
            environment: ["INFOSWEEP_TOKEN": token, "PATH": bin, "FAKE_SLURM_STATE": directory.file("queue")])
        let status = await child.wait(seconds: 60)
        return (status, child.log)
    }

    func script() throws -> String {
        try directory.write("pilot.sbatch", "#!/bin/bash\nexit 0\n")
    }

    /// A folder with stand-ins for Slurm's commands, keeping the queue in `FAKE_SLURM_STATE` (one
    /// `ID|STATE|SUBMITTED` line a job); `sbatch` as given, or one that submits.
    func fakeSlurm(sbatch: String? = nil, commands: Set<String> = ["sbatch", "squeue", "scancel"]) throws -> String {
        let bin = directory.file("bin-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(atPath: bin, withIntermediateDirectories: true)
        let scripts = [
            "sbatch": sbatch ?? Self.sbatch, "squeue": "#!/bin/bash\ncat \"$FAKE_SLURM_STATE\" 2>/dev/null || true\n",
            "scancel": Self.scancel,
        ]
        for (name, text) in scripts where commands.contains(name) {
            let path = bin + "/" + name
            // The stand-ins find the usual tools; alloc itself sees only this folder on its PATH.
            let body = text.replacingOccurrences(of: "#!/bin/bash\n", with: "#!/bin/bash\nPATH=/usr/bin:/bin\n")
            try body.write(toFile: path, atomically: true, encoding: .utf8)
            try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: path)
        }
        return bin
    }

    static let sbatch = """
        #!/bin/bash
        echo "$*" >> "$FAKE_SLURM_STATE.sbatch"
        id=$((4000 + $(cat "$FAKE_SLURM_STATE" 2>/dev/null | wc -l)))
        echo "$id|PENDING|$(date +%Y-%m-%dT%H:%M:%S)" >> "$FAKE_SLURM_STATE"
        echo "$id"
        """

    static let scancel = """
        #!/bin/bash
        echo "$*" >> "$FAKE_SLURM_STATE.scancel"
        for id in "$@"; do
            grep -v "^$id|" "$FAKE_SLURM_STATE" > "$FAKE_SLURM_STATE.new" || true
            mv "$FAKE_SLURM_STATE.new" "$FAKE_SLURM_STATE"
        done
        """

    func pilots(_ coordinator: CoordinatorHarness) async throws -> [PilotStatus] {
        let listing = try await coordinator.command(["workers", "--json"])
        return try JSONDecoder().decode(WorkersReply.self, from: Data(listing.utf8)).pilots
    }

    @Test func aDryRunPrintsTheSbatchLinesAndNeedsNoSlurm() async throws {
        let coordinator = try await coordinator()
        let (status, output) = try await alloc(
            ["--dry-run", "--once", "--max-jobs", "3", "--cpus-per-task", "2", "--idle-exit", "30", "alloc"],
            coordinator: coordinator.address, bin: try fakeSlurm(commands: []))
        #expect(status == 0, "\(output)")
        let lines = output.split(separator: "\n").filter { $0.hasPrefix("sbatch ") }
        #expect(lines.count == 3, "\(output)")
        for line in lines {
            #expect(line.contains("--cpus-per-task=2"))
            #expect(line.contains("INFOSWEEP_IDLE_EXIT=30"))
            #expect(line.contains("INFOSWEEP_COORDINATOR=\(coordinator.address)"))
            #expect(line.hasSuffix(directory.file("pilot.sbatch")))
        }
        #expect(try await pilots(coordinator).isEmpty)
    }

    @Test func pilotsShowInWorkersWithTheTasksTheirWorkersDid() async throws {
        let coordinator = try await coordinator()
        let bin = try fakeSlurm()
        let once = try await alloc(["--once", "--max-jobs", "2"], coordinator: coordinator.address, bin: bin)
        #expect(once.status == 0, "\(once.output)")
        let submitted = try await pilots(coordinator)
        #expect(submitted.map(\.job.jobID) == ["4000", "4001"])
        #expect(submitted.map(\.job.state) == ["PENDING", "PENDING"])
        let table = try await coordinator.command(["workers"])
        #expect(table.contains("pilot job"), "\(table)")
        #expect(table.contains("4001"))

        let worker = try coordinator.worker(
            ["--exit-when-idle", "--no-deadline-from-slurm"], name: "pilot-worker",
            environment: ["SLURM_JOB_ID": "4000"])
        #expect(await worker.wait(seconds: 60) == 0, "\(worker.log)")
        let finished = try await alloc(
            ["--interval", "0.2", "--max-jobs", "2"], coordinator: coordinator.address, bin: bin, name: "alloc-2")
        #expect(finished.status == 0, "\(finished.output)")
        let cancelled = try String(contentsOfFile: directory.file("queue.scancel"), encoding: .utf8)
        #expect(
            cancelled.split(separator: " ").map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.sorted()
                == ["4000", "4001"])
        #expect((try? String(contentsOfFile: directory.file("queue"), encoding: .utf8)) == "")
        let after = try await pilots(coordinator)
        #expect(after.map(\.job.state) == ["CANCELLED", "CANCELLED"])
        #expect(after.first { $0.job.jobID == "4000" }?.tasksDone == 10)
    }

    @Test func sigtermStopsItAndLeavesItsPilotsForTheNextAlloc() async throws {
        let coordinator = try await coordinator()
        let bin = try fakeSlurm()
        let child = try Child(
            [
                "alloc", "slurm", "--coordinator", coordinator.address, "--sbatch-script", try script(), "--max-jobs",
                "2", "--interval", "0.2",
            ],
            name: "alloc-stopped", directory: directory,
            environment: ["INFOSWEEP_TOKEN": token, "PATH": bin, "FAKE_SLURM_STATE": directory.file("queue")])
        #expect(try await eventually(seconds: 30) { child.log.contains("submitted 2 pilot jobs") }, "\(child.log)")
        child.signal(SIGTERM)
        #expect(await child.wait(seconds: 10) == 0, "\(child.log)")
        #expect(!FileManager.default.fileExists(atPath: directory.file("queue.scancel")))
        let again = try await alloc(["--once", "--max-jobs", "2"], coordinator: coordinator.address, bin: bin)
        #expect(again.output.contains("queued_pilots=2"), "\(again.output)")
        #expect(again.output.contains("submitted=[]"), "\(again.output)")
        #expect(try await pilots(coordinator).map(\.job.jobID) == ["4000", "4001"])
    }

    @Test func failuresNameWhatFailed() async throws {
        let coordinator = try await coordinator()
        let noSbatch = try await alloc(
            ["--once"], coordinator: coordinator.address, bin: try fakeSlurm(commands: ["squeue"]))
        #expect(noSbatch.status == 1)
        #expect(noSbatch.output.contains("sbatch is not on PATH"), "\(noSbatch.output)")

        let refusing = try fakeSlurm(
            sbatch: "#!/bin/bash\necho 'sbatch: error: invalid partition specified: nope' >&2\nexit 1\n")
        let refused = try await alloc(
            ["--once", "--partition", "nope"], coordinator: coordinator.address, bin: refusing)
        #expect(refused.status == 1)
        #expect(
            refused.output.contains("sbatch failed (exit 1): sbatch: error: invalid partition specified: nope"),
            "\(refused.output)")

        let unreachable = try await alloc(
            ["--once", "--dry-run"], coordinator: "127.0.0.1:1", bin: try fakeSlurm(commands: []))
        #expect(unreachable.status == 1)
        #expect(unreachable.output.contains("cannot reach the coordinator at 127.0.0.1:1"), "\(unreachable.output)")

        let unknown = try await alloc(
            ["--once", "--dry-run", "nope"], coordinator: coordinator.address, bin: try fakeSlurm(commands: []))
        #expect(unknown.status == 1)
        #expect(unknown.output.contains("refused: no sweep named 'nope'"), "\(unknown.output)")
    }
}

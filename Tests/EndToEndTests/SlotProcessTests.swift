import Foundation
import TestSupport
import Testing

/// One `infosweep worker` filling its slots, cores and GPUs with command tasks, for real: each task appends
/// its start and end (with the GPU ids and thread count it was given) to a shared file.
@Suite("Slots, cores and GPUs", .serialized)
struct SlotProcessTests {
    let directory = TemporaryDirectory()

    /// One run of a task as the file records it.
    struct Run {
        var start: Double
        var end: Double
        var gpus: String
        var threads: String
    }

    /// A command sweep of `count` tasks that each sleep `seconds`, recording themselves in `timeline`.
    func sweep(_ name: String, count: Int, seconds: Double, requires: String = "", timeline: String) -> String {
        let record = "echo \"$INFOSWEEP_PARAM_A $1 $(date +%s.%N) gpus=$CUDA_VISIBLE_DEVICES omp=$OMP_NUM_THREADS\""
        let script =
            "stamp() {{ \(record) >> \(timeline); }}; stamp start; sleep \(seconds); stamp end; "
            + "echo \"INFOSWEEP_METRICS {{\\\"y\\\": 1}}\""
        let values = (1...count).map(String.init).joined(separator: ", ")
        return "name: \(name)\ncommand:\n  argv: [sh, -c, '\(script)', task]\ngrid: {a: [\(values)]}\n\(requires)"
    }

    /// Each task's run, by its parameter, from the timeline file.
    func runs(in timeline: String) throws -> [String: Run] {
        var runs: [String: Run] = [:]
        for line in try String(contentsOfFile: timeline, encoding: .utf8).split(separator: "\n") {
            let fields = line.split(separator: " ").map(String.init)
            guard fields.count == 5, let time = Double(fields[2]) else { continue }
            var run = runs[fields[0]] ?? Run(start: 0, end: 0, gpus: "", threads: "")
            if fields[1] == "start" {
                run.start = time
                run.gpus = String(fields[3].dropFirst("gpus=".count))
                run.threads = String(fields[4].dropFirst("omp=".count))
            } else {
                run.end = time
            }
            runs[fields[0]] = run
        }
        return runs
    }

    /// The most runs going at once.
    func peakOverlap(_ runs: [Run]) -> Int {
        let events = runs.flatMap { [($0.start, 1), ($0.end, -1)] }.sorted { ($0.0, $0.1) < ($1.0, $1.1) }
        var current = 0
        var peak = 0
        for (_, change) in events {
            current += change
            peak = max(peak, current)
        }
        return peak
    }

    /// Processes still running this suite's `sleep 61.5`.
    func sleepersLeft() -> Int {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.filter { entry in
            guard Int(entry) != nil, let data = FileManager.default.contents(atPath: "/proc/\(entry)/cmdline") else {
                return false
            }
            return data == Data("sleep\u{0}61.5\u{0}".utf8)
        }.count
    }

    func start(leaseSeconds: Double = 30) async throws -> CoordinatorHarness {
        let coordinator = CoordinatorHarness(directory: directory, leaseSeconds: leaseSeconds)
        try await coordinator.start()
        return coordinator
    }

    /// Submits a sweep of `count` tasks of `seconds` each, runs one worker with `options` until it is idle, and
    /// returns the tasks' runs and the worker's log.
    func runSweep(
        _ name: String, count: Int, seconds: Double, requires: String = "", options: [String]
    ) async throws -> (runs: [String: Run], log: String) {
        let coordinator = try await start()
        let timeline = directory.file("\(name)-timeline.txt")
        try await coordinator.submit(
            sweep(name, count: count, seconds: seconds, requires: requires, timeline: timeline))
        let worker = try coordinator.worker(
            ["--allow-commands", "--exit-when-idle", "--work-dir", directory.file("work")] + options, name: name)
        #expect(await worker.wait(seconds: 120) == 0, "\(worker.log)")
        let runs = try runs(in: timeline)
        #expect(runs.count == count, "\((try? String(contentsOfFile: timeline, encoding: .utf8)) ?? "")")
        return (runs, worker.log)
    }

    @Test func eightSlotsRunThirtyTwoHalfSecondTasksEightAtATime() async throws {
        let (runs, log) = try await runSweep(
            "slots", count: 32, seconds: 0.5, options: ["--slots", "8", "--cores", "8"])
        #expect(peakOverlap(Array(runs.values)) == 8)
        let span = (runs.values.map(\.end).max() ?? 0) - (runs.values.map(\.start).min() ?? 0)
        #expect(span < 8, "32 tasks of 0.5 s in 8 slots took \(span) s")
        #expect(runs.values.allSatisfy { $0.threads == "1" })
        let oversubscribed = ProcessInfo.processInfo.activeProcessorCount < 8
        #expect(log.contains("--cores is more than this process may use") == oversubscribed)
    }

    @Test func tasksOfTwoCoresRunTwoAtATimeOnFourCoresWithTwoThreadsEach() async throws {
        let (runs, _) = try await runSweep(
            "cores", count: 6, seconds: 0.4, requires: "requires: {cores: 2}\n", options: ["--cores", "4"])
        #expect(peakOverlap(Array(runs.values)) == 2)
        #expect(runs.values.allSatisfy { $0.threads == "2" })
    }

    @Test func tasksOfOneGPUNeverShareAnID() async throws {
        let (runs, _) = try await runSweep(
            "gpus", count: 12, seconds: 0.3, requires: "requires: {gpus: 1}\n",
            options: ["--gpus", "0,1,2,3", "--slots", "8", "--cores", "8"])
        #expect(Set(runs.values.map(\.gpus)) == ["0", "1", "2", "3"])
        for id in ["0", "1", "2", "3"] {
            let holding = runs.values.filter { $0.gpus == id }
            #expect(peakOverlap(holding) == 1, "GPU \(id) was held by two tasks at once")
        }
        #expect(peakOverlap(Array(runs.values)) == 4)
    }

    @Test func aTaskNoWorkerCanHoldWaitsWithTheReasonAndOneOverItsMemoryEndsMemory() async throws {
        let coordinator = try await start()
        try await coordinator.submit("name: wants-gpu\nexperiment: noop\ngrid: {a: [1, 2]}\nrequires: {gpus: 2}\n")
        let allocate = "python3 -c \"b = bytearray(400 << 20); import time; time.sleep(30)\""
        try await coordinator.submit(
            "name: hungry\ncommand:\n  argv: [sh, -c, '\(allocate)']\nrequires: {memory_gb: 0.1}\n")
        let worker = try coordinator.worker(
            ["--allow-commands", "--gpus", "none", "--work-dir", directory.file("work")], name: "no-gpu")
        let probe = StoreProbe(path: coordinator.database)
        try #require(try await eventually(seconds: 60) { try probe.count(state: "failed") == 1 }, "\(worker.log)")
        let status = try await coordinator.command(["status"])
        #expect(status.contains("waiting: wants-gpu (2 pending): needs gpus: 2; no connected worker has a GPU"))
        let logs = try await coordinator.command(["logs", "hungry"])
        #expect(logs.contains("memory: resident memory "), "\(logs)")
        #expect(logs.contains("went over the task's memory_gb of 103 MiB; killed"), "\(logs)")
        let workers = try await coordinator.command(["workers"])
        #expect(workers.contains("0/0"), "\(workers)")
        worker.signal(SIGTERM)
        #expect(await worker.wait(seconds: 30) == 0, "\(worker.log)")
    }

    @Test func sigtermStopsEightRunningTasksAndGivesEveryLeaseBackWithinTheGrace() async throws {
        let coordinator = try await start(leaseSeconds: 6)
        let timeline = directory.file("stop-timeline.txt")
        try await coordinator.submit(sweep("stop", count: 8, seconds: 61.5, timeline: timeline))
        let worker = try coordinator.worker(
            [
                "--allow-commands", "--slots", "8", "--cores", "8", "--stop-grace", "1", "--kill-grace", "1",
                "--work-dir", directory.file("work"),
            ], name: "stop")
        try #require(
            try await eventually(seconds: 60) { (try? runs(in: timeline).count) == 8 }, "\(worker.log)")
        // Each heartbeat (every 2 s with 6 s leases) says what the worker has free.
        var workers = ""
        #expect(
            try await eventually(seconds: 10) {
                workers = try await coordinator.command(["workers"])
                return workers.contains("8/8    8/8")
            }, "\(workers)")
        let stoppedAt = Date()
        worker.signal(SIGTERM)
        #expect(await worker.wait(seconds: 20) == 0, "\(worker.log)")
        #expect(Date().timeIntervalSince(stoppedAt) < 8)
        let probe = StoreProbe(path: coordinator.database)
        #expect(try probe.count(state: "pending") == 8)
        #expect(try probe.attempts(outcome: "released") == 8)
        #expect(try runs(in: timeline).values.allSatisfy { $0.end == 0 })
        #expect(try await eventually(seconds: 5) { sleepersLeft() == 0 }, "a task's process outlived its worker")
    }
}

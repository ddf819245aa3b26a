import TestSupport
import Foundation
#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif
import SweepModel
import Testing
import WireProtocol

/// Operators' commands and views against a real coordinator with real workers.
@Suite("Operations", .serialized)
struct OperationsTests {
    let directory = TemporaryDirectory()

    @Test func versionIsTheOneRecordedWithResults() async throws {
        let version = try Child(["--version"], name: "version", directory: directory)
        #expect(await version.wait(seconds: 30) == 0)
        #expect(version.log == InfosweepVersion.current + "\n")
    }

    @Test func cancelStopsRunningWorkAndWorkersAndMetricsShowWhatHappened() async throws {
        let coordinator = CoordinatorHarness(directory: directory, leaseSeconds: 3)
        let metricsPortFile = directory.file("metrics-port")
        try await coordinator.start(extra: ["--metrics-listen", "127.0.0.1:0", "--metrics-port-file", metricsPortFile])
        let path = directory.file("ops.yaml")
        try "name: ops\nexperiment: noop\nparams: {duration_ms: 30000}\ngrid: {a: [1, 2, 3]}\n"
            .write(toFile: path, atomically: true, encoding: .utf8)
        _ = try await coordinator.command(["submit", path])
        let worker = try coordinator.worker(["--batch", "1"], name: "ops-worker")
        let probe = StoreProbe(path: coordinator.database)
        #expect(try await eventually(seconds: 20) { try probe.count(state: "running") == 1 })

        let listing = try await coordinator.command(["workers", "--json"])
        let reply = try JSONDecoder().decode(WorkersReply.self, from: Data(listing.utf8))
        #expect(reply.workers.count == 1)
        #expect(reply.workers.first?.leases.count == 1)

        let paused = try await coordinator.command(["pause", "ops"])
        #expect(paused.contains("pause changed 2 tasks"))
        let cancelled = try await coordinator.command(["cancel", "ops"])
        #expect(cancelled.contains("cancel changed 3 tasks"))
        // The worker hears at its next heartbeat (every lease/3 = 1 s) that its lease is gone and drops the run.
        #expect(try await eventually(seconds: 10) { worker.log.contains("leases lost") })
        let status = try await coordinator.command(["status", "ops", "--json"])
        #expect(status.contains("\"cancelled\":3,\"state\":\"cancelled\""), "\(status)")

        let metricsPort = try String(contentsOfFile: metricsPortFile, encoding: .utf8)
            .trimmingCharacters(in: .whitespacesAndNewlines)
        let (data, _) = try await URLSession.shared.data(from: URL(string: "http://127.0.0.1:\(metricsPort)/metrics")!)
        let metrics = String(decoding: data, as: UTF8.self)
        #expect(metrics.contains("infosweep_tasks{state=\"cancelled\"} 3"), "\(metrics)")
        #expect(metrics.contains("infosweep_leases_granted_total 1"))
        #expect(metrics.contains("infosweep_workers_connected 1"))
        worker.signal(SIGTERM)
        #expect(await worker.wait(seconds: 8) == 0)
    }

    @Test func sigtermStopsTheCoordinatorPromptlyWhileWorkersLongPoll() async throws {
        let coordinator = CoordinatorHarness(directory: directory)
        try await coordinator.start()
        let waiting = try (0..<2).map { try coordinator.worker([], name: "idle-\($0)") }
        try #require(
            try await eventually(seconds: 30) {
                let listing = try await coordinator.command(["workers", "--json"])
                return try JSONDecoder().decode(WorkersReply.self, from: Data(listing.utf8)).workers.count == 2
            })
        let signalled = Date()
        coordinator.child?.signal(SIGTERM)
        #expect(await coordinator.child?.wait(seconds: 20) == 0, "\(coordinator.child?.log ?? "")")
        // Workers long-poll for 20 s: a coordinator that waited for their claims would take that long.
        #expect(Date().timeIntervalSince(signalled) < 10)
        // It closed its database: what it wrote is in the file, not left in a write-ahead log beside it.
        #expect(!FileManager.default.fileExists(atPath: coordinator.database + "-wal"))
        for worker in waiting {
            worker.signal(SIGTERM)
            #expect(await worker.wait(seconds: 8) == 0, "\(worker.log)")
        }
    }

    /// Every series the README lists, each driven to a value the store or the test knows.
    @Test func everyPrometheusSeriesTheReadmeListsCountsWhatHappened() async throws {
        let coordinator = CoordinatorHarness(directory: directory, leaseSeconds: 1)
        let metricsPortFile = directory.file("series-metrics-port")
        try await coordinator.start(extra: ["--metrics-listen", "127.0.0.1:0", "--metrics-port-file", metricsPortFile])
        func submit(_ name: String, _ text: String) async throws {
            let path = directory.file("\(name).yaml")
            try text.write(toFile: path, atomically: true, encoding: .utf8)
            _ = try await coordinator.command(["submit", path])
        }
        try await submit("fine", "name: fine\nexperiment: noop\nparams: {duration_ms: 5}\ngrid: {a: [1, 2, 3, 4]}\n")
        try await submit("broken", "name: broken\nexperiment: noop\nparams: {fail: true}\ngrid: {a: [1]}\n")
        let finisher = try coordinator.worker(["--exit-when-idle"], name: "series-finisher")
        #expect(await finisher.wait(seconds: 60) == 0, "\(finisher.log)")

        // A refused peer: a client with the wrong token.
        await #expect(throws: (any Error).self) { _ = try await coordinator.client(token: "not the token") }
        // A lease that expires (its worker killed) and one given back (its worker stopped).
        try await submit("long", "name: long\nexperiment: noop\nparams: {duration_ms: 60000}\ngrid: {a: [1, 2]}\n")
        let probe = StoreProbe(path: coordinator.database)
        let killed = try coordinator.worker(["--batch", "1"], name: "series-killed")
        try #require(await eventually(seconds: 20) { try probe.count(state: "running") == 1 })
        killed.signal(SIGKILL)
        await killed.wait(seconds: 5)
        let port = try String(contentsOfFile: metricsPortFile, encoding: .utf8)
            .trimmingCharacters(in: .whitespacesAndNewlines)
        func scrape() async throws -> [String: Double] {
            let url = URL(string: "http://127.0.0.1:\(port)/metrics")!
            let text = String(decoding: try await URLSession.shared.data(from: url).0, as: UTF8.self)
            var samples: [String: Double] = [:]
            for line in text.split(separator: "\n") where !line.hasPrefix("#") {
                let parts = line.split(separator: " ")
                if parts.count == 2, let value = Double(parts[1]) { samples[String(parts[0])] = value }
            }
            return samples
        }
        try #require(await eventually(seconds: 20) { try await scrape()["infosweep_lease_expiries_total"] ?? 0 >= 1 })
        let stopped = try coordinator.worker(["--batch", "1"], name: "series-stopped")
        try #require(await eventually(seconds: 20) { try probe.count(state: "running") == 1 })
        stopped.signal(SIGTERM)
        #expect(await stopped.wait(seconds: 10) == 0, "\(stopped.log)")
        _ = try await coordinator.command(["pause", "long"])
        let observer = try coordinator.worker([], name: "series-observer")
        try #require(await eventually(seconds: 20) { try await scrape()["infosweep_workers_connected"] == 1 })

        let samples = try await scrape()
        func expect(_ series: String, _ expected: Double, sourceLocation: Testing.SourceLocation = #_sourceLocation) {
            let found = samples[series]
            let shown = found.map { "\($0)" } ?? "missing"
            #expect(found == expected, "\(series): \(shown)", sourceLocation: sourceLocation)
        }
        let failedAttempts = Double(try probe.attempts(outcome: "failed"))
        #expect(failedAttempts >= 1)
        expect("infosweep_tasks{state=\"done\"}", 4)
        expect("infosweep_tasks{state=\"failed\"}", 1)
        expect("infosweep_tasks{state=\"pending\"}", Double(try probe.count(state: "pending")))
        expect("infosweep_tasks{state=\"running\"}", Double(try probe.count(state: "running")))
        expect("infosweep_workers_connected", 1)
        expect("infosweep_completions_total{outcome=\"accepted\"}", 4)
        expect("infosweep_completions_total{outcome=\"rejected\"}", 0)
        expect("infosweep_failures_total", failedAttempts)
        expect("infosweep_releases_total", Double(try probe.attempts(outcome: "released")))
        expect("infosweep_lease_expiries_total", Double(try probe.attempts(outcome: "lost")))
        expect("infosweep_leases_granted_total", 4 + failedAttempts + 2 + Double(try probe.count(state: "running")))
        expect("infosweep_task_run_seconds_count{experiment=\"noop\"}", 4)
        #expect((samples["infosweep_task_run_seconds_sum{experiment=\"noop\"}"] ?? 0) >= 4 * 0.005)
        #expect((samples["infosweep_claim_requests_total"] ?? 0) >= 4)
        #expect((samples["infosweep_refused_peers_total"] ?? 0) >= 1)
        observer.signal(SIGTERM)
        #expect(await observer.wait(seconds: 10) == 0, "\(observer.log)")
    }
}

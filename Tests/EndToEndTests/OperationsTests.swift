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
        try await Task.sleep(for: .seconds(1))
        let signalled = Date()
        coordinator.child?.signal(SIGTERM)
        #expect(await coordinator.child?.wait(seconds: 10) == 0, "\(coordinator.child?.log ?? "")")
        #expect(Date().timeIntervalSince(signalled) < 3)
        for worker in waiting {
            worker.signal(SIGTERM)
            #expect(await worker.wait(seconds: 8) == 0, "\(worker.log)")
        }
    }
}

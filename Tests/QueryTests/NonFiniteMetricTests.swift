import Foundation
import PhaseDiagram
@testable import Query
import TestSupport
import Testing
@testable import SweepModel
@testable import TaskStore

/// Non-finite metrics stored in a real SQLite file come back as non-finite results: the phase diagram
/// counts them in their own column, and its done count is the one `status` gives.
@Suite("Non-finite metrics in a store")
struct NonFiniteMetricTests {
    let directory = TemporaryDirectory()
    let worker = WorkerIdentity(id: "w1", host: "node1")
    let provenance = Provenance(
        host: "node1", cpuModel: "cpu", threads: 1, version: "test", startedAt: 1, endedAt: 2, wallSeconds: 1,
        peakRSSBytes: 1000)

    @Test func nonFiniteResultsAreCountedAsDoneAndNonFinite() async throws {
        let path = directory.file("nonfinite.sqlite")
        let store = try TaskStore(path: path)
        let spec = try SweepSpecParser(file: "s.yaml").parse("name: s\nexperiment: noop\ngrid: {a: [1, 2]}\nseeds: 4\n")
        _ = try store.transaction { try $0.submit(spec, source: "") }
        let claimed = try store.transaction { try $0.claim(limit: 7, worker: worker, leaseSeconds: 60, now: 10) }
        let values: [Double] = [0.5, .nan, .infinity, -.infinity, 1.5, 2.5, .nan]
        try #require(claimed.count == values.count)
        try store.transaction { transaction in
            for (task, value) in zip(claimed, values) {
                _ = try transaction.complete(
                    task.lease, metrics: Metrics(["gap": value]), provenance: provenance,
                    now: 11)
            }
        }
        let stored = try store.tasks(ofSweep: "s").compactMap { $0.metrics?["gap"] }
        #expect(stored.filter(\.isNaN).count == 2 && stored.contains(.infinity) && stored.contains(-.infinity))

        // A text written before non-finite values were kept by name says null: it is NaN too.
        let connection = try SQLiteConnection(path: path)
        try connection.statement("UPDATE results SET metrics = '{\"gap\":null}' WHERE task_id = ?")
            .bind(.integer(claimed[0].lease.taskID)).run()

        let source = LocalStoreSource(path: path)
        let table = try await PhaseLoader(x: "a", metric: "gap").load(sweep: "s", from: source)
        let totals = table.totals
        #expect(totals.nonFinite == 5 && totals.n == 2 && totals.missing == 0 && totals.pending == 1)
        let progress = try #require(try await source.progress(sweep: "s").first)
        #expect(totals.done == progress.done && progress.done == 7)
        #expect(table.taskSummary.contains("7 done (5 non-finite)"))
    }
}

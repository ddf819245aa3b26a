import TestSupport
import Foundation
import Testing

/// Sweeps' `requires` and `priority` through real workers: a worker is handed only what it can hold, and
/// higher priority first.
@Suite("Requirements and priority", .serialized)
struct RequirementsTests {
    let directory = TemporaryDirectory()

    func submit(_ coordinator: CoordinatorHarness, _ name: String, _ extra: String, values: String) async throws {
        let path = directory.file("\(name).yaml")
        try "name: \(name)\nexperiment: noop\nparams: {duration_ms: 5}\ngrid: {a: \(values)}\n\(extra)"
            .write(toFile: path, atomically: true, encoding: .utf8)
        _ = try await coordinator.command(["submit", path])
    }

    @Test func workersTakeOnlyWhatTheyCanHoldAndHigherPriorityFirst() async throws {
        let coordinator = CoordinatorHarness(directory: directory)
        try await coordinator.start()
        // Task ids follow submission: plain 1-3, urgent 4-5, wide 6-7, heavy 8-9.
        try await submit(coordinator, "plain", "", values: "[1, 2, 3]")
        try await submit(coordinator, "urgent", "priority: 5\n", values: "[10, 11]")
        try await submit(coordinator, "wide", "requires: {cores: 4}\n", values: "[20, 21]")
        try await submit(coordinator, "heavy", "requires: {cores: 1, memory_gb: 8}\n", values: "[30, 31]")
        let probe = StoreProbe(path: coordinator.database)

        // A worker waits while only tasks it cannot hold are left, so the first two are stopped once done.
        let small = try coordinator.worker(["--threads", "1", "--memory-gb", "2", "--batch", "1"], name: "small")
        try #require(try await eventually(seconds: 60) { try probe.count(state: "done") == 5 }, "\(small.log)")
        try await Task.sleep(for: .milliseconds(500))
        let order = try probe.claimOrder()
        #expect(order == [4, 5, 1, 2, 3], "claims in the order \(order)")
        #expect(try probe.count(state: "pending") == 4)
        small.signal(SIGTERM)
        #expect(await small.wait(seconds: 20) == 0, "\(small.log)")

        let wide = try coordinator.worker(["--threads", "4", "--memory-gb", "2", "--batch", "1"], name: "wide")
        try #require(try await eventually(seconds: 60) { try probe.count(state: "done") == 7 }, "\(wide.log)")
        try await Task.sleep(for: .milliseconds(500))
        let afterWide = try probe.claimOrder()
        #expect(afterWide.dropFirst(5).sorted() == [6, 7], "claims in the order \(afterWide)")
        wide.signal(SIGTERM)
        #expect(await wide.wait(seconds: 20) == 0, "\(wide.log)")

        let roomy = try coordinator.worker(
            ["--exit-when-idle", "--threads", "1", "--memory-gb", "16", "--batch", "1"], name: "roomy")
        #expect(await roomy.wait(seconds: 60) == 0, "\(roomy.log)")
        #expect(try probe.claimOrder().dropFirst(7).sorted() == [8, 9])
        #expect(try probe.count(state: "done") == 9)
    }
}

import Foundation
import TestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// Built-in experiments run in an executor child of the worker: a crashing task costs one attempt, never the
/// worker, and no executor outlives its worker.
@Suite("Crash isolation", .serialized)
struct CrashIsolationTests {
    let directory = TemporaryDirectory()

    /// The processes `pid` started, from every one of its threads.
    func children(of pid: Int32) -> [Int32] {
        let tasks = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/task")) ?? []
        return tasks.flatMap { task in
            let text = (try? String(contentsOfFile: "/proc/\(pid)/task/\(task)/children", encoding: .utf8)) ?? ""
            return text.split(separator: " ").compactMap { Int32($0) }
        }
    }

    @Test func aCrashingBuiltInFailsItsAttemptsWhileTheWorkerServesTheRest() async throws {
        let coordinator = CoordinatorHarness(directory: directory)
        try await coordinator.start()
        try await coordinator.submit(
            "name: crashy\nexperiment: noop\ngrid: {a: [1, 2, 3], crash: [none, abort, segfault]}\n")
        let worker = try coordinator.worker(["--exit-when-idle"], name: "worker")
        #expect(await worker.wait(seconds: 120) == 0, "\(worker.log)")
        let status = try await coordinator.command(["status", "crashy", "--json"])
        #expect(status.contains("\"total\":9,\"pending\":0,\"running\":0,\"done\":3,\"failed\":6"), "\(status)")
        let logs = try Child(
            ["logs", "crashy", "--state", "failed", "--db", coordinator.database], name: "logs", directory: directory)
        #expect(await logs.wait(seconds: 30) == 0, "\(logs.log)")
        #expect(logs.log.contains("signal 6: the experiment's process (pid "), "\(logs.log)")
        #expect(logs.log.contains("killed by signal 11 (Segmentation fault)"), "\(logs.log)")
    }

    @Test func anExecutorDoesNotOutliveItsWorkerKilledWithSIGKILL() async throws {
        let coordinator = CoordinatorHarness(directory: directory)
        try await coordinator.start()
        try await coordinator.submit("name: long\nexperiment: noop\nparams: {duration_ms: 600000}\n")
        let worker = try coordinator.worker([], name: "worker")
        var executor: Int32?
        #expect(
            try await eventually(seconds: 60) {
                executor = children(of: worker.pid).first
                return executor != nil
            }, "\(worker.log)")
        let pid = try #require(executor)
        let command = try String(contentsOfFile: "/proc/\(pid)/cmdline", encoding: .utf8)
        #expect(command.hasSuffix("\0executor\0"), "\(command)")
        worker.signal(SIGKILL)
        #expect(try await eventually(seconds: 10) { processHasEnded(pid) })
    }
}

import Coordinator
import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import SweepModel
import TaskStore
import TestSupport
import WireProtocol

@testable import WebInterface

/// A coordinator's core over a real database holding one sweep part done (four results, one failure with its
/// output, one task pending), and the web application in front of it.
struct WebFixture {
    static let token = "0123456789abcdef0123456789abcdef"
    static let sweep = """
        name: web
        experiment: noop
        grid: {a: [1, 2, 3]}
        seeds: 2
        phase: {x: a, metric: value}
        """

    let directory = TemporaryDirectory()
    let database: String
    let core: CoordinatorCore
    let store: StoreExecutor
    /// The key of the task whose attempt failed.
    let failedKey: String

    init(metricsWithoutToken: Bool = false) async throws {
        database = directory.file("web.sqlite")
        let spec = try SweepSpecParser(file: "web.yaml").parse(Self.sweep)
        let writer = try TaskStore(path: database)
        let worker = WorkerIdentity(id: "w", host: "node-1")
        _ = try writer.transaction { try $0.submit(spec, source: Self.sweep, now: 1) }
        let tasks = try writer.transaction { try $0.claim(limit: 5, worker: worker, leaseSeconds: 60, now: 2) }
        for (index, task) in tasks.dropLast().enumerated() {
            let provenance = Provenance(
                host: "node-1", cpuModel: "cpu", threads: 1, version: "test", startedAt: 2, endedAt: 3,
                wallSeconds: 1, peakRSSBytes: 1)
            _ = try writer.transaction {
                try $0.complete(task.lease, metrics: Metrics(["value": Double(index)]), provenance: provenance, now: 3)
            }
        }
        let failing = tasks[tasks.count - 1]
        _ = try writer.transaction {
            try $0.fail(
                failing.lease, error: "exit 3: it broke", logs: AttemptLogTails(stdout: "out\n", stderr: "boom\n"),
                limits: RetryLimits(maxLostLeases: 1, maxFailures: 1), now: 4)
        }
        failedKey = failing.key
        store = try await StoreExecutor(path: database)
        core = CoordinatorCore(
            configuration: CoordinatorConfiguration(host: "127.0.0.1", port: 0, token: Self.token),
            store: store, logger: Logger(label: "web-tests") { _ in SwiftLogNoOpLogHandler() })
        self.metricsWithoutToken = metricsWithoutToken
    }

    let metricsWithoutToken: Bool

    var application: some ApplicationProtocol {
        let configuration = WebConfiguration(
            host: "127.0.0.1", port: 0, token: Self.token, database: database,
            metricsWithoutToken: metricsWithoutToken)
        return Application(router: WebServer.router(core: core, configuration: configuration, sessions: SessionStore()))
    }

    static let bearer: HTTPFields = [.authorization: "Bearer \(token)"]
}

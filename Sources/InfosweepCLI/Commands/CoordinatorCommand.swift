import ArgumentParser
import Coordinator
import CoordinatorClient
import Foundation
import Logging
import NIOCore
import NIOSSL
import ServiceLifecycle
import SweepModel
import TaskStore
import WebInterface
import WireProtocol

/// `infosweep coordinator`: serves workers and clients over TCP from one database.
struct CoordinatorCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "coordinator", abstract: "Serve a sweep database to workers and clients over TCP.")

    @Option(help: "The database file (created if missing).")
    var db: String

    @Option(help: "HOST:PORT to listen on; port 0 picks a free one.")
    var listen: String = "127.0.0.1:7420"

    @Option(help: "File holding the token peers must present (else INFOSWEEP_TOKEN).")
    var tokenFile: String?

    @Option(help: "Seconds a lease lasts without a heartbeat.")
    var leaseSeconds: Double = 30

    @Option(help: "Leases a task may lose (worker gone) before it fails.")
    var maxLostLeases: Int = 5

    @Option(help: "Solver failures a task may have before it fails.")
    var maxFailures: Int = 3

    @Option(help: "full (sync every commit) or normal (survives a process crash, not a power loss).")
    var durability: StoreOptions.Durability = .full

    @OptionGroup var tls: TLSServerOptions

    @Option(help: "Write the bound port to this file once listening (for scripts).")
    var portFile: String?

    @Option(help: "HOST:PORT for an HTTP endpoint serving only GET /metrics (Prometheus text format), open.")
    var metricsListen: String?

    @OptionGroup var web: WebOptions

    @Option(help: "The most points a submitted sweep may have.")
    var maxSweepPoints = SweepSpec.defaultMaxPoints

    @Option(help: "Write the metrics endpoint's bound port to this file once listening.")
    var metricsPortFile: String?

    func validate() throws {
        guard leaseSeconds.isFinite, leaseSeconds >= 1, leaseSeconds <= 86_400 else {
            throw ValidationError("--lease-seconds must be a number of seconds from 1 to 86400, not \(leaseSeconds)")
        }
        guard maxLostLeases >= 1 else { throw ValidationError("--max-lost-leases must be at least 1") }
        guard maxFailures >= 1 else { throw ValidationError("--max-failures must be at least 1") }
        guard maxSweepPoints >= 1 else { throw ValidationError("--max-sweep-points must be at least 1") }
    }

    func run() async throws {
        let logger = LogSetup.logger("infosweep.coordinator", defaultLevel: .info)
        // Everything that can refuse is checked before the database or its lock file is touched.
        let listenAddress = try CoordinatorAddress(parsing: listen, option: "--listen", allowsPortZero: true)
        let metricsAddress = try metricsListen.map {
            try CoordinatorAddress(parsing: $0, option: "--metrics-listen", allowsPortZero: true)
        }
        let given = try TokenSource.read(file: tokenFile)
        let tlsContext = try tls.context()
        let lock = try DatabaseLock.acquire(forDatabase: db)
        let token = given.isEmpty ? try Self.generatedToken(forDatabase: db, logger: logger) : given
        let configuration = CoordinatorConfiguration(
            host: listenAddress.host, port: listenAddress.port, token: token, leaseSeconds: leaseSeconds,
            limits: RetryLimits(maxLostLeases: maxLostLeases, maxFailures: maxFailures),
            maxSweepPoints: maxSweepPoints)
        defer { withExtendedLifetime(lock) {} }
        try await StoreExecutor.withStore(path: db, options: StoreOptions(durability: durability)) { store in
            try await serve(
                store: store, configuration: configuration, token: token, given: given, tls: tlsContext,
                listenAddress: listenAddress, metricsAddress: metricsAddress, lock: lock, logger: logger)
        }
    }

    /// Serves the store until a signal asks the coordinator to stop: the wire protocol, the lease reaper and the
    /// HTTP parts that were asked for.
    private func serve(
        store: StoreExecutor, configuration: CoordinatorConfiguration, token: String, given: String,
        tls tlsContext: NIOSSLContext?, listenAddress: CoordinatorAddress, metricsAddress: CoordinatorAddress?,
        lock: DatabaseLock, logger: Logger
    ) async throws {
        let core = CoordinatorCore(configuration: configuration, store: store, logger: logger)
        let portFile = self.portFile
        let server = try CoordinatorServer(core: core, logger: logger, tls: tlsContext) { address in
            let bound = "\(address.ipAddress ?? listenAddress.host):\(address.port ?? listenAddress.port)"
            lock.describe("pid \(getpid()) on \(ProcessInfo.processInfo.hostName), listening on \(bound)")
            Self.writePort(address, to: portFile)
            if given.isEmpty { Self.publishGeneratedToken(token, for: address, logger: logger) }
        }
        var services: [any Service] = [server, LeaseReaper(core: core, logger: logger)]
        if let metricsAddress {
            let metricsPortFile = self.metricsPortFile
            services.append(
                WebServer.metricsApplication(
                    core: core, host: metricsAddress.host, port: metricsAddress.port, logger: logger
                ) { address in Self.writePort(address, to: metricsPortFile) })
        }
        services += try web.services(core: core, token: token, database: db, logger: logger)
        let group = ServiceGroup(services: services, gracefulShutdownSignals: [.sigterm, .sigint], logger: logger)
        try await group.run()
    }

    /// The token this database's coordinator generated before (kept beside it), or a new one.
    static func generatedToken(forDatabase database: String, logger: Logger) throws -> String {
        let (token, path) = try LocalTokenFile.databaseToken(for: database)
        logger.notice(
            "no token given: using the one kept beside the database; workers on other machines need it",
            metadata: ["token_file": "\(path)"])
        return token
    }

    /// Publishes a generated token where this user's commands and workers on this machine look for it.
    static func publishGeneratedToken(_ token: String, for address: SocketAddress, logger: Logger) {
        guard let port = address.port else { return }
        do {
            let path = try LocalTokenFile.write(token, port: port)
            logger.info("token published for local commands and workers", metadata: ["token_file": "\(path)"])
        } catch {
            logger.error("the token could not be published for local commands", metadata: ["error": "\(error)"])
        }
    }

    static func writePort(_ address: SocketAddress, to file: String?) {
        guard let file, let port = address.port else { return }
        try? "\(port)\n".write(toFile: file, atomically: true, encoding: .utf8)
    }
}

extension StoreOptions.Durability: ExpressibleByArgument {}

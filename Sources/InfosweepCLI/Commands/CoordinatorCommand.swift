import ArgumentParser
import Coordinator
import Foundation
import Logging
import NIOCore
import ServiceLifecycle
import TaskStore

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

    @Option(help: "HOST:PORT for an HTTP endpoint serving GET /metrics (Prometheus text format).")
    var metricsListen: String?

    @Option(help: "Write the metrics endpoint's bound port to this file once listening.")
    var metricsPortFile: String?

    func run() async throws {
        let logger = LogSetup.logger("infosweep.coordinator", defaultLevel: .info)
        let (host, port) = try Self.split(listen)
        let token = try TokenSource.read(file: tokenFile)
        let configuration = CoordinatorConfiguration(
            host: host, port: port, token: token.isEmpty ? nil : token, leaseSeconds: leaseSeconds,
            limits: RetryLimits(maxLostLeases: maxLostLeases, maxFailures: maxFailures))
        let store = try await StoreExecutor(path: db, options: StoreOptions(durability: durability))
        defer { store.shutdown() }
        let core = CoordinatorCore(configuration: configuration, store: store, logger: logger)
        let portFile = self.portFile
        let server = try CoordinatorServer(core: core, logger: logger, tls: try tls.context()) { address in
            Self.writePort(address, to: portFile)
        }
        var services: [any Service] = [server, LeaseReaper(core: core, logger: logger)]
        if let metricsListen {
            let (metricsHost, metricsPort) = try Self.split(metricsListen)
            let metricsPortFile = self.metricsPortFile
            services.append(
                MetricsEndpoint(core: core, host: metricsHost, port: metricsPort, logger: logger) { address in
                    Self.writePort(address, to: metricsPortFile)
                })
        }
        let group = ServiceGroup(services: services, gracefulShutdownSignals: [.sigterm, .sigint], logger: logger)
        try await group.run()
    }

    static func writePort(_ address: SocketAddress, to file: String?) {
        guard let file, let port = address.port else { return }
        try? "\(port)\n".write(toFile: file, atomically: true, encoding: .utf8)
    }

    static func split(_ text: String) throws -> (String, Int) {
        guard let colon = text.lastIndex(of: ":"), let port = Int(text[text.index(after: colon)...]),
            (0...65535).contains(port)
        else { throw ValidationError("--listen must be HOST:PORT, not '\(text)'") }
        var host = String(text[..<colon])
        if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        return (host, port)
    }
}

extension StoreOptions.Durability: ExpressibleByArgument {}

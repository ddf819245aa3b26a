import ArgumentParser
import Coordinator
import CoordinatorClient
import Logging
import NIOCore
import ServiceLifecycle
import WebInterface

/// `--http-listen` and its companions: the dashboard and HTTP API beside a coordinator's worker port.
struct WebOptions: ParsableArguments {
    @Option(help: "HOST:PORT for the dashboard and the HTTP API (every request needs the token; see the login link).")
    var httpListen: String?

    @Option(help: "Write the HTTP port to this file once listening.")
    var httpPortFile: String?

    @Flag(help: "Serve GET /metrics on the HTTP port without the token (for a Prometheus scraper).")
    var metricsWithoutToken = false

    /// The web server for `core`, or none without `--http-listen`; once it listens, it logs the login link, or
    /// with `printLink` prints it (for `run`, whose log shows only warnings).
    func services(
        core: CoordinatorCore, token: String, database: String, logger: Logger, printLink: Bool = false
    ) throws -> [any Service] {
        guard let httpListen else { return [] }
        let address = try CoordinatorAddress(parsing: httpListen, option: "--http-listen", allowsPortZero: true)
        let portFile = httpPortFile
        let configuration = WebConfiguration(
            host: address.host, port: address.port, token: token, database: database,
            metricsWithoutToken: metricsWithoutToken)
        let web = WebServer.application(core: core, configuration: configuration, logger: logger) { bound in
            let port = bound.port ?? address.port
            let host = address.host == "0.0.0.0" || address.host == "::" ? "HOST" : address.host
            let link = "http://\(host):\(port)/login?token=\(token)"
            if printLink {
                Output.line("dashboard: \(link)")
            } else {
                logger.notice(
                    "dashboard: open the login link in a browser (it holds the token)", metadata: ["link": "\(link)"])
            }
            CoordinatorCommand.writePort(bound, to: portFile)
        }
        return [web]
    }
}

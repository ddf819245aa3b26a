import Coordinator
import Hummingbird
import Logging
import NIOCore
import Query

/// The dashboard and the HTTP API of a coordinator, as a service to run beside its worker port.
public enum WebServer {
    /// The application serving `core`'s sweeps under `configuration`; `onBound` hears the address it listens on.
    public static func application(
        core: CoordinatorCore, configuration: WebConfiguration, logger: Logger,
        onBound: @escaping @Sendable (SocketAddress) -> Void = { _ in }
    ) -> some ApplicationProtocol {
        Application(
            router: router(core: core, configuration: configuration, sessions: SessionStore()),
            configuration: ApplicationConfiguration(
                address: .hostname(configuration.host, port: configuration.port), serverName: "infosweep"),
            onServerRunning: { channel in
                if let address = channel.localAddress { onBound(address) }
            },
            logger: logger)
    }

    /// An application serving only `GET /metrics`, to anyone (`--metrics-listen`, for a Prometheus scraper).
    public static func metricsApplication(
        core: CoordinatorCore, host: String, port: Int, logger: Logger,
        onBound: @escaping @Sendable (SocketAddress) -> Void = { _ in }
    ) -> some ApplicationProtocol {
        let router = Router(context: WebRequestContext.self)
        router.add(middleware: ErrorMiddleware())
        PageRoutes.addMetrics(core: core, to: router)
        return Application(
            router: router,
            configuration: ApplicationConfiguration(address: .hostname(host, port: port), serverName: "infosweep"),
            onServerRunning: { channel in
                if let address = channel.localAddress { onBound(address) }
            },
            logger: logger)
    }

    /// The routes, behind the error and access middleware.
    static func router(
        core: CoordinatorCore, configuration: WebConfiguration, sessions: SessionStore
    ) -> Router<WebRequestContext> {
        let router = Router(context: WebRequestContext.self)
        router.add(middleware: ErrorMiddleware())
        router.add(
            middleware: AccessMiddleware(
                token: configuration.token, sessions: sessions,
                metricsWithoutToken: configuration.metricsWithoutToken))
        let data = WebData(core: core, source: LocalStoreSource(path: configuration.database))
        APIRoutes(data: data).add(to: router)
        PageRoutes(data: data, sessions: sessions, token: configuration.token).add(to: router)
        return router
    }
}

import Logging
import NIOCore
import NIOHTTP1
import NIOPosix
import ServiceLifecycle

/// A small HTTP endpoint that serves `GET /metrics` in the Prometheus text format.
public struct MetricsEndpoint: Service {
    private let core: CoordinatorCore
    private let host: String
    private let port: Int
    private let logger: Logger
    private let onBound: @Sendable (SocketAddress) -> Void

    public init(
        core: CoordinatorCore, host: String, port: Int, logger: Logger,
        onBound: @escaping @Sendable (SocketAddress) -> Void = { _ in }
    ) {
        self.core = core
        self.host = host
        self.port = port
        self.logger = logger
        self.onBound = onBound
    }

    private typealias Connection = NIOAsyncChannel<HTTPServerRequestPart, HTTPServerResponsePart>

    public func run() async throws {
        let server = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .bind(host: host, port: port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline()
                    return try Connection(wrappingChannelSynchronously: channel)
                }
            }
        if let address = server.channel.localAddress {
            logger.notice("metrics endpoint listening", metadata: ["address": "\(address)"])
            onBound(address)
        }
        try await withGracefulShutdownHandler {
            try await withThrowingDiscardingTaskGroup { group in
                try await server.executeThenClose { inbound in
                    for try await connection in inbound {
                        group.addTask { await serve(connection) }
                    }
                }
            }
        } onGracefulShutdown: {
            server.channel.close(promise: nil)
        }
    }

    private func serve(_ connection: Connection) async {
        try? await connection.executeThenClose { inbound, outbound in
            for try await part in inbound {
                guard case .head(let head) = part else { continue }
                let (status, body): (HTTPResponseStatus, String)
                if head.method == .GET, head.uri == "/metrics" || head.uri.hasPrefix("/metrics?") {
                    do {
                        (status, body) = (.ok, try await core.metricsText())
                    } catch {
                        (status, body) = (.serviceUnavailable, "store unavailable: \(error)\n")
                    }
                } else {
                    (status, body) = (.notFound, "only GET /metrics is served here\n")
                }
                var headers = HTTPHeaders()
                headers.add(name: "Content-Type", value: "text/plain; version=0.0.4; charset=utf-8")
                headers.add(name: "Content-Length", value: "\(body.utf8.count)")
                headers.add(name: "Connection", value: "close")
                try await outbound.write(
                    .head(HTTPResponseHead(version: head.version, status: status, headers: headers)))
                try await outbound.write(.body(.byteBuffer(ByteBuffer(string: body))))
                try await outbound.write(.end(nil))
                return
            }
        }
    }
}

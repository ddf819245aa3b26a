import Foundation
import Logging
import NIOCore
import NIOPosix
import NIOSSL
import ServiceLifecycle
import Synchronization
import WireProtocol

/// The coordinator's TCP endpoint: accepts connections, checks each peer's hello and serves its requests.
///
/// A peer that breaks the protocol (bad frame, bad message, no hello in time, too many requests in flight)
/// loses its connection; everyone else keeps being served.
public final class CoordinatorServer: Service {
    public let core: CoordinatorCore
    private let configuration: CoordinatorConfiguration
    private let logger: Logger
    private let group: MultiThreadedEventLoopGroup
    private let liveConnections = Mutex<[ObjectIdentifier: any Channel]>([:])
    private let onBound: @Sendable (SocketAddress) -> Void
    private let tls: NIOSSLContext?

    /// With `tls`, every connection must complete a TLS handshake (and, if the context demands client
    /// certificates, present one the CA signed) before its first frame is read.
    public init(
        core: CoordinatorCore, logger: Logger, tls: NIOSSLContext? = nil,
        eventLoopGroup: MultiThreadedEventLoopGroup = .singleton,
        onBound: @escaping @Sendable (SocketAddress) -> Void = { _ in }
    ) throws {
        self.tls = tls
        let configuration = core.configuration
        if configuration.token.isEmpty {
            throw CoordinatorConfigurationError("refusing to serve without a token: every peer must present one")
        }
        self.core = core
        self.configuration = configuration
        self.logger = logger
        self.group = eventLoopGroup
        self.onBound = onBound
    }

    public func run() async throws {
        let frameLimit = configuration.maximumFrameLength
        let tls = self.tls
        let server = try await ServerBootstrap(group: group)
            .serverChannelOption(.backlog, value: 512)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
            .bind(host: configuration.host, port: configuration.port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    if let tls { try channel.pipeline.syncOperations.addHandler(NIOSSLServerHandler(context: tls)) }
                    try channel.pipeline.syncOperations.addHandler(
                        ByteToMessageHandler(FrameDecoder(maximumFrameLength: frameLimit)))
                    try channel.pipeline.syncOperations.addHandler(MessageToByteHandler(FrameEncoder()))
                    // Read now: a channel that a failed TLS handshake has closed no longer knows its peer.
                    let peer = channel.remoteAddress.map(AcceptedConnection.describe) ?? "unknown"
                    return AcceptedConnection(
                        peer: peer,
                        channel: try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel))
                }
            }
        if let address = server.channel.localAddress {
            logger.notice("coordinator listening", metadata: ["address": "\(address)"])
            onBound(address)
        }
        try await withGracefulShutdownHandler {
            try await withThrowingDiscardingTaskGroup { connections in
                try await server.executeThenClose { inbound in
                    for try await connection in inbound {
                        connections.addTask { await self.serve(connection) }
                    }
                }
            }
        } onGracefulShutdown: {
            server.channel.close(promise: nil)
            // Connected peers would otherwise keep the server running; they reconnect to the next coordinator.
            for channel in self.liveConnections.withLock({ Array($0.values) }) { channel.close(promise: nil) }
        }
    }

    private func serve(_ accepted: AcceptedConnection) async {
        let peer = accepted.peer
        let connection = accepted.channel
        let session = ConnectionSession(peer: peer, configuration: configuration, core: core, logger: logger)
        let channel = connection.channel
        let helloTimeout = configuration.helloTimeoutSeconds
        liveConnections.withLock { $0[ObjectIdentifier(channel)] = channel }
        defer { liveConnections.withLock { $0[ObjectIdentifier(channel)] = nil } }
        do {
            try await connection.executeThenClose { inbound, outbound in
                try await withThrowingDiscardingTaskGroup { requests in
                    requests.addTask {
                        try? await Task.sleep(for: .seconds(helloTimeout))
                        if !Task.isCancelled && !session.hasSaidHello {
                            self.logger.warning("dropping peer: no hello in time", metadata: ["peer": "\(peer)"])
                            channel.close(promise: nil)
                        }
                    }
                    for try await frame in inbound {
                        try await session.receive(frame, outbound: outbound) { requests.addTask(operation: $0) }
                        if session.shouldClose { break }
                    }
                    requests.cancelAll()
                }
            }
        } catch NIOSSLError.uncleanShutdown {
            logger.debug("TLS peer closed without close_notify", metadata: ["peer": "\(peer)"])
        } catch {
            logger.warning("connection dropped", metadata: ["peer": "\(peer)", "reason": "\(error)"])
        }
        if let workerID = session.workerID { await core.workerDisconnected(workerID) }
    }
}

/// An accepted connection with its peer's address, read while the channel still had it.
struct AcceptedConnection: Sendable {
    let peer: String
    let channel: NIOAsyncChannel<ByteBuffer, ByteBuffer>

    /// "127.0.0.1:48204" or "[::1]:48204".
    static func describe(_ address: SocketAddress) -> String {
        guard let ip = address.ipAddress, let port = address.port else { return "\(address)" }
        return ip.contains(":") ? "[\(ip)]:\(port)" : "\(ip):\(port)"
    }
}

import Foundation
import NIOCore
import NIOPosix
import NIOSSL
import Synchronization
import WireProtocol

/// A client's connection to a coordinator: one TCP stream on which many requests may be in flight,
/// each answered by id.
public final class CoordinatorConnection: Sendable {
    private let outgoing: AsyncStream<ByteBuffer>.Continuation
    private let pending = Mutex<[UInt64: CheckedContinuation<Response, Error>]>([:])
    private let closedReason = Mutex<Error?>(nil)
    private let nextID = Atomic<UInt64>(1)
    private let codec = MessageCodec()
    /// The lease terms the coordinator announced in its welcome.
    public let welcome: Welcome

    private init(outgoing: AsyncStream<ByteBuffer>.Continuation, welcome: Welcome) {
        self.outgoing = outgoing
        self.welcome = welcome
    }

    /// Connects, says hello and waits for the welcome; a refusal is thrown as the `Refusal` itself.
    /// With `tls`, the coordinator's certificate must chain to the context's trust roots and name the host
    /// (or its IP address) that was dialled.
    public static func connect(
        to address: CoordinatorAddress, hello: Hello, tls: NIOSSLContext? = nil,
        group: MultiThreadedEventLoopGroup = .singleton, timeout: Duration = .seconds(10)
    ) async throws -> CoordinatorConnection {
        let channel = try await open(address, tls: tls, group: group)
        return try await greet(over: channel, address: address, hello: hello, tls: tls, timeout: timeout)
    }

    /// The TCP (and TLS) channel to `address`; a refused or unreachable address is a `ConnectionError` that
    /// says so in words, not an errno list.
    private static func open(
        _ address: CoordinatorAddress, tls: NIOSSLContext?, group: MultiThreadedEventLoopGroup
    ) async throws -> NIOAsyncChannel<ByteBuffer, ByteBuffer> {
        let serverName = address.isIPAddress ? nil : address.host
        do {
            return try await ClientBootstrap(group: group)
                .connectTimeout(.seconds(5))
                .channelOption(.socketOption(.tcp_nodelay), value: 1)
                .connect(host: address.host, port: address.port) { channel in
                    channel.eventLoop.makeCompletedFuture {
                        if let tls {
                            try channel.pipeline.syncOperations.addHandler(
                                try NIOSSLClientHandler(context: tls, serverHostname: serverName))
                        }
                        try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(FrameDecoder()))
                        try channel.pipeline.syncOperations.addHandler(MessageToByteHandler(FrameEncoder()))
                        return try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
                    }
                }
        } catch let error as NIOConnectionError {
            throw ConnectionError(error, address: "\(address)")
        } catch let error as ChannelError where error == .connectTimeout(.seconds(5)) {
            throw ConnectionError.unreachable(address: "\(address)", reason: "no answer within 5 s")
        }
    }

    private static func greet(
        over channel: NIOAsyncChannel<ByteBuffer, ByteBuffer>, address: CoordinatorAddress, hello: Hello,
        tls: NIOSSLContext?, timeout: Duration
    ) async throws -> CoordinatorConnection {
        let (stream, outgoing) = AsyncStream.makeStream(of: ByteBuffer.self)
        let handshake = HandshakeBox()
        let starter = Task {
            try await channel.executeThenClose { inbound, outbound in
                try await withThrowingTaskGroup(of: Void.self) { group in
                    group.addTask {
                        // A failed write means the channel closed; the inbound side says why (a TLS alert).
                        for await frame in stream {
                            do { try await outbound.write(frame) } catch { return }
                        }
                    }
                    group.addTask {
                        for try await frame in inbound { try handshake.deliver(frame) }
                        throw ConnectionError.closedByCoordinator
                    }
                    defer { group.cancelAll() }
                    try await group.next()
                }
            }
        }
        Task {
            let error: Error
            do {
                try await starter.value
                error = ConnectionError.closedByCoordinator
            } catch let caught {
                error = caught
            }
            handshake.fail(error)
        }
        let codec = MessageCodec()
        outgoing.yield(try codec.encode(.hello(hello), id: 0))
        let first: Response
        do {
            first = try await handshake.firstResponse(timeout: timeout)
        } catch let error as NIOSSLError {
            throw TLSFailure(address: address, error)
        } catch let error as NIOSSLExtraError {
            throw TLSFailure(address: address, error)
        } catch let error as BoringSSLError {
            throw TLSFailure(address: address, error)
        } catch let error as ProtocolError where tls == nil {
            throw ProtocolError.malformedMessage(
                "\(error) — the coordinator at \(address) may require TLS "
                    + "(give --tls-ca)")
        } catch ConnectionError.closedByCoordinator where tls != nil {
            throw TLSFailure(
                address: address,
                underlying: "the coordinator closed the connection during the "
                    + "TLS handshake (does it require a client certificate this client lacks, or not speak TLS?)")
        }
        switch first {
        case .welcome(let welcome):
            let connection = CoordinatorConnection(outgoing: outgoing, welcome: welcome)
            handshake.attach(connection)
            return connection
        case .refused(let refusal):
            outgoing.finish()
            starter.cancel()
            throw refusal
        default:
            outgoing.finish()
            starter.cancel()
            throw ProtocolError.unexpectedMessage("coordinator answered hello with \(first.kind)")
        }
    }

    /// Sends `request` and waits for its response; a refusal comes back as a thrown `Refusal`.
    public func send(_ request: Request) async throws -> Response {
        let id = nextID.wrappingAdd(1, ordering: .relaxed).oldValue
        let frame = try codec.encode(request, id: id)
        // The coordinator drops a peer that sends more than a frame may hold; say so instead of being reset.
        guard frame.readableBytes <= WireLimits.maximumFrameLength else {
            throw ProtocolError.frameTooLarge(length: frame.readableBytes, limit: WireLimits.maximumFrameLength)
        }
        let response = try await withCheckedThrowingContinuation { continuation in
            let failure = closedReason.withLock { reason -> Error? in
                if let reason { return reason }
                pending.withLock { $0[id] = continuation }
                return nil
            }
            if let failure {
                continuation.resume(throwing: failure)
            } else {
                outgoing.yield(frame)
            }
        }
        if case .refused(let refusal) = response { throw refusal }
        return response
    }

    public var isClosed: Bool { closedReason.withLock { $0 != nil } }

    public func close() {
        fail(ConnectionError.closedByClient)
        outgoing.finish()
    }

    func deliver(_ frame: ByteBuffer) throws {
        let (id, response) = try codec.decodeResponse(frame)
        pending.withLock { $0.removeValue(forKey: id) }?.resume(returning: response)
    }

    func fail(_ error: Error) {
        let waiting = closedReason.withLock { reason -> [CheckedContinuation<Response, Error>] in
            if reason == nil { reason = error }
            return pending.withLock { pending in
                defer { pending.removeAll() }
                return Array(pending.values)
            }
        }
        for continuation in waiting { continuation.resume(throwing: error) }
        outgoing.finish()
    }
}

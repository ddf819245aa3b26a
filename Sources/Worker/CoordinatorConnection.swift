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
        let serverName = address.isIPAddress ? nil : address.host
        let channel = try await ClientBootstrap(group: group)
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
        let (stream, outgoing) = AsyncStream.makeStream(of: ByteBuffer.self)
        let handshake = HandshakeBox()
        let starter = Task {
            try await channel.executeThenClose { inbound, outbound in
                try await withThrowingTaskGroup(of: Void.self) { group in
                    group.addTask {
                        for await frame in stream { try await outbound.write(frame) }
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
            throw TLSFailure(address: address, underlying: "\(error)")
        } catch let error as NIOSSLExtraError {
            throw TLSFailure(address: address, underlying: "\(error)")
        } catch let error as BoringSSLError {
            throw TLSFailure(address: address, underlying: "\(error)")
        } catch let error as ProtocolError where tls == nil {
            throw ProtocolError.malformedMessage("\(error) — the coordinator at \(address) may require TLS "
                + "(give --tls-ca)")
        } catch ConnectionError.closedByCoordinator where tls != nil {
            throw TLSFailure(address: address, underlying: "the coordinator closed the connection during the "
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

    fileprivate func deliver(_ frame: ByteBuffer) throws {
        let (id, response) = try codec.decodeResponse(frame)
        pending.withLock { $0.removeValue(forKey: id) }?.resume(returning: response)
    }

    fileprivate func fail(_ error: Error) {
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

/// Routes frames to the hello's waiter until the connection exists, then to the connection.
private final class HandshakeBox: Sendable {
    private struct State {
        var connection: CoordinatorConnection?
        var first: Result<Response, Error>?
        var waiter: CheckedContinuation<Response, Error>?
        var failure: Error?
    }

    private let state = Mutex(State())

    func deliver(_ frame: ByteBuffer) throws {
        if let connection = state.withLock({ $0.connection }) {
            try connection.deliver(frame)
            return
        }
        let response = try MessageCodec().decodeResponse(frame).response
        let waiter = state.withLock { state -> CheckedContinuation<Response, Error>? in
            if state.waiter == nil { state.first = .success(response) }
            defer { state.waiter = nil }
            return state.waiter
        }
        waiter?.resume(returning: response)
    }

    func fail(_ error: Error) {
        let (connection, waiter) = state.withLock { state in
            state.failure = state.failure ?? error
            if state.first == nil { state.first = .failure(error) }
            defer { state.waiter = nil }
            return (state.connection, state.waiter)
        }
        connection?.fail(error)
        waiter?.resume(throwing: error)
    }

    func attach(_ connection: CoordinatorConnection) {
        let failure = state.withLock { state -> Error? in
            state.connection = connection
            return state.failure
        }
        if let failure { connection.fail(failure) }
    }

    func firstResponse(timeout: Duration) async throws -> Response {
        let timer = Task { [self] in
            try await Task.sleep(for: timeout)
            fail(ConnectionError.timedOut)
        }
        defer { timer.cancel() }
        return try await withCheckedThrowingContinuation { continuation in
            let ready = state.withLock { state -> Result<Response, Error>? in
                if let first = state.first { return first }
                state.waiter = continuation
                return nil
            }
            if let ready { continuation.resume(with: ready) }
        }
    }
}

/// The TLS handshake with the coordinator failed: wrong CA, wrong name, no or rejected client certificate.
public struct TLSFailure: Error, Sendable, CustomStringConvertible {
    public var address: CoordinatorAddress
    public var underlying: String

    public var description: String { "TLS handshake with \(address) failed: \(underlying)" }
}

/// Why a connection to the coordinator ended.
public enum ConnectionError: Error, Sendable, CustomStringConvertible {
    case closedByCoordinator, closedByClient, timedOut

    public var description: String {
        switch self {
        case .closedByCoordinator: "the coordinator closed the connection"
        case .closedByClient: "the connection was closed"
        case .timedOut: "the coordinator did not answer in time"
        }
    }
}

/// HOST:PORT of a coordinator.
public struct CoordinatorAddress: Sendable, Hashable, CustomStringConvertible {
    public var host: String
    public var port: Int

    public init(host: String, port: Int) {
        self.host = host
        self.port = port
    }

    /// Parses `HOST:PORT` (IPv6 hosts in brackets).
    public init(parsing text: String) throws {
        guard let colon = text.lastIndex(of: ":"), let port = Int(text[text.index(after: colon)...]),
              (1...65535).contains(port)
        else {
            throw ConnectionError.invalidAddress(text)
        }
        var host = String(text[..<colon])
        if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        guard !host.isEmpty else { throw ConnectionError.invalidAddress(text) }
        self.init(host: host, port: port)
    }

    public var description: String { host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)" }

    /// True when the host is an IPv4 or IPv6 literal rather than a name.
    public var isIPAddress: Bool {
        (try? SocketAddress(ipAddress: host, port: port)) != nil
    }
}

extension ConnectionError {
    static func invalidAddress(_ text: String) -> AddressError { AddressError(text: text) }
}

/// An address that is not HOST:PORT.
public struct AddressError: Error, Sendable, CustomStringConvertible {
    public var text: String

    public var description: String { "'\(text)' is not HOST:PORT (for example 127.0.0.1:7420)" }
}

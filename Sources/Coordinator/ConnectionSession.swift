import Foundation
import Logging
import NIOCore
import SweepModel
import Synchronization
import WireProtocol

/// One peer's connection: whether it has said hello, as whom, and its requests in flight.
final class ConnectionSession: Sendable {
    private struct State {
        var hello: Hello?
        var inFlight = 0
        var closing = false
    }

    let peer: String
    private let configuration: CoordinatorConfiguration
    private let core: CoordinatorCore
    private let logger: Logger
    private let codec = MessageCodec()
    private let state = Mutex(State())

    init(peer: String, configuration: CoordinatorConfiguration, core: CoordinatorCore, logger: Logger) {
        self.peer = peer
        self.configuration = configuration
        self.core = core
        self.logger = logger
    }

    var hasSaidHello: Bool { state.withLock { $0.hello != nil } }

    /// The worker's id, when this peer said hello as a worker.
    var workerID: String? { state.withLock { $0.hello?.role == .worker ? $0.hello?.worker?.id : nil } }

    var shouldClose: Bool { state.withLock { $0.closing } }

    /// Takes one frame. The hello is answered at once; other requests run concurrently through `spawn`,
    /// each writing its own reply. Throws when the peer broke the protocol.
    func receive(
        _ frame: ByteBuffer, outbound: NIOAsyncChannelOutboundWriter<ByteBuffer>,
        spawn: (@escaping @Sendable () async throws -> Void) -> Void
    ) async throws {
        let (id, request) = try codec.decodeRequest(frame)
        guard let hello = state.withLock({ $0.hello }) else {
            guard case .hello(let greeting) = request else {
                logger.warning("refused peer: request before hello", metadata: ["peer": "\(peer)"])
                state.withLock { $0.closing = true }
                let refusal = Refusal(code: .notAuthenticated, message: "say hello first")
                try await outbound.write(try codec.encode(.refused(refusal), id: id))
                return
            }
            let response = greet(greeting)
            if case .welcome = response, greeting.role == .worker, let worker = greeting.worker {
                await core.workerConnected(worker)
            }
            if case .refused = response { await core.peerRefused() }
            try await outbound.write(try codec.encode(response, id: id))
            return
        }
        let admitted = state.withLock { state -> Bool in
            guard state.inFlight < configuration.maximumInFlightPerConnection else { return false }
            state.inFlight += 1
            return true
        }
        guard admitted else {
            throw ProtocolError.unexpectedMessage(
                "more than \(configuration.maximumInFlightPerConnection) requests in flight")
        }
        let worker = hello.role == .worker ? hello.worker : nil
        spawn { [self] in
            defer { state.withLock { $0.inFlight -= 1 } }
            let response = await core.handle(request, from: worker)
            try await outbound.write(try codec.encode(response, id: id))
        }
    }

    private func greet(_ hello: Hello) -> Response {
        let refusal: Refusal?
        if hello.protocolVersion != WireLimits.protocolVersion {
            refusal = Refusal(
                code: .versionMismatch,
                message: "protocol version \(hello.protocolVersion) is not "
                    + "supported; this coordinator speaks version \(WireLimits.protocolVersion)")
        } else if hello.token.isEmpty {
            refusal = Refusal(
                code: .badToken,
                message: "no token was given; this coordinator requires one (INFOSWEEP_TOKEN or --token-file)")
        } else if !TokenCheck.matches(presented: hello.token, expected: configuration.token) {
            refusal = Refusal(code: .badToken, message: "the token does not match the coordinator's")
        } else if hello.role == .worker, hello.worker == nil {
            refusal = Refusal(code: .badRequest, message: "a worker's hello must describe the worker")
        } else {
            refusal = nil
        }
        if let refusal {
            logger.warning(
                "refused peer",
                metadata: ["peer": "\(peer)", "code": "\(refusal.code.rawValue)", "reason": "\(refusal)"])
            state.withLock { $0.closing = true }
            return .refused(refusal)
        }
        state.withLock { $0.hello = hello }
        logger.info(
            "peer connected",
            metadata: [
                "peer": "\(peer)", "role": "\(hello.role.rawValue)", "worker": "\(hello.worker?.id ?? "-")",
            ])
        return .welcome(
            Welcome(
                protocolVersion: WireLimits.protocolVersion, coordinatorVersion: InfosweepVersion.current,
                leaseSeconds: configuration.leaseSeconds, heartbeatSeconds: configuration.heartbeatSeconds))
    }
}

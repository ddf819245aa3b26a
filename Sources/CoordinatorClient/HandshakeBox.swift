import NIOCore
import Synchronization
import WireProtocol

/// Routes frames to the hello's waiter until the connection exists, then to the connection.
final class HandshakeBox: Sendable {
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

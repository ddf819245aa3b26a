import WireProtocol

/// Opens links to a coordinator for a worker.
public protocol CoordinatorConnector: Sendable {
    /// Opens a link and says `hello`; a refusal is thrown as the `Refusal` itself, a failed TLS handshake as
    /// `TLSFailure`, anything else means the coordinator could not be reached.
    func connect(hello: Hello) async throws -> any CoordinatorLink
}

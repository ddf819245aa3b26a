/// The TLS handshake with the coordinator failed: wrong CA, wrong name, no or rejected client certificate.
public struct TLSFailure: Error, Sendable, CustomStringConvertible {
    public var address: CoordinatorAddress
    public var underlying: String

    public var description: String { "TLS handshake with \(address) failed: \(underlying)" }
}

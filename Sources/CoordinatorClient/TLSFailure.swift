import NIOSSL

/// The TLS handshake with the coordinator failed, with the reason in words and what to change: wrong CA, a name
/// the certificate lacks, no or an untrusted client certificate, or a coordinator that does not speak TLS.
public struct TLSFailure: Error, Sendable, CustomStringConvertible {
    public var address: CoordinatorAddress
    /// What went wrong and which option to change.
    public var reason: String
    /// BoringSSL's own words, for the debug log.
    public var underlying: String

    public init(address: CoordinatorAddress, underlying: String) {
        self.address = address
        self.underlying = underlying
        self.reason = Self.explain(underlying, address: address)
    }

    init(address: CoordinatorAddress, _ error: any Error) {
        if let extra = error as? NIOSSLExtraError, extra == .failedToValidateHostname {
            self.init(address: address, underlying: "hostname validation failed")
            return
        }
        self.init(address: address, underlying: "\(error)")
    }

    public var description: String { "TLS with \(address) failed: \(reason)" }

    /// The common failures, recognised by BoringSSL's reason codes, in one line each.
    static func explain(_ text: String, address: CoordinatorAddress) -> String {
        let known: [(codes: [String], reason: String)] = [
            (
                ["CERTIFICATE_VERIFY_FAILED"],
                "the coordinator's certificate is not signed by the CA given in --tls-ca (or has expired)"
            ),
            (
                ["CERTIFICATE_REQUIRED", "PEER_DID_NOT_RETURN_A_CERTIFICATE"],
                "the coordinator requires a client certificate: give --tls-cert and --tls-key"
            ),
            (
                ["ALERT_UNKNOWN_CA", "ALERT_BAD_CERTIFICATE", "ALERT_CERTIFICATE_UNKNOWN"],
                "the coordinator does not trust this client's certificate: --tls-cert must be signed by the CA in "
                    + "the coordinator's --tls-client-ca"
            ),
            (
                ["hostname validation failed"],
                "the coordinator's certificate does not name \(address.host): its subjectAltName must list the name "
                    + "or IP address that workers dial"
            ),
            (
                ["EOF during handshake", "WRONG_VERSION_NUMBER", "closed the connection during the TLS handshake"],
                "the coordinator at \(address) does not speak TLS, or closed the handshake (drop --tls-ca, or start "
                    + "it with --tls-cert and --tls-key; a mutual-TLS coordinator also needs --tls-cert and --tls-key "
                    + "here)"
            ),
        ]
        for entry in known where entry.codes.contains(where: { text.contains($0) }) { return entry.reason }
        return text
    }
}

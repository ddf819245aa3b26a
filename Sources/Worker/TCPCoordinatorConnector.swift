import CoordinatorClient
import NIOSSL
import WireProtocol

/// Connects over TCP (optionally TLS) with `CoordinatorConnection`.
public struct TCPCoordinatorConnector: CoordinatorConnector {
    public var address: CoordinatorAddress
    public var tls: NIOSSLContext?

    public init(address: CoordinatorAddress, tls: NIOSSLContext? = nil) {
        self.address = address
        self.tls = tls
    }

    public func connect(hello: Hello) async throws -> any CoordinatorLink {
        try await CoordinatorConnection.connect(to: address, hello: hello, tls: tls)
    }
}

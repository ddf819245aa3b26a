import CoordinatorClient
import NIOSSL
import Runners
import SweepModel
import WireProtocol

/// A worker's source of code bundles: its coordinator, over a client connection of its own with the token.
struct CoordinatorCodeSource: CodeSource {
    let address: CoordinatorAddress
    let token: String
    let tls: NIOSSLContext?

    func bundle(_ hash: String) async throws -> CodeBundle {
        let connection = try await CoordinatorConnection.connect(
            to: address, hello: Hello(token: token, role: .client, worker: nil), tls: tls)
        defer { connection.close() }
        return try await CodeUpload.fetch(hash, over: connection)
    }
}

import CoordinatorClient
import WireProtocol

/// The worker's link to its coordinator: requests answered by responses, over one connection.
public protocol CoordinatorLink: AnyObject, Sendable {
    /// The lease terms the coordinator announced when the link opened.
    var welcome: Welcome { get }
    var isClosed: Bool { get }
    /// Sends `request` and waits for its response; a refusal is thrown as the `Refusal` itself.
    func send(_ request: Request) async throws -> Response
    /// Closes the link; requests waiting on it fail.
    func close()
}

extension CoordinatorConnection: CoordinatorLink {}

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

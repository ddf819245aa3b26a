import NIOCore
import NIOPosix

/// Why a connection to the coordinator failed or ended.
public enum ConnectionError: Error, Sendable, CustomStringConvertible {
    case closedByCoordinator, closedByClient, timedOut
    /// The address answered, but nothing listens on its port.
    case nothingListening(address: String)
    /// The address could not be reached (no route, no answer, name not found).
    case unreachable(address: String, reason: String)
    /// A worker that must exit when idle never got through within its connect timeout.
    case neverReached(address: String, seconds: Double, lastError: String)

    public var description: String {
        switch self {
        case .closedByCoordinator: "the coordinator closed the connection"
        case .closedByClient: "the connection was closed"
        case .timedOut: "the coordinator did not answer in time"
        case .nothingListening(let address): "nothing listening at \(address) (is the coordinator running there?)"
        case .unreachable(let address, let reason): "cannot reach \(address): \(reason)"
        case .neverReached(let address, let seconds, let lastError):
            "never reached the coordinator at \(address) in \(Int(seconds)) s (last: \(lastError)); check "
                + "--coordinator, the network and the coordinator's log"
        }
    }

    /// NIO's account of a failed connect, in words.
    init(_ error: NIOConnectionError, address: String) {
        if let dns = error.dnsAError ?? error.dnsAAAAError, error.connectionErrors.isEmpty {
            self = .unreachable(address: address, reason: "the host name was not found (\(dns))")
            return
        }
        let codes = error.connectionErrors.compactMap { ($0.error as? IOError)?.errnoCode }
        if !codes.isEmpty, codes.allSatisfy({ $0 == ECONNREFUSED }) {
            self = .nothingListening(address: address)
        } else {
            let reasons = error.connectionErrors.map { "\($0.error)" }
            self = .unreachable(
                address: address, reason: reasons.isEmpty ? "\(error)" : reasons.joined(separator: "; "))
        }
    }
}

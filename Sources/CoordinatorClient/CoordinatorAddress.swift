import NIOCore

/// HOST:PORT: where a coordinator is dialled, or where it (or its metrics endpoint) listens.
public struct CoordinatorAddress: Sendable, Hashable, CustomStringConvertible {
    public var host: String
    public var port: Int

    public init(host: String, port: Int) {
        self.host = host
        self.port = port
    }

    /// Parses the value of `option` as `HOST:PORT` (IPv6 hosts in brackets). Port 0, which asks the system
    /// for a free port, is accepted only with `allowsPortZero` (listening addresses).
    public init(parsing text: String, option: String, allowsPortZero: Bool = false) throws(AddressError) {
        func failure(_ problem: AddressError.Problem) -> AddressError {
            AddressError(option: option, text: text, problem: problem)
        }
        guard let colon = text.lastIndex(of: ":") else { throw failure(.noPort) }
        let portText = String(text[text.index(after: colon)...])
        guard let port = Int(portText) else { throw failure(.portNotANumber(portText)) }
        guard port != 0 || allowsPortZero else { throw failure(.portZeroNotAllowed) }
        guard (0...65535).contains(port) else { throw failure(.portOutOfRange(port)) }
        var host = String(text[..<colon])
        if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        guard !host.isEmpty else { throw failure(.emptyHost) }
        self.init(host: host, port: port)
    }

    public var description: String { host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)" }

    /// True when the host is an IPv4 or IPv6 literal rather than a name.
    public var isIPAddress: Bool {
        (try? SocketAddress(ipAddress: host, port: port)) != nil
    }
}

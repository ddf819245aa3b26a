/// The value of a HOST:PORT option (`--listen`, `--metrics-listen`, `--coordinator`) that is not one.
public struct AddressError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What is wrong with the value.
    public enum Problem: Sendable, Hashable {
        case noPort
        case portNotANumber(String)
        case portOutOfRange(Int)
        case portZeroNotAllowed
        case emptyHost
    }

    /// The option the value was given for, as typed on the command line (`--listen`).
    public var option: String
    public var text: String
    public var problem: Problem

    public init(option: String, text: String, problem: Problem) {
        self.option = option
        self.text = text
        self.problem = problem
    }

    public var description: String {
        "\(option): '\(text)' is not HOST:PORT (for example 127.0.0.1:7420): \(reason)"
    }

    private var reason: String {
        switch problem {
        case .noPort: "no ':PORT' at its end"
        case .portNotANumber(let port): "the port '\(port)' is not a number"
        case .portOutOfRange(let port): "the port \(port) is outside 1-65535"
        case .portZeroNotAllowed: "port 0 (any free port) is only for listening"
        case .emptyHost: "the host is empty"
        }
    }
}

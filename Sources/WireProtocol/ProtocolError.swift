/// A peer broke the protocol; the connection that did it is closed.
public enum ProtocolError: Error, Sendable, Hashable, CustomStringConvertible {
    case frameTooLarge(length: Int, limit: Int)
    case truncatedFrame(bytes: Int)
    case malformedMessage(String)
    case unexpectedMessage(String)

    public var description: String {
        switch self {
        case .frameTooLarge(let length, let limit):
            length == 0 ? "empty frame" : "frame of \(length) bytes exceeds the limit of \(limit)"
        case .truncatedFrame(let bytes): "connection closed inside a frame (\(bytes) bytes left)"
        case .malformedMessage(let detail): "malformed message: \(detail)"
        case .unexpectedMessage(let detail): "unexpected message: \(detail)"
        }
    }
}

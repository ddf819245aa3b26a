import Foundation
import NIOCore

/// Turns requests and responses into frame payloads and back: JSON objects `{"id", "type", "body"}`.
public struct MessageCodec: Sendable {
    public init() {}

    private struct Header: Decodable {
        var id: UInt64
        var type: String
    }

    private struct Envelope<Body: Codable>: Codable {
        var id: UInt64
        var type: String
        var body: Body
    }

    public func encode(_ request: Request, id: UInt64) throws -> ByteBuffer {
        switch request {
        case .hello(let body): try pack(id, request.kind, body)
        case .claim(let body): try pack(id, request.kind, body)
        case .heartbeat(let body): try pack(id, request.kind, body)
        case .complete(let body): try pack(id, request.kind, body)
        case .fail(let body): try pack(id, request.kind, body)
        case .release(let body): try pack(id, request.kind, body)
        case .submit(let body): try pack(id, request.kind, body)
        case .status(let body): try pack(id, request.kind, body)
        case .export(let body): try pack(id, request.kind, body)
        }
    }

    public func encode(_ response: Response, id: UInt64) throws -> ByteBuffer {
        switch response {
        case .welcome(let body): try pack(id, response.kind, body)
        case .refused(let body): try pack(id, response.kind, body)
        case .claimed(let body): try pack(id, response.kind, body)
        case .heartbeatAck(let body): try pack(id, response.kind, body)
        case .reportAck(let body): try pack(id, response.kind, body)
        case .submitted(let body): try pack(id, response.kind, body)
        case .status(let body): try pack(id, response.kind, body)
        case .exportPage(let body): try pack(id, response.kind, body)
        }
    }

    public func decodeRequest(_ buffer: ByteBuffer) throws(ProtocolError) -> (id: UInt64, request: Request) {
        let bytes = Data(buffer.readableBytesView)
        let header = try header(of: bytes)
        let request: Request
        switch header.type {
        case "hello": request = .hello(try body(bytes))
        case "claim": request = .claim(try body(bytes))
        case "heartbeat": request = .heartbeat(try body(bytes))
        case "complete": request = .complete(try body(bytes))
        case "fail": request = .fail(try body(bytes))
        case "release": request = .release(try body(bytes))
        case "submit": request = .submit(try body(bytes))
        case "status": request = .status(try body(bytes))
        case "export": request = .export(try body(bytes))
        default: throw .malformedMessage("unknown request type '\(header.type.prefix(40))'")
        }
        return (header.id, request)
    }

    public func decodeResponse(_ buffer: ByteBuffer) throws(ProtocolError) -> (id: UInt64, response: Response) {
        let bytes = Data(buffer.readableBytesView)
        let header = try header(of: bytes)
        let response: Response
        switch header.type {
        case "welcome": response = .welcome(try body(bytes))
        case "refused": response = .refused(try body(bytes))
        case "claimed": response = .claimed(try body(bytes))
        case "heartbeatAck": response = .heartbeatAck(try body(bytes))
        case "reportAck": response = .reportAck(try body(bytes))
        case "submitted": response = .submitted(try body(bytes))
        case "status": response = .status(try body(bytes))
        case "exportPage": response = .exportPage(try body(bytes))
        default: throw .malformedMessage("unknown response type '\(header.type.prefix(40))'")
        }
        return (header.id, response)
    }

    private func pack<Body: Codable>(_ id: UInt64, _ type: String, _ body: Body) throws -> ByteBuffer {
        let encoder = JSONEncoder()
        encoder.nonConformingFloatEncodingStrategy = .convertToString(
            positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return ByteBuffer(bytes: try encoder.encode(Envelope(id: id, type: type, body: body)))
    }

    private func header(of bytes: Data) throws(ProtocolError) -> Header {
        do {
            return try JSONDecoder().decode(Header.self, from: bytes)
        } catch {
            throw .malformedMessage("not a message envelope (\(Self.describe(error)))")
        }
    }

    private func body<Body: Codable>(_ bytes: Data) throws(ProtocolError) -> Body {
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(
            positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        do {
            return try decoder.decode(Envelope<Body>.self, from: bytes).body
        } catch {
            throw .malformedMessage(Self.describe(error))
        }
    }

    private static func describe(_ error: Error) -> String {
        guard let decoding = error as? DecodingError else { return "\(error)".prefix(200).description }
        switch decoding {
        case .keyNotFound(let key, let context):
            return "missing field '\(key.stringValue)' at \(context.codingPath.map(\.stringValue).joined(separator: "."))"
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .dataCorrupted(let context):
            return "bad field '\(context.codingPath.map(\.stringValue).joined(separator: "."))': "
                + context.debugDescription.prefix(120)
        @unknown default:
            return "undecodable"
        }
    }
}

import Foundation
import NIOCore
import SweepModel

/// Turns requests and responses into frame payloads and back: JSON objects `{"id", "type", "body"}`.
public struct MessageCodec: Sendable {
    public init() {}

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
        case .control(let body): try pack(id, request.kind, body)
        case .workers: try pack(id, request.kind, Empty())
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
        case .controlled(let body): try pack(id, response.kind, body)
        case .workers(let body): try pack(id, response.kind, body)
        }
    }

    public func decodeRequest(_ buffer: ByteBuffer) throws(ProtocolError) -> (id: UInt64, request: Request) {
        let envelope: RequestEnvelope = try decode(buffer)
        return (envelope.id, envelope.request)
    }

    public func decodeResponse(_ buffer: ByteBuffer) throws(ProtocolError) -> (id: UInt64, response: Response) {
        let envelope: ResponseEnvelope = try decode(buffer)
        return (envelope.id, envelope.response)
    }

    private func decode<Envelope: Decodable>(_ buffer: ByteBuffer) throws(ProtocolError) -> Envelope {
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(
            positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        do {
            return try decoder.decode(Envelope.self, from: Data(buffer.readableBytesView))
        } catch let error as ProtocolError {
            throw error
        } catch {
            throw .malformedMessage(Self.describe(error))
        }
    }

    private func pack<Body: Codable>(_ id: UInt64, _ type: String, _ body: Body) throws -> ByteBuffer {
        let encoder = JSONEncoder()
        encoder.nonConformingFloatEncodingStrategy = .convertToString(
            positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return ByteBuffer(bytes: try encoder.encode(Envelope(id: id, type: type, body: body)))
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

import NIOCore
import SweepModel

/// Turns requests and responses into frame payloads and back: a kind byte, the request id (which the
/// response repeats), then the body in the wire's binary form. Anything that does not parse completely is a
/// protocol error.
public struct MessageCodec: Sendable {
    public init() {}

    public func encode(_ request: Request, id: UInt64) throws -> ByteBuffer {
        var writer = WireWriter()
        writer.write(Self.tag(of: request))
        writer.write(id)
        switch request {
        case .hello(let body): writer.write(body)
        case .claim(let body): writer.write(body)
        case .heartbeat(let body): writer.write(body)
        case .complete(let body): writer.write(body)
        case .fail(let body): writer.write(body)
        case .release(let body): writer.write(body)
        case .submit(let body): writer.write(body)
        case .status(let body): writer.write(body)
        case .export(let body): writer.write(body)
        case .control(let body): writer.write(body)
        case .workers: break
        case .logs(let body): writer.write(body)
        case .putCode(let body): writer.write(body)
        case .getCode(let body): writer.write(body)
        case .demand(let body): writer.write(body)
        case .pilots(let body): writer.write(body)
        }
        return writer.buffer
    }

    public func encode(_ response: Response, id: UInt64) throws -> ByteBuffer {
        var writer = WireWriter()
        writer.write(Self.tag(of: response))
        writer.write(id)
        switch response {
        case .welcome(let body): writer.write(body)
        case .refused(let body): writer.write(body)
        case .claimed(let body): writer.write(body)
        case .heartbeatAck(let body): writer.write(body)
        case .reportAck(let body): writer.write(body)
        case .submitted(let body): writer.write(body)
        case .status(let body): writer.write(body)
        case .exportPage(let body): writer.write(body)
        case .logsPage(let body): writer.write(body)
        case .codeStored(let complete): writer.write(complete)
        case .codeChunk(let body): writer.write(body)
        case .controlled(let body): writer.write(body)
        case .workers(let body): writer.write(body)
        case .demand(let body): writer.write(body)
        case .pilotsRecorded: break
        }
        return writer.buffer
    }

    public func decodeRequest(_ buffer: ByteBuffer) throws(ProtocolError) -> (id: UInt64, request: Request) {
        var reader = WireReader(buffer)
        let tag = try reader.readByte()
        let id = try reader.readUInt64()
        let request: Request
        switch tag {
        case 1: request = .hello(try reader.read())
        case 2: request = .claim(try reader.read())
        case 3: request = .heartbeat(try reader.read())
        case 4: request = .complete(try reader.read())
        case 5: request = .fail(try reader.read())
        case 6: request = .release(try reader.read())
        case 7: request = .submit(try reader.read())
        case 8: request = .status(try reader.read())
        case 9: request = .export(try reader.read())
        case 10: request = .control(try reader.read())
        case 11: request = .workers
        case 12: request = .logs(try reader.read())
        case 13: request = .putCode(try reader.read())
        case 14: request = .getCode(try reader.read())
        case 15: request = .demand(try reader.read())
        case 16: request = .pilots(try reader.read())
        default: throw .malformedMessage("unknown request kind \(tag)")
        }
        if case .hello(let hello) = request, hello.protocolVersion != WireLimits.protocolVersion {
            return (id, request)
        }
        guard reader.isAtEnd else { throw .malformedMessage("trailing bytes after a \(request.kind) request") }
        return (id, request)
    }

    public func decodeResponse(_ buffer: ByteBuffer) throws(ProtocolError) -> (id: UInt64, response: Response) {
        var reader = WireReader(buffer)
        let tag = try reader.readByte()
        let id = try reader.readUInt64()
        let response: Response
        switch tag {
        case 64: response = .welcome(try reader.read())
        case 65: response = .refused(try reader.read())
        case 66: response = .claimed(try reader.read())
        case 67: response = .heartbeatAck(try reader.read())
        case 68: response = .reportAck(try reader.read())
        case 69: response = .submitted(try reader.read())
        case 70: response = .status(try reader.read())
        case 71: response = .exportPage(try reader.read())
        case 72: response = .controlled(try reader.read())
        case 73: response = .workers(try reader.read())
        case 74: response = .logsPage(try reader.read())
        case 75: response = .codeStored(complete: try reader.readBool())
        case 76: response = .codeChunk(try reader.read())
        case 77: response = .demand(try reader.read())
        case 78: response = .pilotsRecorded
        default: throw .malformedMessage("unknown response kind \(tag)")
        }
        guard reader.isAtEnd else { throw .malformedMessage("trailing bytes after a \(response.kind) response") }
        return (id, response)
    }

    static func tag(of request: Request) -> UInt8 {
        switch request {
        case .hello: 1
        case .claim: 2
        case .heartbeat: 3
        case .complete: 4
        case .fail: 5
        case .release: 6
        case .submit: 7
        case .status: 8
        case .export: 9
        case .control: 10
        case .workers: 11
        case .logs: 12
        case .putCode: 13
        case .getCode: 14
        case .demand: 15
        case .pilots: 16
        }
    }

    static func tag(of response: Response) -> UInt8 {
        switch response {
        case .welcome: 64
        case .refused: 65
        case .claimed: 66
        case .heartbeatAck: 67
        case .reportAck: 68
        case .submitted: 69
        case .status: 70
        case .exportPage: 71
        case .controlled: 72
        case .workers: 73
        case .logsPage: 74
        case .codeStored: 75
        case .codeChunk: 76
        case .demand: 77
        case .pilotsRecorded: 78
        }
    }
}

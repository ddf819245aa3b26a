import SweepModel

/// The keys of every message: its id, its type and its body.
enum EnvelopeKey: String, CodingKey {
    case id, type, body
}

/// A request read in one pass: the type picks how the body is decoded.
struct RequestEnvelope: Decodable {
    var id: UInt64
    var request: Request

    init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: EnvelopeKey.self)
        id = try container.decode(UInt64.self, forKey: .id)
        let type = try container.decode(String.self, forKey: .type)
        switch type {
        case "hello": request = .hello(try container.decode(Hello.self, forKey: .body))
        case "claim": request = .claim(try container.decode(ClaimRequest.self, forKey: .body))
        case "heartbeat": request = .heartbeat(try container.decode(HeartbeatRequest.self, forKey: .body))
        case "complete": request = .complete(try container.decode(CompleteRequest.self, forKey: .body))
        case "fail": request = .fail(try container.decode(FailRequest.self, forKey: .body))
        case "release": request = .release(try container.decode(ReleaseRequest.self, forKey: .body))
        case "submit": request = .submit(try container.decode(SubmitRequest.self, forKey: .body))
        case "status": request = .status(try container.decode(StatusRequest.self, forKey: .body))
        case "export": request = .export(try container.decode(ExportRequest.self, forKey: .body))
        case "control": request = .control(try container.decode(ControlRequest.self, forKey: .body))
        case "workers": request = .workers
        default: throw ProtocolError.malformedMessage("unknown request type '\(type.prefix(40))'")
        }
    }
}

/// A response read in one pass.
struct ResponseEnvelope: Decodable {
    var id: UInt64
    var response: Response

    init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: EnvelopeKey.self)
        id = try container.decode(UInt64.self, forKey: .id)
        let type = try container.decode(String.self, forKey: .type)
        switch type {
        case "welcome": response = .welcome(try container.decode(Welcome.self, forKey: .body))
        case "refused": response = .refused(try container.decode(Refusal.self, forKey: .body))
        case "claimed": response = .claimed(try container.decode(ClaimReply.self, forKey: .body))
        case "heartbeatAck": response = .heartbeatAck(try container.decode(HeartbeatReply.self, forKey: .body))
        case "reportAck": response = .reportAck(try container.decode(ReportReply.self, forKey: .body))
        case "submitted": response = .submitted(try container.decode(SubmitOutcome.self, forKey: .body))
        case "status": response = .status(try container.decode(StatusReply.self, forKey: .body))
        case "exportPage": response = .exportPage(try container.decode(ExportPage.self, forKey: .body))
        case "controlled": response = .controlled(try container.decode(ControlReply.self, forKey: .body))
        case "workers": response = .workers(try container.decode(WorkersReply.self, forKey: .body))
        default: throw ProtocolError.malformedMessage("unknown response type '\(type.prefix(40))'")
        }
    }
}

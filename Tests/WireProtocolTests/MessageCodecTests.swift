import NIOCore
import Testing
@testable import SweepModel
@testable import WireProtocol

@Suite("Messages")
struct MessageCodecTests {
    let codec = MessageCodec()

    @Test func requestsRoundTrip() throws {
        let result = TaskResult(
            lease: Lease(taskID: 7, attemptID: 9), metrics: Metrics(["loss": 0.25, "undefined": .nan]),
            provenance: Provenance(host: "h", cpuModel: "c", threads: 2, version: "v", startedAt: 1, endedAt: 2,
                                   wallSeconds: 1, peakRSSBytes: 3))
        let requests: [Request] = [
            .hello(Hello(token: "t", role: .worker, worker: WorkerInfo(id: "w", host: "h", cpuModel: "c", threads: 2,
                                                                        pid: 4, version: "v"))),
            .claim(ClaimRequest(limit: 8, waitSeconds: 20, returnWhenIdle: true)),
            .heartbeat(HeartbeatRequest(leases: [Lease(taskID: 1, attemptID: 2)])),
            .complete(CompleteRequest(results: [result])),
            .fail(FailRequest(failures: [TaskFailure(lease: Lease(taskID: 1, attemptID: 2), error: "boom")])),
            .release(ReleaseRequest(leases: [Lease(taskID: 3, attemptID: 4)])),
            .submit(SubmitRequest(file: "f.yaml", text: "name: x")),
            .status(StatusRequest(sweep: nil)),
            .export(ExportRequest(sweep: "s", afterTaskID: 10, limit: 100)),
        ]
        for (index, request) in requests.enumerated() {
            let decoded = try codec.decodeRequest(try codec.encode(request, id: UInt64(index)))
            #expect(decoded.id == UInt64(index))
            if case .complete(let report) = decoded.request {
                #expect(report.results[0].metrics["loss"] == 0.25)
                #expect(report.results[0].metrics["undefined"]?.isNaN == true)
            } else {
                #expect(decoded.request == request)
            }
        }
    }

    @Test func responsesRoundTrip() throws {
        let task = LeasedTask(lease: Lease(taskID: 1, attemptID: 2), key: "k", experiment: "noop",
                              parameters: Parameters(["a": .number(1), "regime": .string("multimodal")]),
                              previousAttempts: 0)
        let responses: [Response] = [
            .welcome(Welcome(protocolVersion: 1, coordinatorVersion: "v", leaseSeconds: 30, heartbeatSeconds: 10)),
            .refused(Refusal(code: .badToken, message: "no")),
            .claimed(ClaimReply(tasks: [task], idle: false)),
            .heartbeatAck(HeartbeatReply(lost: [])),
            .reportAck(ReportReply(entries: [.init(lease: task.lease, accepted: true)])),
            .submitted(SubmitOutcome(sweep: "s", added: 1, existing: 2)),
            .status(StatusReply(sweeps: [SweepProgress(name: "s", experiment: "noop", total: 3)])),
            .exportPage(ExportPage(records: [], nextAfterTaskID: nil)),
        ]
        for response in responses {
            #expect(try codec.decodeResponse(try codec.encode(response, id: 5)) == (5, response))
        }
    }

    @Test(arguments: [
        "", "not json", "[]", "{\"id\":1}", "{\"id\":1,\"type\":\"claim\"}", "{\"id\":1,\"type\":\"launch\",\"body\":{}}",
        "{\"id\":-1,\"type\":\"claim\",\"body\":{\"limit\":1,\"waitSeconds\":0,\"returnWhenIdle\":false}}",
        "{\"id\":1,\"type\":\"claim\",\"body\":{\"limit\":\"many\",\"waitSeconds\":0,\"returnWhenIdle\":false}}",
    ])
    func malformedMessagesAreRefusedWithAReason(text: String) {
        #expect(throws: ProtocolError.self) { try codec.decodeRequest(ByteBuffer(string: text)) }
    }
}

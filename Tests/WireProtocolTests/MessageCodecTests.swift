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
            provenance: Provenance(
                host: "h", cpuModel: "c", threads: 2, version: "v", startedAt: 1, endedAt: 2,
                wallSeconds: 1, peakRSSBytes: 3))
        let requests: [Request] = [
            .hello(
                Hello(
                    token: "t", role: .worker,
                    worker: WorkerInfo(
                        id: "w", host: "h", cpuModel: "c", threads: 2,
                        pid: 4, version: "v"))),
            .hello(
                Hello(
                    token: "t", role: .worker,
                    worker: WorkerInfo(
                        id: "w", host: "h", cpuModel: "c", threads: 2, pid: 4, version: "v", allowsCommands: true))),
            .claim(ClaimRequest(limit: 8, waitSeconds: 20, returnWhenIdle: true)),
            .heartbeat(HeartbeatRequest(leases: [Lease(taskID: 1, attemptID: 2)])),
            .heartbeat(
                HeartbeatRequest(
                    leases: [Lease(taskID: 1, attemptID: 2, secret: "s")],
                    running: [RunReport(taskID: 1, attemptID: 2, startedAt: 1.5, progress: "{\"epoch\":3}")])),
            .complete(CompleteRequest(results: [result])),
            .fail(FailRequest(failures: [TaskFailure(lease: Lease(taskID: 1, attemptID: 2), error: "boom")])),
            .release(ReleaseRequest(leases: [Lease(taskID: 3, attemptID: 4)])),
            .submit(SubmitRequest(file: "f.yaml", text: "name: x", directory: "/home/u/sweeps")),
            .status(StatusRequest(sweep: nil)),
            .export(ExportRequest(sweep: "s", afterTaskID: 10, limit: 100)),
            .logs(LogsRequest(sweep: "s", limit: 50)),
            .logs(
                LogsRequest(
                    sweep: "s", keyPrefix: "ab", state: .failed, attempt: 2, afterTaskID: 3, afterAttemptID: 9,
                    limit: 7)),
            .hello(
                Hello(
                    token: "t", role: .worker,
                    worker: WorkerInfo(
                        id: "w", host: "h", cpuModel: "c", threads: 2, pid: 4, version: "v", slurmJobID: "4242"))),
            .demand(DemandRequest(sweeps: ["a", "b"])),
            .demand(DemandRequest()),
            .pilots(
                PilotReport(
                    allocator: "me/pilots", pilots: [PilotJob(jobID: "7", state: "PENDING", submittedAt: 1.5)])),
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

    /// A sweep two rounds into refining, ended as `end` says.
    func refining(_ end: RefinementProgress.End?) -> SweepProgress {
        var progress = SweepProgress(name: "r", experiment: "synthetic_boundary", total: 75, done: 75)
        progress.refinement = RefinementProgress(round: 2, rounds: 4, end: end)
        return progress
    }

    @Test func responsesRoundTrip() throws {
        let task = LeasedTask(
            lease: Lease(taskID: 1, attemptID: 2), key: "k", experiment: "noop",
            parameters: Parameters(["a": .number(1), "regime": .string("multimodal")]),
            previousAttempts: 0)
        let command = CommandSpec(
            argv: [
                ArgumentTemplate(pieces: [.literal("python3")]),
                ArgumentTemplate(pieces: [.literal("--out="), .taskDirectory]),
                ArgumentTemplate(pieces: [.allArguments]),
            ], environment: ["A": "1"], timeoutSeconds: 60, directory: "/d")
        var commandTask = task
        commandTask.experiment = command.experimentName
        commandTask.command = command
        let responses: [Response] = [
            .claimed(ClaimReply(tasks: [commandTask, task], idle: false)),
            .welcome(Welcome(protocolVersion: 1, coordinatorVersion: "v", leaseSeconds: 30, heartbeatSeconds: 10)),
            .refused(Refusal(code: .badToken, message: "no")),
            .claimed(ClaimReply(tasks: [task], idle: false)),
            .heartbeatAck(HeartbeatReply(lost: [])),
            .reportAck(ReportReply(entries: [.init(lease: task.lease, accepted: true)])),
            .submitted(SubmitOutcome(sweep: "s", added: 1, existing: 2)),
            .status(StatusReply(sweeps: [SweepProgress(name: "s", experiment: "noop", total: 3)])),
            .status(
                StatusReply(sweeps: [SweepProgress(name: "s", experiment: "noop", total: 3, running: 2, started: 1)])),
            .status(StatusReply(sweeps: [refining(nil), refining(.converged), refining(.failed("no metric 'm'"))])),
            .workers(
                WorkersReply(workers: [
                    WorkerStatus(
                        id: "w", host: "h", threads: 2, version: "v", connectedAt: 1, lastSeenAt: 2,
                        leases: [Lease(taskID: 1, attemptID: 2)],
                        running: [RunReport(taskID: 1, attemptID: 2, startedAt: 1.5, progress: "{}")])
                ])),
            .exportPage(ExportPage(records: [], nextAfterTaskID: nil)),
            .logsPage(
                LogsPage(
                    entries: [
                        AttemptLog(
                            taskID: 3, attemptID: 9, key: "ab12", attempt: 2, outcome: "failed", host: "h",
                            taskState: "failed", detail: "exit 3",
                            tails: AttemptLogTails(stdout: "out", stderr: "err")),
                        AttemptLog(
                            taskID: 4, attemptID: 10, key: "cd", attempt: 1, outcome: "accepted", host: "h",
                            taskState: "done", detail: nil, tails: AttemptLogTails()),
                    ], more: true)),
            .workers(
                WorkersReply(
                    workers: [
                        WorkerStatus(
                            id: "w", host: "h", threads: 1, version: "v", connectedAt: 1, lastSeenAt: 2,
                            slurmJobID: "7")
                    ],
                    pilots: [
                        PilotStatus(
                            allocator: "me/pilots", job: PilotJob(jobID: "7", state: "RUNNING", submittedAt: 1),
                            reportedAt: 2, workers: ["w"], holding: 1, tasksDone: 3)
                    ])),
            .demand(
                WorkDemand(
                    groups: [
                        WorkDemand.Group(requirements: Requirements(), pending: 3, running: 1),
                        WorkDemand.Group(
                            requirements: Requirements(cores: 4, memoryMB: 100, gpus: 1), isCommand: true, pending: 2),
                    ], held: 5)),
            .pilotsRecorded,
        ]
        for response in responses {
            #expect(try codec.decodeResponse(try codec.encode(response, id: 5)) == (5, response))
        }
    }

    @Test func malformedMessagesAreRefusedWithAReason() throws {
        let claim = Array(try codec.encode(.claim(ClaimRequest(limit: 4, waitSeconds: 1)), id: 9).readableBytesView)
        let complete = Array(try codec.encode(.complete(CompleteRequest(results: [])), id: 9).readableBytesView)
        var hugeCount = complete
        hugeCount.replaceSubrange(9..<13, with: [0x7F, 0xFF, 0xFF, 0xFF])
        let cases: [[UInt8]] = [
            [], Array("not a message".utf8), [99, 0, 0, 0, 0, 0, 0, 0, 1], Array(claim.dropLast()), claim + [0],
            hugeCount,
            [1, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, UInt8(WireLimits.protocolVersion), 0, 0, 0, 9, 65],
        ]
        for bytes in cases {
            #expect(throws: ProtocolError.self, "\(bytes)") { try codec.decodeRequest(ByteBuffer(bytes: bytes)) }
        }
        // Every strict prefix of a valid message is refused too.
        let hello = Array(
            try codec.encode(.hello(Hello(token: "secret", role: .client, worker: nil)), id: 3)
                .readableBytesView)
        for length in 0..<hello.count {
            #expect(throws: ProtocolError.self) { try codec.decodeRequest(ByteBuffer(bytes: hello.prefix(length))) }
        }
    }

    @Test func aHelloOfAnotherVersionIsReadForItsVersionOnly() throws {
        var writer = WireWriter()
        writer.write(1 as UInt8)
        writer.write(7 as UInt64)
        writer.write(99)
        writer.write("anything the future might add")
        let (id, request) = try codec.decodeRequest(writer.buffer)
        #expect(id == 7)
        #expect(request == .hello(Hello(protocolVersion: 99, token: "", role: .client, worker: nil)))
    }
}

import NIOCore
import NIOEmbedded
import SweepModel
import Testing
@testable import WireProtocol

/// Seeded fuzzing of the frame and message decoders: random and mutated inputs never crash them; each is
/// refused with a `ProtocolError` or decodes to a message that survives another round trip.
@Suite("Fuzzing the decoders")
struct FuzzTests {
    let codec = MessageCodec()

    static func samples() throws -> [[UInt8]] {
        let codec = MessageCodec()
        let lease = Lease(taskID: 12, attemptID: 34)
        let provenance = Provenance(
            host: "node-7", cpuModel: "cpu", threads: 4, version: "0.1.0", startedAt: 1,
            endedAt: 2, wallSeconds: 1, peakRSSBytes: 1 << 20)
        let task = LeasedTask(
            lease: lease, key: "abc", experiment: "multimodal",
            parameters: Parameters(["sigma": .number(0.3), "regime": .string("unimodal")]),
            previousAttempts: 1)
        let requests: [Request] = [
            .hello(
                Hello(
                    token: "t", role: .worker,
                    worker: WorkerInfo(
                        id: "w", host: "h", cpuModel: "c", threads: 2,
                        pid: 9, version: "v"))),
            .claim(ClaimRequest(limit: 8, waitSeconds: 20, returnWhenIdle: true)),
            .heartbeat(HeartbeatRequest(leases: [lease, lease])),
            .complete(
                CompleteRequest(results: [
                    TaskResult(
                        lease: lease, metrics: Metrics(["a": 1, "b": .nan]),
                        provenance: provenance)
                ])),
            .fail(FailRequest(failures: [TaskFailure(lease: lease, error: "boom")])),
            .release(ReleaseRequest(leases: [lease])),
            .submit(SubmitRequest(file: "f.yaml", text: "name: s\nexperiment: noop\n")),
            .status(StatusRequest(sweep: "s")), .export(ExportRequest(sweep: "s", afterTaskID: 3, limit: 10)),
            .control(ControlRequest(sweep: "s", action: .requeue, states: [.failed, .done])), .workers,
            .demand(DemandRequest(sweeps: ["s", "t"])),
            .pilots(PilotReport(allocator: "a", pilots: [PilotJob(jobID: "1", state: "RUNNING", submittedAt: 1)])),
        ]
        let responses: [Response] = [
            .claimed(ClaimReply(tasks: [task, task], idle: false)),
            .reportAck(ReportReply(entries: [.init(lease: lease, accepted: true)])),
            .status(StatusReply(sweeps: [SweepProgress(name: "s", experiment: "noop", total: 3, pending: 1)])),
            .exportPage(
                ExportPage(
                    records: [
                        TaskRecord(
                            taskID: 1, key: "k", experiment: "noop",
                            parameters: Parameters(["a": .bool(true)]), state: .done,
                            attempts: 1, metrics: Metrics(["x": 2]), provenance: provenance)
                    ],
                    nextAfterTaskID: 1, axes: [Axis(name: "a", values: [.number(1)], spacing: .log)])),
            .refused(Refusal(code: .badToken, message: "no")),
            .demand(WorkDemand(groups: [WorkDemand.Group(requirements: Requirements(cores: 2), pending: 3)], held: 1)),
        ]
        return try requests.map { Array(try codec.encode($0, id: 77).readableBytesView) }
            + responses.map { Array(try codec.encode($0, id: 78).readableBytesView) }
    }

    static func mutate(_ input: [UInt8], using generator: inout SplitMix64) -> [UInt8] {
        var bytes = input
        for _ in 0..<Int.random(in: 1...4, using: &generator) {
            switch Int.random(in: 0..<6, using: &generator) {
            case 0 where !bytes.isEmpty:
                bytes[Int.random(in: 0..<bytes.count, using: &generator)] ^= UInt8(
                    1 << Int.random(in: 0..<8, using: &generator))
            case 1 where !bytes.isEmpty:
                bytes[Int.random(in: 0..<bytes.count, using: &generator)] = UInt8.random(in: 0...255, using: &generator)
            case 2:
                bytes.insert(
                    UInt8.random(in: 0...255, using: &generator), at: Int.random(in: 0...bytes.count, using: &generator)
                )
            case 3 where !bytes.isEmpty: bytes.remove(at: Int.random(in: 0..<bytes.count, using: &generator))
            case 4: bytes = Array(bytes.prefix(Int.random(in: 0...bytes.count, using: &generator)))
            default:
                // Inflate a 32-bit count somewhere: the reader must not trust it.
                if bytes.count > 13 {
                    let at = Int.random(in: 9..<(bytes.count - 4), using: &generator)
                    bytes.replaceSubrange(
                        at..<(at + 4), with: [0x7F, 0xFF, 0xFF, UInt8.random(in: 0...255, using: &generator)])
                }
            }
        }
        return bytes
    }

    /// The decoded message, or nil (counted) when the codec refuses the input with a `ProtocolError`.
    static func refusedOrDecoded<Message>(_ decode: () throws -> Message, _ refused: inout Int) throws -> Message? {
        do {
            return try decode()
        } catch is ProtocolError {
            refused += 1
            return nil
        }
    }

    /// Two decoded messages are the same when equal. A message holding NaN never is (copies compare NaN as
    /// different), and one holding a dictionary may encode its entries in another order; for those, the
    /// message's encoding must hold the very bytes it was decoded from, up to order: the codec writes doubles
    /// by bit pattern, so a value the encoder changed or dropped still shows. Invalid UTF-8 in a string
    /// decodes to U+FFFD, so such a message is only held to encoding the same bytes again.
    static func same<Message: Equatable>(
        _ again: Message, _ original: Message, _ encoded: ByteBuffer, _ input: [UInt8],
        _ reencoded: @autoclosure () throws -> ByteBuffer
    ) rethrows -> Bool {
        if again == original || Array(encoded.readableBytesView).sorted() == input.sorted() { return true }
        guard String(describing: original).contains("\u{FFFD}") else { return false }
        return Array(try reencoded().readableBytesView).sorted() == Array(encoded.readableBytesView).sorted()
    }

    @Test func oneHundredThousandRandomAndMutatedMessages() throws {
        let samples = try Self.samples()
        var generator = SplitMix64(seed: 2026)
        var refused = 0
        var decoded = 0
        for round in 0..<100_000 {
            let input: [UInt8]
            if round % 4 == 0 {
                input = (0..<Int.random(in: 0..<160, using: &generator)).map { _ in
                    UInt8.random(in: 0...255, using: &generator)
                }
            } else {
                input = Self.mutate(samples[Int.random(in: 0..<samples.count, using: &generator)], using: &generator)
            }
            let buffer = ByteBuffer(bytes: input)
            if let (id, request) = try Self.refusedOrDecoded({ try codec.decodeRequest(buffer) }, &refused) {
                // What decoded must encode, and decode again to the same message: a refusal here is a bug.
                let encoded = try codec.encode(request, id: id)
                let again = try codec.decodeRequest(encoded)
                #expect(again.id == id)
                let same = try Self.same(
                    again.request, request, encoded, input, try codec.encode(again.request, id: id))
                #expect(same, "\(request) came back as \(again.request)")
                decoded += 1
            }
            if let (id, response) = try Self.refusedOrDecoded({ try codec.decodeResponse(buffer) }, &refused) {
                let encoded = try codec.encode(response, id: id)
                let again = try codec.decodeResponse(encoded)
                #expect(again.id == id)
                let same = try Self.same(
                    again.response, response, encoded, input, try codec.encode(again.response, id: id))
                #expect(same, "\(response) came back as \(again.response)")
                decoded += 1
            }
        }
        #expect(refused > 100_000)
        #expect(decoded > 0)
    }

    @Test func randomByteStreamsThroughTheFrameDecoder() throws {
        var generator = SplitMix64(seed: 7)
        var dropped = 0
        for _ in 0..<2_000 {
            let channel = EmbeddedChannel()
            try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(FrameDecoder(maximumFrameLength: 4096)))
            do {
                for _ in 0..<Int.random(in: 1...6, using: &generator) {
                    var chunk = ByteBuffer()
                    if Bool.random(using: &generator) {
                        let length = Int.random(in: 0...5000, using: &generator)
                        chunk.writeInteger(UInt32(length))
                        chunk.writeBytes(
                            (0..<min(length, Int.random(in: 0...300, using: &generator))).map { _ in 0x41 })
                    } else {
                        chunk.writeBytes(
                            (0..<Int.random(in: 0...64, using: &generator)).map { _ in
                                UInt8.random(in: 0...255, using: &generator)
                            })
                    }
                    try channel.writeInbound(chunk)
                    while let frame = try channel.readInbound(as: ByteBuffer.self) {
                        #expect(frame.readableBytes > 0 && frame.readableBytes <= 4096)
                    }
                }
                _ = try channel.finish()
            } catch is ProtocolError {
                dropped += 1
            }
        }
        #expect(dropped > 0)
    }
}

import Foundation
import SweepModel
import Testing
import Worker

@testable import Runners

/// The executor's line protocol: every message reads back as written, awkward text included, and a line that
/// is not a message is refused.
@Suite struct ExecutorLineTests {
    func line(_ text: String) -> Data {
        Data(text.dropLast().utf8)
    }

    @Test func messagesReadBackAsWritten() throws {
        let parameters = Parameters([
            "label": .string("tab\there \"quoted\"\nnext"), "a": .number(1e-300), "flag": .bool(true),
        ])
        let messages: [ExecutorMessage] = [
            .run(ExecutorJob(id: 7, experiment: "noop", parameters: parameters, threads: 3)),
            .run(ExecutorJob(id: 8, experiment: "odd\tname", parameters: Parameters(), threads: 1)),
            .run(ExecutorJob(id: 9, experiment: "infonce_step", parameters: parameters, threads: 2, memoryMiB: 2048)),
            .cancel(id: UInt64.max),
        ]
        for message in messages {
            #expect(!message.line.dropLast().contains("\n"))
            #expect(try ExecutorMessage(line: line(message.line)) == message)
        }
    }

    @Test func repliesReadBackAsWritten() throws {
        let replies: [ExecutorReply] = [
            ExecutorReply(
                id: 1,
                ending: .succeeded(
                    Metrics(["loss": 0.25, "gap": .nan, "big": -.infinity]), RunFacts(peakRSSBytes: 51, kernels: "avx2")
                )),
            ExecutorReply(id: 2, ending: .refused("noop: crash must be one of none, abort\n\tsecond line")),
            ExecutorReply(id: 3, ending: .failed("noop asked to fail")),
            ExecutorReply(id: 4, ending: .cancelled),
        ]
        for reply in replies {
            let read = try ExecutorReply(line: line(reply.line))
            #expect(read.id == reply.id)
            #expect(read.ending.description == reply.ending.description)
        }
    }

    @Test(arguments: [
        "", "run", "run\t1\t2\tnoop", "run\t1\t2/x\t\"noop\"\t{}", "run\tx\t1\t\"noop\"\t{}", "cancel\t-1",
        "ok\t1\t2\tavx2\t[1]", "hello\t1",
    ])
    func aLineThatIsNotAMessageIsRefused(text: String) {
        #expect(throws: ExecutorLineError.self) { try ExecutorMessage(line: Data(text.utf8)) }
        #expect(throws: ExecutorLineError.self) { try ExecutorReply(line: Data(text.utf8)) }
    }
}

extension ExecutorReply.Ending: CustomStringConvertible {
    /// Metrics compare by their names and values' text, so that NaN equals NaN (their order is not kept).
    public var description: String {
        switch self {
        case .succeeded(let metrics, let facts):
            "ok \(metrics.map { "\($0.name)=\($0.value)" }.sorted()) \(facts.peakRSSBytes) \(facts.kernels)"
        case .refused(let message): "refused \(message)"
        case .failed(let message): "failed \(message)"
        case .cancelled: "cancelled"
        }
    }
}

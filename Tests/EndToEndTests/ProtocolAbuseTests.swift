import TestSupport
import Foundation
import Testing
import SweepModel
import CoordinatorClient
import WireProtocol

/// Peers that lie, lag or speak nonsense, against a real coordinator process.
@Suite("Hostile and late peers", .serialized)
struct ProtocolAbuseTests {
    let directory = TemporaryDirectory()

    @Test func aCompletionForAStaleAttemptIsRefused() async throws {
        let coordinator = CoordinatorHarness(directory: directory, leaseSeconds: 1)
        try await coordinator.start()
        try await coordinator.submit("name: s\nexperiment: noop\n")
        let slow = try await coordinator.client(role: .worker, workerID: "slow")
        guard case .claimed(let first) = try await slow.send(.claim(ClaimRequest(limit: 1, waitSeconds: 5))) else {
            Issue.record("no claim reply")
            return
        }
        #expect(first.tasks.count == 1)
        let fast = try await coordinator.client(role: .worker, workerID: "fast")
        // The slow worker never heartbeats: its lease expires and the task goes to the fast one.
        guard case .claimed(let second) = try await fast.send(.claim(ClaimRequest(limit: 1, waitSeconds: 10))) else {
            Issue.record("no claim reply")
            return
        }
        #expect(second.tasks.first?.lease.taskID == first.tasks[0].lease.taskID)
        #expect(second.tasks.first?.lease.attemptID != first.tasks[0].lease.attemptID)

        let provenance = Provenance(
            host: "h", cpuModel: "c", threads: 1, version: "t", startedAt: 0, endedAt: 1,
            wallSeconds: 1, peakRSSBytes: 1)
        let late = TaskResult(lease: first.tasks[0].lease, metrics: Metrics(["value": 1]), provenance: provenance)
        guard case .reportAck(let lateAck) = try await slow.send(.complete(CompleteRequest(results: [late]))) else {
            Issue.record("no ack")
            return
        }
        #expect(lateAck.entries.map(\.accepted) == [false])
        let current = TaskResult(lease: second.tasks[0].lease, metrics: Metrics(["value": 2]), provenance: provenance)
        guard case .reportAck(let ack) = try await fast.send(.complete(CompleteRequest(results: [current, current])))
        else {
            Issue.record("no ack")
            return
        }
        #expect(ack.entries.map(\.accepted) == [true, true])
        let lateAgain = try await slow.send(.complete(CompleteRequest(results: [late])))
        #expect(lateAgain == .reportAck(ReportReply(entries: [.init(lease: late.lease, accepted: false)])))
        let probe = StoreProbe(path: coordinator.database)
        #expect(try probe.acceptedResults() == [second.tasks[0].lease.taskID: second.tasks[0].lease.attemptID])
        #expect(try probe.attempts(outcome: "stale") == 1)
    }

    @Test func aWrongTokenOrProtocolVersionIsRefusedWithAClearError() async throws {
        let coordinator = CoordinatorHarness(directory: directory, token: "correct horse")
        try await coordinator.start()
        await #expect(throws: Refusal(code: .badToken, message: "the token does not match the coordinator's")) {
            _ = try await coordinator.client(token: "battery staple")
        }
        let address = CoordinatorAddress(host: "127.0.0.1", port: coordinator.port)
        do {
            _ = try await CoordinatorConnection.connect(
                to: address, hello: Hello(protocolVersion: 99, token: "correct horse", role: .client, worker: nil))
            Issue.record("version 99 was accepted")
        } catch let refusal as Refusal {
            #expect(refusal.code == .versionMismatch)
        }
        let worker = try coordinator.worker(
            ["--exit-when-idle"], name: "bad-token", environment: ["INFOSWEEP_TOKEN": "nope"])
        #expect(await worker.wait(seconds: 20) != 0)
        #expect(worker.log.contains("the token does not match the coordinator's"))
        #expect(!worker.log.contains("badToken"))
        // Each of the three refusals (bad token, version 99, the worker's bad token) is logged with the peer.
        let refusals = (coordinator.child?.log ?? "").split(separator: "\n").filter { $0.contains("refused peer") }
        #expect(refusals.count >= 3, "\(refusals)")
        #expect(refusals.allSatisfy { $0.contains("127.0.0.1:") }, "a refusal without the peer's address: \(refusals)")
        let good = try await coordinator.client()
        #expect(try await good.send(.status(StatusRequest(sweep: nil))) == .status(StatusReply(sweeps: [])))
    }

    @Test func malformedTruncatedAndOversizedFramesDropOnlyThatConnection() async throws {
        let coordinator = CoordinatorHarness(directory: directory)
        try await coordinator.start()
        let bystander = try await coordinator.client()

        let hello = try MessageCodec().encode(.hello(Hello(token: "", role: .client, worker: nil)), id: 1)
        let helloFrame = RawSocket.frame(Array(hello.readableBytesView))
        let abuses: [(String, [UInt8])] = [
            ("oversized length", [0x7F, 0xFF, 0xFF, 0xFF, 1, 2, 3]),
            ("garbage payload", RawSocket.frame(Array("this is not json".utf8))),
            (
                "request before hello",
                RawSocket.frame(
                    Array(
                        try MessageCodec().encode(.status(StatusRequest(sweep: nil)), id: 1).readableBytesView))
            ),
            ("trailing bytes", RawSocket.frame(Array(hello.readableBytesView) + [0])),
            ("a count larger than the message", helloFrame + RawSocket.frame([2, 0, 0, 0, 0, 0, 0, 0, 9, 0xFF, 0xFF])),
            (
                "garbage after hello",
                helloFrame + RawSocket.frame(Array("{\"id\":2,\"type\":\"claim\",\"body\":7}".utf8))
            ),
            ("empty frame", [0, 0, 0, 0]),
        ]
        for (name, bytes) in abuses {
            let socket = try RawSocket(port: coordinator.port)
            try socket.send(bytes)
            #expect(socket.waitForClose(seconds: 5), "connection not dropped after \(name)")
        }
        // A truncated frame: the peer goes away halfway through.
        let truncated = try RawSocket(port: coordinator.port)
        try truncated.send(Array(helloFrame.prefix(helloFrame.count / 2)))
        truncated.close()

        #expect(try await bystander.send(.status(StatusRequest(sweep: nil))) == .status(StatusReply(sweeps: [])))
        let fresh = try await coordinator.client()
        #expect(try await fresh.send(.status(StatusRequest(sweep: nil))) == .status(StatusReply(sweeps: [])))
        #expect(coordinator.child?.process.isRunning == true)
    }

    @Test func aPeerThatSaysNothingIsDroppedAfterTenSecondsAndOnlyIt() async throws {
        let coordinator = CoordinatorHarness(directory: directory)
        try await coordinator.start()
        let bystander = try await coordinator.client()
        let silent = try RawSocket(port: coordinator.port)
        let hello = try MessageCodec().encode(.hello(Hello(token: "", role: .client, worker: nil)), id: 1)
        let halfHello = try RawSocket(port: coordinator.port)
        try halfHello.send(Array(RawSocket.frame(Array(hello.readableBytesView)).prefix(6)))
        let connected = Date()
        #expect(!silent.waitForClose(seconds: 8), "a silent peer was dropped before its 10 s")
        #expect(silent.waitForClose(seconds: 5), "a silent peer was not dropped after 10 s")
        #expect(halfHello.waitForClose(seconds: 1), "a peer that stopped mid-hello was not dropped")
        let waited = Date().timeIntervalSince(connected)
        #expect(waited >= 9.5 && waited < 14, "dropped after \(waited) s")
        #expect(try await bystander.send(.status(StatusRequest(sweep: nil))) == .status(StatusReply(sweeps: [])))
    }

    @Test func aClaimTakesAtMostItsShareOfThePendingTasksAmongConnectedWorkers() async throws {
        let coordinator = CoordinatorHarness(directory: directory)
        try await coordinator.start()
        try await coordinator.submit("name: share\nexperiment: noop\ngrid: {a: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]}\n")
        var workers: [CoordinatorConnection] = []
        for index in 1...3 { workers.append(try await coordinator.client(role: .worker, workerID: "w\(index)")) }
        defer { workers.forEach { $0.close() } }
        var taken: [Int] = []
        for worker in workers {
            guard case .claimed(let reply) = try await worker.send(.claim(ClaimRequest(limit: 100, waitSeconds: 0)))
            else { throw HarnessError("no claim reply") }
            taken.append(reply.tasks.count)
            // The coordinator reads the queue's depth at most every 0.25 s.
            try await Task.sleep(for: .milliseconds(300))
        }
        #expect(taken == [4, 2, 2])
    }
}

/// A plain blocking TCP socket for sending bytes no real client would send.
final class RawSocket {
    private let descriptor: Int32
    private var closed = false

    init(port: Int) throws {
        descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard result == 0 else { throw HarnessError("connect failed: \(errno)") }
    }

    static func frame(_ payload: [UInt8]) -> [UInt8] {
        let length = UInt32(payload.count)
        return [UInt8(length >> 24), UInt8(length >> 16 & 0xff), UInt8(length >> 8 & 0xff), UInt8(length & 0xff)]
            + payload
    }

    func send(_ bytes: [UInt8]) throws {
        let sent = bytes.withUnsafeBytes { Glibc.send(descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
        guard sent == bytes.count else { throw HarnessError("send failed: \(errno)") }
    }

    /// True once the peer closes the connection (reads return 0 or an error) within `seconds`.
    func waitForClose(seconds: Double) -> Bool {
        var timeout = timeval(tv_sec: Int(seconds), tv_usec: 0)
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var buffer = [UInt8](repeating: 0, count: 4096)
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            let count = recv(descriptor, &buffer, buffer.count, 0)
            if count == 0 { return true }
            if count < 0 { return errno != EAGAIN && errno != EWOULDBLOCK }
        }
        return false
    }

    /// Closes the socket once: a second close could close another connection's reused descriptor.
    func close() {
        guard !closed else { return }
        closed = true
        Glibc.close(descriptor)
    }

    deinit {
        close()
    }
}

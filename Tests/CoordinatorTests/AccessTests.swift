import SweepModel
import Testing
import WireProtocol

@testable import Coordinator

@Suite("Who may send what")
struct AccessTests {
    @Test(arguments: ["claim", "heartbeat", "complete", "fail", "release"])
    func leaseRequestsFromAClientAreRefused(kind: String) async throws {
        let harness = try await CoordinatorHarness()
        try await harness.submit("name: s\nexperiment: noop\ngrid: {a: [1]}\n")
        let worker = await harness.worker("w1")
        let lease = try #require(try await harness.claim(worker).tasks.first).lease
        let request: Request =
            switch kind {
            case "claim": .claim(ClaimRequest(limit: 1, waitSeconds: 0, returnWhenIdle: false))
            case "heartbeat": .heartbeat(HeartbeatRequest(leases: [lease]))
            case "complete":
                .complete(
                    CompleteRequest(results: [
                        TaskResult(lease: lease, metrics: Metrics(["x": 1]), provenance: CoordinatorHarness.provenance)
                    ]))
            case "fail": .fail(FailRequest(failures: [TaskFailure(lease: lease, error: "x")]))
            default: .release(ReleaseRequest(leases: [lease]))
            }
        let response = await harness.core.handle(request, from: nil)
        guard case .refused(let refusal) = response else { throw Unexpected(response) }
        #expect(refusal.code == .badRequest && refusal.message.contains("only workers may \(kind)"))
        #expect(try await harness.progress("s").running == 1)
    }

    @Test func aSecondHelloIsRefused() async throws {
        let harness = try await CoordinatorHarness()
        let hello = Hello(token: "t", role: .client, worker: nil)
        guard case .refused(let refusal) = await harness.core.handle(.hello(hello), from: nil) else {
            Issue.record("a second hello was answered")
            return
        }
        #expect(refusal.code == .badRequest)
    }
}

import CoordinatorClient
import Synchronization
import SweepModel
import Worker
import WireProtocol

/// A coordinator in memory for the worker under test: it opens links (or refuses, or cannot be reached, as
/// scripted), hands out its pending tasks, long-polls when it has none, reports the leases the test says are
/// lost, stores reports, and drops a link on a request the test marks.
final class FakeCoordinator: CoordinatorConnector {
    /// What the next attempt to connect meets.
    enum ConnectAnswer: Sendable {
        case accept
        case refuse(Refusal)
        case unreachable
    }

    /// A link dropped on a request: before the coordinator acts on it, or after (the answer is lost).
    enum Fault: Sendable {
        case dropBeforeHandling
        case dropAfterHandling
    }

    /// A request as the coordinator received it: on which link, and when on the clock.
    struct Received: Sendable {
        var link: Int
        var request: Request
        var at: Double
    }

    private struct HeldClaim {
        var link: Int
        var limit: Int
        var continuation: CheckedContinuation<Response, Error>
    }

    private struct State {
        var connectAnswers: [ConnectAnswer] = []
        var connects = 0
        var links: [FakeLink] = []
        var received: [Received] = []
        var pending: [LeasedTask] = []
        var idle = false
        var held: [HeldClaim] = []
        var lost: Set<Lease> = []
        var faults: [String: [Fault]] = [:]
        var stored: Set<Lease> = []
        var failures: [Lease: String] = [:]

        mutating func take(_ limit: Int) -> [LeasedTask] {
            let taken = Array(pending.prefix(limit))
            pending.removeFirst(taken.count)
            return taken
        }

        mutating func nextFault(for kind: String) -> Fault? {
            guard let queued = faults[kind], !queued.isEmpty else { return nil }
            return faults[kind]?.removeFirst()
        }
    }

    let welcome: Welcome
    private let clock: WatchedClock
    private let state = Mutex(State())

    init(clock: WatchedClock, heartbeatSeconds: Double = 10) {
        self.clock = clock
        welcome = Welcome(
            protocolVersion: WireLimits.protocolVersion, coordinatorVersion: "fake", leaseSeconds: 30,
            heartbeatSeconds: heartbeatSeconds)
    }

    // MARK: - Script

    /// Answers the next connection attempts in order; once they are used up, every attempt is accepted.
    func answerConnects(_ answers: [ConnectAnswer]) {
        state.withLock { $0.connectAnswers += answers }
    }

    /// Adds tasks to hand out; a held claim gets them at once.
    func add(_ tasks: [LeasedTask]) {
        let (held, answers) = state.withLock { state -> ([HeldClaim], [[LeasedTask]]) in
            state.pending += tasks
            let held = state.held
            state.held = []
            return (held, held.map { state.take($0.limit) })
        }
        for (claim, tasks) in zip(held, answers) {
            claim.continuation.resume(returning: .claimed(ClaimReply(tasks: tasks, idle: false)))
        }
    }

    /// From now on, a claim asking to return when idle gets an empty, idle answer when nothing is pending.
    func becomeIdle() {
        let held = state.withLock { state in
            state.idle = true
            defer { state.held = [] }
            return state.held
        }
        for claim in held { claim.continuation.resume(returning: .claimed(ClaimReply(tasks: [], idle: true))) }
    }

    /// Reports `leases` as lost at every heartbeat from now on.
    func lose(_ leases: [Lease]) {
        state.withLock { $0.lost.formUnion(leases) }
    }

    /// Drops the link on the next request of `kind` (`"complete"`, `"claim"`, ...).
    func drop(onNext kind: String, _ fault: Fault) {
        state.withLock { $0.faults[kind, default: []].append(fault) }
    }

    // MARK: - What happened

    var connects: Int { state.withLock { $0.connects } }
    var received: [Received] { state.withLock { $0.received } }
    var pendingCount: Int { state.withLock { $0.pending.count } }
    /// The leases whose results are stored.
    var stored: Set<Lease> { state.withLock { $0.stored } }
    var failureTexts: [Lease: String] { state.withLock { $0.failures } }

    var claims: [ClaimRequest] { received.compactMap { if case .claim(let claim) = $0.request { claim } else { nil } } }
    var heartbeats: [(leases: [Lease], running: [RunReport], at: Double)] {
        received.compactMap {
            if case .heartbeat(let beat) = $0.request { (beat.leases, beat.running, $0.at) } else { nil }
        }
    }
    var completions: [(link: Int, leases: [Lease])] {
        received.compactMap {
            if case .complete(let report) = $0.request { ($0.link, report.results.map(\.lease)) } else { nil }
        }
    }
    var releases: [[Lease]] {
        received.compactMap { if case .release(let release) = $0.request { release.leases } else { nil } }
    }

    // MARK: - Serving

    func connect(hello: Hello) async throws -> any CoordinatorLink {
        let (answer, number) = state.withLock { state in
            state.connects += 1
            return (state.connectAnswers.isEmpty ? .accept : state.connectAnswers.removeFirst(), state.connects)
        }
        switch answer {
        case .accept:
            let link = FakeLink(number: number, coordinator: self)
            state.withLock { $0.links.append(link) }
            return link
        case .refuse(let refusal):
            throw refusal
        case .unreachable:
            throw ConnectionError.timedOut
        }
    }

    /// Closes every open link, as a coordinator that went away would.
    func dropLinks() {
        for link in state.withLock({ $0.links }) { link.close() }
    }

    func handle(_ request: Request, on link: FakeLink) async throws -> Response {
        let now = clock.now()
        let fault = state.withLock { state in
            state.received.append(Received(link: link.number, request: request, at: now))
            return state.nextFault(for: request.kind)
        }
        if fault == .dropBeforeHandling {
            link.close()
            throw ConnectionError.closedByCoordinator
        }
        let response = try await answer(request, on: link)
        if fault == .dropAfterHandling {
            link.close()
            throw ConnectionError.closedByCoordinator
        }
        return response
    }

    private func answer(_ request: Request, on link: FakeLink) async throws -> Response {
        switch request {
        case .claim(let claim): return try await answer(claim, on: link)
        case .heartbeat(let beat):
            let lost = state.withLock { $0.lost }
            return .heartbeatAck(HeartbeatReply(lost: beat.leases.filter(lost.contains)))
        case .complete(let report):
            // A result stored before (its acknowledgement lost) is acknowledged again, as the coordinator does.
            state.withLock { $0.stored.formUnion(report.results.map(\.lease)) }
            return .reportAck(ReportReply(entries: report.results.map { .init(lease: $0.lease, accepted: true) }))
        case .fail(let report):
            state.withLock { state in
                for failure in report.failures { state.failures[failure.lease] = failure.error }
            }
            return .reportAck(ReportReply(entries: report.failures.map { .init(lease: $0.lease, accepted: true) }))
        case .release(let release):
            return .reportAck(ReportReply(entries: release.leases.map { .init(lease: $0, accepted: true) }))
        default:
            throw Refusal(code: .badRequest, message: "the fake coordinator does not serve \(request.kind)")
        }
    }

    private func answer(_ claim: ClaimRequest, on link: FakeLink) async throws -> Response {
        try await withCheckedThrowingContinuation { continuation in
            let immediate = state.withLock { state -> ClaimReply? in
                if !state.pending.isEmpty { return ClaimReply(tasks: state.take(claim.limit), idle: false) }
                if state.idle && claim.returnWhenIdle { return ClaimReply(tasks: [], idle: true) }
                state.held.append(HeldClaim(link: link.number, limit: claim.limit, continuation: continuation))
                return nil
            }
            if let immediate { continuation.resume(returning: .claimed(immediate)) }
        }
    }

    /// Fails the claims held on a link that closed.
    func linkClosed(_ number: Int) {
        let held = state.withLock { state in
            defer { state.held.removeAll { $0.link == number } }
            return state.held.filter { $0.link == number }
        }
        for claim in held { claim.continuation.resume(throwing: ConnectionError.closedByClient) }
    }
}

import SweepModel
import WireProtocol

/// Results, failures and leases given back that the coordinator has not acknowledged yet, kept until it does.
struct ReportBuffer {
    /// One report: a result, a failure, or a lease given back for the task to run again.
    enum Report {
        case result(TaskResult)
        case failure(TaskFailure)
        case release(Lease)

        var lease: Lease {
            switch self {
            case .result(let result): result.lease
            case .failure(let failure): failure.lease
            case .release(let lease): lease
            }
        }
    }

    /// Reports worth one request each are sent without waiting for the queue to empty.
    static let fullCount = 256
    /// Seconds the oldest report may wait for the queue to empty before it is sent anyway.
    static let longestWait = 1.0
    /// The most bytes of commands' output tails one request carries (a frame holds 16 MiB; each report's
    /// tails are at most 64 KiB a stream).
    static let tailBytesPerRequest = 8 << 20

    /// `reports` cut, in order, into requests whose tails add up to at most `tailBytesPerRequest` (each
    /// request holds one report at least).
    static func requests<Item: CarriesOutputTails>(_ reports: [Item]) -> [[Item]] {
        var requests: [[Item]] = []
        var current: [Item] = []
        var bytes = 0
        for report in reports {
            let size = report.stdoutTail.utf8.count + report.stderrTail.utf8.count
            if !current.isEmpty && bytes + size > tailBytesPerRequest {
                requests.append(current)
                current = []
                bytes = 0
            }
            current.append(report)
            bytes += size
        }
        if !current.isEmpty { requests.append(current) }
        return requests
    }

    private var reports: [Report] = []
    private var oldestAt: Double?

    var isEmpty: Bool { reports.isEmpty }
    var count: Int { reports.count }
    var results: [TaskResult] { reports.compactMap { if case .result(let result) = $0 { result } else { nil } } }
    var failures: [TaskFailure] { reports.compactMap { if case .failure(let failure) = $0 { failure } else { nil } } }
    var releases: [Lease] { reports.compactMap { if case .release(let lease) = $0 { lease } else { nil } } }

    mutating func append(_ report: Report, at now: Double) {
        if reports.isEmpty { oldestAt = now }
        reports.append(report)
    }

    /// True when the reports should be sent now rather than when the queue empties.
    func isDue(at now: Double) -> Bool {
        reports.count >= Self.fullCount || (oldestAt.map { now - $0 > Self.longestWait } ?? false)
    }

    /// Drops the reports the coordinator acknowledged; the rest wait again from `now`.
    mutating func settle(_ leases: Set<Lease>, at now: Double) {
        reports.removeAll { leases.contains($0.lease) }
        oldestAt = reports.isEmpty ? nil : now
    }
}

/// A report that carries the ends of what a command wrote.
protocol CarriesOutputTails {
    var stdoutTail: String { get }
    var stderrTail: String { get }
}

extension TaskResult: CarriesOutputTails {}
extension TaskFailure: CarriesOutputTails {}

import SweepModel

/// Counters the coordinator keeps since it started, rendered in the Prometheus text format.
public struct CoordinatorMetrics: Sendable {
    public var claimRequests = 0
    public var leasesGranted = 0
    public var completionsAccepted = 0
    public var completionsRejected = 0
    public var failures = 0
    public var releases = 0
    public var leaseExpiries = 0
    public var refusedPeers = 0
    /// Wall seconds of accepted results and their count, per experiment.
    public var runSeconds: [String: (sum: Double, count: Int)] = [:]

    public init() {}

    /// Counts what one request or sweep of the reaper did: the one place the counters change.
    mutating func record(_ event: CoordinatorEvent) {
        switch event {
        case .claimed(let leases):
            claimRequests += 1
            leasesGranted += leases
        case .completed(let accepted, let rejected):
            completionsAccepted += accepted.count
            completionsRejected += rejected
            for run in accepted {
                let previous = runSeconds[run.experiment] ?? (0, 0)
                runSeconds[run.experiment] = (previous.sum + run.seconds, previous.count + 1)
            }
        case .failed(let count): failures += count
        case .released(let count): releases += count
        case .leasesExpired(let count): leaseExpiries += count
        case .peerRefused: refusedPeers += 1
        }
    }

    /// The exposition text, with the store's task counts and the connected workers as gauges.
    public func prometheusText(taskCounts: [TaskState: Int], workers: Int) -> String {
        var lines: [String] = []
        func family(_ name: String, _ type: String, _ help: String, _ samples: [(String, String)]) {
            lines.append("# HELP \(name) \(help)")
            lines.append("# TYPE \(name) \(type)")
            for (labels, value) in samples { lines.append("\(name)\(labels) \(value)") }
        }
        family(
            "infosweep_tasks", "gauge", "Tasks in the store by state.",
            TaskState.allCases.map { ("{state=\"\($0.rawValue)\"}", "\(taskCounts[$0] ?? 0)") })
        family("infosweep_workers_connected", "gauge", "Workers connected now.", [("", "\(workers)")])
        family("infosweep_claim_requests_total", "counter", "Claim requests served.", [("", "\(claimRequests)")])
        family("infosweep_leases_granted_total", "counter", "Tasks leased to workers.", [("", "\(leasesGranted)")])
        family(
            "infosweep_completions_total", "counter", "Results reported, by whether they were accepted.",
            [
                ("{outcome=\"accepted\"}", "\(completionsAccepted)"),
                ("{outcome=\"rejected\"}", "\(completionsRejected)"),
            ])
        family("infosweep_failures_total", "counter", "Solver failures reported.", [("", "\(failures)")])
        family("infosweep_releases_total", "counter", "Leases given back by stopping workers.", [("", "\(releases)")])
        family(
            "infosweep_lease_expiries_total", "counter", "Leases that ran out and were re-queued.",
            [("", "\(leaseExpiries)")])
        family(
            "infosweep_refused_peers_total", "counter", "Connections refused (token, version, protocol).",
            [("", "\(refusedPeers)")])
        let experiments = runSeconds.keys.sorted()
        lines.append("# HELP infosweep_task_run_seconds Wall time of accepted runs, by experiment.")
        lines.append("# TYPE infosweep_task_run_seconds summary")
        for experiment in experiments {
            let label = "{experiment=\"\(Self.escape(experiment))\"}"
            lines.append("infosweep_task_run_seconds_sum\(label) \(runSeconds[experiment]!.sum)")
            lines.append("infosweep_task_run_seconds_count\(label) \(runSeconds[experiment]!.count)")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    static func escape(_ label: String) -> String {
        label.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            .replacingOccurrences(of: "\n", with: "\\n")
    }
}

/// Something the coordinator did that its counters count.
enum CoordinatorEvent {
    /// A claim was answered with this many leases (possibly none).
    case claimed(leases: Int)
    /// Results were reported: these accepted, this many rejected as stale or unknown.
    case completed(accepted: [AcceptedRun], rejected: Int)
    case failed(Int)
    /// Leases given back and accepted.
    case released(Int)
    case leasesExpired(Int)
    case peerRefused
}

/// An accepted result's experiment and wall time, for the run-time summary.
struct AcceptedRun {
    var experiment: String
    var seconds: Double
}

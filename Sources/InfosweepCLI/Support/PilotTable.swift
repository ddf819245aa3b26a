import Foundation
import Query
import WireProtocol

/// The pilots section of `infosweep workers`: each reported pilot job, its state, the worker it runs and the
/// tasks that worker holds and did.
enum PilotTable {
    static func render(_ pilots: [PilotStatus], now: Double) -> String {
        let rows = pilots.map { pilot in
            [
                pilot.job.jobID, pilot.job.state, Self.age(now - pilot.job.submittedAt),
                pilot.workers.isEmpty ? "-" : pilot.workers.joined(separator: ","), "\(pilot.holding)",
                "\(pilot.tasksDone)",
            ]
        }
        let allocators = Set(pilots.map(\.allocator)).sorted().joined(separator: ", ")
        return TextTable.render(
            header: ["pilot job", "state", "submitted", "worker", "holding", "done"], rows: rows,
            rightAligned: [4, 5]) + "\n\(pilots.count) pilot jobs reported by alloc (\(allocators))"
    }

    private static func age(_ seconds: Double) -> String {
        let whole = Int(max(0, seconds))
        return whole < 3600 ? "\(whole / 60)m\(whole % 60)s ago" : "\(whole / 3600)h\(whole % 3600 / 60)m ago"
    }
}

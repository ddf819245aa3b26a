import Foundation
import SweepModel
import WireProtocol

/// A worker's slots, cores, memory and GPUs as `used/offered` columns (used as of its last heartbeat), its
/// GPU ids after the count.
struct WorkerUsage {
    static let headers = ["slots", "cores", "memory GB", "gpus"]

    let columns: [String]

    init(_ worker: WorkerStatus) {
        let total = worker.capacity
        let free = worker.free ?? total
        func used(_ field: KeyPath<WorkerResources, Int>) -> Int {
            max(0, total[keyPath: field] - free[keyPath: field])
        }
        var gpus = "\(used(\.gpus))/\(total.gpus)"
        if !worker.gpuIDs.isEmpty { gpus += " (" + worker.gpuIDs.joined(separator: ",") + ")" }
        columns = [
            "\(used(\.slots))/\(total.slots)", "\(used(\.cores))/\(total.cores)",
            Self.gigabytes(used(\.memoryMB)) + "/" + Self.gigabytes(total.memoryMB), gpus,
        ]
    }

    static func gigabytes(_ megabytes: Int) -> String {
        String(format: "%.1f", Double(megabytes) / 1024)
    }
}

import Foundation
import SweepModel

extension WorkerStatus {
    /// The worker's slots, cores, memory (GB) and GPUs as `used/offered` texts, used as of its last heartbeat,
    /// its GPU ids after their count: what `workers` and the dashboard show.
    public var usage: (slots: String, cores: String, memoryGB: String, gpus: String) {
        let free = self.free ?? capacity
        func used(_ field: KeyPath<WorkerResources, Int>) -> Int {
            max(0, capacity[keyPath: field] - free[keyPath: field])
        }
        func gigabytes(_ megabytes: Int) -> String { String(format: "%.1f", Double(megabytes) / 1024) }
        let ids = gpuIDs.isEmpty ? "" : " (" + gpuIDs.joined(separator: ",") + ")"
        return (
            "\(used(\.slots))/\(capacity.slots)", "\(used(\.cores))/\(capacity.cores)",
            gigabytes(used(\.memoryMB)) + "/" + gigabytes(capacity.memoryMB), "\(used(\.gpus))/\(capacity.gpus)" + ids
        )
    }
}

extension WorkersReply {
    /// The reply as `infosweep workers --json` prints it.
    public func jsonText() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try encoder.encode(self), as: UTF8.self)
    }
}

import Logging
import Worker

/// What `infosweep worker` offers its tasks: the options given, the rest read off the machine, and a
/// warning when the cores given are more than it has (oversubscription by choice).
struct WorkerOffer {
    var cores: Int
    var slots: Int
    var memoryMB: Int
    var gpuIDs: [String]

    static func resolve(cores: Int?, slots: Int?, memoryGB: Double?, gpus: GPUSelection, logger: Logger) -> WorkerOffer
    {
        let usable = HostResources.usableCores()
        if let cores, cores > usable {
            logger.warning(
                "--cores is more than this process may use: tasks will share CPUs",
                metadata: ["cores": "\(cores)", "usable": "\(usable)"])
        }
        let gpuIDs = gpus.ids()
        let offer = WorkerOffer(
            cores: cores ?? usable, slots: slots ?? cores ?? usable,
            memoryMB: memoryGB.map { Int($0 * 1024) } ?? HostResources.usableMemoryMB(), gpuIDs: gpuIDs)
        logger.info(
            "offering",
            metadata: [
                "slots": "\(offer.slots)", "cores": "\(offer.cores)", "memory_mb": "\(offer.memoryMB)",
                "gpus": "\(gpuIDs.isEmpty ? "none" : gpuIDs.joined(separator: ","))",
            ])
        return offer
    }
}

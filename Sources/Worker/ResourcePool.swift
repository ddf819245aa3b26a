import SweepModel

/// What the worker has free for its runs: slots, cores, memory and GPU ids. A run holds its share from its start
/// to its end, and no two runs hold the same GPU.
struct ResourcePool {
    let total: WorkerResources
    private(set) var free: WorkerResources
    private var freeGPUs: [String]

    init(slots: Int, cores: Int, memoryMB: Int, gpuIDs: [String]) {
        total = WorkerResources(slots: slots, cores: cores, memoryMB: memoryMB, gpus: gpuIDs.count)
        free = total
        freeGPUs = gpuIDs
    }

    func fits(_ needs: Requirements) -> Bool { free.fits(needs) }

    /// Holds what `needs` asks for, the lowest free GPU ids first; nil when it does not fit now.
    mutating func grant(_ needs: Requirements) -> GrantedResources? {
        guard free.fits(needs) else { return nil }
        free = free.taking(needs)
        let gpus = Array(freeGPUs.prefix(needs.gpus))
        freeGPUs.removeFirst(gpus.count)
        return GrantedResources(
            cores: needs.effectiveCores, memoryMiB: needs.memoryMB > 0 ? needs.memoryMB : nil, gpuIDs: gpus,
            workerHasGPUs: total.gpus > 0)
    }

    /// Gives back what a run held.
    mutating func release(_ granted: GrantedResources, needs: Requirements) {
        free.slots += 1
        free.cores += needs.effectiveCores
        free.memoryMB += needs.memoryMB
        free.gpus += granted.gpuIDs.count
        freeGPUs.append(contentsOf: granted.gpuIDs)
        freeGPUs.sort { ($0.count, $0) < ($1.count, $1) }
    }
}

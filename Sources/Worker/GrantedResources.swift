/// What the worker grants one run: cores, memory and accelerators.
public struct GrantedResources: Sendable, Hashable {
    public var cores: Int
    /// Memory the run may use, in MiB; nil when the worker sets no bound.
    public var memoryMiB: Int?
    /// Accelerators reserved for the run (none yet: slots and GPUs come with a later issue).
    public var gpuIDs: [Int]

    public init(cores: Int, memoryMiB: Int? = nil, gpuIDs: [Int] = []) {
        self.cores = max(1, cores)
        self.memoryMiB = memoryMiB
        self.gpuIDs = gpuIDs
    }
}

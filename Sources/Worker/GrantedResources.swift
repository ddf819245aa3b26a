/// What the worker grants one run: cores, memory and GPUs, held by it alone while it runs.
public struct GrantedResources: Sendable, Hashable {
    public var cores: Int
    /// Memory the run may use, in MiB, when its task declared it; a run that goes over it is ended.
    public var memoryMiB: Int?
    /// The GPUs the run holds, as `CUDA_VISIBLE_DEVICES` names them (empty: none).
    public var gpuIDs: [String]
    /// Whether the worker hands out GPUs at all: a run that holds none is then shown none.
    public var workerHasGPUs: Bool

    public init(cores: Int, memoryMiB: Int? = nil, gpuIDs: [String] = [], workerHasGPUs: Bool = false) {
        self.cores = max(1, cores)
        self.memoryMiB = memoryMiB
        self.gpuIDs = gpuIDs
        self.workerHasGPUs = workerHasGPUs || !gpuIDs.isEmpty
    }
}

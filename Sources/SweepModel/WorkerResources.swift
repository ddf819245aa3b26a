/// What a worker offers its tasks, in all or free at a moment: task slots, cores, memory and GPUs.
public struct WorkerResources: Sendable, Hashable, Codable {
    /// The most tasks at once.
    public var slots: Int
    public var cores: Int
    public var memoryMB: Int
    public var gpus: Int

    public init(slots: Int, cores: Int, memoryMB: Int, gpus: Int = 0) {
        self.slots = slots
        self.cores = cores
        self.memoryMB = memoryMB
        self.gpus = gpus
    }

    /// An offer that holds any task (a claim that says nothing of the worker's resources).
    public static let unlimited = WorkerResources(slots: .max, cores: .max, memoryMB: .max, gpus: .max)

    /// True when one more task that needs `needed` fits.
    public func fits(_ needed: Requirements) -> Bool {
        slots >= 1 && cores >= needed.effectiveCores && memoryMB >= needed.memoryMB && gpus >= needed.gpus
    }

    /// What is left once a task that needs `needed` holds its share.
    public func taking(_ needed: Requirements) -> WorkerResources {
        WorkerResources(
            slots: slots == .max ? slots : slots - 1, cores: cores == .max ? cores : cores - needed.effectiveCores,
            memoryMB: memoryMB == .max ? memoryMB : memoryMB - needed.memoryMB,
            gpus: gpus == .max ? gpus : gpus - needed.gpus)
    }
}

/// The unfinished tasks of some sweeps, grouped by what a worker must offer to run them: what an allocator of
/// workers (`infosweep alloc slurm`) sizes its requests by. A task shared by several sweeps counts once.
public struct WorkDemand: Sendable, Hashable, Codable {
    /// Tasks that need the same resources, pending (claimable now) or running (leased to a worker).
    public struct Group: Sendable, Hashable, Codable {
        public var requirements: Requirements
        /// Whether they are command tasks, which only workers started with `--allow-commands` take.
        public var isCommand: Bool
        public var pending: Int
        public var running: Int

        public init(requirements: Requirements, isCommand: Bool = false, pending: Int = 0, running: Int = 0) {
            self.requirements = requirements
            self.isCommand = isCommand
            self.pending = pending
            self.running = running
        }
    }

    public var groups: [Group]
    /// Tasks that wait for their paused sweep to resume: unfinished, but no worker may take them now.
    public var held: Int

    public init(groups: [Group] = [], held: Int = 0) {
        self.groups = groups
        self.held = held
    }

    public var pending: Int { groups.reduce(0) { $0 + $1.pending } }
    public var running: Int { groups.reduce(0) { $0 + $1.running } }

    /// Nothing left to run or wait for.
    public var finished: Bool { pending == 0 && running == 0 && held == 0 }
}

import SweepModel

/// What one pilot job offers its tasks: its CPUs (`--cpus-per-task`), GPUs (`--gres gpu:K`) and memory
/// (`--mem`, when given), and whether its worker runs command tasks.
public struct PilotShape: Sendable, Hashable {
    public var cpus: Int
    public var gpus: Int
    public var memoryMB: Int?
    public var runsCommands: Bool

    public init(cpus: Int = 1, gpus: Int = 0, memoryMB: Int? = nil, runsCommands: Bool = false) {
        self.cpus = cpus
        self.gpus = gpus
        self.memoryMB = memoryMB
        self.runsCommands = runsCommands
    }

    /// How many of the group's tasks one pilot runs at once: as many as its CPUs hold at the tasks' cores (1
    /// when they declare none), and its GPUs and memory at theirs; a misfit when not even one fits.
    public func fit(_ group: WorkDemand.Group) -> PilotFit {
        let needed = group.requirements
        if group.isCommand && !runsCommands { return .misfit(.commands) }
        var slots = cpus / max(1, needed.cores)
        if slots == 0 { return .misfit(.cores(needed: needed.cores, offered: cpus)) }
        if needed.gpus > 0 {
            slots = min(slots, gpus / needed.gpus)
            if slots == 0 { return .misfit(.gpus(needed: needed.gpus, offered: gpus)) }
        }
        if needed.memoryMB > 0, let memoryMB {
            slots = min(slots, memoryMB / needed.memoryMB)
            if slots == 0 { return .misfit(.memory(neededMB: needed.memoryMB, offeredMB: memoryMB)) }
        }
        return .slots(slots)
    }
}

/// How a pilot takes a group of tasks: so many at once, or not at all.
public enum PilotFit: Sendable, Hashable {
    case slots(Int)
    case misfit(PilotMisfit)
}

/// Why a pilot cannot run a group's tasks, in words that name the option to change.
public enum PilotMisfit: Sendable, Hashable, CustomStringConvertible {
    case cores(needed: Int, offered: Int)
    case gpus(needed: Int, offered: Int)
    case memory(neededMB: Int, offeredMB: Int)
    case commands

    public var description: String {
        switch self {
        case .cores(let needed, let offered): "they need \(needed) cores; pilots have --cpus-per-task \(offered)"
        case .gpus(let needed, let offered): "they need \(needed) GPUs; pilots have \(offered) (--gres gpu:K)"
        case .memory(let needed, let offered): "they need \(needed) MB of memory; pilots have --mem \(offered)M"
        case .commands: "they are command tasks; pilots run them only with --allow-commands"
        }
    }
}

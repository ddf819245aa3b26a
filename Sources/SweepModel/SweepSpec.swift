/// A parsed sweep file: fixed parameters, grid axes, zipped axis groups, seeds and exclusions.
public struct SweepSpec: Sendable, Hashable {
    public var name: String
    public var experiment: String
    public var fixed: Parameters
    public var grid: [Axis]
    public var zipGroups: [[Axis]]
    public var seeds: SeedList
    public var exclusions: [Parameters]
    /// Higher runs first among sweeps sharing a coordinator.
    public var priority: Int
    /// What a worker must offer to run this sweep's tasks.
    public var requirements: Requirements
    /// The phase diagram the sweep is made for, drawn when `infosweep run` finishes.
    public var view: PhaseView?
    /// Where each parameter or axis was written in the file, for errors found after parsing.
    public var locations: [String: SourceLocation]
    /// Where each value of a listed axis was written, in the axis's order (generated axes have none).
    public var valueLocations: [String: [SourceLocation]]
    /// The sweep's own program, when it runs one instead of a built-in experiment (whose name is then
    /// the command's `experimentName`).
    public var command: CommandSpec?
    /// How the coordinator refines the sweep's grid where a metric crosses a threshold, when it does.
    public var refine: RefineSpec?
    /// The built-in experiment's version, which enters every task key (set from its description when the
    /// sweep is checked; 1 for commands, whose code identity is in their experiment name).
    public var experimentVersion = 1

    public init(
        name: String, experiment: String, fixed: Parameters = Parameters(), grid: [Axis] = [],
        zipGroups: [[Axis]] = [], seeds: SeedList = [0], exclusions: [Parameters] = [], priority: Int = 0,
        requirements: Requirements = Requirements(), view: PhaseView? = nil, locations: [String: SourceLocation] = [:],
        valueLocations: [String: [SourceLocation]] = [:], command: CommandSpec? = nil
    ) {
        self.command = command
        self.requirements = requirements
        self.view = view
        self.name = name
        self.experiment = experiment
        self.fixed = fixed
        self.grid = grid
        self.zipGroups = zipGroups
        self.seeds = seeds
        self.exclusions = exclusions
        self.priority = priority
        self.locations = locations
        self.valueLocations = valueLocations
    }

    /// Records the content hash of the command's packed `code:`: it enters the command's identity, and so the
    /// experiment name every task carries and every task key.
    public mutating func setCodeHash(_ hash: String?) {
        guard var command else { return }
        command.codeHash = hash
        self.command = command
        experiment = command.experimentName
    }

    /// The key of `locations` that holds where the experiment was named.
    public static let experimentLocationKey = "@experiment"
    /// The key of `locations` that holds where the sweep's size is set (its grid, zip or seeds key).
    public static let sizeLocationKey = "@size"
    /// The key of `locations` that holds where the requirements were written.
    public static let requirementsLocationKey = "@requires"
    /// The most points a sweep may expand to unless the caller says otherwise.
    public static let defaultMaxPoints = 10_000_000

    /// Where `name` (a parameter, an axis or one of the `@` keys) was written; the file's start when unknown.
    public func location(of name: String) -> SourceLocation {
        if let location = locations[name] { return location }
        let file = locations[Self.experimentLocationKey]?.file ?? "(sweep \(self.name))"
        return SourceLocation(file: file, line: 1, column: 1)
    }

    /// The field path of `name` in the file: `params.tau`, `grid.sigma` or `zip[0].n`.
    public func field(of name: String) -> String {
        if grid.contains(where: { $0.name == name }) { return "grid.\(name)" }
        if let group = zipGroups.firstIndex(where: { $0.contains { $0.name == name } }) {
            return "zip[\(group)].\(name)"
        }
        if name == "seed" { return "seeds" }
        return "params.\(name)"
    }

    /// The names of every parameter of the sweep's tasks, seed included, sorted.
    public var parameterNames: [String] {
        (Set(fixed.names).union(axes.map(\.name)).union(["seed"])).sorted()
    }

    /// Every axis that varies, grid first, then zipped groups.
    public var axes: [Axis] { grid + zipGroups.flatMap { $0 } }
}

/// One varying parameter of a sweep and the values it takes.
public struct Axis: Sendable, Hashable, Codable {
    /// How the values were produced; phase diagrams draw log-spaced axes on a log scale.
    public enum Spacing: String, Sendable, Hashable, Codable {
        case list, linear, log
    }

    public var name: String
    public var values: [ParamValue]
    public var spacing: Spacing

    public init(name: String, values: [ParamValue], spacing: Spacing = .list) {
        self.name = name
        self.values = values
        self.spacing = spacing
    }
}

/// A line and column in a sweep file (1-based).
public struct SourceLocation: Sendable, Hashable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var column: Int

    public init(file: String, line: Int, column: Int) {
        self.file = file
        self.line = line
        self.column = column
    }

    public var description: String { "\(file):\(line):\(column)" }
}

/// A sweep file that cannot be used, with the place and field at fault.
public struct SweepSpecError: Error, Sendable, Hashable, CustomStringConvertible {
    public var location: SourceLocation
    public var field: String
    public var message: String

    public init(location: SourceLocation, field: String, message: String) {
        self.location = location
        self.field = field
        self.message = message
    }

    public var description: String { "\(location): \(field): \(message)" }
}

/// Resources a task needs of the worker that runs it (or that a worker offers): cores, memory and GPUs.
/// A task that declares no cores (0) needs one.
public struct Requirements: Sendable, Hashable, Codable {
    public var cores: Int
    public var memoryMB: Int
    public var gpus: Int

    public init(cores: Int = 0, memoryMB: Int = 0, gpus: Int = 0) {
        self.cores = cores
        self.memoryMB = memoryMB
        self.gpus = gpus
    }

    /// The most GPUs a sweep may ask of one worker.
    public static let maxGPUs = 64

    /// The most cores a sweep may ask of one worker, and the most threads a task may run on.
    public static let maxCores = 1024
    /// The most memory a sweep may ask of one worker, in GB (1 PiB).
    public static let maxMemoryGB = 1_048_576.0

    /// The cores a task holds while it runs: what it declared, or one.
    public var effectiveCores: Int { max(1, cores) }

    /// True when an offer of `self` covers `needed`.
    public func covers(_ needed: Requirements) -> Bool {
        cores >= needed.cores && memoryMB >= needed.memoryMB && gpus >= needed.gpus
    }
}

/// A sweep file's default phase diagram: the axes across, down and between panels, and the metric.
public struct PhaseView: Sendable, Hashable, Codable {
    public var x: String
    public var y: String?
    public var facet: String?
    public var metric: String
    /// `median` or `mean`.
    public var statistic: String
    /// Axes besides the seeds that each cell mixes.
    public var pool: [String]

    public init(
        x: String, y: String? = nil, facet: String? = nil, metric: String, statistic: String = "median",
        pool: [String] = []
    ) {
        self.x = x
        self.y = y
        self.facet = facet
        self.metric = metric
        self.statistic = statistic
        self.pool = pool
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        x = try container.decode(String.self, forKey: .x)
        y = try container.decodeIfPresent(String.self, forKey: .y)
        facet = try container.decodeIfPresent(String.self, forKey: .facet)
        metric = try container.decode(String.self, forKey: .metric)
        statistic = try container.decode(String.self, forKey: .statistic)
        pool = try container.decodeIfPresent([String].self, forKey: .pool) ?? []
    }
}

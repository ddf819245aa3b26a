/// The sbatch command line of a pilot job: the shipped worker script, the job's name (by which the allocator
/// finds its pilots again), its resources, and the settings its worker reads from the environment.
public struct PilotJobTemplate: Sendable, Hashable {
    public var script: String
    public var jobName: String
    public var cpusPerTask: Int
    public var time: String?
    public var partition: String?
    public var gres: String?
    public var memory: String?
    /// Further sbatch options, passed as given (`--account=ml`).
    public var extraOptions: [String]
    /// Variables the worker script reads (INFOSWEEP_COORDINATOR, ...), passed with `--export=ALL,...` so that
    /// the rest of the submitting environment travels too, as sbatch's default does.
    public var environment: [String: String]

    public init(
        script: String, jobName: String, cpusPerTask: Int = 1, time: String? = nil, partition: String? = nil,
        gres: String? = nil, memory: String? = nil, extraOptions: [String] = [], environment: [String: String] = [:]
    ) {
        self.script = script
        self.jobName = jobName
        self.cpusPerTask = cpusPerTask
        self.time = time
        self.partition = partition
        self.gres = gres
        self.memory = memory
        self.extraOptions = extraOptions
        self.environment = environment
    }

    /// sbatch's arguments, `--parsable` first so that it prints the job id alone.
    public var arguments: [String] {
        var arguments = ["--parsable", "--job-name=\(jobName)", "--cpus-per-task=\(cpusPerTask)"]
        if let time { arguments.append("--time=\(time)") }
        if let partition { arguments.append("--partition=\(partition)") }
        if let gres { arguments.append("--gres=\(gres)") }
        if let memory { arguments.append("--mem=\(memory)") }
        arguments += extraOptions
        let exports = environment.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
        arguments.append((["--export=ALL"] + exports).joined(separator: ","))
        arguments.append(script)
        return arguments
    }

    /// The GPUs a `--gres` value asks for each pilot: K in `gpu:K` or `gpu:TYPE:K`, 1 in a bare `gpu`, 0 when it
    /// names no GPU.
    public static func gpus(inGres gres: String?) -> Int {
        guard let gres else { return 0 }
        for entry in gres.split(separator: ",") {
            let fields = entry.split(separator: ":")
            guard fields.first == "gpu" else { continue }
            guard fields.count > 1, let count = Int(fields[fields.count - 1]) else { return 1 }
            return count
        }
        return 0
    }

    /// Megabytes in an sbatch `--mem` value (`4000`, `4000M`, `16G`, `1T`; plain numbers are megabytes); nil
    /// when it is not one.
    public static func megabytes(inMemory memory: String) -> Int? {
        let kilobytes: [Character: Int] = ["K": 1, "M": 1 << 10, "G": 1 << 20, "T": 1 << 30]
        var digits = Substring(memory.uppercased())
        var factor = kilobytes["M"] ?? 0
        if let last = digits.last, let unit = kilobytes[last] {
            digits = digits.dropLast()
            factor = unit
        }
        guard let value = Int(digits), value > 0, value < 1 << 32 else { return nil }
        return max(1, value * factor / 1024)
    }
}

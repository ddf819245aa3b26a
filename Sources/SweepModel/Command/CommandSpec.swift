/// A sweep's own program: the argv each task runs (never through a shell), where, with what environment,
/// for how long, and the files whose content identifies the code.
public struct CommandSpec: Sendable, Hashable, Codable {
    public var argv: [ArgumentTemplate]
    /// The folder the command runs in, as written (relative to the sweep file's folder unless absolute).
    public var workdir: String
    public var environment: [String: String]
    /// Seconds an attempt may run before it is stopped; nil for no limit.
    public var timeoutSeconds: Double?
    /// Files and folders, as written, whose content identifies the code.
    public var code: [String]
    /// The content hash of the files under `code`, once they are packed; nil before, or without `code`.
    public var codeHash: String?
    /// The absolute folder a relative `workdir` is taken from (the sweep file's, where it was submitted);
    /// nil until the sweep is submitted. Not part of the identity.
    public var directory: String?

    public init(
        argv: [ArgumentTemplate], workdir: String = ".", environment: [String: String] = [:],
        timeoutSeconds: Double? = nil, code: [String] = [], codeHash: String? = nil, directory: String? = nil
    ) {
        self.directory = directory
        self.argv = argv
        self.workdir = workdir
        self.environment = environment
        self.timeoutSeconds = timeoutSeconds
        self.code = code
        self.codeHash = codeHash
    }

    /// The prefix of the experiment name of every command sweep.
    public static let experimentPrefix = "command:"

    /// The canonical text of what decides a command's results: argv as written, environment, workdir and
    /// code (the timeout does not change what a run computes).
    public var identityJSON: String {
        let argvText = argv.map { JSONText.quote($0.written) }.joined(separator: ",")
        let environmentText = environment.keys.sorted().map {
            JSONText.quote($0) + ":" + JSONText.quote(environment[$0]!)
        }
        .joined(separator: ",")
        let codeText = code.map(JSONText.quote).joined(separator: ",")
        return "{\"argv\":[\(argvText)],\"code\":[\(codeText)],\"code_hash\":"
            + (codeHash.map(JSONText.quote) ?? "null") + ",\"env\":{\(environmentText)},\"workdir\":"
            + JSONText.quote(workdir) + "}"
    }

    /// The experiment name tasks of this command carry: it enters every task key, so a change to the
    /// command, its environment or its code makes new tasks.
    public var experimentName: String {
        Self.experimentPrefix + String(SHA256.hexDigest(of: identityJSON).prefix(16))
    }

    /// The folder the command runs in: `workdir`, from `directory` when it is relative.
    public var resolvedWorkdir: String {
        guard !workdir.hasPrefix("/"), let directory else { return workdir }
        return workdir == "." ? directory : directory + "/" + workdir
    }

    /// True when `experiment` names a command rather than a built-in experiment.
    public static func isCommand(_ experiment: String) -> Bool {
        experiment.hasPrefix(experimentPrefix)
    }

    /// The argv of one task.
    public func arguments(in context: CommandContext) -> [String] {
        argv.flatMap { $0.expanded(in: context) }
    }

    /// The parameters no argv element names: they reach the command only through its environment and
    /// `params.json`.
    public func unnamedParameters(of names: [String]) -> [String] {
        if argv.contains(where: { $0.pieces == [.allArguments] }) { return [] }
        let named = argv.reduce(into: Set<String>()) { $0.formUnion($1.parameterNames) }
        return names.filter { !named.contains($0) }
    }
}

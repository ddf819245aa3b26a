import Foundation
import SweepModel
import Worker

/// Everything one attempt of a command needs before it starts: the program found, argv expanded, the
/// environment, the folder it runs in and its task folder prepared. Each problem is a `cannot start` that
/// names what is missing.
struct CommandLaunch {
    let executable: String
    let arguments: [String]
    let environment: [String: String]
    let workdir: String

    /// `workdir`, when given, replaces the command's own: the folder of its unpacked code.
    init(
        command: CommandSpec, task: LeasedTask, attempt: Int, folder: CommandTaskFolder, resources: GrantedResources,
        workdir: String? = nil
    ) throws {
        self.workdir = workdir ?? command.resolvedWorkdir
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: self.workdir, isDirectory: &isFolder), isFolder.boolValue else {
            throw RunFailure(kind: .cannotStart, message: "the workdir \(self.workdir) does not exist on this worker")
        }
        do {
            try folder.prepare(parameters: task.parameters)
        } catch {
            throw RunFailure(kind: .cannotStart, message: "cannot make the task folder \(folder.path): \(error)")
        }
        let context = CommandContext(
            parameters: task.parameters, taskDirectory: folder.path, taskKey: task.key, attempt: attempt)
        let argv = command.arguments(in: context)
        var environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("INFOSWEEP_") }
        for (name, value) in command.environment { environment[name] = value }
        for (name, value) in task.parameters {
            environment["INFOSWEEP_PARAM_" + name.uppercased()] = value.description
        }
        let threads = String(resources.cores)
        environment.merge(
            [
                "INFOSWEEP_TASK_DIR": folder.path, "INFOSWEEP_TASK_KEY": task.key,
                "INFOSWEEP_ATTEMPT": String(attempt), "INFOSWEEP_SEED": task.parameters["seed"]?.description ?? "",
                "INFOSWEEP_METRICS_FILE": folder.metricsFile, "INFOSWEEP_PARAMS_FILE": folder.paramsFile,
                "OMP_NUM_THREADS": threads, "OPENBLAS_NUM_THREADS": threads, "MKL_NUM_THREADS": threads,
                "INFOSWEEP_CORES": threads,
            ], uniquingKeysWith: { $1 })
        if resources.workerHasGPUs {
            let gpus = resources.gpuIDs.joined(separator: ",")
            environment["CUDA_VISIBLE_DEVICES"] = gpus
            environment["INFOSWEEP_GPUS"] = gpus
        }
        self.environment = environment
        executable = try Self.find(argv[0], in: self.workdir, path: environment["PATH"] ?? "/usr/bin:/bin")
        arguments = Array(argv.dropFirst())
    }

    /// The program `name` names: a path (relative to the workdir) when it holds a '/', else the first
    /// executable of that name on PATH.
    static func find(_ name: String, in workdir: String, path: String) throws -> String {
        let manager = FileManager.default
        if name.contains("/") {
            let candidate = name.hasPrefix("/") ? name : workdir + "/" + name
            guard manager.fileExists(atPath: candidate) else {
                throw RunFailure(kind: .cannotStart, message: "argv[0] \(candidate) does not exist")
            }
            guard manager.isExecutableFile(atPath: candidate) else {
                throw RunFailure(kind: .cannotStart, message: "argv[0] \(candidate) is not executable")
            }
            return candidate
        }
        let folders = path.split(separator: ":").map(String.init)
        for folder in folders where manager.isExecutableFile(atPath: folder + "/" + name) {
            return folder + "/" + name
        }
        throw RunFailure(kind: .cannotStart, message: "argv[0] '\(name)' is not found on PATH (\(path))")
    }
}

import Foundation
import Subprocess
import SweepModel
import Worker

#if canImport(Glibc)
    import Glibc
#endif

/// Runs command tasks: argv directly (no shell), in its own session and process group, with the task's
/// parameters in its environment and `params.json`, its output in the attempt's folder, and a timeout.
///
/// A timeout, or the calling task's cancellation (a lost or cancelled lease, the worker stopping), sends
/// SIGTERM to the whole group, then SIGKILL after `killGraceSeconds`; when the command ends, whatever is
/// left of its group is killed, so no process of a task outlives it. Tasks without a command go to `builtin`.
public struct CommandRunner: TaskRunner {
    /// The exit status (EX_TEMPFAIL) with which a command asks to run again later, at no cost to its budget.
    public static let requeueStatus: Int32 = 75

    private let builtin: any TaskRunner
    private let workDirectory: String
    private let killGraceSeconds: Double

    private let code: CodeCache

    /// A runner whose commands keep their folders under `workDirectory`; a sweep's `code:` bundle comes from
    /// `codeSource` into `workDirectory/code/<hash>/`, where its command then runs.
    public init(
        builtin: any TaskRunner, workDirectory: String, killGraceSeconds: Double = 10,
        codeSource: (any CodeSource)? = nil
    ) {
        self.builtin = builtin
        self.workDirectory = URL(fileURLWithPath: workDirectory).standardizedFileURL.path
        self.killGraceSeconds = killGraceSeconds
        code = CodeCache(folder: self.workDirectory + "/code", source: codeSource)
    }

    public func run(_ task: LeasedTask, resources: GrantedResources) async -> RunOutcome {
        guard let command = task.command else { return await builtin.run(task, resources: resources) }
        let attempt = task.previousAttempts + 1
        let folder = CommandTaskFolder(workDirectory: workDirectory, key: task.key, attempt: attempt)
        let launch: CommandLaunch
        do {
            let codeFolder = try await codeFolder(for: command)
            launch = try CommandLaunch(
                command: command, task: task, attempt: attempt, folder: folder, resources: resources,
                workdir: codeFolder)
        } catch let failure as RunFailure {
            return .failed(failure)
        } catch {
            return .failed(RunFailure(kind: .cannotStart, message: "\(error)"))
        }
        let memory = resources.memoryMiB.map(MemoryWatch.init(limitMiB:))
        return await execute(launch, timeout: command.timeoutSeconds, memory: memory, folder: folder)
    }

    public func progress(of task: LeasedTask) -> String? {
        guard task.command != nil else { return builtin.progress(of: task) }
        let folder = CommandTaskFolder(workDirectory: workDirectory, key: task.key, attempt: task.previousAttempts + 1)
        return CommandProgress.latest(in: folder.stdoutFile)
    }

    /// The folder of the command's unpacked code bundle; nil when it names no code.
    private func codeFolder(for command: CommandSpec) async throws(RunFailure) -> String? {
        guard let hash = command.codeHash else { return nil }
        do {
            return try await code.folder(for: hash)
        } catch {
            throw RunFailure(kind: .cannotStart, message: "cannot get the code bundle \(hash.prefix(16)): \(error)")
        }
    }

    private enum Ending: Sendable {
        case exited(TerminationStatus)
        case timedOut
        case overMemory
        case failedToStart(String)
    }

    private func execute(
        _ launch: CommandLaunch, timeout: Double?, memory: MemoryWatch?, folder: CommandTaskFolder
    ) async -> RunOutcome {
        let output = open(folder.stdoutFile, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        let errors = open(folder.stderrFile, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard output >= 0, errors >= 0 else {
            if output >= 0 { close(output) }
            if errors >= 0 { close(errors) }
            return .failed(RunFailure(kind: .cannotStart, message: "cannot write the logs in \(folder.path)"))
        }
        var options = PlatformOptions()
        options.createSession = true
        options.teardownSequence = [
            .gracefulShutDown(toProcessGroup: true, allowedDurationToNextStep: .seconds(killGraceSeconds))
        ]
        let configuration = Configuration(
            executable: .path(.init(launch.executable)), arguments: Arguments(launch.arguments),
            environment: .custom(
                Dictionary(
                    uniqueKeysWithValues: launch.environment.compactMap { name, value in
                        Environment.Key(rawValue: name).map { ($0, value) }
                    })), workingDirectory: .init(launch.workdir),
            platformOptions: options)
        let group = GroupKiller()
        let ending: Ending = await withTaskGroup(of: Ending?.self) { tasks in
            tasks.addTask {
                do {
                    let result = try await Subprocess.run(
                        configuration, input: .none,
                        output: .fileDescriptor(.init(rawValue: output), closeAfterSpawningProcess: true),
                        error: .fileDescriptor(.init(rawValue: errors), closeAfterSpawningProcess: true)
                    ) { execution in
                        group.record(execution.processIdentifier.value)
                    }
                    return .exited(result.terminationStatus)
                } catch {
                    return Task.isCancelled ? nil : .failedToStart("\(error)")
                }
            }
            if let timeout {
                tasks.addTask {
                    try? await Task.sleep(for: .seconds(timeout))
                    return Task.isCancelled ? nil : .timedOut
                }
            }
            if let memory {
                tasks.addTask {
                    await memory.watch(measure: { group.residentBytes }, onExcess: { group.killRemaining() })
                    return memory.excessBytes == nil ? nil : .overMemory
                }
            }
            let first = await tasks.next() ?? nil
            tasks.cancelAll()
            // Let the run's teardown finish (the command's group ends) before going on.
            while await tasks.next() != nil {}
            return first ?? .timedOut
        }
        group.killRemaining()
        if Task.isCancelled { return .cancelled }
        if let memory, memory.excessBytes != nil {
            return outcome(of: .overMemory, folder: folder, memory: memory)
        }
        return outcome(of: ending, folder: folder, memory: memory)
    }

    private func outcome(of ending: Ending, folder: CommandTaskFolder, memory: MemoryWatch?) -> RunOutcome {
        let stdoutTail = CommandTaskFolder.tail(of: folder.stdoutFile)
        let stderrTail = CommandTaskFolder.tail(of: folder.stderrFile)
        func failed(_ kind: FailureKind, _ message: String) -> RunOutcome {
            .failed(RunFailure(kind: kind, message: message, stdoutTail: stdoutTail, stderrTail: stderrTail))
        }
        switch ending {
        case .failedToStart(let reason): return failed(.cannotStart, reason)
        case .timedOut: return failed(.timeout, "stopped after its timeout; logs in \(folder.path)")
        case .overMemory: return failed(.memory, memory?.message(logs: folder.path) ?? "over its memory")
        case .exited(.signaled(let signal)):
            return failed(.signal(signal), "killed by signal \(signal); logs in \(folder.path)")
        case .exited(.exited(Self.requeueStatus)): return .requeued
        case .exited(.exited(let status)) where status != 0:
            return failed(.exit(status), "exited with status \(status); logs in \(folder.path)")
        case .exited:
            switch CommandMetrics.read(metricsFile: folder.metricsFile, stdout: stdoutTail) {
            case .success(let metrics):
                let facts = RunFacts(
                    peakRSSBytes: 0, taskFolder: HostFacts.hostName + ":" + folder.path, stdoutTail: stdoutTail,
                    stderrTail: stderrTail)
                return .succeeded(metrics, facts)
            case .failure(var failure):
                failure.stdoutTail = stdoutTail
                failure.stderrTail = stderrTail
                return .failed(failure)
            }
        }
    }
}

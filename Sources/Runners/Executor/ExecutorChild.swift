import Foundation
import Synchronization
import Worker

#if canImport(Glibc)
    import Glibc
#endif

/// One executor child process as the worker sees it: its pid, the socket to it and the file its output goes
/// to. One job at a time: `exchange` sends a job and blocks until its answer or the child's death.
final class ExecutorChild: Sendable {
    /// How one exchange ended.
    enum Exchange: Sendable {
        case answered(ExecutorReply.Ending)
        /// The child died before answering: how it ended, and the end of what it wrote.
        case died(FailureKind, outputTail: String)
        /// The child answered something that is not a reply; it was killed.
        case garbled(ExecutorLineError)
    }

    let pid: pid_t
    /// Jobs go out and answers come back on `jobs`; cancels go out on `cancels`.
    private let jobs: Int32
    private let cancels: Int32
    /// The child's stdout and stderr (an unlinked file, emptied before each job).
    private let output: Int32
    private let lines: Mutex<LineReader>
    /// The job the child is running, the last job the worker asked to stop, and whether it killed the child.
    /// Messages are sent under this lock, so that a job's cancel never reaches the child before the job.
    private let state = Mutex<(job: UInt64?, cancelled: UInt64?, killed: Bool)>((nil, nil, false))

    /// Starts `executable executor`: its descriptor 0 the job channel, 3 the cancel channel, its output an
    /// unlinked temporary file.
    init(executable: String) throws(ExecutorError) {
        let path = NSTemporaryDirectory() + "/infosweep-executor-" + UUID().uuidString
        let output = open(path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC | O_APPEND, 0o600)
        guard output >= 0 else { throw .cannotSpawn(executable, errno) }
        unlink(path)
        guard let jobs = SocketChannel.pair() else {
            close(output)
            throw .cannotSpawn(executable, errno)
        }
        guard let cancels = SocketChannel.pair() else {
            [output, jobs.0, jobs.1].forEach { close($0) }
            throw .cannotSpawn(executable, errno)
        }
        defer { [jobs.1, cancels.1].forEach { close($0) } }
        do throws(ExecutorError) {
            pid = try Self.spawn(executable, jobs: jobs.1, cancels: cancels.1, output: output)
        } catch {
            [output, jobs.0, cancels.0].forEach { close($0) }
            throw error
        }
        self.jobs = jobs.0
        self.cancels = cancels.0
        self.output = output
        lines = Mutex(LineReader(descriptor: jobs.0))
    }

    private static func spawn(
        _ executable: String, jobs: Int32, cancels: Int32, output: Int32
    ) throws(ExecutorError) -> pid_t {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, jobs, ExecutorServer.jobChannel)
        posix_spawn_file_actions_adddup2(&actions, output, 1)
        posix_spawn_file_actions_adddup2(&actions, output, 2)
        posix_spawn_file_actions_adddup2(&actions, cancels, ExecutorServer.cancelChannel)
        for inherited in openDescriptors() where inherited > ExecutorServer.cancelChannel {
            posix_spawn_file_actions_addclose(&actions, inherited)
        }
        let name = (try? FileManager.default.destinationOfSymbolicLink(atPath: executable)) ?? executable
        let arguments: [UnsafeMutablePointer<CChar>?] = [strdup(name), strdup("executor"), nil]
        defer { arguments.forEach { free($0) } }
        var pid: pid_t = 0
        let status = posix_spawn(&pid, executable, &actions, nil, arguments, environ)
        guard status == 0 else { throw .cannotSpawn(executable, status) }
        return pid
    }

    /// The worker's open descriptors, none of which the child is to keep (not all are closed on exec).
    private static func openDescriptors() -> [Int32] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd")) ?? []
        return names.compactMap { Int32($0) }
    }

    /// Runs `job` in the child: empties its output file, sends the job and waits for the answer or the
    /// child's end. Blocking: call it off the cooperative pool.
    func exchange(_ job: ExecutorJob) -> Exchange {
        ftruncate(output, 0)
        let sent = state.withLock { state in
            state.job = job.id
            guard send(.run(job), on: jobs) else { return false }
            if state.cancelled == job.id { send(.cancel(id: job.id), on: cancels) }
            return true
        }
        defer { state.withLock { $0.job = nil } }
        if sent {
            while let line = lines.withLock({ $0.next() }) {
                do {
                    let reply = try ExecutorReply(line: line)
                    if reply.id == job.id { return .answered(reply.ending) }
                } catch {
                    kill(pid, SIGKILL)
                    _ = reap()
                    return .garbled(error)
                }
            }
        }
        return .died(reap(), outputTail: outputTail())
    }

    /// Asks the child to stop job `id`, and kills it if it is still running that job `graceSeconds` later.
    func cancel(_ id: UInt64, graceSeconds: Double) {
        state.withLock { state in
            state.cancelled = id
            if state.job == id { send(.cancel(id: id), on: cancels) }
        }
        DispatchQueue.global().asyncAfter(deadline: .now() + graceSeconds) { [self] in
            let stillRunning = state.withLock { state in
                guard state.job == id else { return false }
                state.killed = true
                return true
            }
            if stillRunning { kill(pid, SIGKILL) }
        }
    }

    /// False once the child has ended (reaping it); an idle child may die, killed by the system or a person.
    /// One that is dying at this very moment (its other threads still exiting) still counts as alive.
    var isAlive: Bool {
        var status: Int32 = 0
        return waitpid(pid, &status, WNOHANG) == 0
    }

    /// True when the worker killed the child (a cancelled job that did not stop in its grace).
    var wasKilled: Bool { state.withLock { $0.killed } }

    /// Closes the channels (the child exits) and waits for the child.
    func shutDown() {
        shutdown(jobs, Int32(SHUT_RDWR))
        shutdown(cancels, Int32(SHUT_RDWR))
        _ = reap()
    }

    deinit {
        [jobs, cancels, output].forEach { close($0) }
    }

    @discardableResult
    private func send(_ message: ExecutorMessage, on channel: Int32) -> Bool {
        var line = message.line
        return line.withUTF8 { SocketChannel.sendAll(UnsafeRawBufferPointer($0), on: channel) }
    }

    /// Waits for the child to end; how it ended, as a failure kind.
    private func reap() -> FailureKind {
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        let signal = status & 0x7f
        return signal == 0 ? .exit((status >> 8) & 0xff) : .signal(signal)
    }

    private func outputTail(limit: Int = 64 * 1024) -> String {
        let size = Int(lseek(output, 0, SEEK_END))
        let start = max(0, size - limit)
        var bytes = [UInt8](repeating: 0, count: size - start)
        let count = bytes.withUnsafeMutableBytes { pread(output, $0.baseAddress, $0.count, off_t(start)) }
        return String(decoding: bytes.prefix(max(0, count)), as: UTF8.self)
    }
}

/// Why an executor child could not be had.
enum ExecutorError: Error, CustomStringConvertible {
    /// The executor process could not be started: the program, and the system's error number.
    case cannotSpawn(String, Int32)

    var description: String {
        switch self {
        case .cannotSpawn(let executable, let code):
            "cannot start the experiment executor \(executable) executor: \(String(cString: strerror(code)))"
        }
    }
}

import Foundation
import Solvers
import SweepModel
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// The executor child's side: runs the jobs that come on its job channel (descriptor 0, a Unix socket) one
/// after the other on its main thread, and answers each there; a thread of its own reads the cancel channel
/// (descriptor 3) and raises the running job's flag.
///
/// Jobs and cancels come apart so that a job costs no hand-over between threads (a no-op task's exchange is
/// on the worker's hot path). The child lives as long as its channels: when the worker closes them, or dies,
/// it exits at once, even mid-run. It ignores SIGINT and SIGTERM, which a terminal or a batch system sends to
/// the whole process group: stopping a run is the worker's decision, made through a cancel or by closing.
public enum ExecutorServer {
    static let jobChannel: Int32 = 0
    static let cancelChannel: Int32 = 3

    /// Serves jobs until the worker closes the channels, then exits the process.
    public static func serve() -> Never {
        signal(SIGINT, SIG_IGN)
        signal(SIGTERM, SIG_IGN)
        signal(SIGPIPE, SIG_IGN)
        try? "infosweep-exec".write(toFile: "/proc/self/comm", atomically: false, encoding: .utf8)
        let cancels = CancelBoard()
        Thread.detachNewThread { readCancels(into: cancels) }
        var execution = ExperimentExecution()
        var lines = LineReader(descriptor: jobChannel)
        while let line = lines.next() {
            guard case .run(let job) = message(in: line) else { continue }
            let flag = cancels.start(job.id)
            let ending = execution.run(job, cancellation: flag)
            cancels.end()
            var answer = ExecutorReply(id: job.id, ending: ending).line
            _ = answer.withUTF8 { SocketChannel.sendAll(UnsafeRawBufferPointer($0), on: jobChannel) }
        }
        exit(0)
    }

    private static func readCancels(into board: CancelBoard) {
        var lines = LineReader(descriptor: cancelChannel)
        while let line = lines.next() {
            if case .cancel(let id) = message(in: line) { board.cancel(id) }
        }
        exit(0)
    }

    private static func message(in line: Data) -> ExecutorMessage? {
        do {
            return try ExecutorMessage(line: line)
        } catch {
            FileHandle.standardError.write(Data("executor: \(error), ignored\n".utf8))
            return nil
        }
    }
}

/// The running job's cancellation flag, and the last job a cancel named: a cancel may come before its job,
/// since the two come on different channels.
private final class CancelBoard: Sendable {
    private let state = Mutex<(running: (id: UInt64, flag: CancellationFlag)?, lastCancelled: UInt64?)>((nil, nil))

    /// The flag of job `id`, raised already when its cancel came first.
    func start(_ id: UInt64) -> CancellationFlag {
        let flag = CancellationFlag()
        state.withLock { state in
            if state.lastCancelled == id { flag.cancel() }
            state.running = (id, flag)
        }
        return flag
    }

    func end() {
        state.withLock { $0.running = nil }
    }

    func cancel(_ id: UInt64) {
        state.withLock { state in
            state.lastCancelled = id
            if let running = state.running, running.id == id { running.flag.cancel() }
        }
    }
}

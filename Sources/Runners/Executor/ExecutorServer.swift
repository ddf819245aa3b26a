import Foundation
import Solvers
import SweepModel
import Synchronization
import Worker

#if canImport(Glibc)
    import Glibc
#endif

/// The executor child's side: reads jobs from its channel to the worker (file descriptor 0, a Unix socket),
/// runs each built-in experiment on a thread of its own and answers with how it ended.
///
/// The child lives as long as its channel: when the worker closes it, or dies, the child exits at once, even
/// mid-run. It ignores SIGINT and SIGTERM, which a terminal or a batch system sends to the whole process group:
/// stopping a run is the worker's decision, made through `cancel` or by closing the channel.
public enum ExecutorServer {
    static let channel: Int32 = 0

    /// Serves jobs until the worker closes the channel, then exits the process.
    public static func serve() -> Never {
        signal(SIGINT, SIG_IGN)
        signal(SIGTERM, SIG_IGN)
        signal(SIGPIPE, SIG_IGN)
        try? "infosweep-exec".write(toFile: "/proc/self/comm", atomically: false, encoding: .utf8)
        let runs = DispatchQueue(label: "infosweep.executor.runs")
        let current = Mutex<(id: UInt64, flag: CancellationFlag)?>(nil)
        let execution = Mutex(ExperimentExecution())
        var lines = LineReader(descriptor: channel)
        let decoder = JSONDecoder()
        while let line = lines.next() {
            guard let message = try? decoder.decode(ExecutorMessage.self, from: line) else {
                FileHandle.standardError.write(Data("executor: unreadable message, ignored\n".utf8))
                continue
            }
            switch message {
            case .run(let job):
                let flag = CancellationFlag()
                current.withLock { $0 = (job.id, flag) }
                runs.async {
                    let ending = execution.withLock { $0.run(job, cancellation: flag) }
                    current.withLock { $0 = nil }
                    answer(ExecutorReply(id: job.id, ending: ending))
                }
            case .cancel(let id):
                current.withLock { running in
                    if let running, running.id == id { running.flag.cancel() }
                }
            }
        }
        exit(0)
    }

    private static func answer(_ reply: ExecutorReply) {
        guard var data = try? JSONEncoder().encode(reply) else { return }
        data.append(UInt8(ascii: "\n"))
        _ = data.withUnsafeBytes { SocketChannel.sendAll($0, on: channel) }
    }
}

import Foundation
import NIOPosix
import SweepModel

/// What receives one task's stored texts: its id, parameter JSON, state and metrics JSON (nil without result).
typealias OutcomeVisitor = (Int64, UnsafeBufferPointer<UInt8>, TaskState, UnsafeBufferPointer<UInt8>?) throws -> Void

/// Tasks' stored texts copied out of the database, a few thousand rows at a time.
final class OutcomeBatch: @unchecked Sendable {
    // Unchecked: a batch is only ever touched by the one thread that holds it; it changes hands through an
    // AsyncThrowingStream (reader to caller) and `EmptyBatches`' lock (back), each of which orders the last use
    // by one side before the first use by the other.
    struct Row {
        var taskID: Int64
        var state: TaskState
        var parameters: Range<Int>
        var metrics: Range<Int>?
    }

    static let capacity = 4096
    private(set) var bytes: [UInt8] = []
    private(set) var rows: [Row] = []

    var isFull: Bool { rows.count >= Self.capacity }

    func append(
        taskID: Int64, parameters: UnsafeBufferPointer<UInt8>, state: TaskState, metrics: UnsafeBufferPointer<UInt8>?
    ) {
        let parameterStart = bytes.count
        bytes.append(contentsOf: parameters)
        let metricStart = bytes.count
        if let metrics { bytes.append(contentsOf: metrics) }
        rows.append(
            Row(
                taskID: taskID, state: state, parameters: parameterStart..<metricStart,
                metrics: metrics == nil ? nil : metricStart..<bytes.count))
    }

    /// Calls `body` with each row's texts, in order.
    func forEach(_ body: OutcomeVisitor) rethrows {
        try bytes.withUnsafeBufferPointer { all in
            for row in rows {
                try body(
                    row.taskID, UnsafeBufferPointer(rebasing: all[row.parameters]), row.state,
                    row.metrics.map { UnsafeBufferPointer(rebasing: all[$0]) })
            }
        }
    }

    func clear() {
        bytes.removeAll(keepingCapacity: true)
        rows.removeAll(keepingCapacity: true)
    }
}

/// Two batches passed back and forth between a reader on NIO's thread pool and the decoding caller, so that
/// SQLite's work and the decoding overlap on two cores, and the reading never blocks the cooperative pool: the
/// caller awaits full batches; only the reader, on its pool thread, waits for an empty one.
enum OutcomeBatches {
    /// Reads with `produce` on a thread-pool thread and calls `consume` with every row, in order, in the calling
    /// task. An error on either side stops both; the reader has ended when this returns.
    static func stream(
        produce: @escaping @Sendable (_ emit: OutcomeVisitor) throws -> Void, consume: OutcomeVisitor
    ) async throws {
        let empties = EmptyBatches()
        let (full, handOver) = AsyncThrowingStream.makeStream(of: OutcomeBatch.self)
        let reader = Task {
            try await NIOThreadPool.singleton.runIfActive {
                do {
                    var batch = try empties.take()
                    try produce { taskID, parameters, state, metrics in
                        batch.append(taskID: taskID, parameters: parameters, state: state, metrics: metrics)
                        if batch.isFull {
                            handOver.yield(batch)
                            batch = try empties.take()
                        }
                    }
                    handOver.yield(batch)
                    handOver.finish()
                } catch {
                    handOver.finish(throwing: error)
                }
            }
        }
        do {
            for try await batch in full {
                try batch.forEach(consume)
                empties.giveBack(batch)
            }
        } catch {
            empties.cancel()
            _ = try? await reader.value
            throw error
        }
        try await reader.value
    }
}

/// The batches the reader may fill: it waits (on its pool thread) until the caller gives one back.
private final class EmptyBatches: @unchecked Sendable {
    // Unchecked: every stored property is read and written only while `condition` is locked.
    private let condition = NSCondition()
    private var batches: [OutcomeBatch] = [OutcomeBatch(), OutcomeBatch()]
    private var cancelled = false

    func take() throws -> OutcomeBatch {
        condition.lock()
        defer { condition.unlock() }
        while batches.isEmpty && !cancelled { condition.wait() }
        if cancelled { throw CancellationError() }
        return batches.removeLast()
    }

    func giveBack(_ batch: OutcomeBatch) {
        batch.clear()
        condition.lock()
        batches.append(batch)
        condition.signal()
        condition.unlock()
    }

    func cancel() {
        condition.lock()
        cancelled = true
        condition.broadcast()
        condition.unlock()
    }
}

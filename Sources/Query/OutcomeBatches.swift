import Foundation
import SweepModel

/// What receives one task's stored texts: its id, parameter JSON, state and metrics JSON (nil without result).
typealias OutcomeVisitor = (Int64, UnsafeBufferPointer<UInt8>, TaskState, UnsafeBufferPointer<UInt8>?) throws -> Void

/// Tasks' stored texts copied out of the database, a few thousand rows at a time.
final class OutcomeBatch: @unchecked Sendable {
    // Unchecked: a batch is only ever touched by the one thread that holds it; it changes hands through
    // `OutcomeBatches`, whose lock orders the last use by one thread before the first use by the other.
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
        rows.append(Row(taskID: taskID, state: state, parameters: parameterStart..<metricStart,
                        metrics: metrics == nil ? nil : metricStart..<bytes.count))
    }

    /// Calls `body` with each row's texts, in order.
    func forEach(_ body: OutcomeVisitor) rethrows {
        try bytes.withUnsafeBufferPointer { all in
            for row in rows {
                try body(row.taskID, UnsafeBufferPointer(rebasing: all[row.parameters]), row.state,
                         row.metrics.map { UnsafeBufferPointer(rebasing: all[$0]) })
            }
        }
    }

    func clear() {
        bytes.removeAll(keepingCapacity: true)
        rows.removeAll(keepingCapacity: true)
    }
}

/// Two batches passed back and forth between a thread that reads the database and the caller that decodes,
/// so that SQLite's work and the decoding overlap on two cores and the reading stays off the caller's thread.
final class OutcomeBatches: @unchecked Sendable {
    // Unchecked: every stored property is read and written only while `condition` is locked.
    private let condition = NSCondition()
    private var empty: [OutcomeBatch] = [OutcomeBatch(), OutcomeBatch()]
    private var full: [OutcomeBatch] = []
    private var finished = false
    private var failure: (any Error)?
    private var cancelled = false

    /// Reads with `produce` on a thread of its own and calls `consume` with every row, in order, on the
    /// calling thread. An error on either side stops both; the reader thread has ended when this returns.
    static func stream(
        produce: @escaping @Sendable (_ emit: OutcomeVisitor) throws -> Void, consume: OutcomeVisitor
    ) throws {
        let batches = OutcomeBatches()
        let reader = Thread {
            do {
                var batch = try batches.takeEmpty()
                try produce { taskID, parameters, state, metrics in
                    batch.append(taskID: taskID, parameters: parameters, state: state, metrics: metrics)
                    if batch.isFull {
                        batches.hand(batch)
                        batch = try batches.takeEmpty()
                    }
                }
                batches.hand(batch)
                batches.finish(nil)
            } catch {
                batches.finish(error)
            }
        }
        reader.name = "infosweep-store-reader"
        reader.start()
        do {
            while let batch = try batches.takeFull() {
                try batch.forEach(consume)
                batches.giveBack(batch)
            }
        } catch {
            batches.cancelAndWait()
            throw error
        }
    }

    private func takeEmpty() throws -> OutcomeBatch {
        condition.lock()
        defer { condition.unlock() }
        while empty.isEmpty && !cancelled { condition.wait() }
        if cancelled { throw CancellationError() }
        return empty.removeLast()
    }

    private func hand(_ batch: OutcomeBatch) {
        condition.lock()
        full.append(batch)
        condition.broadcast()
        condition.unlock()
    }

    private func finish(_ error: (any Error)?) {
        condition.lock()
        finished = true
        failure = error
        condition.broadcast()
        condition.unlock()
    }

    /// The next full batch; nil once the reader has finished and every batch is consumed.
    private func takeFull() throws -> OutcomeBatch? {
        condition.lock()
        defer { condition.unlock() }
        while full.isEmpty && !finished { condition.wait() }
        if !full.isEmpty { return full.removeFirst() }
        if let failure { throw failure }
        return nil
    }

    private func giveBack(_ batch: OutcomeBatch) {
        batch.clear()
        condition.lock()
        empty.append(batch)
        condition.broadcast()
        condition.unlock()
    }

    private func cancelAndWait() {
        condition.lock()
        cancelled = true
        condition.broadcast()
        while !finished { condition.wait() }
        condition.unlock()
    }
}

import Foundation
import SweepModel
import TaskStore
import TestSupport
import Testing

@testable import Coordinator

@Suite("The group-committing store thread")
struct StoreExecutorTests {
    @Test func concurrentOperationsAllCommitAndAFailingOneUndoesOnlyItself() async throws {
        let directory = TemporaryDirectory()
        let store = try await StoreExecutor(path: directory.file("s.sqlite"))
        let spec = try SweepSpecParser(file: "t.yaml").parse("name: s\nexperiment: noop\ngrid: {a: [1]}\n")
        _ = try await store.perform { try $0.submit(spec, source: "") }
        let outcomes = await withTaskGroup(of: Bool.self) { group in
            for index in 0..<50 {
                group.addTask {
                    do {
                        _ = try await store.perform { store in
                            if index == 25 { _ = try store.pause(sweep: "absent") }
                            return try store.queueDepth()
                        }
                        return true
                    } catch {
                        return false
                    }
                }
            }
            return await group.reduce(into: [Bool]()) { $0.append($1) }
        }
        #expect(outcomes.filter { $0 }.count == 49)
        #expect(try await store.perform { try $0.queueDepth() }.pending == 1)
        await store.close()
    }

    @Test func aClosedStoreRefusesWork() async throws {
        let directory = TemporaryDirectory()
        let store = try await StoreExecutor(path: directory.file("s.sqlite"))
        await store.close()
        await #expect(throws: StoreError.closed) { try await store.perform { try $0.queueDepth() } }
        await store.close()
    }

    /// Everything committed is in the database file once the store is closed: the write-ahead log is gone, and
    /// a copy of the file alone holds the work.
    @Test func closingLeavesTheWholeDatabaseInItsFile() async throws {
        let directory = TemporaryDirectory()
        let path = directory.file("s.sqlite")
        let spec = try SweepSpecParser(file: "t.yaml").parse("name: s\nexperiment: noop\nseeds: 300\n")
        try await StoreExecutor.withStore(path: path) { store in
            _ = try await store.perform { try $0.submit(spec, source: "") }
        }
        #expect(!FileManager.default.fileExists(atPath: path + "-wal"))
        let copy = directory.file("copy.sqlite")
        try FileManager.default.copyItem(atPath: path, toPath: copy)
        #expect(try TaskStore(path: copy, readOnly: true).queueDepth().pending == 300)
    }

    @Test func aFileThatIsNotADatabaseIsRefusedAtOpen() async throws {
        let directory = TemporaryDirectory()
        let path = directory.file("junk.sqlite")
        try Data(repeating: 0x41, count: 4096).write(to: URL(fileURLWithPath: path))
        await #expect(throws: StoreError.self) { _ = try await StoreExecutor(path: path) }
    }
}

import Foundation
import TestSupport
import Testing

/// `status --watch` in a real terminal (tmux): one screen, redrawn in place.
@Suite("status --watch in a terminal", .serialized)
struct StatusWatchTests {
    let directory = TemporaryDirectory()

    @Test func manyLongSweepsFitOneScreenAndRedrawWithoutPilingUp() async throws {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/tmux") else {
            try #require(ProcessInfo.processInfo.environment["CI"] == nil, "tmux is required in CI")
            return
        }
        let coordinator = CoordinatorHarness(directory: directory)
        try await coordinator.start()
        for index in 0..<20 {
            let name = "a-rather-long-sweep-name-that-will-not-fit-\(index)"
            let file = directory.file("s\(index).yaml")
            try "name: \(name)\nexperiment: noop\ngrid: {a: [1, 2]}\n".write(toFile: file, atomically: true, encoding: .utf8)
            _ = try await coordinator.command(["submit", file])
        }
        let session = "infosweep-watch-\(getpid())"
        let command = "\(Binary.path) status --watch --interval 0.2 --coordinator \(coordinator.address)"
        try tmux(["new-session", "-d", "-s", session, "-x", "60", "-y", "12", command], capture: false)
        defer { _ = try? tmux(["kill-session", "-t", session]) }
        try await Task.sleep(for: .seconds(3))
        let visible = try tmux(["capture-pane", "-p", "-t", session]).split(separator: "\n", omittingEmptySubsequences: false)
        let history = try tmux(["capture-pane", "-p", "-S", "-1000", "-t", session])
            .split(separator: "\n").filter { !$0.isEmpty }
        #expect(visible.allSatisfy { $0.count <= 60 })
        #expect(visible.contains { $0.hasPrefix("... and 10 more sweeps") })
        #expect(history.count <= 12, "copies piled up in the scrollback:\n\(history.joined(separator: "\n"))")
    }

    @discardableResult
    private func tmux(_ arguments: [String], capture: Bool = true) throws -> String {
        // The server that new-session starts would hold a captured pipe open: only short commands are captured.
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/tmux")
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = capture ? pipe : FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = capture ? pipe.fileHandleForReading.readDataToEndOfFile() : Data()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw HarnessError("tmux \(arguments.first ?? "") failed") }
        return String(decoding: data, as: UTF8.self)
    }
}

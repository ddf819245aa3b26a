import Foundation
import Subprocess
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
            try "name: \(name)\nexperiment: noop\ngrid: {a: [1, 2]}\n".write(
                toFile: file, atomically: true, encoding: .utf8)
            _ = try await coordinator.command(["submit", file])
        }
        let command = "\(Binary.path) status --watch --interval 0.2 --coordinator \(coordinator.address)"
        let (visible, history) = try await inTerminal(command, columns: 60, rows: 12) { session in
            try await Task.sleep(for: .seconds(3))
            let visible = try await tmux(["capture-pane", "-p", "-t", session])
                .split(separator: "\n", omittingEmptySubsequences: false)
            let history = try await tmux(["capture-pane", "-p", "-S", "-1000", "-t", session])
                .split(separator: "\n").filter { !$0.isEmpty }
            return (visible, history)
        }
        #expect(visible.allSatisfy { $0.count <= 60 })
        #expect(visible.contains { $0.hasPrefix("... and 10 more sweeps") })
        #expect(history.count <= 12, "copies piled up in the scrollback:\n\(history.joined(separator: "\n"))")
    }

    /// Runs `command` in a detached tmux session of the given size for as long as `body` runs.
    private func inTerminal<T>(
        _ command: String, columns: Int, rows: Int, _ body: (String) async throws -> T
    ) async throws -> T {
        let session = "infosweep-watch-\(getpid())"
        try await tmux(["new-session", "-d", "-s", session, "-x", "\(columns)", "-y", "\(rows)", command])
        do {
            let value = try await body(session)
            try await tmux(["kill-session", "-t", session])
            return value
        } catch {
            _ = try? await tmux(["kill-session", "-t", session])
            throw error
        }
    }

    /// Runs tmux through swift-subprocess, which closes every other descriptor in the child: the server that a first
    /// `new-session` forks would otherwise keep Foundation's exit watch open, and the test would wait for it forever.
    @discardableResult
    private func tmux(_ arguments: [String]) async throws -> String {
        let result = try await Subprocess.run(
            .path("/usr/bin/tmux"), arguments: Arguments(arguments), output: .string(limit: 1 << 20),
            error: .discarded)
        guard result.terminationStatus.isSuccess else {
            throw HarnessError("tmux \(arguments.first ?? "") failed: \(result.terminationStatus)")
        }
        return result.standardOutput ?? ""
    }
}

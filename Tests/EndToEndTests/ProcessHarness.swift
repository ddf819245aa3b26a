import TestSupport
import Foundation
import Testing
import CoordinatorClient
import WireProtocol

/// A child process of the test: an `infosweep` command with its output captured to files.
final class Child {
    let process = Process()
    let name: String
    let logPath: String

    init(_ arguments: [String], name: String, directory: TemporaryDirectory, environment: [String: String] = [:]) throws
    {
        self.name = name
        logPath = directory.file("\(name).log")
        _ = FileManager.default.createFile(atPath: logPath, contents: nil)
        let log = FileHandle(forWritingAtPath: logPath)!
        process.executableURL = URL(fileURLWithPath: Binary.path)
        process.arguments = arguments
        var merged = ProcessInfo.processInfo.environment
        merged.merge(environment) { $1 }
        process.environment = merged
        process.standardOutput = log
        process.standardError = log
        try process.run()
    }

    var pid: Int32 { process.processIdentifier }

    func signal(_ number: Int32) {
        kill(process.processIdentifier, number)
    }

    /// Waits for the process to exit; returns its status, or nil if it is still running at the deadline.
    @discardableResult
    func wait(seconds: Double) async -> Int32? {
        let deadline = Date().addingTimeInterval(seconds)
        while process.isRunning && Date() < deadline { try? await Task.sleep(for: .milliseconds(50)) }
        return process.isRunning ? nil : process.terminationStatus
    }

    var log: String { (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? "" }

    deinit {
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
    }
}

/// A coordinator process on a loopback port, restartable on the same port and database.
final class CoordinatorHarness {
    let directory: TemporaryDirectory
    let database: String
    let leaseSeconds: Double
    let token: String?
    private(set) var port = 0
    private(set) var child: Child?
    private var starts = 0

    init(directory: TemporaryDirectory, leaseSeconds: Double = 30, token: String? = nil, database: String? = nil) {
        self.directory = directory
        self.database = database ?? directory.file("sweeps.sqlite")
        self.leaseSeconds = leaseSeconds
        self.token = token
    }

    var address: String { "127.0.0.1:\(port)" }

    func start(extra: [String] = []) async throws {
        starts += 1
        let portFile = directory.file("port-\(starts)")
        let child = try Child(
            [
                "coordinator", "--db", database, "--listen", "127.0.0.1:\(port)", "--port-file", portFile,
                "--lease-seconds", "\(leaseSeconds)",
            ] + extra,
            name: "coordinator-\(starts)", directory: directory,
            environment: token.map { ["INFOSWEEP_TOKEN": $0] } ?? [:])
        self.child = child
        let deadline = Date().addingTimeInterval(60)
        while Date() < deadline {
            if let text = try? String(contentsOfFile: portFile, encoding: .utf8),
                let bound = Int(text.trimmingCharacters(in: .whitespacesAndNewlines))
            {
                port = bound
                return
            }
            guard child.process.isRunning else { break }
            try await Task.sleep(for: .milliseconds(50))
        }
        let state = child.process.isRunning ? "still running" : "exited with \(child.process.terminationStatus)"
        throw HarnessError("coordinator did not start (\(state)):\n\(child.log)")
    }

    /// A worker of this coordinator; one task at a time (`--cores 1`) unless `extra` gives its cores.
    func worker(_ extra: [String] = [], name: String, environment: [String: String] = [:]) throws -> Child {
        let cores = extra.contains("--cores") || extra.contains("--threads") ? [] : ["--cores", "1"]
        var environment = environment
        if let token = token ?? LocalTokenFile.read(port: port), environment["INFOSWEEP_TOKEN"] == nil {
            environment["INFOSWEEP_TOKEN"] = token
        }
        return try Child(
            ["worker", "--coordinator", address] + cores + extra, name: name, directory: directory,
            environment: environment)
    }

    /// Writes `text` to a new sweep file and submits it.
    func submit(_ text: String) async throws {
        let path = try directory.write("sweep-\(UUID().uuidString.prefix(8)).yaml", text)
        _ = try await command(["submit", path])
    }

    /// Runs a short command (`submit`, `status`, `export`) against this coordinator and returns its stdout.
    func command(_ arguments: [String]) async throws -> String {
        let child = try Child(
            arguments + ["--coordinator", address], name: "cmd-\(UUID().uuidString.prefix(8))",
            directory: directory, environment: token.map { ["INFOSWEEP_TOKEN": $0] } ?? [:])
        guard let status = await child.wait(seconds: 60), status == 0 else {
            throw HarnessError("infosweep \(arguments.joined(separator: " ")) failed:\n\(child.log)")
        }
        return child.log
    }

    func client(
        token: String? = nil, role: Hello.Role = .client, workerID: String = "test-client"
    ) async throws
        -> CoordinatorConnection
    {
        let info = WorkerInfo(id: workerID, host: "testhost", cpuModel: "cpu", threads: 1, pid: 1, version: "test")
        return try await CoordinatorConnection.connect(
            to: CoordinatorAddress(host: "127.0.0.1", port: port),
            hello: Hello(
                token: token ?? self.token ?? LocalTokenFile.read(port: port) ?? "", role: role,
                worker: role == .worker ? info : nil))
    }
}

struct HarnessError: Error, CustomStringConvertible {
    var description: String

    init(_ description: String) {
        self.description = description
    }
}

import ArgumentParser
import CoordinatorClient
import Foundation
import SweepModel
import TaskStore
import WireProtocol

/// `infosweep submit FILE`: adds a sweep's new points to a coordinator or a database.
struct SubmitCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "submit",
        abstract: "Submit a sweep file; points already stored are not added again.")

    @Argument(help: "The sweep file (YAML).")
    var file: String

    @OptionGroup var target: TargetOptions

    @Flag(help: "Print JSON.")
    var json = false

    @Option(help: "The most points the sweep may have (a coordinator's --max-sweep-points).")
    var maxPoints = SweepSpec.defaultMaxPoints

    func validate() throws {
        guard maxPoints >= 1 else { throw ValidationError("--max-points must be at least 1, not \(maxPoints)") }
    }

    func run() async throws {
        if target.db == nil { try checkFitsInAFrame() }
        let (spec, text, code) = try SpecLoader.load(file, maxPoints: maxPoints)
        let outcome: SubmitOutcome
        if let db = target.db {
            outcome = try TaskStore(path: db).transaction { store in
                if let code { try store.storeCode(code) }
                return try store.submit(spec, source: text)
            }
        } else {
            let connection = try await target.connect()
            defer { connection.close() }
            if let code { try await CodeUpload.send(code, over: connection) }
            let request = SubmitRequest(
                file: file, text: text, directory: SpecLoader.directory(of: file), codeHash: code?.hash)
            guard case .submitted(let reply) = try await connection.send(.submit(request)) else {
                throw CLIError("unexpected reply to submit")
            }
            outcome = reply
        }
        if json {
            Output.line(
                "{\"sweep\":\(JSONText.quote(outcome.sweep)),\"added\":\(outcome.added),"
                    + "\"existing\":\(outcome.existing)}")
        } else {
            Output.line("sweep \(outcome.sweep): \(outcome.added) tasks added, \(outcome.existing) already stored")
        }
    }

    /// A coordinator drops a peer whose frame is over the protocol's limit: say so before reading the file.
    private func checkFitsInAFrame() throws {
        let bytes = (try? FileManager.default.attributesOfItem(atPath: file)[.size] as? Int) ?? 0
        guard bytes < WireLimits.maximumFrameLength - 4096 else {
            throw CLIError(
                "\(file) is \(bytes >> 20) MiB; a coordinator takes sweep files of up to "
                    + "\(WireLimits.maximumFrameLength >> 20) MiB (the protocol's frame limit): submit it with --db "
                    + "on the coordinator's machine, or split it into several sweeps")
        }
    }
}

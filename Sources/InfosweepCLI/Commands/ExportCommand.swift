import ArgumentParser
import Foundation
import Query

/// `infosweep export SWEEP`: one row per task with parameters, metrics and provenance.
struct ExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export", abstract: "Export a sweep's tasks with parameters, metrics and provenance.")

    @Argument(help: "The sweep.")
    var sweep: String

    @OptionGroup var target: TargetOptions

    @Option(help: "csv or jsonl.")
    var format: ExportWriter.Format = .csv

    @Option(help: "Write to this file instead of standard output.")
    var out: String?

    func run() async throws {
        let source = try await target.source()
        let file: FileHandle?
        if let out {
            guard FileManager.default.createFile(atPath: out, contents: nil),
                let handle = FileHandle(forWritingAtPath: out)
            else { throw CLIError("cannot write \(out)") }
            file = handle
        } else {
            file = nil
        }
        var buffer = ""
        var writer = ExportWriter(format: format) { buffer += $0 }
        try await source.forEachRecord(sweep: sweep) { records in
            writer.append(records)
            if let file {
                try file.write(contentsOf: Data(buffer.utf8))
            } else {
                StandardOutput.write(buffer)
            }
            buffer = ""
        }
        try file?.close()
    }
}

extension ExportWriter.Format: ExpressibleByArgument {}

import ExperimentCatalog
import Foundation
import SweepModel

/// Reads a sweep file and checks it completely, with the checks a coordinator runs on a submit:
/// the experiment, every parameter and value, the memory of a task and the number of points.
enum SpecLoader {
    /// The file's sweep and text, and, for a command with `code:`, its packed code (whose hash the sweep's
    /// command then carries).
    static func load(
        _ path: String, maxPoints: Int = SweepSpec.defaultMaxPoints
    ) throws -> (spec: SweepSpec, text: String, code: CodeBundle?) {
        let text = try SweepSpecParser.read(path)
        var spec = try SweepValidator.parse(text, file: path, maxPoints: maxPoints)
        spec.command?.directory = directory(of: path)
        guard let command = spec.command, !command.code.isEmpty else { return (spec, text, nil) }
        do {
            let code = try CodeBundle.pack(command.code, in: command.resolvedWorkdir)
            spec.setCodeHash(code.hash)
            return (spec, text, code)
        } catch {
            throw CLIError("\(path): \(error)")
        }
    }

    /// The absolute folder of the file at `path`, where a command's relative workdir starts.
    static func directory(of path: String) -> String {
        URL(fileURLWithPath: path).standardizedFileURL.deletingLastPathComponent().path
    }
}

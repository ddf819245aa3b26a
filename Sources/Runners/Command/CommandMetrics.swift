import Foundation
import SweepModel
import Worker

/// Reads the metrics a command reports: a flat JSON object of finite numbers, in its metrics file or on a
/// last stdout line `INFOSWEEP_METRICS {...}`.
enum CommandMetrics {
    static let linePrefix = "INFOSWEEP_METRICS "

    /// The metrics, from the file when the command wrote one, else from the last metrics line of `stdout`.
    static func read(metricsFile: String, stdout: String) -> Result<Metrics, RunFailure> {
        if let data = FileManager.default.contents(atPath: metricsFile) {
            return parse(String(decoding: data, as: UTF8.self), source: "the metrics file")
        }
        let line = stdout.split(whereSeparator: \.isNewline).last { $0.hasPrefix(linePrefix) }
        guard let line else {
            return .failure(
                RunFailure(
                    kind: .noMetrics,
                    message: "exit 0 without metrics: write a JSON object to $INFOSWEEP_METRICS_FILE or print a "
                        + "last line \(linePrefix){...}"))
        }
        return parse(String(line.dropFirst(linePrefix.count)), source: "the \(linePrefix.dropLast()) line")
    }

    /// A value of a metrics object: a number, or anything else (named in the error).
    private enum Value: Decodable {
        case number(Double)
        case other

        init(from decoder: any Decoder) throws {
            self = (try? decoder.singleValueContainer().decode(Double.self)).map(Value.number) ?? .other
        }
    }

    private static func parse(_ text: String, source: String) -> Result<Metrics, RunFailure> {
        guard let object = try? JSONDecoder().decode([String: Value].self, from: Data(text.utf8)) else {
            return .failure(RunFailure(kind: .badMetrics, message: "\(source) is not a JSON object"))
        }
        var metrics = Metrics()
        for (name, value) in object.sorted(by: { $0.key < $1.key }) {
            guard case .number(let number) = value, number.isFinite else {
                return .failure(
                    RunFailure(kind: .badMetrics, message: "\(source): '\(name)' is not a finite number"))
            }
            metrics[name] = number
        }
        return .success(metrics)
    }
}

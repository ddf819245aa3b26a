import Foundation

/// Finds the built `infosweep` executable beside the test bundle (or at `INFOSWEEP_BIN`).
public enum Binary {
    public static let path: String = {
        if let explicit = ProcessInfo.processInfo.environment["INFOSWEEP_BIN"] { return explicit }
        var directory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for _ in 0..<4 {
            let candidate = directory.appendingPathComponent("infosweep").path
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
            directory = directory.deletingLastPathComponent()
        }
        return "infosweep"
    }()
}

import Foundation
import Logging

/// Sends logs to standard error at the level in `INFOSWEEP_LOG_LEVEL` (default: the command's own).
enum LogSetup {
    static func logger(_ label: String, defaultLevel: Logger.Level) -> Logger {
        LoggingSystem.bootstrap { StreamLogHandler.standardError(label: $0) }
        var logger = Logger(label: label)
        let text = ProcessInfo.processInfo.environment["INFOSWEEP_LOG_LEVEL"] ?? ""
        logger.logLevel = Logger.Level(rawValue: text.lowercased()) ?? defaultLevel
        return logger
    }
}

import Foundation
import SweepModel

/// Where a coordinator started without a token keeps the one it generated, so that the same user's commands
/// and workers on the same machine find it: `$XDG_RUNTIME_DIR/infosweep/coordinator-PORT.token`, or
/// `/tmp/infosweep-UID/coordinator-PORT.token` without a runtime folder. The folder is the user's alone (0700)
/// and the file readable only by them (0600); a folder owned by anyone else is refused. The coordinator keeps
/// the token it generated beside its database too (`DATABASE.token`, 0600), so that a restarted coordinator
/// keeps it and its workers stay connected.
public enum LocalTokenFile {
    /// A failure to keep or find the token file.
    public enum Failure: Error, Sendable, CustomStringConvertible {
        case unsafeFolder(path: String, reason: String)
        case cannotWrite(path: String, reason: String)

        public var description: String {
            switch self {
            case .unsafeFolder(let path, let reason): "the token folder \(path) is not safe to use: \(reason)"
            case .cannotWrite(let path, let reason): "cannot write the token file \(path): \(reason)"
            }
        }
    }

    /// The folder for this user on this machine.
    public static func folder(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let runtime = environment["XDG_RUNTIME_DIR"], !runtime.isEmpty { return runtime + "/infosweep" }
        return "/tmp/infosweep-\(getuid())"
    }

    /// The token file of the coordinator listening on `port`.
    public static func path(port: Int, environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        folder(environment: environment) + "/coordinator-\(port).token"
    }

    /// Writes `token` for the coordinator on `port` (replacing an older file atomically); returns its path.
    @discardableResult
    public static func write(
        _ token: String, port: Int, environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws(Failure) -> String {
        let folder = folder(environment: environment)
        try ensurePrivateFolder(folder)
        let path = path(port: port, environment: environment)
        try writePrivate(token, to: path)
        return path
    }

    /// The token of this user's coordinator on `port`, if its file exists and is theirs alone.
    public static func read(port: Int, environment: [String: String] = ProcessInfo.processInfo.environment) -> String? {
        readPrivate(path(port: port, environment: environment))
    }

    /// The token kept beside the database, made (128 random bits) the first time; returns it and its file.
    public static func databaseToken(for database: String) throws(Failure) -> (token: String, path: String) {
        let path = database + ".token"
        if let token = readPrivate(path) { return (token, path) }
        let token = RandomSecret.make()
        try writePrivate(token, to: path)
        return (token, path)
    }

    private static func writePrivate(_ token: String, to path: String) throws(Failure) {
        let partial = path + ".partial-\(getpid())"
        let descriptor = open(partial, O_WRONLY | O_CREAT | O_TRUNC | O_EXCL, 0o600)
        guard descriptor >= 0 else { throw .cannotWrite(path: path, reason: String(cString: strerror(errno))) }
        let bytes = Array((token + "\n").utf8)
        let written = bytes.withUnsafeBytes { Foundation.write(descriptor, $0.baseAddress, $0.count) }
        close(descriptor)
        guard written == bytes.count, rename(partial, path) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(partial)
            throw .cannotWrite(path: path, reason: reason)
        }
    }

    /// The file's token if it belongs to this user and nobody else may read it.
    private static func readPrivate(_ path: String) -> String? {
        var status = stat()
        guard stat(path, &status) == 0, status.st_uid == getuid(), status.st_mode & 0o077 == 0,
            let text = try? String(contentsOfFile: path, encoding: .utf8)
        else { return nil }
        let token = text.trimmingCharacters(in: .whitespacesAndNewlines)
        return token.isEmpty ? nil : token
    }

    private static func ensurePrivateFolder(_ folder: String) throws(Failure) {
        if mkdir(folder, 0o700) != 0 && errno != EEXIST {
            throw .unsafeFolder(path: folder, reason: String(cString: strerror(errno)))
        }
        var status = stat()
        guard lstat(folder, &status) == 0, status.st_mode & S_IFMT == S_IFDIR else {
            throw .unsafeFolder(path: folder, reason: "it is not a folder")
        }
        guard status.st_uid == getuid() else {
            throw .unsafeFolder(path: folder, reason: "it belongs to user \(status.st_uid), not \(getuid())")
        }
        if status.st_mode & 0o077 != 0, chmod(folder, 0o700) != 0 {
            throw .unsafeFolder(path: folder, reason: "others may read it and it cannot be made private")
        }
    }
}

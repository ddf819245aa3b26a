import ArgumentParser
import CoordinatorClient
import Foundation
import Query
import SweepModel
import WireProtocol

/// `--coordinator HOST:PORT` or `--db PATH`: where a command finds the sweeps.
struct TargetOptions: ParsableArguments {
    @Option(name: .long, help: "A running coordinator, HOST:PORT.")
    var coordinator: String?

    @Option(name: .long, help: "A database file, used directly.")
    var db: String?

    @Option(name: .long, help: "File holding the coordinator's token (else INFOSWEEP_TOKEN).")
    var tokenFile: String?

    @OptionGroup var tls: TLSClientOptions

    func validate() throws {
        guard (coordinator == nil) != (db == nil) else {
            throw ValidationError("give exactly one of --coordinator HOST:PORT or --db PATH")
        }
    }

    func source() async throws -> any ResultSource {
        if let db {
            guard FileManager.default.fileExists(atPath: db) else { throw CLIError("no database at \(db)") }
            return LocalStoreSource(path: db)
        }
        return RemoteResultSource(connection: try await connect())
    }

    func connect() async throws -> CoordinatorConnection {
        let address = try CoordinatorAddress(parsing: coordinator ?? "", option: "--coordinator")
        let token = try TokenSource.read(file: tokenFile, port: address.port)
        return try await CoordinatorConnection.connect(
            to: address, hello: Hello(token: token, role: .client, worker: nil), tls: try tls.context())
    }
}

/// Reads the shared token from a file or `INFOSWEEP_TOKEN`; never from the command line.
enum TokenSource {
    /// The token from `--token-file`, else `INFOSWEEP_TOKEN`, else the one a local coordinator on `port`
    /// generated (see `LocalTokenFile`); empty when there is none.
    static func read(file: String?, port: Int? = nil) throws -> String {
        if let file {
            guard let text = try? String(contentsOfFile: file, encoding: .utf8) else {
                throw CLIError("cannot read the token file \(file)")
            }
            let token = text.trimmingCharacters(in: .whitespacesAndNewlines)
            guard !token.isEmpty else { throw CLIError("the token file \(file) is empty") }
            return token
        }
        if let token = ProcessInfo.processInfo.environment["INFOSWEEP_TOKEN"], !token.isEmpty { return token }
        return port.flatMap { LocalTokenFile.read(port: $0) } ?? ""
    }
}

/// A command-line failure with a message for the user.
struct CLIError: Error, CustomStringConvertible {
    var description: String

    init(_ description: String) {
        self.description = description
    }
}

/// Writes text to standard output without buffering surprises.
enum Output {
    static func write(_ text: String) {
        StandardOutput.write(text)
    }

    /// Writes `text` to the file `path`, or to standard output (ending in a newline) without one.
    static func deliver(_ text: String, to path: String?) throws {
        if let path {
            try text.write(toFile: path, atomically: true, encoding: .utf8)
        } else {
            write(text.hasSuffix("\n") ? text : text + "\n")
        }
    }

    static func line(_ text: String) {
        write(text + "\n")
    }

    static func error(_ text: String) {
        FileHandle.standardError.write(Data((text + "\n").utf8))
    }

    static var isTerminal: Bool { isatty(STDOUT_FILENO) == 1 }
}

import Foundation

/// Which GPUs a worker hands to tasks: `auto` (those `CUDA_VISIBLE_DEVICES` names when it is set, else those
/// `nvidia-smi -L` lists), `none`, or a list of ids.
public enum GPUSelection: Sendable, Hashable {
    case auto
    case none
    case list([String])

    /// Reads `auto`, `none` or a comma-separated list of ids (`0,1,2,3`, or GPU UUIDs).
    public init(parsing text: String) throws(GPUSelectionError) {
        switch text.trimmingCharacters(in: .whitespaces) {
        case "auto": self = .auto
        case "none", "": self = .none
        case let list:
            let ids = list.split(separator: ",", omittingEmptySubsequences: false).map {
                $0.trimmingCharacters(in: .whitespaces)
            }
            if let bad = ids.first(where: { $0.isEmpty || $0.contains(where: \.isWhitespace) }) {
                throw .badID(list, bad)
            }
            guard Set(ids).count == ids.count else { throw .repeatedID(list) }
            self = .list(ids)
        }
    }

    /// The ids this selection names on this machine; `nvidiaSMI` lists the devices (nil when it cannot run).
    public func ids(
        environment: [String: String] = ProcessInfo.processInfo.environment,
        nvidiaSMI: () -> String? = GPUSelection.runNvidiaSMI
    ) -> [String] {
        switch self {
        case .none: return []
        case .list(let ids): return ids
        case .auto:
            if let visible = environment["CUDA_VISIBLE_DEVICES"] {
                let ids = visible.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
                // CUDA reads a negative or unknown id as the end of the list: "-1" hides every device.
                return Array(ids.prefix { !$0.isEmpty && !$0.hasPrefix("-") && $0 != "NoDevFiles" })
            }
            return Self.devices(inListing: nvidiaSMI() ?? "")
        }
    }

    /// The indices of the `GPU N: ...` lines of `nvidia-smi -L`.
    static func devices(inListing listing: String) -> [String] {
        listing.split(separator: "\n").compactMap { line in
            guard line.hasPrefix("GPU "), let colon = line.firstIndex(of: ":") else { return nil }
            let index = line[line.index(line.startIndex, offsetBy: 4)..<colon]
            return Int(index) == nil ? nil : String(index)
        }
    }

    /// What `nvidia-smi -L` prints, or nil when there is no such program or it fails.
    public static func runNvidiaSMI() -> String? {
        let path = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":")
            .map { "\($0)/nvidia-smi" }.first { FileManager.default.isExecutableFile(atPath: $0) }
        guard let path else { return nil }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = ["-L"]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        do { try process.run() } catch { return nil }
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { return nil }
        return String(decoding: data, as: UTF8.self)
    }
}

/// Why a `--gpus` value was refused.
public enum GPUSelectionError: Error, Sendable, CustomStringConvertible {
    case badID(String, String)
    case repeatedID(String)

    public var description: String {
        switch self {
        case .badID(let list, let id):
            "--gpus \(list): '\(id)' is not a GPU id (give auto, none, or ids such as 0,1,2,3)"
        case .repeatedID(let list): "--gpus \(list): an id appears twice"
        }
    }
}

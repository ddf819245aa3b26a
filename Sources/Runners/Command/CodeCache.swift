import Foundation
import SweepModel

/// Where a worker gets the code bundles command sweeps name.
public protocol CodeSource: Sendable {
    func bundle(_ hash: String) async throws -> CodeBundle
}

/// A worker's unpacked code bundles, `<work-dir>/code/<hash>/`: each is fetched and unpacked once, into a
/// temporary folder renamed into place, so a half-written copy is never used (nor by another worker sharing
/// the work folder).
actor CodeCache {
    private let folder: String
    private let source: (any CodeSource)?
    private var fetching: [String: Task<String, any Error>] = [:]

    init(folder: String, source: (any CodeSource)?) {
        self.folder = folder
        self.source = source
    }

    /// The folder holding bundle `hash` unpacked.
    func folder(for hash: String) async throws -> String {
        let target = folder + "/" + hash
        if FileManager.default.fileExists(atPath: target) { return target }
        if let running = fetching[hash] { return try await running.value }
        guard let source else { throw CodeCacheError.noSource(hash: hash) }
        let parent = folder
        let task = Task { try await Self.fetch(hash, from: source, into: target, parent: parent) }
        fetching[hash] = task
        defer { fetching[hash] = nil }
        return try await task.value
    }

    private static func fetch(
        _ hash: String, from source: any CodeSource, into target: String, parent: String
    ) async throws -> String {
        let bundle = try await source.bundle(hash)
        guard bundle.hash == hash else { throw CodeCacheError.hashMismatch(expected: hash, got: bundle.hash) }
        let staging = parent + "/.unpacking-" + UUID().uuidString
        let manager = FileManager.default
        try manager.createDirectory(atPath: staging, withIntermediateDirectories: true)
        do {
            try bundle.unpack(into: staging)
            try manager.moveItem(atPath: staging, toPath: target)
        } catch {
            try? manager.removeItem(atPath: staging)
            guard manager.fileExists(atPath: target) else { throw error }
        }
        return target
    }
}

/// Why a worker has no copy of a command's code.
enum CodeCacheError: Error, CustomStringConvertible {
    case noSource(hash: String)
    case hashMismatch(expected: String, got: String)

    var description: String {
        switch self {
        case .noSource(let hash): "code bundle \(hash.prefix(16)) is needed, and this worker has nowhere to fetch it"
        case .hashMismatch(let expected, let got):
            "code bundle \(expected.prefix(16)) arrived as \(got.prefix(16))"
        }
    }
}

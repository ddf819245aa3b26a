import Foundation

/// The files a command's `code:` names, packed: each file's path (relative to the command's workdir), whether
/// it is executable, and its bytes, in path order. Its hash identifies the code (it enters every task key);
/// the coordinator stores it and workers unpack it into their cache, so compute nodes need no shared
/// filesystem for code.
public struct CodeBundle: Sendable, Hashable {
    /// The most bytes a bundle may hold, file headers included: what the coordinator stores and sends.
    public static let limit = 64 << 20
    static let magic = Array("infosweep-code 1\n".utf8)

    /// One packed file.
    public struct File: Sendable, Hashable {
        public var path: String
        public var executable: Bool
        public var contents: [UInt8]
    }

    public let files: [File]
    /// The bundle as stored and sent: a header line, then each file as `path NUL mode NUL size LF` and its bytes.
    public let bytes: [UInt8]
    /// 64 hex digits of SHA-256 over `bytes`.
    public let hash: String

    init(files: [File]) {
        self.files = files.sorted { $0.path < $1.path }
        var bytes = Self.magic
        for file in self.files {
            bytes += Array("\(file.path)\0\(file.executable ? 755 : 644)\0\(file.contents.count)\n".utf8)
            bytes += file.contents
        }
        self.bytes = bytes
        hash = SHA256.digest(bytes).map { String(format: "%02x", $0) }.joined()
    }

    /// Packs the files and folders `paths` name, relative to `root`; `field` names them in errors.
    public static func pack(
        _ paths: [String], in root: String, limit: Int = limit, field: String = "command.code"
    ) throws(CodeBundleError) -> CodeBundle {
        var files: [String: File] = [:]
        for (index, path) in paths.enumerated() {
            let entry = "\(field)[\(index)]"
            guard !path.hasPrefix("/"), !path.split(separator: "/").contains("..") else {
                throw .outsideWorkdir(entry: entry, path: path, root: root)
            }
            for file in try collect(path, in: root, entry: entry) { files[file.path] = file }
        }
        let bundle = CodeBundle(files: Array(files.values))
        guard bundle.bytes.count <= limit else {
            let largest = bundle.files.sorted { $0.contents.count > $1.contents.count }.prefix(5)
            throw .tooLarge(
                bytes: bundle.bytes.count, limit: limit, largest: largest.map { ($0.path, $0.contents.count) },
                field: field)
        }
        return bundle
    }

    private static func collect(_ path: String, in root: String, entry: String) throws(CodeBundleError) -> [File] {
        let manager = FileManager.default
        let full = root + "/" + path
        var isFolder: ObjCBool = false
        guard manager.fileExists(atPath: full, isDirectory: &isFolder) else {
            throw .missing(entry: entry, path: full)
        }
        let clean = path.split(separator: "/").filter { $0 != "." }.joined(separator: "/")
        guard isFolder.boolValue else { return [try file(clean, at: full, entry: entry)] }
        guard let names = manager.enumerator(atPath: full)?.compactMap({ $0 as? String }) else {
            throw .unreadable(entry: entry, path: full)
        }
        var files: [File] = []
        for name in names.sorted() {
            var isSubfolder: ObjCBool = false
            _ = manager.fileExists(atPath: full + "/" + name, isDirectory: &isSubfolder)
            if isSubfolder.boolValue { continue }
            let relative = clean.isEmpty ? name : clean + "/" + name
            files.append(try file(relative, at: full + "/" + name, entry: entry))
        }
        return files
    }

    private static func file(_ relative: String, at full: String, entry: String) throws(CodeBundleError) -> File {
        guard !relative.contains("\0"), !relative.contains("\n") else {
            throw .unreadable(entry: entry, path: full)
        }
        guard let data = FileManager.default.contents(atPath: full) else { throw .unreadable(entry: entry, path: full) }
        return File(
            path: relative, executable: FileManager.default.isExecutableFile(atPath: full), contents: Array(data))
    }

    /// Reads a stored or received bundle back, refusing one that is malformed or names a path outside it.
    public init(bytes: [UInt8]) throws(CodeBundleError) {
        guard bytes.starts(with: Self.magic) else { throw .malformed("no bundle header") }
        var files: [File] = []
        var index = Self.magic.count
        while index < bytes.count {
            guard let newline = bytes[index...].firstIndex(of: UInt8(ascii: "\n")) else {
                throw .malformed("a file header without its end")
            }
            let fields = bytes[index..<newline].split(separator: 0, omittingEmptySubsequences: false)
                .map { String(decoding: $0, as: UTF8.self) }
            guard fields.count == 3, let size = Int(fields[2]), size >= 0, newline + 1 + size <= bytes.count,
                !fields[0].isEmpty, !fields[0].hasPrefix("/"), !fields[0].split(separator: "/").contains("..")
            else { throw .malformed("a bad file header at byte \(index)") }
            files.append(
                File(
                    path: fields[0], executable: fields[1] == "755",
                    contents: Array(bytes[(newline + 1)...][..<(newline + 1 + size)])))
            index = newline + 1 + size
        }
        self.init(files: files)
        guard self.bytes == bytes else { throw .malformed("not in canonical form") }
    }

    /// Writes the files under `folder` (made if missing), with their modes.
    public func unpack(into folder: String) throws {
        let manager = FileManager.default
        for file in files {
            let target = folder + "/" + file.path
            try manager.createDirectory(
                atPath: (target as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try Data(file.contents).write(to: URL(fileURLWithPath: target))
            try manager.setAttributes([.posixPermissions: file.executable ? 0o755 : 0o644], ofItemAtPath: target)
        }
    }
}

/// Why a command's code could not be packed or read.
public enum CodeBundleError: Error, Sendable, CustomStringConvertible {
    case outsideWorkdir(entry: String, path: String, root: String)
    case missing(entry: String, path: String)
    case unreadable(entry: String, path: String)
    case tooLarge(bytes: Int, limit: Int, largest: [(path: String, bytes: Int)], field: String)
    case malformed(String)

    public var description: String {
        switch self {
        case .outsideWorkdir(let entry, let path, let root):
            "\(entry): '\(path)' is outside the command's workdir \(root) (name files and folders inside it)"
        case .missing(let entry, let path): "\(entry): \(path) does not exist"
        case .unreadable(let entry, let path): "\(entry): cannot read \(path)"
        case .tooLarge(let bytes, let limit, let largest, let field):
            "\(field): the code is \(Self.mebibytes(bytes)), more than the \(Self.mebibytes(limit)) a bundle may "
                + "hold; the largest files: "
                + largest.map { "\($0.path) (\(Self.mebibytes($0.bytes)))" }.joined(separator: ", ")
        case .malformed(let reason): "a malformed code bundle: \(reason)"
        }
    }

    private static func mebibytes(_ bytes: Int) -> String {
        String(format: "%.1f MiB", Double(bytes) / 1_048_576)
    }
}

import Foundation
import Testing

@testable import SweepModel

/// A command's code packed into a bundle: what is in it, what identifies it, and what is refused.
@Suite("Code bundles")
struct CodeBundleTests {
    let root = NSTemporaryDirectory() + "infosweep-code-" + UUID().uuidString

    func write(_ path: String, _ text: String, executable: Bool = false) throws {
        let full = root + "/" + path
        try FileManager.default.createDirectory(
            atPath: (full as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try text.write(toFile: full, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: executable ? 0o755 : 0o644], ofItemAtPath: full)
    }

    @Test func aBundleHoldsTheNamedFilesAndFoldersInPathOrderAndReadsBack() throws {
        try write("train.sh", "echo hi\n", executable: true)
        try write("lib/b.txt", "b")
        try write("lib/sub/a.txt", "a")
        try write("unnamed.txt", "not packed")
        let bundle = try CodeBundle.pack(["train.sh", "lib/", "./train.sh"], in: root)
        #expect(bundle.files.map(\.path) == ["lib/b.txt", "lib/sub/a.txt", "train.sh"])
        #expect(bundle.files.map(\.executable) == [false, false, true])
        #expect(bundle.hash.count == 64)
        #expect(try CodeBundle(bytes: bundle.bytes) == bundle)
        let copy = root + "-copy"
        defer { try? FileManager.default.removeItem(atPath: copy) }
        try bundle.unpack(into: copy)
        #expect(try String(contentsOfFile: copy + "/lib/sub/a.txt", encoding: .utf8) == "a")
        #expect(FileManager.default.isExecutableFile(atPath: copy + "/train.sh"))
        #expect(!FileManager.default.isExecutableFile(atPath: copy + "/lib/b.txt"))
    }

    @Test func theHashChangesWithAFilesContentOrModeAndOnlyThen() throws {
        try write("train.sh", "echo 1\n")
        let first = try CodeBundle.pack(["train.sh"], in: root)
        #expect(try CodeBundle.pack(["train.sh"], in: root).hash == first.hash)
        try write("train.sh", "echo 2\n")
        let edited = try CodeBundle.pack(["train.sh"], in: root)
        #expect(edited.hash != first.hash)
        try write("train.sh", "echo 2\n", executable: true)
        #expect(try CodeBundle.pack(["train.sh"], in: root).hash != edited.hash)
    }

    @Test func pathsOutsideTheWorkdirMissingFilesAndOversizedCodeAreRefusedByName() throws {
        try write("big.bin", String(repeating: "x", count: 300))
        try write("small.txt", "y")
        for path in ["../secret", "/etc/passwd", "lib/../../x"] {
            #expect {
                try CodeBundle.pack([path], in: root)
            } throws: { error in
                "\(error)".contains("command.code[0]: '\(path)' is outside the command's workdir")
            }
        }
        #expect {
            try CodeBundle.pack(["small.txt", "nope.py"], in: root)
        } throws: { error in
            "\(error)" == "command.code[1]: \(root)/nope.py does not exist"
        }
        #expect {
            try CodeBundle.pack(["big.bin", "small.txt"], in: root, limit: 200)
        } throws: { error in
            "\(error)".contains("more than the 0.0 MiB a bundle may hold; the largest files: big.bin")
        }
    }

    @Test func theLimitHoldsForTheBundleAsStoredHeadersIncluded() throws {
        for index in 0..<50 { try write("many/file-\(index).txt", "x") }
        let bundle = try CodeBundle.pack(["many"], in: root)
        #expect(bundle.files.count == 50 && bundle.bytes.count > 1000)
        #expect(try CodeBundle.pack(["many"], in: root, limit: bundle.bytes.count).hash == bundle.hash)
        #expect(throws: CodeBundleError.self) { try CodeBundle.pack(["many"], in: root, limit: bundle.bytes.count - 1) }
    }

    @Test func aMalformedBundleIsRefused() throws {
        try write("a.txt", "a")
        let bundle = try CodeBundle.pack(["a.txt"], in: root)
        let header = Array("infosweep-code 1\n".utf8)
        for bytes in [
            Array("not a bundle".utf8), header + Array("../x\u{0}644\u{0}1\nx".utf8),
            header + Array("a.txt\u{0}644\u{0}99\nshort".utf8), bundle.bytes + [0],
        ] {
            #expect(throws: CodeBundleError.self) { try CodeBundle(bytes: bytes) }
        }
    }
}

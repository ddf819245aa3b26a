import Foundation
import SweepModel
import TaskStore
import Testing
import WireProtocol

@testable import Coordinator

/// Code bundles on the coordinator: uploaded in parts, checked against their hash, served in parts, and
/// required before a sweep that names them is stored.
@Suite("Code bundles on the coordinator")
struct CoordinatorCodeBundleTests {
    let root = NSTemporaryDirectory() + "infosweep-coordinator-code-" + UUID().uuidString
    let sweep = "name: c\ncommand:\n  argv: [sh, train.sh]\n  code: [train.sh]\n"

    func bundle(_ text: String) throws -> CodeBundle {
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        try text.write(toFile: root + "/train.sh", atomically: true, encoding: .utf8)
        return try CodeBundle.pack(["train.sh"], in: root)
    }

    func put(_ harness: CoordinatorHarness, _ chunk: CodeChunk) async -> Response {
        await harness.core.handle(.putCode(chunk), from: nil)
    }

    func submit(_ harness: CoordinatorHarness, hash: String?) async -> Response {
        await harness.core.handle(.submit(SubmitRequest(file: "c.yaml", text: sweep, codeHash: hash)), from: nil)
    }

    @Test func aSweepNamingCodeIsStoredOnlyOnceItsWholeBundleHasArrived() async throws {
        let harness = try await CoordinatorHarness()
        let code = try bundle(String(repeating: "echo hello\n", count: 20))
        let half = code.bytes.count / 2
        guard case .refused(let noHash) = await submit(harness, hash: nil) else {
            throw Unexpected(.workers(.init(workers: [])))
        }
        #expect(noHash.message.contains("names code: but no bundle hash came with it"))
        guard case .refused(let missing) = await submit(harness, hash: code.hash) else {
            throw Unexpected(.workers(.init(workers: [])))
        }
        #expect(missing.message.contains("has not been uploaded whole"))
        let first = CodeChunk(hash: code.hash, offset: 0, total: code.bytes.count, bytes: Array(code.bytes[..<half]))
        #expect(await put(harness, first) == .codeStored(complete: false))
        let rest = CodeChunk(hash: code.hash, offset: half, total: code.bytes.count, bytes: Array(code.bytes[half...]))
        #expect(await put(harness, rest) == .codeStored(complete: true))
        guard case .submitted(let outcome) = await submit(harness, hash: code.hash) else {
            throw Unexpected(.workers(.init(workers: [])))
        }
        #expect(outcome.added == 1)
        let served = await harness.core.handle(.getCode(CodeRequest(hash: code.hash, offset: half)), from: nil)
        #expect(served == .codeChunk(rest))
    }

    @Test func aBundleWhoseContentDoesNotMatchItsHashIsRefusedAndForgotten() async throws {
        let harness = try await CoordinatorHarness()
        let code = try bundle("echo 1\n")
        let other = try bundle("echo 2\n")
        let forged = CodeChunk(hash: code.hash, offset: 0, total: other.bytes.count, bytes: other.bytes)
        guard case .refused(let refusal) = await put(harness, forged) else {
            throw Unexpected(.workers(.init(workers: [])))
        }
        #expect(refusal.message.contains("its content hashes to \(other.hash.prefix(16))"))
        guard
            case .refused(let absent) = await harness.core.handle(
                .getCode(CodeRequest(hash: code.hash, offset: 0)), from: nil)
        else { throw Unexpected(.workers(.init(workers: []))) }
        #expect(absent.code == .notFound)
    }
}

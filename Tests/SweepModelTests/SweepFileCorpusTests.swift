import Foundation

import Testing
@testable import SweepModel

/// A corpus of bad sweep files, each refused with its file, line and field; and seeded mutations of good
/// files, none of which crashes the parser.
@Suite("Sweep file corpus")
struct SweepFileCorpusTests {
    static let corpus = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Corpus")

    static var badFiles: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: corpus.path)) ?? []).filter { $0.hasSuffix(".yaml") }
            .sorted()
    }

    @Test func theCorpusIsThere() {
        #expect(Self.badFiles.count >= 20)
    }

    @Test(arguments: badFiles)
    func everyBadFileIsRefusedWithItsPlace(name: String) {
        let path = Self.corpus.appendingPathComponent(name).path
        do {
            _ = try SweepSpecParser.parse(contentsOf: path)
            Issue.record("\(name) was accepted")
        } catch let error as SweepSpecError {
            #expect(error.location.file == path)
            #expect(error.description.hasPrefix(path + ":"))
            #expect(!error.field.isEmpty && !error.message.isEmpty)
            if name != "empty-file.yaml" { #expect(error.location.line >= 1, "\(error)") }
        } catch {
            Issue.record("\(name): not a SweepSpecError: \(error)")
        }
    }

    @Test func mutatedGoodFilesNeverCrashTheParser() throws {
        let good = Array(SweepSpecParserTests.example.utf8)
        var generator = SplitMix64(seed: 11)
        var refused = 0
        for _ in 0..<5_000 {
            var bytes = good
            for _ in 0..<Int.random(in: 1...3, using: &generator) {
                let at = Int.random(in: 0..<bytes.count, using: &generator)
                switch Int.random(in: 0..<3, using: &generator) {
                case 0: bytes[at] = Array(":-[]{},#&*!|>'\"%@` \n\t0123456789ab".utf8).randomElement(using: &generator)!
                case 1: bytes.remove(at: at)
                default: bytes.insert(Array(":[]{}, \n-".utf8).randomElement(using: &generator)!, at: at)
                }
            }
            do {
                let spec = try SweepSpecParser(file: "m.yaml").parse(String(decoding: bytes, as: UTF8.self))
                #expect(!spec.name.isEmpty)
            } catch is SweepSpecError {
                refused += 1
            }
        }
        #expect(refused > 0)
    }
}

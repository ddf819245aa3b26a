import Foundation
import Testing
import WireProtocol

/// TLS files that cannot work are refused in words that say which file and why.
@Suite("TLS files")
struct TLSFilesTests {
    @Test func aKeyThatIsNotTheCertificatesIsRefusedNamingBoth() throws {
        let folder = NSTemporaryDirectory() + "infosweep-tls-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try openssl([
            "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-keyout",
            folder + "/a.key", "-out", folder + "/a.pem", "-days", "1", "-subj", "/CN=a",
        ])
        try openssl([
            "genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-out", folder + "/b.key",
        ])
        let mismatched = TLSFiles(certificate: folder + "/a.pem", privateKey: folder + "/b.key")
        #expect {
            _ = try mismatched.serverContext()
        } throws: { error in
            "\(error)".contains("b.key does not belong to the certificate") && error is TLSSetupError
        }
        #expect(throws: Never.self) {
            _ = try TLSFiles(certificate: folder + "/a.pem", privateKey: folder + "/a.key").serverContext()
        }
        #expect {
            _ = try TLSFiles(certificate: folder + "/a.pem", privateKey: folder + "/none.key").serverContext()
        } throws: { "\($0)".contains("none.key: no such readable file") }
    }

    private func openssl(_ arguments: [String]) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/openssl")
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        try #require(process.terminationStatus == 0, "openssl \(arguments[0]) failed")
    }
}

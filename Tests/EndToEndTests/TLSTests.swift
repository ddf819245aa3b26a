import TestSupport
import Foundation
import Testing
import WireProtocol

/// A test CA, a server and a client certificate it signed, and a rogue CA with a client certificate of its own,
/// all made with the openssl command in a temporary directory.
struct TestCertificates {
    let directory: TemporaryDirectory

    init(directory: TemporaryDirectory) throws {
        self.directory = directory
        try HostRequirement.openssl.check()
        try makeCA("ca")
        try makeCA("rogue-ca")
        try makeLeaf("server", signedBy: "ca", subjectAltName: "IP:127.0.0.1,DNS:localhost")
        try makeLeaf("client", signedBy: "ca", subjectAltName: "DNS:worker.test")
        try makeLeaf("rogue-client", signedBy: "rogue-ca", subjectAltName: "DNS:intruder.test")
    }

    func path(_ name: String) -> String { directory.file(name) }

    private func makeCA(_ name: String) throws {
        try openssl([
            "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
            "-keyout", path("\(name).key"), "-out", path("\(name).pem"), "-days", "2",
            "-subj", "/CN=infosweep test \(name)",
        ])
    }

    private func makeLeaf(_ name: String, signedBy ca: String, subjectAltName: String) throws {
        try openssl([
            "req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
            "-keyout", path("\(name).key"), "-out", path("\(name).csr"), "-subj", "/CN=\(name)",
        ])
        let extensions = path("\(name).ext")
        try "subjectAltName=\(subjectAltName)\n".write(toFile: extensions, atomically: true, encoding: .utf8)
        try openssl([
            "x509", "-req", "-in", path("\(name).csr"), "-CA", path("\(ca).pem"), "-CAkey", path("\(ca).key"),
            "-CAcreateserial", "-out", path("\(name).pem"), "-days", "2", "-extfile", extensions,
        ])
    }

    private func openssl(_ arguments: [String]) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: HostRequirement.opensslPath)
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw HarnessError("openssl \(arguments.prefix(2).joined(separator: " ")) failed")
        }
    }
}

/// TLS and mutual TLS on the worker connection, with real certificates.
@Suite(
    "TLS", .serialized, .enabled(if: HostRequirement.openssl.runs, Comment(rawValue: HostRequirement.openssl.reason)))
struct TLSTests {
    let directory = TemporaryDirectory()

    func startCoordinator(_ certificates: TestCertificates) async throws -> CoordinatorHarness {
        let coordinator = CoordinatorHarness(directory: directory)
        try await coordinator.start(extra: [
            "--tls-cert", certificates.path("server.pem"), "--tls-key", certificates.path("server.key"),
            "--tls-client-ca", certificates.path("ca.pem"),
        ])
        return coordinator
    }

    func clientOptions(_ certificates: TestCertificates, ca: String = "ca", client: String? = "client") -> [String] {
        ["--tls-ca", certificates.path("\(ca).pem")]
            + (client.map {
                ["--tls-cert", certificates.path("\($0).pem"), "--tls-key", certificates.path("\($0).key")]
            }
                ?? [])
    }

    @Test func workersWithTheirCertificatesRunASweepOverMutualTLS() async throws {
        let certificates = try TestCertificates(directory: directory)
        let coordinator = try await startCoordinator(certificates)
        let sweep = directory.file("tls.yaml")
        try "name: tls\nexperiment: noop\ngrid: {a: [1, 2, 3, 4]}\n".write(
            toFile: sweep, atomically: true, encoding: .utf8)
        _ = try await coordinator.command(["submit", sweep] + clientOptions(certificates))
        let worker = try coordinator.worker(["--exit-when-idle"] + clientOptions(certificates), name: "tls-worker")
        #expect(await worker.wait(seconds: 30) == 0, "\(worker.log)")
        let status = try await coordinator.command(["status", "tls", "--json"] + clientOptions(certificates))
        #expect(status.contains("\"total\":4,\"pending\":0,\"running\":0,\"done\":4"))
    }

    @Test func untrustedOrMissingCertificatesAreRefusedOnBothSides() async throws {
        let certificates = try TestCertificates(directory: directory)
        let coordinator = try await startCoordinator(certificates)
        let cases: [(String, [String])] = [
            ("wrong CA for the server", clientOptions(certificates, ca: "rogue-ca")),
            ("no client certificate", clientOptions(certificates, client: nil)),
            ("client certificate from another CA", clientOptions(certificates, client: "rogue-client")),
        ]
        for (name, options) in cases {
            let worker = try coordinator.worker(["--exit-when-idle"] + options, name: "refused-\(cases.count)")
            let status = await worker.wait(seconds: 20)
            #expect(status != nil && status != 0, "\(name): worker did not fail")
            #expect(worker.log.contains("TLS"), "\(name): no clear TLS error:\n\(worker.log)")
        }
        // A client that does not speak TLS at all is dropped too.
        let plain = try RawSocket(port: coordinator.port)
        try plain.send(RawSocket.frame(Array("{\"id\":1,\"type\":\"status\",\"body\":{}}".utf8)))
        #expect(plain.waitForClose(seconds: 5))
        let log = coordinator.child?.log ?? ""
        #expect(log.contains("connection dropped") && log.contains("127.0.0.1"), "\(log)")
        let dropped = log.split(separator: "\n").filter { $0.contains("connection dropped") }
        #expect(dropped.count >= 3 && dropped.allSatisfy { $0.contains("peer=127.0.0.1:") }, "\(log)")
        // And a good client is still served.
        let status = try await coordinator.command(["status", "--json"] + clientOptions(certificates))
        #expect(status.contains("{\"sweeps\":[]}"))
    }
}

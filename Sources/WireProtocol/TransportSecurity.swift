import Foundation
import NIOSSL

/// Certificate files for TLS on the worker connection: a server's (or client's) own certificate and key,
/// and the CA that the other side's certificate must chain to.
public struct TLSFiles: Sendable, Hashable {
    public var certificate: String?
    public var privateKey: String?
    public var trustedCA: String?

    public init(certificate: String? = nil, privateKey: String? = nil, trustedCA: String? = nil) {
        self.certificate = certificate
        self.privateKey = privateKey
        self.trustedCA = trustedCA
    }

    /// The coordinator's context: its certificate and key; with a trusted CA, clients must present a
    /// certificate that chains to it (mutual TLS).
    public func serverContext() throws -> NIOSSLContext {
        guard let certificate, let privateKey else {
            throw TLSSetupError("the coordinator needs both --tls-cert and --tls-key for TLS")
        }
        let chain = try Self.certificates(certificate).map { NIOSSLCertificateSource.certificate($0) }
        let key = NIOSSLPrivateKeySource.privateKey(try Self.key(privateKey))
        var configuration: TLSConfiguration
        if let trustedCA {
            configuration = .makeServerConfigurationWithMTLS(
                certificateChain: chain, privateKey: key, trustRoots: .certificates(try Self.certificates(trustedCA)))
        } else {
            configuration = .makeServerConfiguration(certificateChain: chain, privateKey: key)
        }
        configuration.minimumTLSVersion = .tlsv12
        return try context(configuration)
    }

    /// A worker's or client's context: it trusts `trustedCA` (else the system roots) and presents its own
    /// certificate when it has one.
    public func clientContext() throws -> NIOSSLContext {
        var configuration = TLSConfiguration.makeClientConfiguration()
        configuration.minimumTLSVersion = .tlsv12
        if let trustedCA { configuration.trustRoots = .certificates(try Self.certificates(trustedCA)) }
        switch (certificate, privateKey) {
        case (let certificate?, let privateKey?):
            configuration.certificateChain = try Self.certificates(certificate).map { .certificate($0) }
            configuration.privateKey = .privateKey(try Self.key(privateKey))
        case (nil, nil):
            break
        default:
            throw TLSSetupError("a client certificate needs both --tls-cert and --tls-key")
        }
        return try context(configuration)
    }

    /// The context, with BoringSSL's refusal of a key that is not the certificate's said in words.
    private func context(_ configuration: TLSConfiguration) throws -> NIOSSLContext {
        do {
            return try NIOSSLContext(configuration: configuration)
        } catch NIOSSLError.failedToLoadPrivateKey {
            throw TLSSetupError(
                "the private key \(privateKey ?? "-") does not belong to the certificate \(certificate ?? "-") "
                    + "(--tls-key must be the key the certificate was issued for)")
        }
    }

    private static func certificates(_ path: String) throws -> [NIOSSLCertificate] {
        guard FileManager.default.isReadableFile(atPath: path) else {
            throw TLSSetupError("cannot read the certificate \(path): no such readable file")
        }
        do {
            let certificates = try NIOSSLCertificate.fromPEMFile(path)
            guard !certificates.isEmpty else { throw TLSSetupError("\(path) holds no PEM certificate") }
            return certificates
        } catch let error as TLSSetupError {
            throw error
        } catch {
            throw TLSSetupError("cannot read the PEM certificate \(path): \(error)")
        }
    }

    private static func key(_ path: String) throws -> NIOSSLPrivateKey {
        guard FileManager.default.isReadableFile(atPath: path) else {
            throw TLSSetupError("cannot read the private key \(path): no such readable file")
        }
        do {
            return try NIOSSLPrivateKey(file: path, format: .pem)
        } catch {
            throw TLSSetupError("cannot read the PEM private key \(path): \(error)")
        }
    }
}

/// TLS cannot be set up as asked (missing or unreadable files).
public struct TLSSetupError: Error, Sendable, CustomStringConvertible {
    public var description: String

    public init(_ description: String) {
        self.description = description
    }
}

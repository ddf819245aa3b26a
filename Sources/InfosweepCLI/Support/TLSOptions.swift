import ArgumentParser
import NIOSSL
import WireProtocol

/// `--tls-ca`, `--tls-cert`, `--tls-key`: TLS for a worker's or client's connection to the coordinator.
struct TLSClientOptions: ParsableArguments {
    @Option(help: "Speak TLS to the coordinator, trusting this CA certificate (PEM).")
    var tlsCa: String?

    @Option(help: "Client certificate (PEM), for coordinators that require mutual TLS.")
    var tlsCert: String?

    @Option(help: "Private key (PEM) of the client certificate.")
    var tlsKey: String?

    /// The TLS context, or nil when none of the options is given.
    func context() throws -> NIOSSLContext? {
        guard tlsCa != nil || tlsCert != nil || tlsKey != nil else { return nil }
        return try TLSFiles(certificate: tlsCert, privateKey: tlsKey, trustedCA: tlsCa).clientContext()
    }
}

/// `--tls-cert`, `--tls-key`, `--tls-client-ca`: the coordinator's TLS.
struct TLSServerOptions: ParsableArguments {
    @Option(help: "The coordinator's certificate (PEM); with --tls-key, every connection must use TLS.")
    var tlsCert: String?

    @Option(help: "The coordinator's private key (PEM).")
    var tlsKey: String?

    @Option(help: "Require client certificates signed by this CA (PEM): mutual TLS.")
    var tlsClientCa: String?

    func context() throws -> NIOSSLContext? {
        guard tlsCert != nil || tlsKey != nil || tlsClientCa != nil else { return nil }
        return try TLSFiles(certificate: tlsCert, privateKey: tlsKey, trustedCA: tlsClientCa).serverContext()
    }
}

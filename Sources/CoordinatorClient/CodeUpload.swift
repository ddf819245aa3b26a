import SweepModel
import WireProtocol

/// Moves command code bundles over a coordinator connection, in parts that fit a frame.
public enum CodeUpload {
    /// The size of the parts a bundle travels in.
    public static let partBytes = 4 << 20

    /// Uploads `bundle` (the coordinator checks it against its hash once whole).
    public static func send(_ bundle: CodeBundle, over connection: CoordinatorConnection) async throws {
        var offset = 0
        repeat {
            let end = min(offset + partBytes, bundle.bytes.count)
            let chunk = CodeChunk(
                hash: bundle.hash, offset: offset, total: bundle.bytes.count, bytes: Array(bundle.bytes[offset..<end]))
            let response = try await connection.send(.putCode(chunk))
            guard case .codeStored(let complete) = response else { throw CodeTransferError.unexpected(response) }
            offset = end
            if complete { return }
        } while offset < bundle.bytes.count
        throw CodeTransferError.incomplete(hash: bundle.hash)
    }

    /// Downloads the bundle `hash` and checks it against its hash.
    public static func fetch(_ hash: String, over connection: CoordinatorConnection) async throws -> CodeBundle {
        var bytes: [UInt8] = []
        var total = 1
        while bytes.count < total {
            let response = try await connection.send(.getCode(CodeRequest(hash: hash, offset: bytes.count)))
            guard case .codeChunk(let chunk) = response, !chunk.bytes.isEmpty, chunk.total <= CodeBundle.limit else {
                throw CodeTransferError.unexpected(response)
            }
            total = chunk.total
            bytes += chunk.bytes
        }
        let bundle = try CodeBundle(bytes: bytes)
        guard bundle.hash == hash else { throw CodeTransferError.hashMismatch(expected: hash, got: bundle.hash) }
        return bundle
    }
}

/// Why a code bundle did not arrive whole.
public enum CodeTransferError: Error, CustomStringConvertible {
    case unexpected(Response)
    case incomplete(hash: String)
    case hashMismatch(expected: String, got: String)

    public var description: String {
        switch self {
        case .unexpected(let response): "unexpected reply while moving code: \(response.kind)"
        case .incomplete(let hash): "the coordinator did not take code bundle \(hash.prefix(16)) whole"
        case .hashMismatch(let expected, let got):
            "code bundle \(expected.prefix(16)) arrived with content hashing to \(got.prefix(16))"
        }
    }
}

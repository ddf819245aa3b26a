import SweepModel
import TaskStore
import WireProtocol

extension CoordinatorCore {
    /// Stores one part of a command's code bundle; true once the bundle is whole and checked.
    func storeCode(_ chunk: CodeChunk) async throws -> Bool {
        try await store.perform {
            try $0.storeCodePart(hash: chunk.hash, offset: chunk.offset, total: chunk.total, bytes: chunk.bytes)
        }
    }

    /// One part of a stored code bundle, for a worker to unpack.
    func code(_ request: CodeRequest) async throws -> CodeChunk {
        guard let (total, bytes) = try await store.perform({ try $0.codePart(request.hash, offset: request.offset) })
        else {
            throw Refusal(
                code: .notFound, message: "no code bundle \(request.hash.prefix(16)) with a part at \(request.offset)")
        }
        return CodeChunk(hash: request.hash, offset: request.offset, total: total, bytes: bytes)
    }
}

import Foundation
import SweepModel

extension TaskStore {
    /// The size of the parts a bundle is stored and sent in: a frame holds 16 MiB.
    public static let codePartBytes = 4 << 20

    /// Stores a whole bundle (a sweep submitted straight into the database), in parts.
    public func storeCode(_ bundle: CodeBundle) throws {
        var offset = 0
        repeat {
            let end = min(offset + Self.codePartBytes, bundle.bytes.count)
            _ = try storeCodePart(
                hash: bundle.hash, offset: offset, total: bundle.bytes.count, bytes: Array(bundle.bytes[offset..<end]))
            offset = end
        } while offset < bundle.bytes.count
    }

    /// Stores one part of a bundle; when the parts make the whole bundle, checks it against its hash and marks
    /// it complete. Returns whether the bundle is complete.
    public func storeCodePart(hash: String, offset: Int, total: Int, bytes: [UInt8]) throws -> Bool {
        guard hash.count == 64, hash.allSatisfy(\.isHexDigit), (1...CodeBundle.limit).contains(total),
            offset >= 0, !bytes.isEmpty, bytes.count <= Self.codePartBytes, offset + bytes.count <= total
        else {
            throw StoreError.badCode(hash: hash, reason: "a part at \(offset) of \(bytes.count) bytes of \(total)")
        }
        let find = try connection.statement("SELECT total, complete FROM code_bundles WHERE hash = ?")
        if try find.bind(.text(hash)).step() {
            let (stored, complete) = (Int(find.int(0)), find.int(1) == 1)
            find.bind()
            if complete { return true }
            guard stored == total else {
                throw StoreError.badCode(hash: hash, reason: "its size is \(stored) bytes, not \(total)")
            }
        } else {
            find.bind()
            try connection.statement("INSERT INTO code_bundles(hash, total) VALUES (?, ?)")
                .bind(.text(hash), .int(total)).run()
        }
        try connection.statement("INSERT OR REPLACE INTO code_parts(hash, offset, bytes) VALUES (?, ?, ?)")
            .bind(.text(hash), .int(offset), .blob(bytes)).run()
        return try completeIfWhole(hash, total: total)
    }

    private func completeIfWhole(_ hash: String, total: Int) throws -> Bool {
        let parts = try connection.statement("SELECT offset, bytes FROM code_parts WHERE hash = ? ORDER BY offset")
        parts.bind(.text(hash))
        var bytes: [UInt8] = []
        while try parts.step() {
            guard Int(parts.int(0)) == bytes.count else {
                parts.bind()
                return false
            }
            bytes += parts.blob(1)
        }
        guard bytes.count == total else { return false }
        let bundle: CodeBundle
        do {
            bundle = try CodeBundle(bytes: bytes)
        } catch {
            try forgetCode(hash)
            throw StoreError.badCode(hash: hash, reason: "\(error)")
        }
        guard bundle.hash == hash else {
            try forgetCode(hash)
            throw StoreError.badCode(hash: hash, reason: "its content hashes to \(bundle.hash.prefix(16))")
        }
        try connection.statement("UPDATE code_bundles SET complete = 1 WHERE hash = ?").bind(.text(hash)).run()
        return true
    }

    private func forgetCode(_ hash: String) throws {
        try connection.statement("DELETE FROM code_parts WHERE hash = ?").bind(.text(hash)).run()
        try connection.statement("DELETE FROM code_bundles WHERE hash = ?").bind(.text(hash)).run()
    }

    /// True when the store holds bundle `hash` whole.
    public func hasCode(_ hash: String) throws -> Bool {
        let find = try connection.statement("SELECT 1 FROM code_bundles WHERE hash = ? AND complete = 1")
        defer { find.bind() }
        return try find.bind(.text(hash)).step()
    }

    /// The part of the complete bundle `hash` that starts at `offset`, and the bundle's size; nil when the
    /// store does not hold that bundle whole, or no part starts there.
    public func codePart(_ hash: String, offset: Int) throws -> (total: Int, bytes: [UInt8])? {
        let find = try connection.statement(
            """
            SELECT b.total, p.bytes FROM code_bundles b JOIN code_parts p ON p.hash = b.hash
            WHERE b.hash = ? AND b.complete = 1 AND p.offset = ?
            """)
        defer { find.bind() }
        guard try find.bind(.text(hash), .int(offset)).step() else { return nil }
        return (Int(find.int(0)), find.blob(1))
    }
}

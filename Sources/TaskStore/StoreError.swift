import CSQLite

/// A failure of the task store, with SQLite's own words and code where it came from SQLite.
public struct StoreError: Error, Sendable, Hashable, CustomStringConvertible {
    public var message: String
    public var code: Int32

    public init(_ message: String, code: Int32 = 0) {
        self.message = message
        self.code = code
    }

    /// True when the disk is full or the file is read-only: the store is up but cannot take writes.
    public var isStorageFull: Bool {
        let primary = code & 0xff
        return primary == SQLITE_FULL || primary == SQLITE_READONLY || primary == SQLITE_IOERR
            || primary == SQLITE_CANTOPEN
    }

    public var description: String { message }
}

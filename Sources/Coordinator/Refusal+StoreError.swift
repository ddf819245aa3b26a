import TaskStore
import WireProtocol

extension Refusal {
    /// The refusal a client hears for a store failure: the one place store errors become refusal codes and
    /// words. A failure to write names the database and says why (disk full, read-only, I/O).
    public init(_ error: StoreError, database: String) {
        if let failure = error.storageFailure {
            self.init(code: .storeUnavailable, message: failure.message(database: database, detail: error.description))
            return
        }
        let code: Code =
            switch error {
            case .noSuchSweep, .noSuchTask: .notFound
            case .closed: .storeUnavailable
            default: .badRequest
            }
        self.init(code: code, message: error.description)
    }
}

extension StoreError.StorageFailure {
    /// The failure in words for clients and the log, naming the database.
    func message(database: String, detail: String) -> String {
        switch self {
        case .diskFull: "database disk full: \(database) cannot take writes until space is freed"
        case .readOnly: "database \(database) is read-only: it cannot take writes"
        case .inputOutput: "database \(database) cannot be written (I/O error: \(detail))"
        case .cannotOpen: "database \(database) cannot be opened for writing"
        }
    }
}

import TaskStore
import WireProtocol

extension Refusal {
    /// The refusal a client hears for a store failure: the one place store errors become refusal codes.
    init(_ error: StoreError) {
        let code: Code =
            switch error {
            case .noSuchSweep: .notFound
            case .closed: .storeUnavailable
            case _ where error.isStorageFull: .storeUnavailable
            default: .badRequest
            }
        self.init(code: code, message: error.description)
    }
}

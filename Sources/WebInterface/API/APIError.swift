import Coordinator
import Hummingbird
import PhaseDiagram
import Query
import SweepModel
import TaskStore
import WireProtocol

/// Why a request was refused: the one place where errors become HTTP statuses and words. The API answers with
/// `{"error": "..."}`, the pages with a page that says the same.
enum APIError: Error, Sendable {
    case badOption(String)
    case unauthorized(String)
    case forbidden(String)
    case notFound(String)
    case unavailable(String)

    var status: HTTPResponse.Status {
        switch self {
        case .badOption: .badRequest
        case .unauthorized: .unauthorized
        case .forbidden: .forbidden
        case .notFound: .notFound
        case .unavailable: .serviceUnavailable
        }
    }

    var message: String {
        switch self {
        case .badOption(let text), .unauthorized(let text), .forbidden(let text), .notFound(let text),
            .unavailable(let text):
            text
        }
    }

    /// The refusal for any error a route throws.
    init(_ error: any Error) {
        switch error {
        case let error as APIError: self = error
        case let error as StoreError: self.init(Refusal(error, database: ""))
        case let refusal as Refusal: self.init(refusal)
        case let error as WhereConditionError: self = .badOption("where: \(error)")
        case let error as PhaseLoaderError: self = .badOption("\(error)")
        case let error as PhaseQueryError: self = .badOption("\(error)")
        default: self = .unavailable("\(error)")
        }
    }

    init(_ refusal: Refusal) {
        switch refusal.code {
        case .notFound: self = .notFound(refusal.message)
        case .badRequest: self = .badOption(refusal.message)
        case .badToken, .notAuthenticated: self = .unauthorized(refusal.message)
        case .storeUnavailable, .versionMismatch: self = .unavailable(refusal.message)
        }
    }

    var json: String { "{\"error\":\(JSONText.quote(message))}" }
}

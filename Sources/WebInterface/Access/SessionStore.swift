import Synchronization
import SweepModel

/// A browser's session, opened by the login link: its id (the cookie's value) and the anti-forgery token its
/// pages put in their forms.
struct Session: Sendable, Hashable {
    let id: String
    let formToken: String
}

/// The open sessions, in memory: a restarted coordinator asks browsers to log in again.
final class SessionStore: Sendable {
    private let sessions = Mutex<[String: Session]>([:])
    /// The most sessions kept; the oldest goes first.
    static let limit = 1024
    private let order = Mutex<[String]>([])

    func open() -> Session {
        let session = Session(id: RandomSecret.make(), formToken: RandomSecret.make())
        sessions.withLock { $0[session.id] = session }
        let dropped = order.withLock { order -> String? in
            order.append(session.id)
            return order.count > Self.limit ? order.removeFirst() : nil
        }
        if let dropped { sessions.withLock { $0[dropped] = nil } }
        return session
    }

    func session(withID id: String) -> Session? {
        sessions.withLock { $0[id] }
    }
}

import Hummingbird

/// A request's context: the router's, and how the request proved it may be served.
public struct WebRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// Set by `AccessMiddleware` once the request has shown the token or a session.
    var access: Access?

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
    }
}

/// How a request proved it may be served.
enum Access: Sendable {
    /// `Authorization: Bearer TOKEN`: a script, not a browser, so no anti-forgery check.
    case bearer
    /// The session cookie set by the login link; the session's anti-forgery token guards its POSTs.
    case session(Session)
}

import Coordinator
import Hummingbird
import NIOCore

/// Lets a request through only with the coordinator's token, as a bearer token or a session opened by the
/// login link; a browser's POST must also carry its session's anti-forgery token (in the form or the
/// `X-Form-Token` header). `/login` and the script are open, and `/metrics` when configured so.
struct AccessMiddleware: RouterMiddleware {
    typealias Context = WebRequestContext

    static let cookieName = "infosweep_session"
    static let formTokenField = "form_token"

    let token: String
    let sessions: SessionStore
    let metricsWithoutToken: Bool

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        let path = request.uri.path
        if path == "/login" || path == LiveScript.path || (metricsWithoutToken && path == "/metrics") {
            return try await next(request, context)
        }
        var context = context
        var request = request
        if let authorization = request.headers[.authorization] {
            guard authorization.hasPrefix("Bearer "),
                TokenCheck.matches(presented: String(authorization.dropFirst("Bearer ".count)), expected: token)
            else { throw APIError.unauthorized("the bearer token does not match the coordinator's") }
            context.access = .bearer
        } else if let id = request.cookies[Self.cookieName]?.value, let session = sessions.session(withID: id) {
            if request.method != .get && request.method != .head {
                request = try await checkFormToken(of: request, against: session)
            }
            context.access = .session(session)
        } else {
            throw APIError.unauthorized(
                "give the coordinator's token (Authorization: Bearer TOKEN), or open the login link the coordinator "
                    + "printed at start-up")
        }
        return try await next(request, context)
    }

    /// The request, its form body read and kept, once its anti-forgery token matches the session's.
    private func checkFormToken(of request: Request, against session: Session) async throws -> Request {
        var request = request
        let body = try await request.body.collect(upTo: 1 << 20)
        request.body = RequestBody(buffer: body)
        let presented =
            request.headers.first { $0.name.canonicalName == "x-form-token" }?.value
            ?? QueryString(String(buffer: body))[Self.formTokenField]
        guard let presented, TokenCheck.matches(presented: presented, expected: session.formToken) else {
            throw APIError.forbidden("this form is not from this session's pages (anti-forgery token missing or wrong)")
        }
        return request
    }
}

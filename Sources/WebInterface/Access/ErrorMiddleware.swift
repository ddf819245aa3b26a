import Hummingbird

/// Turns what a route throws into its refusal: `{"error": "..."}` for the API and the metrics, a page that
/// says the same for a browser.
struct ErrorMiddleware: RouterMiddleware {
    typealias Context = WebRequestContext

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as HTTPError where error.status == .notFound {
            return respond(to: request, with: .notFound("no page at \(request.uri.path)"))
        } catch {
            return respond(to: request, with: APIError(error))
        }
    }

    private func respond(to request: Request, with error: APIError) -> Response {
        let path = request.uri.path
        if path.hasPrefix("/api/") || path == "/metrics" { return .json(error.json, status: error.status) }
        return .html(PageRenderer.shared.errorPage(error), status: error.status)
    }
}

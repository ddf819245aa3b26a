import Hummingbird
import NIOCore

/// Responses with a body of text and its media type.
extension Response {
    static func text(_ text: String, type: String, status: HTTPResponse.Status = .ok) -> Response {
        Response(
            status: status, headers: [.contentType: type, .cacheControl: "no-store"],
            body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
    }

    static func json(_ text: String, status: HTTPResponse.Status = .ok) -> Response {
        .text(text, type: "application/json; charset=utf-8", status: status)
    }

    /// A page: its own script, styles and inline SVG only, never framed by another site.
    static func html(_ text: String, status: HTTPResponse.Status = .ok) -> Response {
        var response = Response.text(text, type: "text/html; charset=utf-8", status: status)
        response.headers[.contentSecurityPolicy] =
            "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; frame-ancestors 'none'"
        response.headers[.xContentTypeOptions] = "nosniff"
        return response
    }

    /// A 303 to `location`, for a form's POST.
    static func seeOther(_ location: String) -> Response {
        Response(status: .seeOther, headers: [.location: location])
    }
}

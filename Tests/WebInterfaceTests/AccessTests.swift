import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@testable import WebInterface

/// Who may use the dashboard and the API: the token as a bearer, or a session opened by the login link, whose
/// forms carry its anti-forgery token.
@Suite("HTTP access")
struct AccessTests {
    @Test func everythingButTheLoginAndTheScriptNeedsTheToken() async throws {
        let fixture = try await WebFixture()
        try await fixture.application.test(.router) { client in
            for uri in ["/", "/sweeps/web", "/api/v1/sweeps", "/api/v1/workers", "/metrics"] {
                try await client.execute(uri: uri, method: .get) { response in
                    #expect(response.status == .unauthorized, "\(uri)")
                }
                try await client.execute(uri: uri, method: .get, headers: [.authorization: "Bearer nope"]) {
                    #expect($0.status == .unauthorized, "\(uri)")
                }
            }
            try await client.execute(uri: "/api/v1/sweeps", method: .get) { response in
                #expect(String(buffer: response.body).hasPrefix("{\"error\":\"give the coordinator's token"))
            }
            try await client.execute(uri: "/", method: .get) { response in
                #expect(response.headers[.contentType] == "text/html; charset=utf-8")
                #expect(String(buffer: response.body).contains("open the login link"))
            }
            try await client.execute(uri: "/static/live.js", method: .get) { #expect($0.status == .ok) }
            try await client.execute(uri: "/api/v1/sweeps/web/pause", method: .post) {
                #expect($0.status == .unauthorized)
            }
        }
    }

    @Test func theLoginLinkOpensASessionWhoseCookieIsHttpOnlyAndStrict() async throws {
        let fixture = try await WebFixture()
        try await fixture.application.test(.router) { client in
            try await client.execute(uri: "/login?token=wrong", method: .get) { #expect($0.status == .unauthorized) }
            let cookie = try await client.execute(
                uri: "/login?token=\(WebFixture.token)&next=/sweeps/web", method: .get
            ) { response in
                #expect(response.status == .seeOther)
                #expect(response.headers[.location] == "/sweeps/web")
                let setCookie = try #require(response.headers[.setCookie])
                #expect(
                    setCookie.contains("HttpOnly") && setCookie.contains("SameSite=Strict")
                        && setCookie.contains("Path=/"))
                return String(setCookie.prefix { $0 != ";" })
            }
            try await client.execute(uri: "/login?token=\(WebFixture.token)&next=//evil.example", method: .get) {
                #expect($0.headers[.location] == "/")
            }
            try await client.execute(uri: "/api/v1/sweeps", method: .get, headers: [.cookie: cookie]) {
                #expect($0.status == .ok)
            }
            try await client.execute(
                uri: "/api/v1/sweeps", method: .get, headers: [.cookie: "infosweep_session=forged"]
            ) {
                #expect($0.status == .unauthorized)
            }
        }
    }

    @Test func aSessionsPostNeedsItsFormTokenAndABearersDoesNot() async throws {
        let fixture = try await WebFixture()
        try await fixture.application.test(.router) { client in
            let cookie = try await client.execute(uri: "/login?token=\(WebFixture.token)", method: .get) {
                String(try #require($0.headers[.setCookie]).prefix { $0 != ";" })
            }
            let page = try await client.execute(uri: "/sweeps/web", method: .get, headers: [.cookie: cookie]) {
                String(buffer: $0.body)
            }
            let marker = "name=\"form_token\" value=\""
            let start = try #require(page.range(of: marker)).upperBound
            let formToken = String(page[start...].prefix(32))
            let form: HTTPFields = [.cookie: cookie, .contentType: "application/x-www-form-urlencoded"]
            try await client.execute(
                uri: "/sweeps/web/control", method: .post, headers: form, body: ByteBuffer(string: "action=pause")
            ) { response in
                #expect(response.status == .forbidden)
                #expect(String(buffer: response.body).contains("anti-forgery token"))
            }
            try await client.execute(
                uri: "/api/v1/sweeps/web/pause", method: .post, headers: [.cookie: cookie]
            ) { #expect($0.status == .forbidden) }
            try await client.execute(
                uri: "/sweeps/web/control", method: .post, headers: form,
                body: ByteBuffer(string: "action=pause&form_token=\(formToken)")
            ) { response in
                #expect(response.status == .seeOther)
                #expect(response.headers[.location] == "/sweeps/web?notice=pause:%201%20tasks%20changed")
            }
            try await client.execute(uri: "/api/v1/sweeps/web/resume", method: .post, headers: WebFixture.bearer) {
                #expect($0.status == .ok)
            }
        }
    }

    @Test func metricsAreOpenOnlyWhenAskedFor() async throws {
        let open = try await WebFixture(metricsWithoutToken: true)
        try await open.application.test(.router) { client in
            try await client.execute(uri: "/metrics", method: .get) { response in
                #expect(response.status == .ok)
                #expect(String(buffer: response.body).contains("infosweep_tasks{state=\"done\"} 4"))
            }
            try await client.execute(uri: "/api/v1/sweeps", method: .get) { #expect($0.status == .unauthorized) }
        }
    }
}

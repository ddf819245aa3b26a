import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@testable import WebInterface

/// The dashboard's pages as the server renders them, before any script runs.
@Suite("Dashboard pages")
struct PageTests {
    @Test func homeListsTheSweepWithItsCountsAndBar() async throws {
        let fixture = try await WebFixture()
        try await fixture.application.test(.router) { client in
            try await client.execute(uri: "/", method: .get, headers: WebFixture.bearer) { response in
                #expect(response.headers[.contentSecurityPolicy]?.contains("default-src 'self'") == true)
                let page = String(buffer: response.body)
                #expect(page.contains("<tr data-sweep=\"web\">"))
                #expect(page.contains("<td data-field=\"done\">4/6</td>"), "\(page)")
                #expect(page.contains("<td data-field=\"failed\">1</td>"))
                #expect(page.contains("style=\"width:66.67%\""))
                #expect(page.contains("No worker is connected."))
                #expect(page.contains("<script src=\"/static/live.js\" defer></script>"))
            }
        }
    }

    @Test func aSweepsPageHasItsHeatmapFailuresAndControls() async throws {
        let fixture = try await WebFixture()
        try await fixture.application.test(.router) { client in
            try await client.execute(uri: "/sweeps/web", method: .get, headers: WebFixture.bearer) { response in
                let page = String(buffer: response.body)
                #expect(page.contains("<div id=\"phase\" data-src=\"/api/v1/sweeps/web/phase?x=a&amp;metric=value"))
                #expect(page.contains("<svg"))
                #expect(!page.contains("<?xml"))
                #expect(page.contains("exit 3: it broke"))
                #expect(page.contains("<pre>boom\n</pre>"))
                #expect(page.contains("<button name=\"action\" value=\"cancel\">Cancel</button>"))
                #expect(page.contains("<option selected>a</option>"))
            }
            try await client.execute(
                uri: "/sweeps/web?x=a&metric=value&stat=mode", method: .get, headers: WebFixture.bearer
            ) {
                response in
                #expect(String(buffer: response.body).contains("stat=mode is not one of median, mean, proportion"))
            }
            try await client.execute(uri: "/sweeps/nope", method: .get, headers: WebFixture.bearer) { response in
                #expect(response.status == .notFound)
                #expect(String(buffer: response.body).contains("no sweep named &#39;nope&#39;"))
            }
        }
    }
}

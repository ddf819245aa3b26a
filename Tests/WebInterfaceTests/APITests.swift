import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@testable import WebInterface

/// Every API endpoint in process, with its errors.
@Suite("HTTP API")
struct APITests {
    @Test func sweepsIsTheStatusDocument() async throws {
        let fixture = try await WebFixture()
        try await fixture.application.test(.router) { client in
            try await client.execute(uri: "/api/v1/sweeps", method: .get, headers: WebFixture.bearer) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "application/json; charset=utf-8")
                let body = String(buffer: response.body)
                #expect(
                    body.hasPrefix("{\"sweeps\":[{\"name\":\"web\",\"experiment\":\"noop\",\"total\":6,"), "\(body)")
                #expect(body.contains("\"pending\":1,\"running\":0,\"done\":4,\"failed\":1"), "\(body)")
            }
        }
    }

    @Test func phaseComesAsJSONCSVOrSVGWithTheSweepFilesViewByDefault() async throws {
        let fixture = try await WebFixture()
        try await fixture.application.test(.router) { client in
            let base = "/api/v1/sweeps/web/phase"
            try await client.execute(uri: base, method: .get, headers: WebFixture.bearer) { response in
                #expect(response.status == .ok)
                let body = String(buffer: response.body)
                #expect(body.contains("{\"a\":1,\"tasks\":2,\"n\":2,"), "\(body)")
            }
            try await client.execute(
                uri: base + "?x=a&metric=value&format=csv", method: .get, headers: WebFixture.bearer
            ) {
                response in
                #expect(response.headers[.contentType] == "text/csv; charset=utf-8")
                #expect(String(buffer: response.body).split(separator: "\n").count == 4)
            }
            try await client.execute(uri: base + "?format=svg&stat=mean", method: .get, headers: WebFixture.bearer) {
                response in
                #expect(response.headers[.contentType] == "image/svg+xml")
                #expect(String(buffer: response.body).contains("<svg"))
            }
            try await client.execute(uri: base + "?where=a%3C3", method: .get, headers: WebFixture.bearer) { response in
                #expect(!String(buffer: response.body).contains("{\"a\":3,"))
            }
        }
    }

    @Test func badOptionsAndUnknownSweepsAreRefusedWithTheRightStatus() async throws {
        let fixture = try await WebFixture()
        try await fixture.application.test(.router) { client in
            let cases: [(String, HTTPResponse.Status, String)] = [
                ("/api/v1/sweeps/web/phase?stat=mode", .badRequest, "stat=mode is not one of median, mean, proportion"),
                ("/api/v1/sweeps/web/phase?x=nope", .badRequest, "nope"),
                ("/api/v1/sweeps/web/phase?where=a~1", .badRequest, "where=a~1"),
                ("/api/v1/sweeps/nope/phase", .notFound, "no sweep named 'nope' (sweeps: web)"),
                ("/api/v1/sweeps/nope/export", .notFound, "no sweep named 'nope'"),
                ("/api/v1/sweeps/web/export?format=xml", .badRequest, "format=xml is not one of csv, jsonl"),
                ("/api/v1/sweeps/web/tasks?state=lost", .badRequest, "state=lost is not one of"),
                ("/api/v1/sweeps/web/tasks?limit=0", .badRequest, "limit=0 is not a whole number from 1"),
                ("/api/v1/tasks/nope/logs", .notFound, "no task has the key 'nope'"),
                ("/api/v1/nothing", .notFound, "no page at /api/v1/nothing"),
            ]
            for (uri, status, message) in cases {
                try await client.execute(uri: uri, method: .get, headers: WebFixture.bearer) { response in
                    #expect(response.status == status, "\(uri)")
                    let body = String(buffer: response.body)
                    #expect(body.hasPrefix("{\"error\":\"") && body.contains(message), "\(uri): \(body)")
                }
            }
        }
    }

    @Test func exportStreamsEveryTaskAsCSVOrJSONLines() async throws {
        let fixture = try await WebFixture()
        try await fixture.application.test(.router) { client in
            try await client.execute(uri: "/api/v1/sweeps/web/export", method: .get, headers: WebFixture.bearer) {
                response in
                let lines = String(buffer: response.body).split(separator: "\n")
                #expect(lines.count == 7)
                #expect(
                    lines.first?.hasPrefix("task_id,key,experiment,state,attempts,error,a,seed,metric.value") == true)
            }
            try await client.execute(
                uri: "/api/v1/sweeps/web/export?format=jsonl", method: .get, headers: WebFixture.bearer
            ) { response in
                #expect(response.headers[.contentType] == "application/x-ndjson")
                #expect(String(buffer: response.body).split(separator: "\n").count == 6)
            }
        }
    }

    @Test func failedTasksComeWithTheirErrorAndLogTails() async throws {
        let fixture = try await WebFixture()
        try await fixture.application.test(.router) { client in
            try await client.execute(
                uri: "/api/v1/sweeps/web/tasks?state=failed&limit=5", method: .get, headers: WebFixture.bearer
            ) { response in
                let body = String(buffer: response.body)
                #expect(
                    body.hasPrefix("{\"tasks\":[{\"task_id\":5,\"key\":\"\(fixture.failedKey)\",\"state\":\"failed\""))
                #expect(body.contains("\"error\":\"exit 3: it broke\""), "\(body)")
                #expect(body.contains("\"stdout_tail\":\"out\\n\",\"stderr_tail\":\"boom\\n\""), "\(body)")
            }
            try await client.execute(
                uri: "/api/v1/tasks/\(fixture.failedKey)/logs?attempt=1", method: .get, headers: WebFixture.bearer
            ) { response in
                let body = String(buffer: response.body)
                #expect(body.contains("\"attempt\":1,\"outcome\":\"failed\",\"host\":\"node-1\""), "\(body)")
                #expect(body.contains("\"stderr\":\"boom\\n\""), "\(body)")
            }
        }
    }

    @Test func workersIsTheWorkersDocument() async throws {
        let fixture = try await WebFixture()
        try await fixture.application.test(.router) { client in
            try await client.execute(uri: "/api/v1/workers", method: .get, headers: WebFixture.bearer) { response in
                #expect(String(buffer: response.body).hasPrefix("{\"pilots\":[],\"workers\":[]"))
            }
        }
    }

    @Test func controlsPauseResumeCancelAndRequeue() async throws {
        let fixture = try await WebFixture()
        try await fixture.application.test(.router) { client in
            let expected = [
                ("pause", "{\"sweep\":\"web\",\"action\":\"pause\",\"changed\":1}"),
                ("resume", "{\"sweep\":\"web\",\"action\":\"resume\",\"changed\":1}"),
                ("requeue?state=failed", "{\"sweep\":\"web\",\"action\":\"requeue\",\"changed\":1}"),
                ("cancel", "{\"sweep\":\"web\",\"action\":\"cancel\",\"changed\":2}"),
            ]
            for (action, body) in expected {
                try await client.execute(
                    uri: "/api/v1/sweeps/web/\(action)", method: .post, headers: WebFixture.bearer
                ) { response in
                    #expect(response.status == .ok, "\(action)")
                    #expect(String(buffer: response.body) == body)
                }
            }
            try await client.execute(uri: "/api/v1/sweeps/web/explode", method: .post, headers: WebFixture.bearer) {
                #expect($0.status == .notFound)
            }
            try await client.execute(uri: "/api/v1/sweeps/nope/pause", method: .post, headers: WebFixture.bearer) {
                #expect($0.status == .notFound)
            }
        }
    }
}

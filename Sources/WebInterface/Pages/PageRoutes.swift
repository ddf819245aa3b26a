import Coordinator
import Foundation
import Hummingbird
import PhaseDiagram
import Query
import SweepModel
import WireProtocol

/// The dashboard's pages: home (sweeps and workers), a sweep (its phase diagram, failures and controls), the
/// login link, the script and the Prometheus metrics.
struct PageRoutes: Sendable {
    let data: WebData
    let sessions: SessionStore
    let token: String

    func add(to router: Router<WebRequestContext>) {
        router.get("/") { _, context -> Response in .html(try await home(context)) }
        router.get("sweeps/:name") { request, context -> Response in .html(try await sweep(request, context)) }
        router.post("sweeps/:name/control") { request, context in try await control(request, context) }
        router.get("login") { request, _ in try login(request) }
        router.get("static/live.js") { _, _ -> Response in
            .text(LiveScript.source, type: "text/javascript; charset=utf-8")
        }
        Self.addMetrics(core: data.core, to: router)
    }

    /// `GET /metrics`: the coordinator's counters in the Prometheus text format.
    static func addMetrics(core: CoordinatorCore, to router: Router<WebRequestContext>) {
        router.get("metrics") { _, _ -> Response in
            .text(try await core.metricsText(), type: "text/plain; version=0.0.4; charset=utf-8")
        }
    }

    private func home(_ context: WebRequestContext) async throws -> String {
        let workers = await data.workers().workers
        let now = Date().timeIntervalSince1970
        let model: [String: Any] = [
            "title": "sweeps", "page": "home", "subtitle": "", "generatedAt": PageClock.now(),
            "sweeps": try await data.sweeps().map(SweepRow.init), "workers": workers.map { WorkerRow($0, now: now) },
            "hasWorkers": !workers.isEmpty,
        ]
        return PageRenderer.shared.render(model, page: "home")
    }

    private func sweep(_ request: Request, _ context: WebRequestContext) async throws -> String {
        let name = try context.parameters.require("name")
        let progress = try await data.sweep(name)
        let query = QueryString(request.uri.query)
        let axes = try await data.source.axes(sweep: name).map(\.name)
        let metrics = try await data.source.metricNames(sweep: name)
        let view = try await data.view(of: name) ?? Self.fallbackView(axes: axes, metrics: metrics)
        var model: [String: Any] = [
            "title": name, "page": "sweep", "subtitle": name, "generatedAt": PageClock.now(),
            "sweep": SweepRow(progress), "url": "/sweeps/" + PathComponent.escape(name),
            "controlURL": "/sweeps/" + PathComponent.escape(name) + "/control",
            "formToken": context.formToken,
            "whereText": query.all("where").joined(separator: " "),
            "failures": try await failures(of: name),
        ]
        if let notice = query["notice"] { model["notice"] = notice }
        do {
            let phase = try PhaseRequest(query, view: view, format: .svg)
            model["phaseSVG"] = Self.inline(try await data.phase(phase, of: name).svg())
            model["phaseSource"] = "/api/v1/sweeps/\(PathComponent.escape(name))/phase?" + Self.query(phase)
            model["selects"] = Self.selects(axes: axes, metrics: metrics, loader: phase.loader)
        } catch {
            model["phaseProblem"] = APIError(error).message
            model["selects"] = Self.selects(axes: axes, metrics: metrics, loader: nil)
        }
        return PageRenderer.shared.render(model, page: "sweep")
    }

    private func failures(of sweep: String) async throws -> [FailureRow] {
        try await data.tasks(of: sweep, in: .failed, limit: 20).map { record, log in
            FailureRow(
                key: String(record.key.prefix(16)), parameters: record.parameters.canonicalJSON,
                error: record.error ?? log?.detail ?? "", stdout: log.flatMap { $0.tails.stdout.nilIfEmpty },
                stderr: log.flatMap { $0.tails.stderr.nilIfEmpty })
        }
    }

    /// A form's control: done, then back to the sweep's page with what it changed.
    private func control(_ request: Request, _ context: WebRequestContext) async throws -> Response {
        let name = try context.parameters.require("name")
        let body = try await request.body.collect(upTo: 1 << 20)
        let form = QueryString(String(buffer: body))
        guard let action = form["action"].flatMap(ControlRequest.Action.init(rawValue:)) else {
            throw APIError.badOption("action must be pause, resume, cancel or requeue")
        }
        let reply = try await data.control(
            ControlRequest(sweep: name, action: action, states: action == .requeue ? [.failed] : []))
        let notice = "\(action.rawValue): \(reply.changed) tasks changed"
        let encoded = notice.addingPercentEncoding(withAllowedCharacters: .urlQueryAllowed) ?? ""
        return .seeOther("/sweeps/\(PathComponent.escape(name))?notice=\(encoded)")
    }

    /// Opens a session for a browser that shows the token, and sends it to the home page (or to `next`, a path
    /// of this server).
    private func login(_ request: Request) throws -> Response {
        let query = QueryString(request.uri.query)
        guard let presented = query["token"], TokenCheck.matches(presented: presented, expected: token) else {
            throw APIError.unauthorized("the login link's token does not match the coordinator's")
        }
        let next = query["next"].flatMap { $0.hasPrefix("/") && !$0.hasPrefix("//") ? $0 : nil } ?? "/"
        let session = sessions.open()
        var response = Response.seeOther(next)
        response.setCookie(
            Cookie(name: AccessMiddleware.cookieName, value: session.id, path: "/", httpOnly: true, sameSite: .strict))
        return response
    }

    /// An SVG document as markup to put in a page: without its XML declaration.
    static func inline(_ svg: String) -> String {
        guard svg.hasPrefix("<?xml"), let end = svg.range(of: "?>") else { return svg }
        return String(svg[end.upperBound...]).trimmingCharacters(in: .newlines)
    }

    /// The query that asks the API for the same diagram as an SVG.
    static func query(_ phase: PhaseRequest) -> String {
        let loader = phase.loader
        var pairs = [("x", loader.x), ("metric", loader.metric), ("stat", loader.statistic.rawValue)]
        if let y = loader.y { pairs.append(("y", y)) }
        if let facet = loader.facet { pairs.append(("facet", facet)) }
        pairs += loader.conditions.map { ("where", "\($0)") } + loader.pooled.map { ("pool", $0) }
        pairs += [("scale", phase.scale.rawValue), ("format", "svg")]
        return pairs.map { name, value in
            name + "=" + (value.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? value)
        }.joined(separator: "&")
    }

    /// The view form's select boxes, showing what `loader` draws.
    static func selects(axes: [String], metrics: [String], loader: PhaseLoader?) -> [Select] {
        [
            Select("x", axes, selected: loader?.x), Select("y", optional: true, axes, selected: loader?.y),
            Select("facet", optional: true, axes, selected: loader?.facet),
            Select("metric", metrics, selected: loader?.metric),
            Select("stat", SummaryStatistic.allCases.map(\.rawValue), selected: loader?.statistic.rawValue),
        ]
    }

    /// A view for a sweep file that names none: its first two axes besides the seed, and its first metric.
    static func fallbackView(axes: [String], metrics: [String]) -> PhaseView? {
        let varying = axes.filter { $0 != "seed" }
        guard let x = varying.first, let metric = metrics.first else { return nil }
        return PhaseView(x: x, y: varying.dropFirst().first, metric: metric)
    }
}

extension WebRequestContext {
    /// The anti-forgery token the session's forms carry (empty for a bearer token, which needs none).
    var formToken: String {
        if case .session(let session) = access { return session.formToken }
        return ""
    }
}

extension String {
    var nilIfEmpty: String? { isEmpty ? nil : self }
}

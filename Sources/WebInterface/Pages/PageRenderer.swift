import Foundation
import Mustache

/// Renders the dashboard's pages from their models with the Mustache templates, compiled once.
struct PageRenderer: Sendable {
    static let shared = PageRenderer()

    private let library: MustacheLibrary

    init() {
        var library = MustacheLibrary()
        do {
            try library.register(PageTemplates.layout, named: "layout")
            try library.register(PageTemplates.bar, named: "bar")
            try library.register(PageTemplates.home, named: "home")
            try library.register(PageTemplates.sweep, named: "sweep")
            try library.register(PageTemplates.error, named: "error")
        } catch {
            preconditionFailure("a dashboard template does not parse: \(error)")
        }
        self.library = library
    }

    func render(_ model: Any, page: String) -> String {
        library.render(model, withTemplate: page) ?? ""
    }

    func errorPage(_ error: APIError) -> String {
        let model: [String: Any] = [
            "title": "\(error.status.code)", "page": "error", "subtitle": "", "generatedAt": PageClock.now(),
            "status": "\(error.status.code) \(error.status.reasonPhrase)", "message": error.message,
        ]
        return render(model, page: "error")
    }
}

/// The wall-clock time pages say they were made at.
enum PageClock {
    static func now() -> String {
        let formatter = DateFormatter()
        formatter.dateFormat = "HH:mm:ss"
        return formatter.string(from: Date())
    }
}

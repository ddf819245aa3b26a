import CoordinatorClient
import Synchronization
import Worker
import WireProtocol

/// One link to the fake coordinator.
final class FakeLink: CoordinatorLink {
    let number: Int
    let welcome: Welcome
    private let coordinator: FakeCoordinator
    private let closed = Atomic<Bool>(false)

    init(number: Int, coordinator: FakeCoordinator) {
        self.number = number
        self.coordinator = coordinator
        welcome = coordinator.welcome
    }

    var isClosed: Bool { closed.load(ordering: .relaxed) }

    func send(_ request: Request) async throws -> Response {
        guard !isClosed else { throw ConnectionError.closedByClient }
        return try await coordinator.handle(request, on: self)
    }

    func close() {
        guard !closed.exchange(true, ordering: .relaxed) else { return }
        coordinator.linkClosed(number)
    }
}

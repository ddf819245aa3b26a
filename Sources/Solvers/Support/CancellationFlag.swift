import Synchronization

/// A one-way flag shared between a worker and the run it asked to stop.
public final class CancellationFlag: Sendable {
    private let raised = Atomic<Bool>(false)

    public init() {}

    public var isCancelled: Bool { raised.load(ordering: .relaxed) }

    public func cancel() {
        raised.store(true, ordering: .relaxed)
    }
}

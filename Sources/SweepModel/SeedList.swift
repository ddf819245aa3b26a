/// The replicate seeds of a sweep: `0..<count`, or an explicit list, without holding a range's values
/// (a file may ask for 10^12 seeds; the count is refused, never allocated).
public struct SeedList: Sendable, Hashable, RandomAccessCollection, ExpressibleByArrayLiteral {
    private enum Storage: Sendable, Hashable {
        case first(Int)
        case list([Int])
    }

    private let storage: Storage

    /// Seeds `0..<count`.
    public init(count: Int) {
        storage = .first(Swift.max(0, count))
    }

    /// Exactly these seeds, in this order.
    public init(_ seeds: [Int]) {
        storage = .list(seeds)
    }

    public init(arrayLiteral seeds: Int...) {
        self.init(seeds)
    }

    public var startIndex: Int { 0 }

    public var endIndex: Int {
        switch storage {
        case .first(let count): count
        case .list(let seeds): seeds.count
        }
    }

    public subscript(position: Int) -> Int {
        switch storage {
        case .first: position
        case .list(let seeds): seeds[position]
        }
    }

    /// The smallest and largest seed, nil when there are none.
    public var bounds: ClosedRange<Int>? {
        switch storage {
        case .first(let count): count > 0 ? 0...(count - 1) : nil
        case .list(let seeds): seeds.min().map { $0...seeds.max()! }
        }
    }

    /// Whether `seed` is one of the seeds, without walking a range.
    public func includes(_ seed: Int) -> Bool {
        switch storage {
        case .first(let count): seed >= 0 && seed < count
        case .list(let seeds): seeds.contains(seed)
        }
    }
}

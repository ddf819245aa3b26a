/// The tasks of a sweep, made one at a time: a sweep of 10^7 points is walked in constant memory.
///
/// Order is stable: the first dimension slowest, the seed fastest; excluded points are skipped.
public struct SweepPoints: Sequence, Sendable {
    let spec: SweepSpec
    let dimensions: [SweepDimension]
    let layout: CanonicalLayout

    init(_ spec: SweepSpec) {
        self.spec = spec
        dimensions = spec.dimensions
        layout = CanonicalLayout(fixed: spec.fixed, dimensions: dimensions)
    }

    public func makeIterator() -> Iterator {
        Iterator(points: self)
    }

    /// Walks the dimensions like an odometer.
    public struct Iterator: IteratorProtocol {
        private let points: SweepPoints
        private var counters: [Int]
        private var finished: Bool

        init(points: SweepPoints) {
            self.points = points
            counters = [Int](repeating: 0, count: points.dimensions.count)
            finished = points.dimensions.contains { $0.count == 0 }
        }

        public mutating func next() -> TaskSpec? {
            while !finished {
                var parameters = points.spec.fixed
                for (dimension, index) in zip(points.dimensions, counters) {
                    for (slot, name) in dimension.names.enumerated() {
                        parameters[name] = dimension.value(slot: slot, at: index)
                    }
                }
                let counters = self.counters
                advance()
                if points.spec.isExcluded(parameters) { continue }
                let text = points.layout.canonicalJSON(counters: counters, dimensions: points.dimensions)
                let key = TaskIdentity.key(
                    experiment: points.spec.experiment, version: points.spec.experimentVersion,
                    canonicalParameters: text)
                return TaskSpec(key: key, experiment: points.spec.experiment, parameters: parameters)
            }
            return nil
        }

        private mutating func advance() {
            var position = counters.count - 1
            while position >= 0 {
                counters[position] += 1
                if counters[position] < points.dimensions[position].count { return }
                counters[position] = 0
                position -= 1
            }
            finished = true
        }
    }
}

extension SweepSpec {
    /// The tasks of the sweep: the Cartesian product of the grid axes and the zipped groups, times the
    /// seeds, less the excluded points, made lazily in a stable order (first axis slowest, seed fastest).
    public func expand() -> SweepPoints {
        SweepPoints(self)
    }

    /// Whether an exclusion rule of the sweep drops the point with `parameters`.
    public func isExcluded(_ parameters: Parameters) -> Bool {
        exclusions.contains { rule in rule.allSatisfy { parameters[$0.name] == $0.value } }
    }
}

/// The canonical parameter text of a sweep's points (`Parameters.canonicalJSON`) put together from pieces
/// written once: each member's `"name":value` text, in sorted name order.
struct CanonicalLayout: Sendable {
    private enum Member: Sendable {
        case fixed(String)
        case dimension(Int, texts: [String])
        case seed(prefix: String)
    }

    private let members: [Member]

    init(fixed: Parameters, dimensions: [SweepDimension]) {
        var sources: [String: Member] = [:]
        for (name, value) in fixed { sources[name] = .fixed(JSONText.quote(name) + ":" + value.canonicalJSON) }
        for (index, dimension) in dimensions.enumerated() {
            for (slot, name) in dimension.names.enumerated() {
                let prefix = JSONText.quote(name) + ":"
                if case .seeds = dimension {
                    sources[name] = .seed(prefix: prefix)
                } else {
                    let texts = (0..<dimension.count).map { prefix + dimension.value(slot: slot, at: $0).canonicalJSON }
                    sources[name] = .dimension(index, texts: texts)
                }
            }
        }
        members = sources.keys.sorted().map { sources[$0]! }
    }

    func canonicalJSON(counters: [Int], dimensions: [SweepDimension]) -> String {
        var text = "{"
        for (position, member) in members.enumerated() {
            if position > 0 { text += "," }
            switch member {
            case .fixed(let piece): text += piece
            case .dimension(let index, let texts): text += texts[counters[index]]
            case .seed(let prefix):
                let index = counters[dimensions.count - 1]
                text += prefix + dimensions[dimensions.count - 1].value(slot: 0, at: index).canonicalJSON
            }
        }
        return text + "}"
    }
}

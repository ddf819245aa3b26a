import PhaseDiagram
import SweepModel

/// Feeds a phase-table builder from tasks' stored texts (canonical parameter JSON, metrics JSON).
///
/// Only the wanted keys are looked at; each distinct parameter text is read once and known after that by
/// its bytes, and metric numbers are converted in place, so a row costs no allocation.
struct PhaseOutcomeReader {
    private let parameters: FlatJSONSelector
    /// For each selected parameter: the table coordinate it gives, or nil when it is only tested.
    private let coordinates: [PhaseTableBuilder.Coordinate?]
    /// For each selected parameter, the `--where` conditions its value must meet.
    private let parameterConditions: [[WhereCondition]]
    private let codes: [RawValueCodes]
    private let metrics: FlatJSONSelector
    private let metricNames: [String]
    private let degenerateSlot: Int
    private let referenceSlot: Int?
    /// The `--where` conditions on metrics, with the slot of their metric in `metricNames`.
    private let metricConditions: [(slot: Int, condition: WhereCondition)]

    /// The metric a degenerate run reports as 1.
    static let degenerateMetric = "degenerate"

    init(query: PhaseQuery, parameterConditions conditions: [WhereCondition], metricConditions: [WhereCondition]) {
        var keys = [query.x.name]
        var coordinates: [PhaseTableBuilder.Coordinate?] = [.x]
        if let y = query.y {
            keys.append(y.name)
            coordinates.append(.y)
        }
        if let facet = query.facet {
            keys.append(facet.name)
            coordinates.append(.facet)
        }
        for condition in conditions where !keys.contains(condition.name) {
            keys.append(condition.name)
            coordinates.append(nil)
        }
        parameters = FlatJSONSelector(keys: keys)
        self.coordinates = coordinates
        parameterConditions = keys.map { key in conditions.filter { $0.name == key } }
        codes = coordinates.map { _ in RawValueCodes() }
        var names = [query.metric]
        func slot(of name: String) -> Int {
            if let known = names.firstIndex(of: name) { return known }
            names.append(name)
            return names.count - 1
        }
        degenerateSlot = slot(of: Self.degenerateMetric)
        referenceSlot = query.reference.map(slot(of:))
        self.metricConditions = metricConditions.map { (slot(of: $0.name), $0) }
        metricNames = names
        metrics = FlatJSONSelector(keys: names)
    }

    /// Adds one task unless it lacks a coordinate or fails a condition; a condition on a metric is tested on
    /// finished tasks only, so that pending, running and failed tasks stay counted.
    func add(
        parameterText: UnsafeBufferPointer<UInt8>, state: TaskState, metricText: UnsafeBufferPointer<UInt8>?,
        to builder: inout PhaseTableBuilder
    ) throws {
        guard let position = try position(parameterText, in: &builder) else { return }
        try withUnsafeTemporaryAllocation(of: Double?.self, capacity: metricNames.count) { values in
            values.initialize(repeating: nil)
            if let metricText {
                try metrics.scan(metricText) { slot, raw in
                    guard let number = FlatJSONSelector.number(raw) else {
                        throw PhaseLoaderError("metric \(metricNames[slot]) is \(String(decoding: raw, as: UTF8.self))")
                    }
                    values[slot] = number
                }
            }
            if state == .done {
                for (slot, condition) in metricConditions {
                    guard let value = values[slot], case .number(let wanted) = condition.value,
                        condition.comparison.holds(value, wanted)
                    else { return builder.exclude(x: position.x, y: position.y, facet: position.facet) }
                }
            }
            builder.add(
                x: position.x, y: position.y, facet: position.facet, state: state,
                value: state == .done ? values[0] : nil, reference: referenceSlot.flatMap { values[$0] },
                degenerate: (values[degenerateSlot] ?? 0) >= 0.5)
        }
    }

    /// The task's cell, or nil when it lacks a shown parameter or fails a condition on one.
    private func position(
        _ parameterText: UnsafeBufferPointer<UInt8>, in builder: inout PhaseTableBuilder
    ) throws -> (x: Int, y: Int, facet: Int)? {
        let slots = coordinates.count
        return try withUnsafeTemporaryAllocation(of: Int.self, capacity: slots) { found in
            found.initialize(repeating: -1)
            try parameters.scan(parameterText) { slot, raw in
                found[slot] = try codes[slot].code(for: raw) { raw in
                    let value = try ParamValue(canonicalJSONValue: raw)
                    guard parameterConditions[slot].allSatisfy({ $0.comparison.holds(value, $0.value) }) else {
                        return -1
                    }
                    guard let coordinate = coordinates[slot] else { return 0 }
                    return builder.position(of: value, on: coordinate)
                }
            }
            var position = (x: found[0], y: 0, facet: 0)
            for slot in 0..<slots {
                guard found[slot] >= 0 else { return nil }
                switch coordinates[slot] {
                case .y: position.y = found[slot]
                case .facet: position.facet = found[slot]
                default: break
                }
            }
            return position
        }
    }
}

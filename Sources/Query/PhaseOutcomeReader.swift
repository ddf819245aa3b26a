import PhaseDiagram
import SweepModel

/// Feeds a phase-table builder from tasks' stored texts (canonical parameter JSON, metrics JSON).
///
/// Only the wanted keys are looked at; each distinct parameter text is read once and known after that by
/// its bytes, and metric numbers are converted in place, so a row costs no allocation.
struct PhaseOutcomeReader {
    private let parameters: FlatJSONSelector
    private let metrics: FlatJSONSelector
    /// For each selected parameter: the table coordinate it gives, or nil for a `--where` filter.
    private let coordinates: [PhaseTableBuilder.Coordinate?]
    /// For each selected parameter that is a filter, the value it must have.
    private let wanted: [ParamValue?]
    private let codes: [RawValueCodes]
    private let metricNames: [String]

    /// The metric a degenerate run reports as 1.
    static let degenerateMetric = "degenerate"

    init(query: PhaseQuery, filters: [(name: String, value: ParamValue)]) {
        var axes: [(String, PhaseTableBuilder.Coordinate)] = [(query.x.name, .x)]
        if let y = query.y { axes.append((y.name, .y)) }
        if let facet = query.facet { axes.append((facet.name, .facet)) }
        parameters = FlatJSONSelector(keys: axes.map(\.0) + filters.map(\.name))
        coordinates = axes.map(\.1) + filters.map { _ in nil }
        wanted = axes.map { _ in nil } + filters.map(\.value)
        codes = coordinates.map { _ in RawValueCodes() }
        metricNames = [query.metric, Self.degenerateMetric] + (query.reference.map { [$0] } ?? [])
        metrics = FlatJSONSelector(keys: metricNames)
    }

    /// Adds one task unless it lacks a coordinate or fails a filter.
    func add(
        parameterText: UnsafeBufferPointer<UInt8>, state: TaskState, metricText: UnsafeBufferPointer<UInt8>?,
        to builder: inout PhaseTableBuilder
    ) throws {
        let slots = coordinates.count
        try withUnsafeTemporaryAllocation(of: Int.self, capacity: slots) { found in
            found.initialize(repeating: -1)
            try parameters.scan(parameterText) { slot, raw in
                found[slot] = try codes[slot].code(for: raw) { raw in
                    let value = try ParamValue(canonicalJSONValue: raw)
                    if let coordinate = coordinates[slot] { return builder.position(of: value, on: coordinate) }
                    return value == wanted[slot] ? 1 : 0
                }
            }
            var position = (x: found[0], y: 0, facet: 0)
            for slot in 0..<slots {
                guard found[slot] >= 0, coordinates[slot] != nil || found[slot] == 1 else { return }
                switch coordinates[slot] {
                case .y: position.y = found[slot]
                case .facet: position.facet = found[slot]
                default: break
                }
            }
            var values: (metric: Double?, degenerate: Double?, reference: Double?) = (nil, nil, nil)
            if let metricText {
                try metrics.scan(metricText) { slot, raw in
                    guard let number = FlatJSONSelector.number(raw) else {
                        throw PhaseLoaderError("metric \(metricNames[slot]) is \(String(decoding: raw, as: UTF8.self))")
                    }
                    switch slot {
                    case 0: values.metric = number
                    case 1: values.degenerate = number
                    default: values.reference = number
                    }
                }
            }
            builder.add(
                x: position.x, y: position.y, facet: position.facet, state: state,
                value: state == .done ? values.metric : nil, reference: values.reference,
                degenerate: (values.degenerate ?? 0) >= 0.5)
        }
    }
}

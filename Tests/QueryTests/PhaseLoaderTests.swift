import Foundation
import PhaseDiagram
@testable import Query
import TestSupport
import Testing
@testable import SweepModel
@testable import TaskStore

/// Phase queries over real SQLite stores, checked against tables built from the same tasks' values directly.
typealias StoredTask = (parameters: Parameters, state: TaskState, metrics: Metrics?)

@Suite("Phase queries over a store")
struct PhaseLoaderTests {
    let directory = TemporaryDirectory()
    let worker = WorkerIdentity(id: "w1", host: "node1")
    let provenance = Provenance(
        host: "node1", cpuModel: "cpu", threads: 1, version: "test", startedAt: 1, endedAt: 2, wallSeconds: 1,
        peakRSSBytes: 1000)
    /// Longer than the readers' 32-byte key, and with characters that JSON escapes.
    static let longRegime = "multimodal \"two encoders\", a name well past thirty-two bytes"

    /// A store with one sweep whose tasks end in every state, and what each task holds.
    func makeStore() throws -> (path: String, tasks: [StoredTask]) {
        let path = directory.file("phase.sqlite")
        let store = try TaskStore(path: path)
        let spec = try SweepSpecParser(file: "s.yaml").parse(
            """
            name: s
            experiment: noop
            grid:
              regime: [unimodal, '\(Self.longRegime.replacingOccurrences(of: "'", with: "''"))']
              sigma: [0, 0.25, 1.0, 1e-7]
              tau: [0.1, 0.2]
            seeds: 5
            """)
        _ = try store.transaction { try $0.submit(spec, source: "") }
        // Another sweep in the same store shares nothing with this one and must not leak into it.
        let other = try SweepSpecParser(file: "o.yaml").parse("name: o\nexperiment: noop\ngrid: {sigma: [7, 8]}\n")
        _ = try store.transaction { try $0.submit(other, source: "") }

        let claimed = try store.transaction { try $0.claim(limit: 70, worker: worker, leaseSeconds: 60, now: 10) }
        var outcomes: [String: (Parameters, TaskState, Metrics?)] = [:]
        var generator = SplitMix64(seed: 5)
        for (index, task) in claimed.enumerated() {
            if index % 9 == 8 {
                outcomes[task.key] = (task.parameters, .running, nil)
                continue
            }
            var metrics = Metrics()
            metrics["gap"] = index % 13 == 5 ? .nan : generator.nextUnit() * 3 - 1
            metrics["degenerate"] = index % 4 == 0 ? 1 : 0
            metrics["gap_reference"] = 0.5 + generator.nextUnit()
            metrics["other"] = 1e300
            #expect(
                try store.transaction {
                    try $0.complete(task.lease, metrics: metrics, provenance: provenance, now: 11)
                } == .accepted)
            outcomes[task.key] = (task.parameters, .done, metrics)
        }
        let records = try store.tasks(ofSweep: "s", afterID: 0, limit: 1000)
        return (
            path,
            records.map { record in
                outcomes[record.key].map { ($0.0, $0.1, $0.2) } ?? (record.parameters, record.state, nil)
            }
        )
    }

    /// The table built from the tasks' values by `PhaseTableBuilder.add(Observation)`, the path that never
    /// sees stored text.
    func expectedTable(
        _ query: PhaseQuery, tasks: [StoredTask], excluded: [StoredTask] = [],
        filter: (Parameters) -> Bool = { _ in true }
    ) -> PhaseTable {
        var builder = PhaseTableBuilder(query: query)
        for task in excluded {
            builder.exclude(
                x: builder.position(of: task.parameters[query.x.name]!, on: .x),
                y: query.y.map { builder.position(of: task.parameters[$0.name]!, on: .y) } ?? 0,
                facet: query.facet.map { builder.position(of: task.parameters[$0.name]!, on: .facet) } ?? 0)
        }
        for task in tasks where filter(task.parameters) {
            builder.add(
                Observation(
                    x: task.parameters[query.x.name]!, y: query.y.flatMap { task.parameters[$0.name] },
                    facet: query.facet.flatMap { task.parameters[$0.name] },
                    value: task.state == .done ? task.metrics?["gap"] : nil,
                    reference: query.reference.flatMap { task.metrics?[$0] }, state: task.state,
                    degenerate: (task.metrics?["degenerate"] ?? 0) >= 0.5))
        }
        return builder.build()
    }

    @Test func aStoreGivesTheTableItsTasksGive() async throws {
        let (path, tasks) = try makeStore()
        #expect(tasks.count == 80)
        #expect(Set(tasks.map(\.state)) == [.done, .running, .pending])
        let source = LocalStoreSource(path: path)
        let loader = PhaseLoader(x: "sigma", y: "tau", facet: "regime", metric: "gap")
        let table = try await loader.load(sweep: "s", from: source)
        #expect(table.reference == "gap_reference")
        #expect(table.cells.count == 16)
        let query = try PhaseQuery.resolve(
            x: "sigma", y: "tau", facet: "regime", metric: "gap", axes: try await source.axes(sweep: "s"),
            metrics: try await source.metricNames(sweep: "s"))
        #expect(table.json() == expectedTable(query, tasks: tasks).json())
    }

    @Test func filtersKeepOnlyTheTasksWithTheirValues() async throws {
        let (path, tasks) = try makeStore()
        let source = LocalStoreSource(path: path)
        for regime in ["unimodal", Self.longRegime] {
            let loader = PhaseLoader(
                x: "tau", y: "sigma", metric: "gap",
                conditions: [WhereCondition(name: "regime", value: .string(regime))])
            let table = try await loader.load(sweep: "s", from: source)
            let query = try PhaseQuery.resolve(
                x: "tau", y: "sigma", metric: "gap", axes: try await source.axes(sweep: "s"),
                metrics: try await source.metricNames(sweep: "s"), pooled: ["regime"])
            let expected = expectedTable(query, tasks: tasks) { $0["regime"] == .string(regime) }
            #expect(table.json() == expected.json())
            #expect(table.cells.map(\.statistics.tasks).reduce(0, +) == 40)
        }
    }

    @Test func metricConditionsKeepFinishedTasksThatMeetThemAndEveryUnfinishedOne() async throws {
        let (path, tasks) = try makeStore()
        let source = LocalStoreSource(path: path)
        let conditions = try ["degenerate=0", "gap<1.2", "gap>=-0.5"].map(WhereCondition.init(parsing:))
        let loader = PhaseLoader(
            x: "sigma", y: "tau", facet: "regime", metric: "gap", conditions: conditions)
        let table = try await loader.load(sweep: "s", from: source)
        let query = try PhaseQuery.resolve(
            x: "sigma", y: "tau", facet: "regime", metric: "gap", axes: try await source.axes(sweep: "s"),
            metrics: try await source.metricNames(sweep: "s"))
        let kept = tasks.filter { task in
            guard task.state == .done, let metrics = task.metrics else { return true }
            let gap = metrics["gap"] ?? .nan
            return metrics["degenerate"] == 0 && gap < 1.2 && gap >= -0.5
        }
        let leftOut = tasks.filter { task in !kept.contains { $0.parameters == task.parameters } }
        #expect(kept.count < tasks.count && kept.contains { $0.state != .done })
        #expect(table.json() == expectedTable(query, tasks: kept, excluded: leftOut).json())
        #expect(table.totals.degenerate == 0)
        #expect(table.totals.tasks == kept.count && table.totals.excluded == tasks.count - kept.count)
        #expect(table.conditions == ["degenerate=0", "gap<1.2", "gap>=-0.5"])
    }

    @Test func orderingConditionsOnAnAxisKeepOnlyItsValuesThatMeetThem() async throws {
        let (path, tasks) = try makeStore()
        let source = LocalStoreSource(path: path)
        let loader = PhaseLoader(
            x: "sigma", y: "tau", metric: "gap", conditions: [try WhereCondition(parsing: "sigma<=0.25")],
            pooled: ["regime"])
        let table = try await loader.load(sweep: "s", from: source)
        #expect(table.x.values == [.number(0), .number(1e-7), .number(0.25)])
        #expect(table.totals.tasks == tasks.filter { ($0.parameters["sigma"]?.doubleValue ?? 9) <= 0.25 }.count)
        let none = PhaseLoader(x: "tau", metric: "gap", conditions: [try WhereCondition(parsing: "sigma>5")])
        let refusal = await #expect(throws: PhaseLoaderError.self) { try await none.load(sweep: "s", from: source) }
        #expect(refusal?.description.contains("no value of sigma meets it") == true)
        let unknown = PhaseLoader(x: "tau", metric: "gap", conditions: [try WhereCondition(parsing: "loss<5")])
        let named = await #expect(throws: PhaseLoaderError.self) { try await unknown.load(sweep: "s", from: source) }
        #expect(named?.description.contains("'loss' is neither an axis (regime, sigma, tau) nor a metric") == true)
    }

    @Test func conditionsReadEveryComparisonAndRefuseWhatIsNotOne() throws {
        let read = try ["a=1", "a != x", "loss<=5", "loss<5", "x>=2", "x>-2", "name=a=b"].map {
            try WhereCondition(parsing: $0)
        }
        #expect(read.map(\.comparison) == [.equal, .notEqual, .atMost, .below, .atLeast, .above, .equal])
        #expect(read.map(\.name) == ["a", "a", "loss", "loss", "x", "x", "name"])
        #expect(
            read.map(\.value) == [
                .number(1), .string("x"), .number(5), .number(5), .number(2), .number(-2),
                .string("a=b"),
            ])
        #expect(throws: WhereConditionError.noComparison("tau")) { try WhereCondition(parsing: "tau") }
        #expect(throws: WhereConditionError.noComparison("=1")) { try WhereCondition(parsing: "=1") }
        #expect(throws: WhereConditionError.orderingNeedsANumber("regime<uni")) {
            try WhereCondition(parsing: "regime<uni")
        }
        #expect(WhereCondition.Comparison.notEqual.holds(.nan, 1))
        #expect(!WhereCondition.Comparison.below.holds(.nan, 1))
    }

    @Test func poolingAnAxisIsRefusedUnlessAskedForAndThenSaidInTheLabel() async throws {
        let (path, _) = try makeStore()
        let source = LocalStoreSource(path: path)
        await #expect(throws: PhaseQueryError.self) {
            try await PhaseLoader(x: "tau", y: "sigma", metric: "gap").load(sweep: "s", from: source)
        }
        let pooled = try await PhaseLoader(x: "tau", y: "sigma", metric: "gap", pooled: ["regime"])
            .load(sweep: "s", from: source)
        #expect(pooled.cells.map(\.statistics.tasks).reduce(0, +) == 80)
        #expect(pooled.quantityLabel == "gap (median, pooled over regime)")
        await #expect(throws: PhaseLoaderError.self) {
            try await PhaseLoader(
                x: "tau", y: "sigma", metric: "gap",
                conditions: [WhereCondition(name: "regime", value: .string("unimodal"))], pooled: ["regime"]
            ).load(sweep: "s", from: source)
        }
    }

    @Test(arguments: ["{\"gap\":\"high\",\"degenerate\":0}", "{\"gap\":1", "{\"gap\":1e}"])
    func aStoredResultThatCannotBeReadIsNamed(metrics: String) async throws {
        let (path, _) = try makeStore()
        let connection = try SQLiteConnection(path: path)
        try connection.statement("UPDATE results SET metrics = ? WHERE task_id = 3").bind(.text(metrics)).run()
        let source = LocalStoreSource(path: path)
        let error = await #expect(throws: StoreError.self) {
            try await PhaseLoader(x: "sigma", metric: "gap", pooled: ["tau", "regime"]).load(sweep: "s", from: source)
        }
        guard case .unreadableRow(let taskID, _)? = error else {
            Issue.record("not an unreadable row: \(String(describing: error))")
            return
        }
        #expect(taskID == 3 && String(describing: error!).contains("task 3"))
    }

    @Test func theReaderNamesTheMetricThatIsNotANumber() throws {
        let query = PhaseQuery(x: Axis(name: "sigma", values: [.number(0), .number(1)]), metric: "gap")
        let reader = PhaseOutcomeReader(query: query, parameterConditions: [], metricConditions: [])
        var builder = PhaseTableBuilder(query: query)
        var parameters = "{\"seed\":1,\"sigma\":1}"
        var metrics = "{\"degenerate\":0,\"gap\":\"high\"}"
        let error = #expect(throws: PhaseLoaderError.self) {
            try parameters.withUTF8 { parameterText in
                try metrics.withUTF8 { metricText in
                    try reader.add(parameterText: parameterText, state: .done, metricText: metricText, to: &builder)
                }
            }
        }
        #expect(error?.description == "metric gap is \"high\"")
    }

    /// More rows than one batch of the reader thread, a bad row past the first batch (the scan stops and the
    /// reader thread ends), and a sweep that is not there.
    @Test func manyBatchesStreamInOrderAndErrorsStopTheReader() async throws {
        let path = directory.file("many.sqlite")
        let store = try TaskStore(path: path)
        let spec = try SweepSpecParser(file: "m.yaml").parse(
            "name: m\nexperiment: noop\ngrid:\n  a: {linspace: [0, 1], num: 50}\nseeds: 200\n")
        _ = try store.transaction { try $0.submit(spec, source: "") }
        let claimed = try store.transaction { try $0.claim(limit: 10_000, worker: worker, leaseSeconds: 60, now: 10) }
        try store.transaction { transaction in
            for task in claimed {
                let seed = task.parameters["seed"].flatMap { if case .number(let n) = $0 { n } else { nil } } ?? 0
                _ = try transaction.complete(
                    task.lease, metrics: Metrics(["value": seed]), provenance: provenance,
                    now: 11)
            }
        }
        let source = LocalStoreSource(path: path)
        var ids: [Int64] = []
        try await source.forEachOutcome(sweep: "m") { taskID, _, state, metrics in
            ids.append(taskID)
            #expect(state == .done && metrics != nil)
        }
        #expect(ids.count == 10_000 && ids == ids.sorted())
        let table = try await PhaseLoader(x: "a", metric: "value", statistic: .mean).load(sweep: "m", from: source)
        #expect(table.cells.count == 50)
        #expect(table.cells.allSatisfy { $0.statistics.n == 200 && abs(($0.statistics.mean ?? 0) - 99.5) < 1e-9 })

        let connection = try SQLiteConnection(path: path)
        try connection.statement("UPDATE results SET metrics = ? WHERE task_id = 9000").bind(.text("{\"value\":x}"))
            .run()
        let error = await #expect(throws: PhaseLoaderError.self) {
            try await PhaseLoader(x: "a", metric: "value").load(sweep: "m", from: source)
        }
        #expect(error?.description.contains("task 9000") == true)
        await #expect(throws: StoreError.self) { try await source.forEachOutcome(sweep: "absent") { _, _, _, _ in } }
    }
}

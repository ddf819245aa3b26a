import Foundation
import TestSupport
import Testing

/// The known-answer boundary refined end to end: `infosweep run` (coordinator and worker processes), then
/// `boundary`, `status` and `phase` reading the database.
@Suite("Refinement through processes", .serialized)
struct RefinementProcessTests {
    let directory = TemporaryDirectory()

    func infosweep(_ arguments: [String], name: String) async throws -> String {
        let child = try Child(arguments, name: name, directory: directory)
        let status = await child.wait(seconds: 300)
        guard status == 0 else { throw HarnessError("infosweep \(arguments.joined(separator: " ")):\n\(child.log)") }
        return child.log
    }

    func json(_ text: String) throws -> Any {
        let start = try #require(text.firstIndex { $0 == "{" || $0 == "[" })
        return try JSONSerialization.jsonObject(with: Data(text[start...].utf8))
    }

    /// With both axes refined (the default) and with x alone: the uniform grid compared with has the finest
    /// spacing the sweep reached on each axis (1/64 on both, or 1/64 by the grid's 1/4).
    @Test(arguments: ["", ", axes: [x]"])
    func fourRoundsFindTheSyntheticBoundaryWithAFractionOfAFineGridsTasks(axes: String) async throws {
        let sweep = try directory.write(
            "boundary\(axes.isEmpty ? "" : "-x").yaml",
            """
            name: synthetic
            experiment: synthetic_boundary
            grid:
              x: {linspace: [0, 1], num: 5}
              y: {linspace: [0, 1], num: 5}
            seeds: 3
            refine: {metric: value, threshold: 0.5, rounds: 4\(axes)}
            """)
        let database = directory.file("boundary\(axes.isEmpty ? "" : "-x").sqlite")
        let run = try await infosweep(["run", sweep, "--workers", "2", "--db", database], name: "run")
        #expect(run.contains("synthetic: value (median) crosses 0.5 along x"), "\(run)")

        let status = try #require(
            try json(try await infosweep(["status", "synthetic", "--db", database, "--json"], name: "status"))
                as? [String: Any])
        let progress = try #require((status["sweeps"] as? [[String: Any]])?.first)
        let refinement = try #require(progress["refinement"] as? [String: Any])
        #expect(refinement["round"] as? Int == 4 && refinement["ended"] as? String == "rounds", "\(refinement)")
        let total = try #require(progress["total"] as? Int)
        #expect(progress["done"] as? Int == total)

        let boundary = try #require(
            try json(
                try await infosweep(
                    [
                        "boundary", "synthetic", "--x", "x", "--y", "y", "--metric", "value", "--threshold", "0.5",
                        "--format", "json", "--db", database,
                    ], name: "boundary")) as? [String: Any])
        let rows = try #require(boundary["boundary"] as? [[String: Any]])
        for y in [0.0, 0.25, 0.5, 0.75, 1] {
            let row = try #require(rows.first { $0["y"] as? Double == y }, "no row at y = \(y)")
            let x = try #require(row["x"] as? Double, "no crossing at y = \(y): \(row)")
            #expect(abs(x - (0.3 + 0.4 * y)) <= 0.04, "y = \(y): x* = \(x)")
            #expect(try #require(row["x_low"] as? Double) <= x && x <= (try #require(row["x_high"] as? Double)))
        }

        // The cells the sweep ended with, and the uniform grid at their finest spacing on each axis.
        let cells = try #require(
            try json(
                try await infosweep(
                    [
                        "phase", "synthetic", "--x", "x", "--y", "y", "--metric", "value", "--format", "json", "--db",
                        database,
                    ],
                    name: "phase")) as? [[String: Any]]
        ).filter { ($0["tasks"] as? Int ?? 0) > 0 }
        #expect(cells.compactMap { $0["tasks"] as? Int }.reduce(0, +) == total)
        func finest(_ axis: String) -> Double {
            let values = Set(cells.compactMap { $0[axis] as? Double }).sorted()
            return zip(values, values.dropFirst()).map { $1 - $0 }.min() ?? 1
        }
        let uniform = (Int((1 / finest("x")).rounded()) + 1) * (Int((1 / finest("y")).rounded()) + 1) * 3
        #expect(finest("x") == 1.0 / 64, "four rounds halve the spacing four times")
        #expect(Double(total) <= 0.4 * Double(uniform), "\(total) tasks against \(uniform) for a uniform grid")
    }
}

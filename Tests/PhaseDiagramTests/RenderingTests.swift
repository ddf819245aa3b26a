import Foundation
#if canImport(FoundationXML)
    import FoundationXML
#endif
import Testing
@testable import PhaseDiagram
import SweepModel

/// Element names, class attributes and texts of a parsed XML document.
final class XMLSummary: NSObject, XMLParserDelegate {
    var elements: [(name: String, attributes: [String: String])] = []
    var texts: [String] = []
    private var text = ""

    static func parse(_ document: String) -> XMLSummary? {
        let summary = XMLSummary()
        let parser = XMLParser(data: Data(document.utf8))
        parser.delegate = summary
        return parser.parse() ? summary : nil
    }

    func parser(
        _ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
        attributes: [String: String] = [:]
    ) {
        elements.append((name, attributes))
        text = ""
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) { text += string }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        if !text.isEmpty { texts.append(text) }
        text = ""
    }

    func count(_ name: String, classContaining word: String) -> Int {
        elements.filter { element in
            element.name == name
                && (element.attributes["class"]?.split(separator: " ").contains(Substring(word)) ?? false)
        }.count
    }
}

@Suite struct ExportTests {
    private let table = Fixtures.table(
        Fixtures.observations(seeds: 3) { tau, _, _ in
            tau == .number(10) ? .pending : nil
        } + [Observation(x: .number(1), y: .number(0.1), facet: .string("unimodal, \"odd\""), value: 1)],
        facet: Axis(name: "regime", values: [.string("unimodal"), .string("multimodal")]))

    @Test func csvHasAHeaderAndOneRowPerCell() {
        let lines = table.csv().split(separator: "\n", omittingEmptySubsequences: false).dropLast()
        #expect(lines.count == 1 + table.cells.count)
        let header = lines[0].split(separator: ",").map(String.init)
        #expect(Array(header.prefix(5)) == ["regime", "sigma", "tau", "tasks", "n"])
        #expect(header.contains("median_ci_low") && header.contains("reference_mean"))
        #expect(lines.contains { $0.hasPrefix("\"unimodal, \"\"odd\"\"\",0.1,1,1,1,1,") })
        let pendingRow = lines.first { $0.hasPrefix("unimodal,0.1,10,") }!
        // Undefined statistics are empty fields, never "nan".
        #expect(pendingRow.contains(",,") && !table.csv().contains("nan"))
    }

    @Test func jsonParsesBackWithNullsForUndefinedStatistics() throws {
        let data = Data(table.json().utf8)
        let rows = try #require(try JSONSerialization.jsonObject(with: data) as? [[String: Any]])
        #expect(rows.count == table.cells.count)
        let single = try #require(
            rows.first {
                ($0["regime"] as? String) == "unimodal, \"odd\"" && ($0["n"] as? Int) == 1
            })
        #expect(single["n"] as? Int == 1 && single["sd"] is NSNull && single["median"] as? Double == 1)
        let pending = try #require(
            rows.first {
                ($0["regime"] as? String) == "unimodal" && ($0["tau"] as? Double) == 10
                    && ($0["sigma"] as? Double) == 0.2
            })
        #expect(pending["pending"] as? Int == 3 && pending["mean"] is NSNull)
        let full = try #require(rows.first { ($0["n"] as? Int) == 3 })
        #expect(full["ci_low"] is Double && full["median_ci_high"] is Double && full["reference_mean"] is Double)
        #expect(!table.json().contains("nan") && !table.json().contains("inf"))
    }
}

@Suite struct TerminalTableTests {
    private let table = Fixtures.table(
        Fixtures.observations(seeds: 3) { tau, _, _ in
            tau == .number(10) ? .pending : nil
        })

    @Test func plainTextHasNoEscapesAndShowsTheAxes() {
        let text = table.terminalTable(color: false, width: 100)
        #expect(!text.contains("\u{1B}"))
        #expect(text.contains("sigma \\ tau") && text.contains(" 0.316 ") && text.contains(" 3.16 "))
        #expect(text.contains("regime = multimodal"))
        #expect(text.contains("·3p") && text.contains("scale") && text.contains("cap_mass (median)"))
    }

    @Test func colourUsesANSIBackgrounds() {
        let text = table.terminalTable(color: true, width: 100)
        #expect(text.contains("\u{1B}[48;2;") && text.contains(TerminalColor.reset))
    }

    @Test func narrowTerminalsWrapColumns() {
        let wide = table.terminalTable(color: false, width: 200)
        let narrow = table.terminalTable(color: false, width: 40)
        #expect(narrow.split(separator: "\n").count > wide.split(separator: "\n").count)
        #expect(narrow.split(separator: "\n").filter { $0.hasPrefix("sigma") }.allSatisfy { $0.count <= 40 })
    }

    @Test func oneAxisQueryIsAListWithIntervals() {
        let oneAxis = Fixtures.table(Fixtures.observations(seeds: 3), y: nil, facet: nil, statistic: .mean)
        let text = oneAxis.terminalTable(color: false, width: 100)
        #expect(text.contains("CI") && text.contains("[") && text.contains("#") && text.contains("cap_mass_gibbs"))
    }

    @Test func colourDecision() {
        #expect(TerminalColor.shouldUseColor(environment: [:], isTTY: true))
        #expect(!TerminalColor.shouldUseColor(environment: ["NO_COLOR": ""], isTTY: true))
        #expect(!TerminalColor.shouldUseColor(environment: ["NO_COLOR": "1"], isTTY: true))
        #expect(!TerminalColor.shouldUseColor(environment: [:], isTTY: false))
        #expect(!TerminalColor.shouldUseColor(environment: ["TERM": "dumb"], isTTY: true))
    }
}

@Suite struct SVGTests {
    @Test func heatmapIsWellFormedWithACellPerCombinationAndAPanelPerFacet() throws {
        let table = Fixtures.table(
            Fixtures.observations(seeds: 3) { tau, _, _ in
                tau == .number(10) ? .running : nil
            })
        let svg = try #require(XMLSummary.parse(table.svg()))
        #expect(svg.elements.first?.name == "svg")
        #expect(svg.count("rect", classContaining: "cell") == table.cells.count)
        #expect(svg.count("rect", classContaining: "missing") == 3 * 2)
        #expect(svg.count("g", classContaining: "panel") == 2)
        #expect(svg.count("g", classContaining: "colorbar") == 1)
        #expect(svg.count("line", classContaining: "colorbar-tick") >= 2)
        #expect(svg.count("text", classContaining: "x-tick-label") == 5 * 2)
        #expect(svg.texts.contains("tau") && svg.texts.contains("sigma"))
        #expect(svg.texts.contains("regime = unimodal") && svg.texts.contains("regime = multimodal"))
        #expect(svg.texts.contains { $0.hasPrefix("cap_mass (median) over tau × sigma") })
    }

    @Test func linePlotHasBandsLogTicksAndReferenceCurves() throws {
        let observations = Fixtures.observations(seeds: 4) { tau, _, _ in tau == .number(1) ? .pending : nil }
            .filter { $0.y == .number(0.2) }
        let table = Fixtures.table(observations, y: nil)
        let svg = try #require(XMLSummary.parse(table.svg()))
        // Two facets, each with values on both sides of the pending tau = 1: two runs each.
        #expect(svg.count("path", classContaining: "series") == 4)
        #expect(svg.count("path", classContaining: "ci-band") == 4)
        #expect(svg.count("path", classContaining: "reference") == 4)
        #expect(svg.count("text", classContaining: "missing-point") == 2)
        #expect(svg.count("line", classContaining: "minor-tick") > 0)
        let labels = Set(svg.texts)
        #expect(labels.isSuperset(of: ["0.1", "1", "10", "tau (log scale)", "cap_mass_gibbs (reference)"]))
        #expect(labels.contains("shaded: 95% order-statistic CI of the median"))
        #expect(labels.contains("regime=multimodal, tau=10: median 2.215 [2.2, 2.23] (87.5%); n=4"))
    }

    @Test func linePlotCanShadeTheSpreadAndMarkMedians() throws {
        let observations = Fixtures.observations(seeds: 4).filter { $0.y == .number(0.2) }
        var table = Fixtures.table(observations, y: nil, statistic: .mean)
        table.band = .sd
        table.showsMedian = true
        table.conditions = ["sigma=0.2"]
        let svg = try #require(XMLSummary.parse(table.svg()))
        #expect(svg.texts.contains("cap_mass (mean) against tau by regime where sigma=0.2"))
        #expect(svg.count("path", classContaining: "ci-band") == 2)
        #expect(svg.count("path", classContaining: "median") == 10)
        #expect(svg.count("line", classContaining: "median-ci") == 10)
        let labels = Set(svg.texts)
        #expect(labels.contains("shaded: mean ± 1 sd"))
        #expect(labels.contains("median, bar: 95% order-statistic CI of the median"))
        #expect(labels.contains("regime=multimodal, tau=10: median 2.215 [2.2, 2.23]"))
        let cell = table.cell(x: 0)
        let band = try #require(table.band(of: cell.statistics))
        #expect(abs(band.high - band.low - 2 * cell.statistics.sd!) < 1e-12)
        table.statistic = .median
        #expect(table.band(of: cell.statistics)! == cell.statistics.interval(of: .median)!)
    }

    @Test func linearAxesHaveNoMinorTicks() throws {
        let table = Fixtures.table(Fixtures.observations(seeds: 2), y: nil, facet: nil)
        let svg = try #require(XMLSummary.parse(table.svg(logScale: false)))
        #expect(svg.count("line", classContaining: "minor-tick") == 0)
        #expect(svg.count("circle", classContaining: "point") == 5)
    }

    @Test func textIsEscaped() throws {
        let axis = Axis(name: "a<b & \"c\"", values: [.string("x<y"), .string("z&w")])
        let observations = [Observation(x: .string("x<y"), value: 1), Observation(x: .string("z&w"), value: 2)]
        let table = PhaseTable.build(observations: observations, query: PhaseQuery(x: axis, metric: "m'1"))
        let svg = try #require(XMLSummary.parse(table.svg()))
        #expect(svg.texts.contains("x<y") && svg.texts.contains("z&w"))
    }
}

@Suite struct NumberTextTests {
    @Test func compactFormatting() {
        let cases: [(Double, Int, String)] = [
            (0.123456, 3, "0.123"), (45.678, 3, "45.7"), (2, 3, "2"), (0.5, 3, "0.5"), (-0.0123, 3, "-0.0123"),
            (123456, 3, "123456"), (1.23456e-5, 3, "1.23e-5"), (9.996e7, 3, "1e8"), (-2.5e9, 2, "-2.5e9"),
            (0.316227766017, 4, "0.3162"), (0.0004, 3, "4e-4"), (0.001, 3, "0.001"), (-0.00049, 3, "-4.9e-4"),
        ]
        for (value, digits, expected) in cases {
            #expect(NumberText.compact(value, digits: digits) == expected, "\(value)")
        }
    }
}

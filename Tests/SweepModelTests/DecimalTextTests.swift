import Foundation
import Testing
@testable import SweepModel

@Suite("Decimal text to Double")
struct DecimalTextTests {
    private func parse(_ text: String) -> Double? {
        var text = text
        return text.withUTF8 { DecimalText.double($0) }
    }

    @Test func shortestRoundTripFormsReadBackBitForBit() {
        var generator = SplitMix64(seed: 11)
        for _ in 0..<200_000 {
            let value = Double(bitPattern: generator.next() & 0x7FFF_FFFF_FFFF_FFFF | (generator.next() & 1) << 63)
            guard value.isFinite else { continue }
            let scaled =
                value.exponent > 80 || value.exponent < -80
                ? Double(sign: value.sign, exponent: Int(generator.next() % 100) - 60, significand: value.significand)
                : value
            for text in ["\(scaled)", String(format: "%.17g", scaled), String(format: "%.15e", scaled)] {
                #expect(parse(text)?.bitPattern == Double(text)?.bitPattern, "\(text)")
            }
        }
    }

    @Test func longAndHalfwayDecimalsMatchStrtod() {
        var generator = SplitMix64(seed: 12)
        for _ in 0..<100_000 {
            let digits = 1 + Int(generator.next() % 19)
            var mantissa = String(1 + generator.next() % 9)
            for _ in 1..<digits { mantissa += String(generator.next() % 10) }
            let exponent = Int(generator.next() % 70) - 40
            let text = (generator.next() % 2 == 0 ? "-" : "") + mantissa + "e" + String(exponent)
            #expect(parse(text)?.bitPattern == Double(text)?.bitPattern, "\(text)")
        }
        // 2^53 + 1 and neighbours sit exactly halfway between two Doubles.
        for text in [
            "9007199254740993", "9007199254740993.0", "9007199254740995", "18014398509481987", "0.1",
            "1e22", "1e23", "123456789012345678901234", "0.000000000000000000000000000001",
        ] {
            #expect(parse(text)?.bitPattern == Double(text)?.bitPattern, "\(text)")
        }
    }

    @Test(arguments: ["", "-", "1.", ".5", "1e", "1e+", "--1", "1.2.3", "0x10", "inf", "nan", "1 ", "+1"])
    func refusesWhatIsNotAJSONNumber(text: String) {
        #expect(parse(text) == nil)
    }

    @Test func zeroKeepsItsSign() {
        #expect(parse("-0")?.sign == .minus)
        #expect(parse("0.000")?.sign == .plus)
    }
}

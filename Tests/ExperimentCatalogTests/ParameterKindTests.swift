import ExperimentCatalog
import SweepModel
import Testing

@Suite("Parameter kinds")
struct ParameterKindTests {
    @Test func kindsTellTypeFromRange() {
        #expect(ParameterKind.integer(2...10).problem(with: .number(3)) == nil)
        #expect(ParameterKind.integer(2...10).problem(with: .number(3.5)) == .wrongType)
        #expect(ParameterKind.integer(2...10).problem(with: .number(11)) == .outOfRange)
        #expect(ParameterKind.integer(2...10).problem(with: .string("3")) == .wrongType)
        #expect(ParameterKind.real(.positive).problem(with: .number(0)) == .outOfRange)
        #expect(ParameterKind.real(.positive).problem(with: .number(.nan)) == .outOfRange)
        #expect(ParameterKind.real(.any).problem(with: .number(.infinity)) == .outOfRange)
        #expect(ParameterKind.realOrAuto(.positive).problem(with: .string("auto")) == nil)
        #expect(ParameterKind.realOrAuto(.positive).problem(with: .string("hot")) == .wrongType)
        #expect(ParameterKind.choice(["a", "b"]).problem(with: .string("c")) == .outOfRange)
        #expect(ParameterKind.flag.problem(with: .number(1)) == nil)
        #expect(ParameterKind.flag.problem(with: .number(2)) == .wrongType)
        #expect(ParameterKind.label.problem(with: .number(2)) == .wrongType)
    }

    @Test func boundsReadAsWritten() {
        #expect(NumberBounds.positive.description == "> 0")
        #expect(NumberBounds.open(0, 1).description == "in (0, 1)")
        #expect(NumberBounds.closed(0, 1).description == "in [0, 1]")
        #expect(NumberBounds.aboveUpTo(0, 0.5).description == "in (0, 0.5]")
        #expect(ParameterKind.size(atLeast: 2).description == "a whole number >= 2")
    }

    @Test func byteCountsReadAsPeopleDo() {
        #expect(ByteCount.text(512) == "512 B")
        #expect(ByteCount.text(1536) == "1.5 KiB")
        #expect(ByteCount.text(8 * 1_073_741_824) == "8 GiB")
    }
}

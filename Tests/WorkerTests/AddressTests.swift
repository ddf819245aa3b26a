import CoordinatorClient
import Testing

/// The one HOST:PORT parser behind `--listen`, `--metrics-listen` and `--coordinator`.
@Suite struct AddressTests {
    @Test func goodAddressesParse() throws {
        #expect(
            try CoordinatorAddress(parsing: "head-node:7420", option: "--coordinator")
                == CoordinatorAddress(host: "head-node", port: 7420))
        #expect(
            try CoordinatorAddress(parsing: "[::1]:7420", option: "--coordinator")
                == CoordinatorAddress(host: "::1", port: 7420))
        #expect(try CoordinatorAddress(parsing: "127.0.0.1:0", option: "--listen", allowsPortZero: true).port == 0)
    }

    @Test func aBadAddressIsRefusedNamingTheOption() {
        #expect {
            try CoordinatorAddress(parsing: "x", option: "--listen", allowsPortZero: true)
        } throws: { error in
            (error as? AddressError)?.description
                == "--listen: 'x' is not HOST:PORT (for example 127.0.0.1:7420): no ':PORT' at its end"
        }
    }

    @Test(arguments: [
        ("h:http", "--listen", AddressError.Problem.portNotANumber("http")),
        ("h:70000", "--metrics-listen", .portOutOfRange(70000)),
        ("h:-1", "--listen", .portOutOfRange(-1)),
        ("h:0", "--coordinator", .portZeroNotAllowed),
        (":7420", "--coordinator", .emptyHost),
        ("[]:7420", "--listen", .emptyHost),
    ])
    func eachProblemHasItsCase(text: String, option: String, problem: AddressError.Problem) {
        #expect(throws: AddressError(option: option, text: text, problem: problem)) {
            try CoordinatorAddress(parsing: text, option: option, allowsPortZero: option != "--coordinator")
        }
    }
}

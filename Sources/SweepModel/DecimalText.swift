import Foundation

/// Converts decimal number text to the nearest Double, exactly, without strtod for the common cases.
///
/// Stored values are decimal text: canonical parameters (at most 12 significant digits) and metrics in
/// their shortest round-trip form (up to 17). Up to 19 significant digits and a decimal exponent within
/// ±22 (±27 on x86-64) are converted with one correctly rounded operation; anything else goes to strtod.
enum DecimalText {
    private static let powersOfTen: [Double] = (0...22).map { exponent in
        (0..<exponent).reduce(1.0) { value, _ in value * 10 }
    }

    static func double(_ text: UnsafeBufferPointer<UInt8>) -> Double? {
        guard let decimal = Decimal(text) else { return nil }
        if !decimal.tooLong {
            if decimal.mantissa == 0 { return decimal.negative ? -0.0 : 0 }
            if let value = exactProduct(decimal.mantissa, decimal.exponent) {
                return decimal.negative ? -value : value
            }
        }
        return Double(String(decoding: text, as: UTF8.self))
    }

    /// mantissa x 10^exponent with a single rounding, when that is possible with the machine's arithmetic.
    private static func exactProduct(_ mantissa: UInt64, _ exponent: Int) -> Double? {
        if mantissa < 1 << 53, abs(exponent) <= 22 {
            let value = Double(mantissa)
            return exponent < 0 ? value / powersOfTen[-exponent] : value * powersOfTen[exponent]
        }
        #if arch(x86_64)
            return extendedProduct(mantissa, exponent)
        #else
            return nil
        #endif
    }

    #if arch(x86_64)
        private static let extendedPowersOfTen: [Float80] = (0...27).map { exponent in
            (0..<exponent).reduce(Float80(1)) { value, _ in value * 10 }
        }

        /// The product in 80-bit arithmetic, where the mantissa and 10^|exponent| <= 10^27 are exact, so the
        /// result is the exact value correctly rounded to 64 bits. Rounding that once more to 53 bits gives the
        /// correctly rounded Double unless the 64-bit result sits exactly halfway between two Doubles, which
        /// is left to strtod.
        private static func extendedProduct(_ mantissa: UInt64, _ exponent: Int) -> Double? {
            guard abs(exponent) <= 27 else { return nil }
            let value = Float80(mantissa)
            let product = exponent < 0 ? value / extendedPowersOfTen[-exponent] : value * extendedPowersOfTen[exponent]
            guard product.significandBitPattern & 0x7FF != 0x400, product.exponent > -1000 else { return nil }
            return Double(product)
        }
    #endif

    /// The sign, up to 19 significant digits and the decimal exponent of a JSON number (`tooLong` when it
    /// has more digits or a huge exponent); nil when the text is not a JSON number.
    private struct Decimal {
        var negative = false
        var mantissa: UInt64 = 0
        var exponent = 0
        var tooLong = false

        init?(_ text: UnsafeBufferPointer<UInt8>) {
            var index = 0
            let count = text.count
            if index < count, text[index] == UInt8(ascii: "-") {
                negative = true
                index += 1
            }
            var digits = 0
            var significant = 0
            while index < count, text[index] >= 0x30, text[index] <= 0x39 {
                accumulate(text[index], significant: &significant)
                digits += 1
                index += 1
            }
            guard digits > 0 else { return nil }
            if index < count, text[index] == UInt8(ascii: ".") {
                index += 1
                var fraction = 0
                while index < count, text[index] >= 0x30, text[index] <= 0x39 {
                    exponent -= 1
                    accumulate(text[index], significant: &significant)
                    fraction += 1
                    index += 1
                }
                guard fraction > 0 else { return nil }
            }
            if index < count, text[index] == UInt8(ascii: "e") || text[index] == UInt8(ascii: "E") {
                index += 1
                var negativeExponent = false
                if index < count, text[index] == UInt8(ascii: "-") || text[index] == UInt8(ascii: "+") {
                    negativeExponent = text[index] == UInt8(ascii: "-")
                    index += 1
                }
                var written = 0
                var exponentDigits = 0
                while index < count, text[index] >= 0x30, text[index] <= 0x39 {
                    if written < 100_000 {
                        written = written * 10 + Int(text[index] - 0x30)
                    } else {
                        tooLong = true
                    }
                    exponentDigits += 1
                    index += 1
                }
                guard exponentDigits > 0 else { return nil }
                exponent += negativeExponent ? -written : written
            }
            guard index == count else { return nil }
        }

        private mutating func accumulate(_ byte: UInt8, significant: inout Int) {
            if mantissa == 0 && byte == 0x30 { return }
            significant += 1
            if significant > 19 { tooLong = true }
            if !tooLong { mantissa = mantissa * 10 + UInt64(byte - 0x30) }
        }
    }
}

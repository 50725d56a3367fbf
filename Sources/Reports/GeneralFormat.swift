import Foundation

/// C's `%.<P>g` for the doubles whose P-digit decimal rounding double arithmetic decides exactly:
/// the same text as the C library, several times faster than a call into it (a forecast writes tens
/// of thousands of numbers).
///
/// The rounding is that of C's printf in the default rounding mode: the exact binary value of `x`
/// rounded to P significant digits, ties to even. With E the decimal exponent of `|x|` and
/// s = P − 1 − E, the significand N = |x| · 10ˢ is held exactly as a double and a correction: for
/// 0 ≤ s ≤ 22 (10ˢ exact) the product and its fused-multiply-add error, for −22 ≤ s < 0 the quotient by
/// 10⁻ˢ and its remainder (exact for a correctly rounded quotient). N < 10¹⁵ < 2⁵⁰, so the correction is
/// at most half a unit in the last place of a double whose fraction is a multiple of that unit: the
/// fraction alone says whether N rounds up, and the correction's sign breaks an exact half. Outside
/// that range (and for 0) ``format(_:digits:)`` returns nil and the caller asks the C library.
enum GeneralFormat {
    /// 10⁰ … 10²², each exact.
    private static let powersOfTen: [Double] = {
        var powers: [Double] = [1]
        for _ in 1...22 { powers.append(powers[powers.count - 1] * 10) }
        return powers
    }()

    /// `%.<digits>g` of `x`, or nil when `x` is 0, not finite, outside 1e-280 … 1e280 in magnitude, or
    /// its decimal exponent lies outside the exact range, or `digits` is outside 1 … 15.
    static func format(_ x: Double, digits p: Int) -> String? {
        guard (1...15).contains(p), x.isFinite else { return nil }
        let a = abs(x)
        guard a >= 1e-280, a <= 1e280 else { return nil }
        let low = powersOfTen[p - 1], high = powersOfTen[p]
        var exponent = Int(log10(a).rounded(.down))
        for _ in 0..<3 {
            let shift = p - 1 - exponent
            guard (-22...22).contains(shift) else { return nil }
            let hi: Double, correction: Double
            if shift >= 0 {
                let scale = powersOfTen[shift]
                hi = a * scale
                correction = (-hi).addingProduct(a, scale)
            } else {
                let divisor = powersOfTen[-shift]
                hi = a / divisor
                correction = a.addingProduct(-hi, divisor)   // the remainder; its sign is the correction's
            }
            if hi < low || (hi == low && correction < 0) { exponent -= 1; continue }
            if hi > high || (hi == high && correction >= 0) { exponent += 1; continue }
            let floor = hi.rounded(.down)
            let fraction = hi - floor
            let up = fraction > 0.5 || (fraction == 0.5 && (correction > 0 || (correction == 0 && UInt64(floor) & 1 == 1)))
            var significand = UInt64(floor) + (up ? 1 : 0)
            if Double(significand) == high {
                significand = UInt64(low)
                exponent += 1
            }
            return text(significand: significand, digits: p, exponent: exponent, negative: x < 0)
        }
        return nil
    }

    /// The `%g` text of `±significand · 10^(exponent − digits + 1)`, `significand` having exactly `digits`
    /// digits: positional when −4 ≤ exponent < digits, else `d.ddde±XX`; trailing zeros of the fraction removed.
    private static func text(significand: UInt64, digits p: Int, exponent: Int, negative: Bool) -> String {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 64) { buffer in
            let decimal = UnsafeMutableBufferPointer(rebasing: buffer[40..<(40 + p)])   // the digits; the text goes before them
            var rest = significand
            for index in stride(from: p - 1, through: 0, by: -1) {
                decimal[index] = 0x30 + UInt8(rest % 10)
                rest /= 10
            }
            var kept = p   // digits up to the last non-zero one
            while kept > 1, decimal[kept - 1] == 0x30 { kept -= 1 }
            var count = 0
            func put(_ byte: UInt8) {
                buffer[count] = byte
                count += 1
            }
            if negative { put(0x2D) }
            if exponent < -4 || exponent >= p {
                put(decimal[0])
                if kept > 1 {
                    put(0x2E)
                    for index in 1..<kept { put(decimal[index]) }
                }
                put(0x65)
                put(exponent < 0 ? 0x2D : 0x2B)
                let magnitude = abs(exponent)
                if magnitude >= 100 { put(0x30 + UInt8(magnitude / 100)) }
                put(0x30 + UInt8(magnitude / 10 % 10))
                put(0x30 + UInt8(magnitude % 10))
            } else if exponent >= 0 {
                for index in 0...exponent { put(decimal[index]) }
                if kept > exponent + 1 {
                    put(0x2E)
                    for index in (exponent + 1)..<kept { put(decimal[index]) }
                }
            } else {
                put(0x30)
                put(0x2E)
                for _ in 0..<(-exponent - 1) { put(0x30) }
                for index in 0..<kept { put(decimal[index]) }
            }
            return String(decoding: UnsafeBufferPointer(rebasing: buffer[0..<count]), as: UTF8.self)
        }
    }
}

import Foundation

/// A seedable random number generator (SplitMix64), so that a case generated
/// with the same seed is the same case on every machine.
///
/// Hand-written: the standard library's generator cannot be seeded, and no
/// package on the mirror provides one; SplitMix64 is ten lines and well studied.
public struct SeededGenerator: RandomNumberGenerator, Sendable {
    private var state: UInt64

    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// True with probability `p`.
    public mutating func chance(_ p: Double) -> Bool { Double.random(in: 0..<1, using: &self) < p }

    /// A log-normally distributed value with the given median and spread (σ of the log).
    public mutating func logNormal(median: Double, sigma: Double) -> Double {
        // Box–Muller on two uniforms.
        let u1 = Double.random(in: Double.ulpOfOne..<1, using: &self)
        let u2 = Double.random(in: 0..<1, using: &self)
        let z = (-2 * log(u1)).squareRoot() * cos(2 * Double.pi * u2)
        return median * exp(sigma * z)
    }
}


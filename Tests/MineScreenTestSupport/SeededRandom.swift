import Foundation
import MineScreenKit

/// SplitMix64: randomised tests draw from a fixed seed, so every run tests the same shapes.
public struct SeededRandom: RandomNumberGenerator {
    public var state: UInt64
    public init(seed: UInt64) { state = seed }
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// A closed star-shaped ring: one vertex per equal sector, at a random angle within the sector's first 80 %
/// and a random distance in `radius` × `spread` from the centre (a simple polygon, often non-convex).
public func randomStar(_ cx: Double, _ cy: Double, _ radius: Double, _ vertices: Int, spread: ClosedRange<Double> = 0.5...1,
                using random: inout SeededRandom) -> [Position] {
    let step = 2 * Double.pi / Double(vertices)
    var ring = (0..<vertices).map { k -> Position in
        let angle = Double(k) * step + Double.random(in: 0..<(0.8 * step), using: &random)
        let r = radius * Double.random(in: spread, using: &random)
        return Position(cx + r * cos(angle), cy + r * sin(angle))
    }
    ring.append(ring[0])
    return ring
}

import MineScreenGeometry

extension Transformer {
    /// Round-trips a `samples` × `samples` grid of positions spread over `box` (in the source CRS, corners
    /// included) and returns the box of their images in the target CRS, or nil when any sample fails to
    /// transform or comes back further than `tolerance` (source units) from where it started.
    ///
    /// For a projected layer this stands in for round-tripping every vertex (`FeatureValidator`): a
    /// projection's round-trip error is a smooth function of position that grows by orders of magnitude only
    /// far out of its zone, so a grid that comes back within a tolerance ten thousand times finer than the
    /// per-vertex rule leaves no room between its nodes for a position that would fail that rule. A sample,
    /// not a proof: callers give it only a box that every vertex lies in, and check everything else as usual.
    package func sampledRoundTrip(over box: Box, samples: Int = 33, tolerance: Double) -> Box? {
        guard !box.isEmpty, samples >= 2, box.minX.isFinite, box.maxX.isFinite, box.minY.isFinite, box.maxY.isFinite else { return nil }
        var grid: [Position] = []
        grid.reserveCapacity(samples * samples)
        let last = Double(samples - 1)
        for i in 0..<samples {
            let x = i == samples - 1 ? box.maxX : box.minX + (box.maxX - box.minX) * Double(i) / last
            for j in 0..<samples {
                grid.append(Position(x, j == samples - 1 ? box.maxY : box.minY + (box.maxY - box.minY) * Double(j) / last))
            }
        }
        var images = grid
        guard (try? transform(&images)) != nil else { return nil }
        var back = images
        guard (try? inverse(&back)) != nil else { return nil }
        var imageBox = Box()
        for (start, (image, returned)) in zip(grid, zip(images, back)) {
            guard abs(returned.x - start.x) <= tolerance, abs(returned.y - start.y) <= tolerance else { return nil }
            imageBox.add(image)
        }
        return imageBox
    }
}

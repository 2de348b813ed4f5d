import FrameGateMedia

/// A rectangle in frame pixels (luma coordinates).
public struct PixelRect: Codable, Equatable, Sendable, CustomStringConvertible {
    public var x: Int, y: Int, width: Int, height: Int

    public init(x: Int, y: Int, width: Int, height: Int) { self.x = x; self.y = y; self.width = width; self.height = height }

    public func union(_ other: PixelRect) -> PixelRect {
        let x0 = min(x, other.x), y0 = min(y, other.y)
        let x1 = max(x + width, other.x + other.width), y1 = max(y + height, other.y + other.height)
        return PixelRect(x: x0, y: y0, width: x1 - x0, height: y1 - y0)
    }

    public var description: String { "(\(x), \(y), \(width), \(height))" }
}

/// The whole-frame PSNR and the localized measure of one yuv420p frame pair, in one pass over the samples.
/// A yuva420p pair (outputs with alpha) adds the alpha plane as a fourth plane, weighted by its samples like
/// the others (as ffmpeg's psnr filter does for yuva420p), so lost or changed transparency fails like colour.
///
/// Localized measure: the frame is cut into tiles of `tileSize`×`tileSize` luma samples (with the co-sited
/// tileSize/2 chroma samples); each tile's PSNR is taken exactly like the frame's (squared error over its Y, U
/// and V samples, 10·log10(255²/mse)). The worst tile's PSNR is the measure: a change confined to a word or a
/// logo is averaged over the tile, not over the frame, so it does not fade as the frame grows.
public struct FrameDifference: Sendable {
    public var psnr: PSNRMeasurement
    /// dB; +∞ when every tile is identical.
    public var worstTilePSNR: Double
    public var worstTile: PixelRect?
    /// The largest |mean difference| of any tile in any plane, in 8-bit levels: a colour or level shift of a
    /// region. Encoder noise is close to zero-mean over a tile; a shifted colour is not, and its PSNR can stay
    /// high (12° of hue on an orange box is ~34 dB in the tile but ~8 levels of U and V).
    public var worstTileBias: Double
    /// Bounding box of the tiles below the tile threshold (or above the bias limit) given to `measure`.
    public var changedRegion: PixelRect?
    public var changedTiles: Int

    public static func measure(_ a: DecodedVideoFrame, _ b: DecodedVideoFrame, tileSize: Int,
                               tileThreshold: Double, maxTileBias: Double = .infinity) -> FrameDifference {
        precondition(a.format != .rgba && a.format == b.format && a.width == b.width && a.height == b.height,
                     "FrameDifference: frames must be yuv420p (or both yuva420p) of one size")
        let width = a.width, height = a.height
        let tile = max(2, tileSize & ~1)
        let columns = (width + tile - 1) / tile, rows = (height + tile - 1) / tile
        var tileSSD = [UInt64](repeating: 0, count: columns * rows)
        var tileSamples = [Int](repeating: 0, count: columns * rows)
        var planeSSD: [UInt64] = []
        var bias = [Double](repeating: 0, count: columns * rows)
        // Y and (yuva420p) A are full size, U and V half size in both directions.
        let planeCount = a.planes.count
        func isChroma(_ plane: Int) -> Bool { plane == 1 || plane == 2 }
        for plane in 0..<planeCount {
            let sub = isChroma(plane) ? 2 : 1
            let pw = isChroma(plane) ? (width + 1) / 2 : width, ph = isChroma(plane) ? (height + 1) / 2 : height
            let span = tile / sub
            var signed = [Int64](repeating: 0, count: columns * rows)
            let before = tileSamples
            planeSSD.append(accumulate(a.planes[plane], b.planes[plane], width: pw, height: ph, span: span,
                                       columns: columns, into: &tileSSD, samples: &tileSamples, signed: &signed))
            for index in 0..<signed.count where tileSamples[index] > before[index] {
                bias[index] = max(bias[index], abs(Double(signed[index])) / Double(tileSamples[index] - before[index]))
            }
        }
        let sampleCounts = (0..<planeCount).map { isChroma($0) ? ((width + 1) / 2) * ((height + 1) / 2) : width * height }
        let total = planeSSD.reduce(0, &+)
        let totalSamples = sampleCounts.reduce(0, +)
        let planeMSE = (0..<planeCount).map { sampleCounts[$0] == 0 ? 0 : Double(planeSSD[$0]) / Double(sampleCounts[$0]) }
        let average = totalSamples == 0 ? 0 : Double(total) / Double(totalSamples)
        let frame = PSNRMeasurement(planeMSE: planeMSE, averageMSE: average, psnr: PSNR.psnr(mse: average))

        var worst = Double.infinity, worstIndex: Int?
        var region: PixelRect?, changed = 0
        let worstBias = bias.max() ?? 0
        for index in 0..<tileSSD.count where tileSSD[index] > 0 {
            let value = PSNR.psnr(mse: Double(tileSSD[index]) / Double(tileSamples[index]))
            let shifted = bias[index] > maxTileBias
            let rect = PixelRect(x: (index % columns) * tile, y: (index / columns) * tile,
                                 width: min(tile, width - (index % columns) * tile),
                                 height: min(tile, height - (index / columns) * tile))
            if value < worst { worst = value; worstIndex = index }
            if value < tileThreshold || shifted { changed += 1; region = region.map { $0.union(rect) } ?? rect }
        }
        let worstRect = worstIndex.map { index in
            PixelRect(x: (index % columns) * tile, y: (index / columns) * tile,
                      width: min(tile, width - (index % columns) * tile), height: min(tile, height - (index / columns) * tile))
        }
        return FrameDifference(psnr: frame, worstTilePSNR: worst, worstTile: worstRect, worstTileBias: worstBias, changedRegion: region,
                               changedTiles: changed)
    }

    /// Adds each row's squared error to its tile; returns the plane's total. Row sums are exact in UInt32
    /// (a tile row is at most a few hundred samples of ≤ 255²).
    private static func accumulate(_ a: [UInt8], _ b: [UInt8], width: Int, height: Int, span: Int, columns: Int,
                                   into tileSSD: inout [UInt64], samples: inout [Int], signed: inout [Int64]) -> UInt64 {
        var total: UInt64 = 0
        a.withUnsafeBufferPointer { pa in
            b.withUnsafeBufferPointer { pb in
                for y in 0..<height {
                    let rowBase = (y / span) * columns
                    let line = y * width
                    var x = 0, column = 0
                    while x < width {
                        let end = min(x + span, width)
                        var partial: UInt32 = 0
                        var sum: Int32 = 0
                        for i in (line + x)..<(line + end) {
                            let d = Int32(pa[i]) &- Int32(pb[i])
                            partial &+= UInt32(bitPattern: d &* d)
                            sum &+= d
                        }
                        tileSSD[rowBase + column] &+= UInt64(partial)
                        signed[rowBase + column] += Int64(sum)
                        samples[rowBase + column] += end - x
                        total &+= UInt64(partial)
                        x = end; column += 1
                    }
                }
            }
        }
        return total
    }
}

import FrameGateMedia

/// Pixel conversions for the failure images. The comparison itself never converts to RGB: these run
/// only for the (at most 10) failed checkpoints that get PNGs.
public enum FrameImages {
    /// yuv420p (BT.709, tv range: what FrameGate encodes) to RGBA, chroma by nearest sample.
    public static func rgba(fromYUV420 frame: DecodedVideoFrame) -> RGBAFrame {
        if frame.format == .rgba, let rgba = frame.rgba { return rgba }
        let w = frame.width, h = frame.height, cw = (w + 1) / 2
        var pixels = [UInt8](repeating: 255, count: w * h * 4)
        let yPlane = frame.planes[0], uPlane = frame.planes[1], vPlane = frame.planes[2]
        let alphaPlane = frame.planes.count > 3 ? frame.planes[3] : nil
        for y in 0..<h {
            for x in 0..<w {
                let luma = (Double(yPlane[y * w + x]) - 16) * (255.0 / 219.0)
                let c = (y / 2) * cw + x / 2
                let cb = (Double(uPlane[c]) - 128) * (255.0 / 224.0)
                let cr = (Double(vPlane[c]) - 128) * (255.0 / 224.0)
                let o = (y * w + x) * 4
                pixels[o] = clamp(luma + 1.5748 * cr)
                pixels[o + 1] = clamp(luma - 0.1873 * cb - 0.4681 * cr)
                pixels[o + 2] = clamp(luma + 1.8556 * cb)
                if let alphaPlane { pixels[o + 3] = alphaPlane[y * w + x] }
            }
        }
        return RGBAFrame(width: w, height: h, pixels: pixels)
    }

    /// BT.709 luma of an RGBA image, one byte per pixel.
    public static func luma(_ frame: RGBAFrame) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: frame.width * frame.height)
        for i in 0..<out.count {
            let o = i * 4
            out[i] = clamp(0.2126 * Double(frame.pixels[o]) + 0.7152 * Double(frame.pixels[o + 1])
                + 0.0722 * Double(frame.pixels[o + 2]))
        }
        return out
    }

    /// A heatmap of |a − b| per pixel: black (equal) → red → yellow. Differences are amplified 4× so the
    /// small errors that fail a PSNR threshold are visible: |Δ| ≥ 64 is full yellow, 32 is full red.
    public static func heatmap(_ a: [UInt8], _ b: [UInt8], width: Int, height: Int) -> RGBAFrame {
        var pixels = [UInt8](repeating: 255, count: width * height * 4)
        for i in 0..<(width * height) {
            let d = abs(Int(a[i]) - Int(b[i]))
            let t = min(1.0, Double(d) * 4 / 255)
            let o = i * 4
            pixels[o] = clamp(min(1, 2 * t) * 255)
            pixels[o + 1] = clamp(max(0, 2 * t - 1) * 255)
            pixels[o + 2] = 0
        }
        return RGBAFrame(width: width, height: height, pixels: pixels)
    }

    /// The heatmap of two decoded frames of one size, from their luma (the Y plane for yuv420p).
    public static func heatmap(actual: DecodedVideoFrame, expected: DecodedVideoFrame) -> RGBAFrame {
        let a = actual.format != .rgba ? actual.planes[0] : luma(rgba(fromYUV420: actual))
        let b = expected.format != .rgba ? expected.planes[0] : luma(rgba(fromYUV420: expected))
        return heatmap(a, b, width: expected.width, height: expected.height)
    }

    static func clamp(_ value: Double) -> UInt8 { UInt8(max(0, min(255, value.rounded()))) }
}

import Foundation
@testable import FrameGateMedia

/// Synthetic test pictures: a gradient that moves with the frame index plus the index drawn as
/// binary blocks, so every frame differs and a swapped or dropped frame is visible.
enum SyntheticVideo {
    static func frame(_ index: Int, width: Int, height: Int) -> RGBAFrame {
        var pixels = [UInt8](repeating: 255, count: width * height * 4)
        for y in 0..<height {
            for x in 0..<width {
                let i = (y * width + x) * 4
                pixels[i] = UInt8((x * 255 / max(1, width - 1) + index * 4) & 0xFF)
                pixels[i + 1] = UInt8((y * 255 / max(1, height - 1) + index * 2) & 0xFF)
                pixels[i + 2] = UInt8(((x + y) * 2 + index * 6) & 0xFF)
            }
        }
        // The counter: 8 bits as 6×6 blocks along the top, white for 1, black for 0.
        for bit in 0..<8 {
            let on = (index >> bit) & 1 == 1
            for y in 2..<min(8, height) {
                for x in (2 + bit * 7)..<(8 + bit * 7) where x < width {
                    let i = (y * width + x) * 4
                    pixels[i] = on ? 255 : 0; pixels[i + 1] = on ? 255 : 0; pixels[i + 2] = on ? 255 : 0
                }
            }
        }
        return RGBAFrame(width: width, height: height, pixels: pixels)
    }
}

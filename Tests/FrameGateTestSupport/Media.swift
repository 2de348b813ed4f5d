import Foundation
import FrameGateCore
import FrameGateMedia
import XCTest

// MARK: - WAV files

/// A 16-bit PCM WAV from interleaved float samples (clamped to ±1).
public func wav(_ samples: [Float], channels: Int = 2, sampleRate: Int = 48_000) -> Data {
    var data = Data()
    func u32(_ v: UInt32) { withUnsafeBytes(of: v.littleEndian) { data.append(contentsOf: $0) } }
    func u16(_ v: UInt16) { withUnsafeBytes(of: v.littleEndian) { data.append(contentsOf: $0) } }
    let bytes = UInt32(samples.count * 2)
    data.append(contentsOf: Array("RIFF".utf8)); u32(36 + bytes); data.append(contentsOf: Array("WAVE".utf8))
    data.append(contentsOf: Array("fmt ".utf8)); u32(16); u16(1); u16(UInt16(channels)); u32(UInt32(sampleRate))
    u32(UInt32(sampleRate * channels * 2)); u16(UInt16(channels * 2)); u16(16)
    data.append(contentsOf: Array("data".utf8)); u32(bytes)
    for sample in samples {
        let clamped = max(-1, min(1, sample))
        withUnsafeBytes(of: Int16((clamped * 32767).rounded()).littleEndian) { data.append(contentsOf: $0) }
    }
    return data
}

/// A steady sine, the same on every channel.
public func toneWAV(frequency: Double = 1000, amplitude: Double = 0.5, channels: Int = 1, sampleRate: Int = 48_000,
                    seconds: Double) -> Data {
    let count = Int((seconds * Double(sampleRate)).rounded())
    var samples: [Float] = []
    samples.reserveCapacity(count * channels)
    for i in 0..<count {
        let s = Float(amplitude * sin(2 * Double.pi * frequency * Double(i) / Double(sampleRate)))
        for _ in 0..<channels { samples.append(s) }
    }
    return wav(samples, channels: channels, sampleRate: sampleRate)
}

/// A stereo click: 2 ms of full-scale square wave from its very first sample, then 50 ms of silence.
public func clickWAV() -> Data {
    wav((0..<2_496).flatMap { i -> [Float] in
        let s: Float = i < 96 ? (i % 8 < 4 ? 0.95 : -0.95) : 0
        return [s, s]
    })
}

// MARK: - Comparing pictures

/// PSNR as DESIGN.md defines it: MSE per plane, sample-count weighted mean over Y, U, V; .infinity when identical.
public func psnr(_ a: [[UInt8]], _ b: [[UInt8]]) -> Double {
    var squared = 0.0, count = 0
    for (pa, pb) in zip(a, b) {
        for (x, y) in zip(pa, pb) { let d = Double(x) - Double(y); squared += d * d }
        count += pa.count
    }
    let mse = squared / Double(max(1, count))
    return mse == 0 ? .infinity : 10 * log10(255 * 255 / mse)
}

/// Per-frame PSNR of two videos decoded to yuv420p; throws when their frame counts differ.
public func framePSNRs(_ a: URL, _ b: URL, file: StaticString = #filePath, line: UInt = #line) throws -> [Double] {
    let left = try VideoDecoder(url: a, format: .yuv420p)
    let right = try VideoDecoder(url: b, format: .yuv420p)
    var values: [Double] = []
    while true {
        let x = try left.nextFrame(), y = try right.nextFrame()
        guard let x, let y else {
            if x != nil || y != nil {
                throw NSError(domain: "psnr", code: 1, userInfo: [NSLocalizedDescriptionKey: "frame counts differ after \(values.count) frames"])
            }
            return values
        }
        XCTAssertEqual(x.planes.map(\.count), y.planes.map(\.count), "plane sizes", file: file, line: line)
        values.append(psnr(x.planes, y.planes))
    }
}

/// Deterministic pseudo-random numbers (SplitMix64), so test noise is the same on every run.
public struct SeededRandom: Sendable {
    public var state: UInt64
    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform in 0..<1.
    public mutating func unit() -> Double { Double(next() >> 11) / Double(1 << 53) }
}

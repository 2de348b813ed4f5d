import FrameGateMedia

public enum CaptureImageFormat: Sendable, Equatable {
    /// Lossless; the default.
    case png
    /// Lossy draft mode; quality 0…100.
    case jpeg(quality: Int)
}

public struct CaptureOptions: Sendable {
    public var width: Int
    public var height: Int
    public var imageFormat: CaptureImageFormat
    /// Seconds one `__hf.seek` may take before SEEK_TIMEOUT.
    public var seekTimeout: Double

    public init(width: Int, height: Int,
                imageFormat: CaptureImageFormat = .png, seekTimeout: Double = 10) {
        self.width = width
        self.height = height
        self.imageFormat = imageFormat
        self.seekTimeout = seekTimeout
    }
}

public struct CapturedFrame: Sendable {
    public var index: Int
    public var time: Double
    public var image: RGBAFrame
    /// SHA-256 (hex) of the RGBA pixels: the frame digest.
    public var digest: String

    public init(index: Int, time: Double, image: RGBAFrame, digest: String) {
        self.index = index
        self.time = time
        self.image = image
        self.digest = digest
    }
}

import CLibAV

public enum LibAVVersion {
    /// e.g. "avformat 59.27.100, avcodec 59.37.100, avutil 57.28.100, swscale 6.7.100, swresample 4.7.100"
    public static var string: String {
        libraries.map { "\($0.name) \($0.version)" }.joined(separator: ", ")
    }

    /// Each linked library and its runtime version ("59.37.100"), in the order above.
    public static var libraries: [(name: String, version: String)] {
        [("avformat", avformat_version()), ("avcodec", avcodec_version()), ("avutil", avutil_version()),
         ("swscale", swscale_version()), ("swresample", swresample_version())]
            .map { ($0.0, "\($0.1 >> 16).\(($0.1 >> 8) & 0xFF).\($0.1 & 0xFF)") }
    }
}

import CLibAV
import FrameGateCore

/// Errors raised by the libav layer. The message always names the file (when there is one) and libav's reason.
public enum MediaError: CodedError, Equatable {
    case decodeFailed(path: String, reason: String)
    case encodeFailed(reason: String)
    case unsupportedCodec(name: String)
    case io(path: String, reason: String)

    public var code: ErrorCode {
        switch self {
        case .decodeFailed: return .mediaDecodeFailed
        case .encodeFailed: return .mediaEncodeFailed
        case .unsupportedCodec: return .unsupportedCodec
        case .io: return .ioFailed
        }
    }

    public var message: String {
        switch self {
        case let .decodeFailed(path, reason): return "cannot decode \(path): \(reason)"
        case let .encodeFailed(reason): return "encoding failed: \(reason)"
        case let .unsupportedCodec(name):
            return "codec '\(name)' is not available in this libav build; install the Debian libav packages with its encoder (see ci/setup)"
        case let .io(path, reason): return "cannot write \(path): \(reason)"
        }
    }
}

/// libav's text for an AVERROR value.
public func libavErrorString(_ status: Int32) -> String {
    var buffer = [UInt8](repeating: 0, count: 256)
    buffer.withUnsafeMutableBufferPointer { out in
        out.withMemoryRebound(to: CChar.self) { _ = av_strerror(status, $0.baseAddress, $0.count) }
    }
    return String(decoding: buffer.prefix { $0 != 0 }, as: UTF8.self)
}

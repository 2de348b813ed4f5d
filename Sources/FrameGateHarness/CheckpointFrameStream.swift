import Foundation
import FrameGateMedia

/// The checkpoint frames of one file, in order: `next()` returns the frame for the next requested decode
/// index, nil once the stream has ended (that frame and all later ones are missing).
/// `concurrent` decodes on a thread of its own, up to `capacity` frames ahead of the consumer, so the two
/// files of a comparison decode at the same time; the frames are the same either way.
final class CheckpointFrameStream {
    private let decoder: VideoDecoder
    private let indices: [Int]
    private var position = 0
    private var ended = false
    private let channel: Channel?

    init(decoder: VideoDecoder, indices: [Int], concurrent: Bool, capacity: Int = 3) {
        self.decoder = decoder
        self.indices = indices
        guard concurrent else { channel = nil; return }
        let channel = Channel(capacity: capacity)
        self.channel = channel
        // A Thread, not the cooperative pool: decoding blocks. From here on the decoder belongs to that
        // thread: `next()` reads only the channel in concurrent mode, so the decoder is never shared.
        nonisolated(unsafe) let decoder = decoder
        let thread = Thread {
            for index in indices {
                let item: Result<DecodedVideoFrame?, Error>
                do { item = .success(try decoder.frame(at: index)) } catch { item = .failure(error) }
                guard channel.put(item) else { return }
                if case .success(nil) = item { return }
                if case .failure = item { return }
            }
        }
        thread.stackSize = 1 << 20
        thread.start()
    }

    deinit { channel?.cancel() }

    func next() throws -> DecodedVideoFrame? {
        guard !ended, position < indices.count else { return nil }
        defer { position += 1 }
        let frame: DecodedVideoFrame?
        if let channel { frame = try channel.take().get() } else { frame = try decoder.frame(at: indices[position]) }
        if frame == nil { ended = true }
        return frame
    }

    /// A bounded single-producer single-consumer queue. `cancel` releases a producer blocked on a full
    /// queue when the consumer stops early (an error, or the comparison is dropped).
    /// `@unchecked`: every stored property is read and written only while holding `condition`.
    private final class Channel: @unchecked Sendable {
        private let condition = NSCondition()
        private var items: [Result<DecodedVideoFrame?, Error>] = []
        private var cancelled = false
        private let capacity: Int

        init(capacity: Int) { self.capacity = max(1, capacity) }

        /// False when cancelled: the producer should stop.
        func put(_ item: Result<DecodedVideoFrame?, Error>) -> Bool {
            condition.lock(); defer { condition.unlock() }
            while items.count >= capacity && !cancelled { condition.wait() }
            guard !cancelled else { return false }
            items.append(item)
            condition.broadcast()
            return true
        }

        func take() -> Result<DecodedVideoFrame?, Error> {
            condition.lock(); defer { condition.unlock() }
            while items.isEmpty { condition.wait() }
            let item = items.removeFirst() // at most `capacity` items: cheap, and frees the frame promptly
            condition.broadcast()
            return item
        }

        func cancel() {
            condition.lock(); cancelled = true; condition.broadcast(); condition.unlock()
        }
    }
}

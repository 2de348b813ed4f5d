/// A bounded single-producer/single-consumer hand-off between the capture loop and the decoder +
/// consumer, so the browser draws frame i+1 while frame i is decoded and encoded, without letting
/// captured frames pile up in memory.
actor FramePipe<Item: Sendable> {
    private var buffer: [Item] = []
    private let capacity: Int
    private var closed = false
    private var abandoned = false
    private var producerWaiter: CheckedContinuation<Void, Never>?
    private var consumerWaiter: CheckedContinuation<Item?, Never>?

    init(capacity: Int) { self.capacity = max(1, capacity) }

    /// False once the consumer has given up: the producer should stop.
    func push(_ item: Item) async -> Bool {
        if abandoned { return false }
        if let waiter = consumerWaiter {
            consumerWaiter = nil
            waiter.resume(returning: item)
            return true
        }
        while buffer.count >= capacity && !abandoned {
            await withCheckedContinuation { producerWaiter = $0 }
        }
        if abandoned { return false }
        buffer.append(item)
        return true
    }

    /// The next item, or nil when the producer closed the pipe (or the consumer abandoned it).
    func pop() async -> Item? {
        if abandoned { return nil }
        if !buffer.isEmpty {
            let item = buffer.removeFirst()
            wakeProducer()
            return item
        }
        if closed { return nil }
        return await withCheckedContinuation { consumerWaiter = $0 }
    }

    func close() {
        closed = true
        consumerWaiter?.resume(returning: nil)
        consumerWaiter = nil
    }

    func abandon() {
        abandoned = true
        buffer.removeAll()
        wakeProducer()
        close()
    }

    private func wakeProducer() {
        producerWaiter?.resume()
        producerWaiter = nil
    }
}

import Foundation

/// Work spread over every core, with results in the order of the work.
enum Parallel {
    /// How many threads `map` uses at most: one per core.
    /// (Foundation reads the control group's quota from files on every call, so it is read once.)
    static let workerLimit = ProcessInfo.processInfo.activeProcessorCount

    /// `body(0) … body(count - 1)`, run on every core when there is enough work, results in order.
    ///
    /// - Parameter minimumPerWorker: below this many items per core the work stays on the calling
    ///   thread, where handing it out would cost more than it saves.
    static func map<Value>(_ count: Int, minimumPerWorker: Int = 16, _ body: (Int) -> Value) -> [Value] {
        map(count, minimumPerWorker: minimumPerWorker) { index, _ in body(index) }
    }

    /// `map`, telling `body` which worker (`0..<workerLimit`) runs it, so each worker can keep
    /// state of its own (a cache) without locks.
    static func map<Value>(_ count: Int, minimumPerWorker: Int = 16, _ body: (_ index: Int, _ worker: Int) -> Value) -> [Value] {
        let workers = min(workerLimit, max(1, count / minimumPerWorker))
        if workers <= 1 { return (0..<count).map { body($0, 0) } }
        return slots(count, minimumPerWorker: minimumPerWorker, body).take()
    }

    /// `map`, with the results left in their slots: read them in place, then let a later map's
    /// workers free them (`Slots.discard`) instead of the calling thread.
    static func slots<Value>(_ count: Int, minimumPerWorker: Int = 16, _ body: (_ index: Int, _ worker: Int) -> Value) -> Slots<Value> {
        let workers = min(workerLimit, max(1, count / minimumPerWorker))
        let slots = Slots<Value>(count: count)
        if workers <= 1 {
            for index in 0..<count { slots.set(index, body(index, 0)) }
            return slots
        }
        let next = NextBlock(count: count, size: max(1, min(32, count / (workers * 8))))
        withoutActuallyEscaping(body) { body in
            let shared = SharedBody(body: body)
            // Each worker takes the next block of indices as it finishes one, so that a worker
            // the system sets aside for a while (for the reading thread) leaves its share to
            // the others, and costs that vary along the list even out.
            DispatchQueue.concurrentPerform(iterations: workers) { worker in
                while let block = next.take() {
                    for index in block { slots.set(index, shared.body(index, worker)) }
                }
            }
        }
        return slots
    }

    /// Changes every element of `elements` in place with `body`, on every core, and returns what
    /// `body` returns for each, in order; `body` learns which worker runs it, as in `map`.
    static func update<Element, Value>(_ elements: inout [Element], minimumPerWorker: Int = 16,
                                       _ body: (inout Element, _ worker: Int) -> Value) -> [Value] {
        updateInSlots(&elements, minimumPerWorker: minimumPerWorker) { element, _, worker in body(&element, worker) }.take()
    }

    /// `update`, with the results left in their slots (as `slots` leaves them) and `body` told
    /// each element's index too.
    static func updateInSlots<Element, Value>(_ elements: inout [Element], minimumPerWorker: Int = 16,
                                              _ body: (inout Element, _ index: Int, _ worker: Int) -> Value) -> Slots<Value> {
        elements.withUnsafeMutableBufferPointer { buffer in
            let base = SharedPointer(base: buffer.baseAddress)
            return slots(buffer.count, minimumPerWorker: minimumPerWorker) { index, worker in body(&base.base![index], index, worker) }
        }
    }
}

/// Hands out `0..<count` in blocks of `size`, to whichever thread asks first.
private final class NextBlock: @unchecked Sendable {
    private let lock = NSLock()
    private var start = 0
    private let count: Int
    private let size: Int

    init(count: Int, size: Int) {
        self.count = count
        self.size = size
    }

    /// The next block, or `nil` when all are taken.
    func take() -> Range<Int>? {
        lock.lock()
        defer { lock.unlock() }
        guard start < count else { return nil }
        let block = start..<min(count, start + size)
        start = block.upperBound
        return block
    }
}

/// Fixed slots that several threads fill, each writing only its own indices.
final class Slots<Value>: @unchecked Sendable {
    private let storage: UnsafeMutablePointer<Value?>
    let count: Int

    init(count: Int) {
        self.count = count
        storage = .allocate(capacity: count)
        storage.initialize(repeating: nil, count: count)
    }

    /// No slots.
    convenience init() {
        self.init(count: 0)
    }

    func set(_ index: Int, _ value: Value) {
        storage[index] = value
    }

    /// The value in a slot that is set.
    subscript(index: Int) -> Value {
        _read { yield storage[index].unsafelyUnwrapped }
    }

    /// The value in a slot, or `nil` when it was never set (or was discarded).
    func value(at index: Int) -> Value? {
        storage[index]
    }

    /// Frees the value at `index` (nothing past the end): each index by one thread at most.
    func discard(_ index: Int) {
        guard index < count else { return }
        storage[index] = nil
    }

    /// Moves the values out, in order; call once every slot is set and no thread writes any more.
    func take() -> [Value] {
        var values: [Value] = []
        values.reserveCapacity(count)
        for index in 0..<count {
            values.append((storage + index).move()!)
            (storage + index).initialize(to: nil)
        }
        return values
    }

    deinit {
        storage.deinitialize(count: count)
        storage.deallocate()
    }
}

/// A closure several threads call, each for its own indices.
private struct SharedBody<Value>: @unchecked Sendable {
    let body: (Int, Int) -> Value
}

/// A buffer whose elements several threads touch, each only its own indices.
private struct SharedPointer<Element>: @unchecked Sendable {
    let base: UnsafeMutablePointer<Element>?
}

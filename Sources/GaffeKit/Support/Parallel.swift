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
        let slots = ResultSlots<Value>(count: count)
        withoutActuallyEscaping(body) { body in
            let shared = SharedBody(body: body)
            // Interleaved indices, so that workers stay busy when costs vary along the list.
            DispatchQueue.concurrentPerform(iterations: workers) { worker in
                var index = worker
                while index < count {
                    slots.set(index, shared.body(index, worker))
                    index += workers
                }
            }
        }
        return slots.take()
    }

    /// Changes every element of `elements` in place with `body`, on every core, and returns what
    /// `body` returns for each, in order.
    static func update<Element, Value>(_ elements: inout [Element], minimumPerWorker: Int = 16,
                                       _ body: (inout Element) -> Value) -> [Value] {
        elements.withUnsafeMutableBufferPointer { buffer in
            let base = SharedPointer(base: buffer.baseAddress)
            return map(buffer.count, minimumPerWorker: minimumPerWorker) { index in body(&base.base![index]) }
        }
    }
}

/// Fixed slots that several threads fill, each writing only its own indices.
private final class ResultSlots<Value>: @unchecked Sendable {
    private let storage: UnsafeMutablePointer<Value?>
    private let count: Int

    init(count: Int) {
        self.count = count
        storage = .allocate(capacity: count)
        storage.initialize(repeating: nil, count: count)
    }

    func set(_ index: Int, _ value: Value) {
        storage[index] = value
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

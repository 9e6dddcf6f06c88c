import Foundation

/// Items handed from one thread to another, in order. At most `capacity` of the items `counts`
/// accepts wait to be taken: `put` waits for room, so memory stays flat however far the giving
/// thread runs ahead.
final class HandOff<Item>: @unchecked Sendable {
    private let condition = NSCondition()
    /// Taken items are set to `nil` at once, so the taker holds the only reference to them.
    private var items: [Item?] = []
    private var head = 0
    /// How many waiting items count against `capacity`.
    private var waiting = 0
    private let capacity: Int
    private let counts: (Item) -> Bool

    /// - Parameter counts: which items count against `capacity` (all by default); the others
    ///   never wait.
    init(capacity: Int, counting counts: @escaping (Item) -> Bool = { _ in true }) {
        self.capacity = capacity
        self.counts = counts
    }

    /// Adds an item, first waiting while `capacity` counted items wait, when it counts itself.
    func put(_ item: consuming Item) {
        condition.lock()
        defer { condition.unlock() }
        if counts(item) {
            while waiting >= capacity { condition.wait() }
            waiting += 1
        }
        items.append(item)
        condition.broadcast()
    }

    /// Takes the oldest item, waiting for one.
    func take() -> Item {
        condition.lock()
        defer { condition.unlock() }
        while head == items.count { condition.wait() }
        let item = removeOldest()
        condition.broadcast()
        return item
    }

    /// Takes every item waiting, oldest first, without waiting for any.
    func takeAll() -> [Item] {
        condition.lock()
        defer { condition.unlock() }
        var taken: [Item] = []
        while head < items.count { taken.append(removeOldest()) }
        condition.broadcast()
        return taken
    }

    /// The oldest waiting item, taken out; with the lock held and an item waiting.
    private func removeOldest() -> Item {
        let item = items[head].take()!
        head += 1
        if head == items.count {
            items.removeAll(keepingCapacity: true)
            head = 0
        }
        if counts(item) { waiting -= 1 }
        return item
    }
}

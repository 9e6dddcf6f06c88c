import Foundation

/// The long-lived threads of a run (the reader, the report writer).
enum WorkerThread {
    /// The main thread's stack size: readers recurse into nested markup, and a reporter may format
    /// deeply nested rule data.
    static let stackSize = 8 << 20

    /// Starts a thread named `name` with the main thread's room, running `body`.
    static func start(named name: String, _ body: @escaping @Sendable () -> Void) {
        let thread = Thread(block: body)
        thread.stackSize = stackSize
        thread.name = name
        thread.start()
    }
}

import Foundation

/// Lets go of a large value on a thread of its own.
///
/// Freeing what a batch rule kept of a million drafts takes a tenth of a second or more, one
/// object at a time; the report does not need to wait for it. The memory comes back a moment
/// later, or, at the end of a run, when the process exits (as compilers skip freeing at exit).
enum BackgroundRelease {
    /// Takes `value` and releases it off the calling thread. The caller must not keep a copy, or
    /// the last release (and the freeing) stays with the caller.
    static func release<Value: Sendable>(_ value: consuming Value) {
        let holder = Holder(value: value)
        Thread.detachNewThread { holder.drop() }
    }

    private final class Holder<Value: Sendable>: @unchecked Sendable {
        // Touched only by `drop`, on the releasing thread, after the caller has let go.
        private var value: Value?

        init(value: consuming Value) {
            self.value = value
        }

        func drop() {
            value = nil
        }
    }
}

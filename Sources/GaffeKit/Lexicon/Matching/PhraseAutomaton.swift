import Foundation

/// An Aho–Corasick automaton over normalized bytes, compiled to a dense transition table so a scan
/// costs one table lookup per byte, whatever the number of phrases.
///
/// Bytes that occur in no phrase share one class, which always leads back to the root; the others
/// get a class each, so a row of the table is as wide as the phrases' alphabet (about 40 for
/// English terms). A transition holds the target row's offset shifted left by one, and in its low
/// bit whether the target state ends a phrase, so the scan loop tests for matches without a
/// second lookup.
///
/// The tables live in raw memory owned by the automaton (built in place, never copied), so a scan
/// reads them through plain pointers without touching a reference count.
final class PhraseAutomaton: @unchecked Sendable {
    /// The tables, as plain pointers a scan loop can copy without reference counting. They live
    /// as long as the automaton, which frees them.
    struct Tables: @unchecked Sendable {
        /// The class of each byte value (256 entries).
        let classes: UnsafeMutablePointer<UInt8>
        let classCount: Int
        /// `(targetState * classCount) << 1 | endsAPhrase`, indexed by `state * classCount + class`.
        let transitions: UnsafeMutablePointer<UInt32>
        /// For each state, `outputs[outputStarts[state]..<outputStarts[state + 1]]` are the
        /// phrases that end there (through failure links too).
        let outputStarts: UnsafeMutablePointer<Int32>
        let outputs: UnsafeMutablePointer<Int32>
        /// The byte length of each phrase.
        let lengths: UnsafeMutablePointer<Int32>
        /// What each phrase stands for (the caller's payload).
        let values: UnsafeMutablePointer<Int>
    }

    let tables: Tables
    /// The memory of `tables.transitions`.
    private let tableMemory: ZeroedMemory
    let stateCount: Int
    let phraseCount: Int

    /// Compiles phrases (byte strings; empty ones never match), each with a value.
    init(phrases: [[UInt8]], values: [Int]) {
        precondition(phrases.count == values.count)
        var seen = [Bool](repeating: false, count: 256)
        for phrase in phrases {
            for byte in phrase { seen[Int(byte)] = true }
        }
        let classes = UnsafeMutablePointer<UInt8>.allocate(capacity: 256)
        classes.initialize(repeating: 0, count: 256)
        var classCount = 1
        for byte in 0..<256 where seen[byte] {
            classes[byte] = UInt8(classCount)
            classCount += 1
        }

        // The trie, built straight into the dense table, one depth at a time, so states are
        // numbered breadth-first: the shallow states a scan visits most sit together at the start
        // of the table and stay in cache. While building, a slot holds its target state + 1, and
        // 0 means no child yet, so the table starts as zeroed memory (no pass to fill it). It has
        // exactly one row per state, counted first (`trieStateCount`): shared prefixes make far
        // fewer states than the phrases have bytes.
        let rows = PhraseAutomaton.trieStateCount(phrases)
        let tableMemory = ZeroedMemory(byteCount: rows * classCount * MemoryLayout<UInt32>.stride)
        let table = tableMemory.pointer.assumingMemoryBound(to: UInt32.self)
        // The phrases that end at each state, in the order they were added, as linked lists in
        // two flat arrays (a dictionary of arrays cost a hash lookup per state and per phrase).
        var ownFirst = [Int32](repeating: -1, count: rows)
        var ownLast = [Int32](repeating: -1, count: rows)
        var ownNext = [Int32](repeating: -1, count: phrases.count)
        var stateCount = 1
        var active = phrases.indices.filter { !phrases[$0].isEmpty }
        var current = [Int](repeating: 0, count: phrases.count)
        var depth = 0
        while !active.isEmpty {
            var stillActive: [Int] = []
            stillActive.reserveCapacity(active.count)
            for index in active {
                let slot = current[index] * classCount + Int(classes[Int(phrases[index][depth])])
                if table[slot] == 0 {
                    precondition(stateCount < rows, "the trie has more states than its phrases have distinct prefixes")
                    table[slot] = UInt32(stateCount + 1)
                    stateCount += 1
                }
                current[index] = Int(table[slot]) - 1
                if phrases[index].count == depth + 1 {
                    let state = current[index]
                    if ownLast[state] < 0 { ownFirst[state] = Int32(index) } else { ownNext[Int(ownLast[state])] = Int32(index) }
                    ownLast[state] = Int32(index)
                } else {
                    stillActive.append(index)
                }
            }
            active = stillActive
            depth += 1
        }
        self.stateCount = stateCount

        // Failure links and complete transitions, in state order (which is breadth-first order);
        // from here on a slot holds its target state itself. `outputLink` is the nearest state
        // down the failure chain where a phrase ends, so outputs merge without copying.
        var failure = [Int32](repeating: 0, count: stateCount)
        var outputLink = [Int32](repeating: -1, count: stateCount)
        for symbol in 0..<classCount {
            // The root's missing children loop back to the root; its children fail to the root.
            if table[symbol] > 0 { table[symbol] -= 1 }
        }
        for state in 1..<max(1, stateCount) {
            let fail = Int(failure[state])
            outputLink[state] = ownFirst[fail] >= 0 ? Int32(fail) : outputLink[fail]
            let row = table + state * classCount
            let failRow = table + fail * classCount
            for symbol in 0..<classCount {
                let child = row[symbol]
                if child == 0 {
                    row[symbol] = failRow[symbol]
                } else {
                    row[symbol] = child - 1
                    failure[Int(child - 1)] = Int32(failRow[symbol])
                }
            }
        }

        var starts = [Int32](repeating: 0, count: stateCount + 1)
        var merged: [Int32] = []
        for state in 0..<stateCount {
            starts[state] = Int32(merged.count)
            var link = ownFirst[state] >= 0 ? state : Int(outputLink[state])
            while link >= 0 {
                var phrase = ownFirst[link]
                while phrase >= 0 {
                    merged.append(phrase)
                    phrase = ownNext[Int(phrase)]
                }
                link = Int(outputLink[link])
            }
        }
        starts[stateCount] = Int32(merged.count)
        let rowWidth = UInt32(classCount)
        for index in 0..<(stateCount * classCount) {
            let target = Int(table[index])
            let ends: UInt32 = starts[target + 1] > starts[target] ? 1 : 0
            table[index] = (UInt32(target) * rowWidth) << 1 | ends
        }
        tables = Tables(classes: classes, classCount: classCount, transitions: table, outputStarts: PhraseAutomaton.copy(starts),
                        outputs: PhraseAutomaton.copy(merged), lengths: PhraseAutomaton.copy(phrases.map { Int32($0.count) }),
                        values: PhraseAutomaton.copy(values))
        phraseCount = phrases.count
        self.tableMemory = tableMemory
    }

    deinit {
        tables.classes.deallocate()
        tables.outputStarts.deallocate()
        tables.outputs.deallocate()
        tables.lengths.deallocate()
        tables.values.deallocate()
    }

    /// The number of states of the trie of `phrases`: one per distinct prefix, the empty one (the
    /// root) included. In sorted order each phrase adds the bytes past what it shares with the one
    /// before it.
    static func trieStateCount(_ phrases: [[UInt8]]) -> Int {
        let sorted = phrases.filter { !$0.isEmpty }.sorted { $0.lexicographicallyPrecedes($1) }
        var states = 1
        for index in sorted.indices {
            let phrase = sorted[index]
            var shared = 0
            if index > 0 {
                let previous = sorted[index - 1]
                while shared < min(phrase.count, previous.count), phrase[shared] == previous[shared] { shared += 1 }
            }
            states += phrase.count - shared
        }
        return states
    }

    private static func copy<T>(_ array: [T]) -> UnsafeMutablePointer<T> {
        let pointer = UnsafeMutablePointer<T>.allocate(capacity: max(1, array.count))
        array.withUnsafeBufferPointer { buffer in
            if let base = buffer.baseAddress { pointer.initialize(from: base, count: buffer.count) }
        }
        return pointer
    }
}

/// Zeroed memory for a large table. On Linux a table of a few megabytes comes straight from
/// `mmap`, whose pages are zero already, and is advised into huge pages: a few page faults instead
/// of thousands, and no pass that writes zeros (the term automaton's 11 MB table took about a
/// tenth of a one-file run's start-up that way). Elsewhere, or when that fails, `calloc`.
/// Not copyable, so it is freed exactly once, when its owner goes.
struct ZeroedMemory: ~Copyable {
    let pointer: UnsafeMutableRawPointer
    private let mappedLength: Int

    init(byteCount: Int) {
        #if os(Linux)
        let hugePage = 2 << 20
        if byteCount >= hugePage {
            let length = (byteCount + hugePage - 1) / hugePage * hugePage
            if let mapped = mmap(nil, length, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0), mapped != MAP_FAILED {
                _ = madvise(mapped, length, MADV_HUGEPAGE)
                pointer = mapped
                mappedLength = length
                return
            }
        }
        #endif
        pointer = calloc(max(1, byteCount), 1)!
        mappedLength = 0
    }

    deinit {
        #if os(Linux)
        if mappedLength > 0 {
            _ = munmap(pointer, mappedLength)
            return
        }
        #endif
        free(pointer)
    }
}

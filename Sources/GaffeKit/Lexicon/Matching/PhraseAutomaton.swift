/// An Aho–Corasick automaton over normalized bytes, compiled to a dense transition table so a scan
/// costs one table lookup per byte, whatever the number of phrases.
///
/// Bytes that occur in no phrase share one class, which always leads back to the root; the others
/// get a class each, so a row of the table is as wide as the phrases' alphabet (about 40 for
/// English terms). A transition holds the target row's offset shifted left by one, and in its low
/// bit whether the target state ends a phrase, so the scan loop tests for matches without a
/// second lookup.
struct PhraseAutomaton: Sendable {
    /// The class of each byte value.
    let classes: [UInt8]
    let classCount: Int
    /// `(targetState * classCount) << 1 | endsAPhrase`, indexed by `state * classCount + class`.
    let transitions: [UInt32]
    /// For each state, the range of `outputs` listing the phrases that end there (through
    /// failure links too).
    let outputStarts: [Int32]
    let outputs: [Int32]
    /// The byte length of each phrase.
    let lengths: [Int32]

    /// Compiles phrases (byte strings; empty ones never match).
    init(phrases: [[UInt8]]) {
        var seen = [Bool](repeating: false, count: 256)
        for phrase in phrases { for byte in phrase { seen[Int(byte)] = true } }
        var classes = [UInt8](repeating: 0, count: 256)
        var classCount = 1
        for byte in 0..<256 where seen[byte] {
            classes[byte] = UInt8(classCount)
            classCount += 1
        }
        precondition(classCount <= 256)

        // The trie, built straight into a dense table (-1: no child yet).
        var goto: [Int32] = Array(repeating: -1, count: classCount)
        var ownOutputs: [[Int32]] = [[]]
        for (index, phrase) in phrases.enumerated() where !phrase.isEmpty {
            var state = 0
            for byte in phrase {
                let slot = state * classCount + Int(classes[Int(byte)])
                if goto[slot] < 0 {
                    goto[slot] = Int32(ownOutputs.count)
                    goto.append(contentsOf: repeatElement(-1, count: classCount))
                    ownOutputs.append([])
                }
                state = Int(goto[slot])
            }
            ownOutputs[state].append(Int32(index))
        }
        let stateCount = ownOutputs.count

        // Breadth-first: failure links, complete transitions, and merged outputs.
        var failure = [Int32](repeating: 0, count: stateCount)
        var merged = ownOutputs
        var queue: [Int32] = []
        queue.reserveCapacity(stateCount)
        for symbol in 0..<classCount {
            let child = goto[symbol]
            if child < 0 {
                goto[symbol] = 0
            } else {
                failure[Int(child)] = 0
                queue.append(child)
            }
        }
        var head = 0
        while head < queue.count {
            let state = Int(queue[head])
            head += 1
            let fail = Int(failure[state])
            if !merged[fail].isEmpty { merged[state] += merged[fail] }
            let row = state * classCount
            let failRow = fail * classCount
            for symbol in 0..<classCount {
                let child = goto[row + symbol]
                if child < 0 {
                    goto[row + symbol] = goto[failRow + symbol]
                } else {
                    failure[Int(child)] = goto[failRow + symbol]
                    queue.append(child)
                }
            }
        }

        var outputStarts = [Int32](repeating: 0, count: stateCount + 1)
        var outputs: [Int32] = []
        for state in 0..<stateCount {
            outputStarts[state] = Int32(outputs.count)
            outputs += merged[state]
        }
        outputStarts[stateCount] = Int32(outputs.count)
        self.transitions = goto.map { target in
            let state = Int(target)
            let ends: UInt32 = outputStarts[state + 1] > outputStarts[state] ? 1 : 0
            return UInt32(state * classCount) << 1 | ends
        }
        self.classes = classes
        self.classCount = classCount
        self.outputStarts = outputStarts
        self.outputs = outputs
        self.lengths = phrases.map { Int32($0.count) }
    }

    /// The number of states (for statistics).
    var stateCount: Int { outputStarts.count - 1 }
}

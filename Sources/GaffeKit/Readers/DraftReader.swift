import Foundation

/// Turns one input into drafts, each with a map back to the file.
///
/// A reader knows nothing of rules: it reports drafts to `emit` as it reads them, so a schedule of a
/// million rows never sits in memory whole, and reports input that cannot be read as `InputProblem`s
/// at the line where reading failed.
public protocol DraftReader: Sendable {
    static var format: InputFormat { get }
    /// Lower-case file extensions this reader claims.
    static var fileExtensions: [String] { get }
    init()
    /// Reads `input`, calling `emit` for each draft and `fail` for problems outside any draft.
    func read(_ input: InputSource, options: ReaderOptions, emit: (Draft) throws -> Void,
              fail: (InputProblem, SourceText) throws -> Void) throws
}

/// A reader that finds its drafts in order but can leave making each one (decoding its fields,
/// parsing its metadata) to any thread: the linter then makes a chunk of them on every core, each
/// together with its checks, while the reader goes on finding the next ones.
protocol PendingDraftReader: DraftReader {
    /// Reads `input`, calling `emit` with each draft still to be made and `fail` for problems
    /// outside any draft.
    func readPending(_ input: InputSource, options: ReaderOptions, emit: (PendingDraft) throws -> Void,
                     fail: (InputProblem, SourceText) throws -> Void) throws
}

extension PendingDraftReader {
    /// `read` for such a reader: makes the pending drafts a block at a time on every core, and
    /// hands them on in order.
    func readMakingPending(_ input: InputSource, options: ReaderOptions, emit: (Draft) throws -> Void,
                           fail: (InputProblem, SourceText) throws -> Void) throws {
        var waiting: [PendingDraft] = []
        func flush() throws {
            let made = Parallel.update(&waiting) { pending, worker in pending.make(worker: worker) }
            waiting.removeAll(keepingCapacity: true)
            for result in made {
                switch result {
                case .success(let draft): try emit(draft)
                case .failure(let failure): try fail(failure.problem, failure.source)
                }
            }
        }
        try readPending(input, options: options, emit: { pending in
            waiting.append(pending)
            if waiting.count >= 256 { try flush() }
        }, fail: { problem, source in
            // What was found before the problem is handed on first.
            try flush()
            try fail(problem, source)
        })
        try flush()
    }
}

/// A draft found and not yet made. It is made once: making it lets go of what it held (the
/// record, on the thread that made it).
struct PendingDraft: Sendable {
    private enum Content {
        case made(Draft)
        case deferred(@Sendable (_ worker: Int) -> Result<Draft, DraftFailure>)
        case taken
    }

    private var content: Content

    /// A draft already made.
    init(_ draft: Draft) {
        content = .made(draft)
    }

    /// A draft `make` makes, on whichever thread asks; `worker` (`0..<Parallel.workerLimit`)
    /// tells which, so a reader can keep a cache per worker without locks.
    init(make: @escaping @Sendable (_ worker: Int) -> Result<Draft, DraftFailure>) {
        content = .deferred(make)
    }

    /// The draft, or why its record could not be made into one (a row that is not UTF-8).
    mutating func make(worker: Int) -> Result<Draft, DraftFailure> {
        let content = self.content
        self.content = .taken
        switch content {
        case .made(let draft): return .success(draft)
        case .deferred(let make): return make(worker)
        case .taken: preconditionFailure("a pending draft is made once")
        }
    }
}

/// A record that could not be made into a draft, and why: reported as an `input` finding.
struct DraftFailure: Error {
    var problem: InputProblem
    var source: SourceText
}

/// What readers need from the configuration.
public struct ReaderOptions: Sendable {
    public var defaults = DraftDefaults()
    public var schedule = ScheduleMapping()
    /// Largest file a reader loads whole, in bytes.
    public var maxFileSize = 64 * 1024 * 1024

    public init() {}

    public init(configuration: Configuration) {
        defaults = DraftDefaults(timeZone: configuration.timeZone, regions: configuration.regions,
                                 channels: configuration.channels, account: configuration.account)
        schedule = configuration.schedule
        maxFileSize = configuration.maxFileSize
    }
}

/// Values for drafts that do not give their own.
public struct DraftDefaults: Sendable, Hashable {
    public var timeZone: TimeZone?
    public var regions: [Region] = []
    public var channels: [Channel] = []
    public var account: String?

    public init(timeZone: TimeZone? = nil, regions: [Region] = [], channels: [Channel] = [], account: String? = nil) {
        self.timeZone = timeZone
        self.regions = regions
        self.channels = channels
        self.account = account
    }
}

/// A file to read, or standard input, or text held in memory (tests, examples).
public struct InputSource: Sendable {
    public enum Origin: Sendable {
        case file(String)
        case bytes([UInt8])
    }

    /// The path shown in findings.
    public let path: String
    public let origin: Origin
    public let format: InputFormat

    public init(path: String, origin: Origin, format: InputFormat) {
        self.path = path
        self.origin = origin
        self.format = format
    }

    /// A file on disk, shown as `path`.
    public static func file(_ path: String, format: InputFormat) -> InputSource {
        InputSource(path: path, origin: .file(path), format: format)
    }

    /// Text in memory, shown as `path`.
    public static func text(_ text: String, path: String, format: InputFormat) -> InputSource {
        InputSource(path: path, origin: .bytes(Array(text.utf8)), format: format)
    }

    /// The whole input, refusing files larger than `limit` bytes.
    public func readAll(limit: Int) throws -> [UInt8] {
        switch origin {
        case .bytes(let bytes):
            guard bytes.count <= limit else { throw InputReadError.tooLarge(bytes.count, limit: limit) }
            return bytes
        case .file(let path):
            return try FileBytes.read(path: path, limit: limit)
        }
    }

    /// Reads the input in chunks, for streaming readers.
    public func chunks(size: Int = 1 << 20, _ body: (ArraySlice<UInt8>) throws -> Void) throws {
        switch origin {
        case .bytes(let bytes):
            var start = 0
            while start < bytes.count {
                let end = min(bytes.count, start + size)
                try body(bytes[start..<end])
                start = end
            }
        case .file(let path):
            try FileBytes.stream(path: path, chunkSize: size, body)
        }
    }
}

/// Why an input could not be read at all.
public enum InputReadError: Error, CustomStringConvertible {
    case cannotOpen(String)
    case tooLarge(Int, limit: Int)
    case readFailed(String)

    public var description: String {
        switch self {
        case .cannotOpen(let reason): "cannot open the file: \(reason)"
        case .tooLarge(let size, let limit):
            "the file is \(ByteCount.describe(size)), more than the \(ByteCount.describe(limit)) Gaffe reads whole (set max_file_size in .gaffe.yml)"
        case .readFailed(let reason): "cannot read the file: \(reason)"
        }
    }
}

/// Formats byte counts for messages.
enum ByteCount {
    static func describe(_ count: Int) -> String {
        if count >= 1 << 20 { return "\(count / (1 << 20)) MiB" }
        if count >= 1 << 10 { return "\(count / (1 << 10)) KiB" }
        return "\(count) bytes"
    }
}

/// POSIX file reading without Foundation's extra copies.
enum FileBytes {
    static func read(path: String, limit: Int) throws -> [UInt8] {
        var result: [UInt8] = []
        try withDescriptor(path) { descriptor, size in
            if size > limit { throw InputReadError.tooLarge(size, limit: limit) }
            result.reserveCapacity(max(0, size))
            try readChunks(descriptor, size: 1 << 16) { chunk in
                result.append(contentsOf: chunk)
                if result.count > limit { throw InputReadError.tooLarge(result.count, limit: limit) }
            }
        }
        return result
    }

    static func stream(path: String, chunkSize: Int, _ body: (ArraySlice<UInt8>) throws -> Void) throws {
        try withDescriptor(path) { descriptor, _ in try readChunks(descriptor, size: chunkSize, body) }
    }

    /// Opens a file for reading (refusing folders) and passes its descriptor and size.
    private static func withDescriptor(_ path: String, _ body: (Int32, Int) throws -> Void) throws {
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else { throw InputReadError.cannotOpen(String(cString: strerror(errno))) }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { throw InputReadError.readFailed(String(cString: strerror(errno))) }
        if (info.st_mode & S_IFMT) == S_IFDIR { throw InputReadError.cannotOpen("it is a directory") }
        try body(descriptor, Int(info.st_size))
    }

    /// Reads a descriptor to its end in chunks, retrying interrupted reads.
    private static func readChunks(_ descriptor: Int32, size: Int, _ body: (ArraySlice<UInt8>) throws -> Void) throws {
        var buffer = [UInt8](repeating: 0, count: size)
        while true {
            let count = buffer.withUnsafeMutableBytes { Foundation.read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw InputReadError.readFailed(String(cString: strerror(errno)))
            }
            if count == 0 { return }
            try body(buffer[0..<count])
        }
    }
}

/// Files kept open to read ranges of them again (excerpts of findings made after reading). At
/// most `limit` stay open, the oldest closed first, so a batch over thousands of files never runs
/// out of descriptors (macOS allows 256 by default).
///
/// Reads go through a few recently read blocks: the findings of a batch rule come in file order
/// or close to it, and reading the same block again for each would cost a system call apiece.
final class OpenFiles {
    private var descriptors: [String: Int32] = [:]
    /// Open paths, oldest first.
    private var opened: [String] = []
    private let limit: Int
    private var blocks: [Block] = []
    private var clock = 0

    static let blockSize = 1 << 16
    static let blockLimit = 16

    private struct Block {
        let path: String
        let index: Int
        let bytes: [UInt8]
        var lastUse: Int
    }

    init(limit: Int = 32) {
        self.limit = limit
    }

    /// How many files are open now.
    var openCount: Int { descriptors.count }

    /// The bytes of a range of a file (fewer at its end), or `nil` when it cannot be read.
    func read(path: String, range: Range<Int>) -> [UInt8]? {
        guard !range.isEmpty, range.lowerBound >= 0 else { return [] }
        var result: [UInt8] = []
        result.reserveCapacity(range.count)
        var offset = range.lowerBound
        while offset < range.upperBound {
            let index = offset / OpenFiles.blockSize
            let blockStart = index * OpenFiles.blockSize
            guard let bytes = block(index, of: path) else { return nil }
            let start = offset - blockStart
            let end = min(bytes.count, range.upperBound - blockStart)
            guard start < end else { break }  // past the end of the file
            result.append(contentsOf: bytes[start..<end])
            offset = blockStart + end
            if bytes.count < OpenFiles.blockSize, end == bytes.count { break }
        }
        return result
    }

    /// A block of a file, from the recent ones or read now.
    private func block(_ index: Int, of path: String) -> [UInt8]? {
        clock += 1
        if let recent = blocks.firstIndex(where: { $0.index == index && $0.path == path }) {
            blocks[recent].lastUse = clock
            return blocks[recent].bytes
        }
        guard let descriptor = descriptor(for: path) else { return nil }
        var buffer = [UInt8](repeating: 0, count: OpenFiles.blockSize)
        let count = buffer.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress, $0.count, off_t(index * OpenFiles.blockSize)) }
        guard count >= 0 else { return nil }
        buffer.removeSubrange(count...)
        let block = Block(path: path, index: index, bytes: buffer, lastUse: clock)
        if blocks.count < OpenFiles.blockLimit {
            blocks.append(block)
        } else if let oldest = blocks.indices.min(by: { blocks[$0].lastUse < blocks[$1].lastUse }) {
            blocks[oldest] = block
        }
        return buffer
    }

    private func descriptor(for path: String) -> Int32? {
        if let open = descriptors[path] { return open }
        if opened.count >= limit, let oldest = opened.first, let old = descriptors.removeValue(forKey: oldest) {
            close(old)
            opened.removeFirst()
        }
        let descriptor = Foundation.open(path, O_RDONLY)
        guard descriptor >= 0 else { return nil }
        descriptors[path] = descriptor
        opened.append(path)
        return descriptor
    }

    deinit {
        for descriptor in descriptors.values { close(descriptor) }
    }
}

/// UTF-8 validation that says where the first bad byte is.
public enum UTF8Validation {
    /// What to report when `bytes`, which start at file offset `start`, are not UTF-8: the place
    /// and value of the first bad byte, what is `skipped` ("the row is skipped") and the fix,
    /// worded alike by every reader. `nil` when they are valid.
    public static func problem<C: Collection>(in bytes: C, at start: Int, skipped: String) -> InputProblem?
    where C.Element == UInt8, C.Index == Int {
        guard let bad = firstInvalidOffset(in: bytes) else { return nil }
        let value = String(bytes[bytes.startIndex + bad], radix: 16, uppercase: true)
        let offset = start + bad
        return InputProblem("invalid UTF-8 at byte \(offset) (0x\(value)); \(skipped) (Gaffe reads UTF-8 only: re-save the file as UTF-8)",
                            at: offset..<(offset + 1))
    }

    /// The offset of the first byte that is not valid UTF-8, or `nil` when all is valid.
    public static func firstInvalidOffset<C: Collection>(in bytes: C) -> Int? where C.Element == UInt8, C.Index == Int {
        var index = bytes.startIndex
        let end = bytes.endIndex
        while index < end {
            let byte = bytes[index]
            if byte < 0x80 {
                index += 1
                continue
            }
            let length: Int
            var minimum: UInt32
            var scalar: UInt32
            switch byte {
            case 0xC2...0xDF: length = 2; minimum = 0x80; scalar = UInt32(byte & 0x1F)
            case 0xE0...0xEF: length = 3; minimum = 0x800; scalar = UInt32(byte & 0x0F)
            case 0xF0...0xF4: length = 4; minimum = 0x10000; scalar = UInt32(byte & 0x07)
            default: return index - bytes.startIndex
            }
            guard index + length <= end else { return index - bytes.startIndex }
            for next in (index + 1)..<(index + length) {
                let continuation = bytes[next]
                guard continuation & 0xC0 == 0x80 else { return index - bytes.startIndex }
                scalar = scalar << 6 | UInt32(continuation & 0x3F)
            }
            if scalar < minimum || scalar > 0x10FFFF || (0xD800...0xDFFF).contains(scalar) { return index - bytes.startIndex }
            index += length
        }
        return nil
    }
}

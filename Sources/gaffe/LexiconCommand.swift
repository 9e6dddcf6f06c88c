import ArgumentParser
import Foundation
import GaffeKit

struct LexiconCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lexicon",
        abstract: "List, show, lint and export term packs; scan a file with them.",
        subcommands: [List.self, Show.self, Lint.self, Export.self, Scan.self, Compile.self]
    )

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the built-in packs, or the categories.")

        @Flag(help: "List the category vocabulary and the event kinds that escalate each category.")
        var categories = false

        func run() {
            print(LexiconTool.list(categories: categories))
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show a pack: its sources of guidance and its entries.")

        @Argument(help: "A built-in pack's name, or a pack file.")
        var pack: String

        func run() {
            do {
                print(try LexiconTool.show(pack), terminator: "")
            } catch {
                fail("\(error)")
            }
        }
    }

    struct Lint: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Validate pack files.",
            discussion: "Reports each problem as path:line:column. Exit status 1 when a file has errors.")

        @Argument(help: "Pack files (YAML).")
        var files: [String]

        func run() throws {
            guard !files.isEmpty else { fail("no pack files to lint") }
            let result = LexiconTool.lint(paths: files)
            print(result.output)
            if result.errors > 0 { throw ExitCode(1) }
        }
    }

    struct Export: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print every phrase the built-in term packs match, with inflections, one per line.")

        @Flag(help: "Plain phrases, one per line (for grep -F -w -f).")
        var plain = false

        func run() {
            print(LexiconTool.exportPlain(.terms).joined(separator: "\n"))
        }
    }

    struct Compile: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write the compact form of the built-in packs (for Gaffe's developers).",
            discussion: """
                Reads lexicons/<kind>/*.yml with every check and writes lexicons/compiled/<kind>.tsv, \
                the form the binary loads at start-up. Run it after editing a built-in pack; a test \
                fails while the compiled form is out of date.
                """)

        @Argument(help: "The lexicons folder of a Gaffe checkout.")
        var folder = "lexicons"

        func run() throws {
            do {
                let compiled = try CompiledPacks.compile(lexiconsFolder: folder)
                let output = (folder as NSString).appendingPathComponent("compiled")
                try FileManager.default.createDirectory(atPath: output, withIntermediateDirectories: true)
                for (kind, text) in compiled.sorted(by: { $0.key.rawValue < $1.key.rawValue }) {
                    let path = (output as NSString).appendingPathComponent("\(kind.rawValue).tsv")
                    try text.write(toFile: path, atomically: true, encoding: .utf8)
                    print("wrote \(path)")
                }
            } catch let error as UsageError {
                FileHandle.standardError.write(Data("\(error.description)\n".utf8))
                throw ExitCode(1)
            } catch let error as YAMLError {
                FileHandle.standardError.write(Data("\(error.description)\n".utf8))
                throw ExitCode(1)
            }
        }
    }

    struct Scan: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Find terms in a file of posts, one post per line.",
            discussion: "Runs the term matcher alone (no readers, no other rules): what the lexicon benchmark times.")

        @Argument(help: "A text file with one post per line.")
        var file: String

        @Option(help: "Use this configuration's lexicon settings (user packs, allow list, categories).")
        var config: String?

        @Flag(help: "Print only the number of lines with a match, like grep -c.")
        var count = false

        @Flag(help: "Print lines, bytes, posts/s and MB/s to standard error.")
        var stats = false

        @Option(help: "Share the lines among this many threads (default: one per core).")
        var threads: Int?

        func validate() throws {
            if let threads, threads < 1 { throw ValidationError("--threads must be at least 1") }
        }

        func run() throws {
            do {
                var settings = LexiconSettings()
                if let config { settings = try ConfigurationLoader.load(path: config).section(LexiconSettings.self) }
                let lexicon = try Lexicon.configured(.terms, settings: settings)
                var output = ""
                let threads = threads ?? ProcessInfo.processInfo.activeProcessorCount
                let summary = try LexiconScan(lexicon: lexicon).scan(path: file, threads: threads, onMatch: count ? nil : { line, match, bytes in
                    let entry = lexicon.entries[match.entry]
                    let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[match.range]), as: UTF8.self)
                    let column = bytes[..<match.range.lowerBound].reduce(1) { $1 & 0xC0 == 0x80 ? $0 : $0 + 1 }
                    output += "\(file):\(line):\(column): \(entry.category): \(text)\n"
                    if output.utf8.count > 1 << 16 {
                        FileHandle.standardOutput.write(Data(output.utf8))
                        output = ""
                    }
                })
                if count { output = "\(summary.matchingLines)\n" }
                FileHandle.standardOutput.write(Data(output.utf8))
                if stats {
                    let size = lexicon.statistics
                    let line = String(format: "%d entries, %d phrases, %d states x %d classes; %d lines, %.1f MB, %d matches on %d lines in %.3f s: %.0f posts/s, %.1f MB/s\n",
                                      lexicon.entries.count, size.keys, size.states, size.classes,
                                      summary.lines, Double(summary.bytes) / 1e6, summary.matches, summary.matchingLines,
                                      summary.seconds, summary.linesPerSecond, summary.megabytesPerSecond)
                    FileHandle.standardError.write(Data(line.utf8))
                }
            } catch let error as YAMLError {
                FileHandle.standardError.write(Data("\(error.description)\n".utf8))
                throw ExitCode(2)
            } catch let error as UsageError {
                fail(error.description)
            }
        }
    }
}

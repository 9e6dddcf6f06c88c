import Foundation

/// Validates JSON against a JSON Schema with Python's `jsonschema` package (CI installs it in
/// `.ci/run`), run as a child process. The validator is chosen from the schema's own `$schema`
/// (draft-04 for SARIF, draft-07 for Gaffe's JSON), and the schema itself is checked first.
enum SchemaValidator {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    private static let script = #"""
        import json, sys
        try:
            import jsonschema
        except ImportError:
            print("python3 cannot import jsonschema; install it with: python3 -m pip install jsonschema", file=sys.stderr)
            sys.exit(3)
        with open(sys.argv[1], encoding="utf-8") as handle:
            schema = json.load(handle)
        instance = json.loads(sys.stdin.buffer.read().decode("utf-8"))
        cls = jsonschema.validators.validator_for(schema)
        cls.check_schema(schema)
        validator = cls(schema, format_checker=cls.FORMAT_CHECKER)
        for error in sorted(validator.iter_errors(instance), key=lambda e: list(map(str, e.absolute_path))):
            print("/" + "/".join(map(str, error.absolute_path)) + ": " + error.message.replace("\n", " "))
        """#

    /// The validation errors of `json` against the schema at `schema` (empty when valid).
    /// - Throws: `Failure` when Python or `jsonschema` cannot run, or the document is not JSON.
    static func errors(in json: String, schema: URL) throws -> [String] {
        let python = try ChildProcess.run(URL(fileURLWithPath: "/usr/bin/env"), ["python3", "-c", script, schema.path],
                                          input: Data(json.utf8))
        guard python.status == 0 else {
            throw Failure(description: "schema validation could not run (exit \(python.status)): \(python.errorOutput)")
        }
        return python.output.split(separator: "\n").map(String.init)
    }
}

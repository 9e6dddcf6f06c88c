import Foundation

/// Reads Gaffe's rdjson and JUnit output with real parsers from PyPI, run as child processes
/// (CI installs them in `.ci/run`):
///
/// - **rdjson** with Google's `protobuf`: the message types of reviewdog's Diagnostic Format are
///   declared here, field by field, from the format's definition, `proto/rdf/reviewdog.proto` in
///   github.com/reviewdog/reviewdog (MIT licence), and the document is parsed with
///   `json_format.Parse`, the protobuf JSON mapping reviewdog itself reads `-f=rdjson` with:
///   unknown fields, wrong types and unknown enum names are errors.
/// - **JUnit XML** with `junitparser`, after a strict XML parse.
///
/// Each script prints the document as it understood it, as JSON, for the tests to compare.
enum FormatValidators {
    private static let rdjsonScript = #"""
        import json, sys
        try:
            from google.protobuf import descriptor_pb2, descriptor_pool, json_format, message_factory
        except ImportError:
            print("python3 cannot import google.protobuf; install it with: python3 -m pip install protobuf", file=sys.stderr)
            sys.exit(3)
        F = descriptor_pb2.FieldDescriptorProto
        proto = descriptor_pb2.FileDescriptorProto(name="reviewdog.proto", package="reviewdog.rdf", syntax="proto3")
        severity = proto.enum_type.add(name="Severity")
        for name, number in [("UNKNOWN_SEVERITY", 0), ("ERROR", 1), ("WARNING", 2), ("INFO", 3)]:
            severity.value.add(name=name, number=number)
        def camel(name):
            head, *rest = name.split("_")
            return head + "".join(part.title() for part in rest)
        def message(name, fields):
            item = proto.message_type.add(name=name)
            for field_name, number, kind, type_name, repeated in fields:
                field = item.field.add(name=field_name, number=number, type=kind, json_name=camel(field_name),
                                       label=F.LABEL_REPEATED if repeated else F.LABEL_OPTIONAL)
                if type_name:
                    field.type_name = ".reviewdog.rdf." + type_name
        STRING, INT32, MESSAGE, ENUM = F.TYPE_STRING, F.TYPE_INT32, F.TYPE_MESSAGE, F.TYPE_ENUM
        message("DiagnosticResult", [("diagnostics", 1, MESSAGE, "Diagnostic", True), ("source", 2, MESSAGE, "Source", False),
                                     ("severity", 3, ENUM, "Severity", False)])
        message("Diagnostic", [("message", 1, STRING, None, False), ("location", 2, MESSAGE, "Location", False),
                               ("severity", 3, ENUM, "Severity", False), ("source", 4, MESSAGE, "Source", False),
                               ("code", 5, MESSAGE, "Code", False), ("suggestions", 6, MESSAGE, "Suggestion", True),
                               ("original_output", 7, STRING, None, False), ("images", 8, MESSAGE, "Image", True)])
        message("Location", [("path", 2, STRING, None, False), ("range", 3, MESSAGE, "Range", False)])
        message("Range", [("start", 1, MESSAGE, "Position", False), ("end", 2, MESSAGE, "Position", False)])
        message("Position", [("line", 1, INT32, None, False), ("column", 2, INT32, None, False)])
        message("Suggestion", [("range", 1, MESSAGE, "Range", False), ("text", 2, STRING, None, False)])
        message("Source", [("name", 1, STRING, None, False), ("url", 2, STRING, None, False)])
        message("Code", [("value", 1, STRING, None, False), ("url", 2, STRING, None, False)])
        message("Image", [("image_url", 1, STRING, None, False), ("alt", 2, STRING, None, False), ("caption", 3, STRING, None, False)])
        pool = descriptor_pool.DescriptorPool()
        pool.AddSerializedFile(proto.SerializeToString())
        descriptor = pool.FindMessageTypeByName("reviewdog.rdf.DiagnosticResult")
        if hasattr(message_factory, "GetMessageClass"):
            DiagnosticResult = message_factory.GetMessageClass(descriptor)
        else:
            DiagnosticResult = message_factory.MessageFactory(pool).GetPrototype(descriptor)
        result = DiagnosticResult()
        try:
            json_format.Parse(sys.stdin.buffer.read().decode("utf-8"), result)
        except json_format.ParseError as error:
            print("not rdjson: " + str(error))
            sys.exit(1)
        problems = []
        for index, diagnostic in enumerate(result.diagnostics):
            where = "diagnostics[%d]" % index
            if not diagnostic.message: problems.append(where + ": no message")
            if not diagnostic.location.path: problems.append(where + ": no location.path")
            if diagnostic.severity == 0: problems.append(where + ": no severity")
            start, end = diagnostic.location.range.start, diagnostic.location.range.end
            if start.line < 1: problems.append(where + ": start line below 1")
            if diagnostic.location.range.HasField("end") and (end.line, end.column) < (start.line, start.column):
                problems.append(where + ": range ends before it starts")
        for problem in problems: print(problem)
        if problems: sys.exit(1)
        print(json_format.MessageToJson(result, preserving_proto_field_name=True))
        """#

    private static let junitScript = #"""
        import json, sys
        import xml.etree.ElementTree as ElementTree
        try:
            from junitparser import JUnitXml, Failure, Error, Skipped
        except ImportError:
            print("python3 cannot import junitparser; install it with: python3 -m pip install junitparser", file=sys.stderr)
            sys.exit(3)
        text = sys.stdin.buffer.read()
        try:
            ElementTree.fromstring(text)
        except ElementTree.ParseError as error:
            print("not well-formed XML: " + str(error))
            sys.exit(1)
        xml = JUnitXml.fromstring(text.decode("utf-8"))
        suites = []
        problems = []
        for suite in xml:
            cases = []
            for case in suite:
                results = [{"kind": type(result).__name__, "type": result.type, "message": result.message, "text": result.text}
                           for result in case.result]
                cases.append({"classname": case.classname, "name": case.name, "file": case._elem.get("file"),
                              "line": case._elem.get("line"), "results": results, "system_out": case.system_out})
            failures = sum(1 for case in cases if any(result["kind"] == "Failure" for result in case["results"]))
            if suite.tests != len(cases): problems.append("suite %s says tests=%s but has %d cases" % (suite.name, suite.tests, len(cases)))
            if suite.failures != failures: problems.append("suite %s says failures=%s but has %d" % (suite.name, suite.failures, failures))
            suites.append({"name": suite.name, "tests": suite.tests, "failures": suite.failures, "cases": cases})
        for problem in problems: print(problem)
        if problems: sys.exit(1)
        print(json.dumps(suites))
        """#

    /// The rdjson document as protobuf read it (proto field names), or the parser's complaints.
    static func rdjson(_ text: String) throws -> Result<[String: Any], Rejection> {
        try run(rdjsonScript, text)
    }

    /// The JUnit suites as junitparser read them, or its complaints.
    static func junit(_ text: String) throws -> Result<[[String: Any]], Rejection> {
        try run(junitScript, text)
    }

    struct Rejection: Error, CustomStringConvertible {
        var description: String
    }

    private static func run<T>(_ script: String, _ input: String) throws -> Result<T, Rejection> {
        let python = try ChildProcess.run(URL(fileURLWithPath: "/usr/bin/env"), ["python3", "-c", script], input: Data(input.utf8))
        switch python.status {
        case 0:
            guard let value = try JSONSerialization.jsonObject(with: python.stdout) as? T else {
                throw SchemaValidator.Failure(description: "unexpected validator output: \(python.output)")
            }
            return .success(value)
        case 1:
            return .failure(Rejection(description: python.output))
        default:
            throw SchemaValidator.Failure(description: "the validator could not run (exit \(python.status)): \(python.errorOutput)")
        }
    }
}

import Testing
@testable import SweepModel

@Suite("Command sweeps")
struct CommandSpecTests {
    let parser = SweepSpecParser(file: "sweeps/cmd.yaml")

    static let example = """
        name: clip-corruption
        command:
          argv: [python3, train.py, --p_corrupt, "{p_corrupt}", --seed, "{seed}", --out, "{task_dir}"]
          workdir: .
          env: {PYTHONUNBUFFERED: "1"}
          timeout: 45m
          code: [train.py, src/]
        params: {model: RN50}
        grid:
          p_corrupt: [0.0, 0.25, 0.5, 0.75, 1.0]
        seeds: 3
        """

    @Test func parsesTheIssuesExample() throws {
        let spec = try parser.parse(Self.example)
        let command = try #require(spec.command)
        #expect(command.argv.count == 8)
        #expect(command.environment == ["PYTHONUNBUFFERED": "1"])
        #expect(command.timeoutSeconds == Double(45 * 60))
        #expect(command.code == ["train.py", "src/"])
        #expect(spec.experiment == command.experimentName)
        #expect(CommandSpec.isCommand(spec.experiment))
        #expect(Array(spec.expand()).count == 15)
        #expect(command.unnamedParameters(of: spec.parameterNames) == ["model"])
    }

    @Test func placeholdersExpandPerTask() throws {
        let spec = try parser.parse(Self.example)
        let task = try #require(spec.expand().first { $0.parameters["seed"] == .number(2) })
        let context = CommandContext(parameters: task.parameters, taskDirectory: "/w/t", taskKey: task.key, attempt: 1)
        #expect(
            spec.command!.arguments(in: context) == [
                "python3", "train.py", "--p_corrupt", "0", "--seed", "2", "--out", "/w/t",
            ])
    }

    @Test func argsExpandsToEveryParameterInNameOrder() throws {
        let spec = try parser.parse(
            """
            name: s
            command: {argv: [prog, "{args}", "k={task_key}/{attempt}", "{{literal}}"]}
            params: {b: x y}
            grid: {a: [1.5]}
            """)
        let task = try #require(Array(spec.expand()).first)
        let context = CommandContext(parameters: task.parameters, taskDirectory: "/d", taskKey: "K", attempt: 3)
        #expect(
            spec.command!.arguments(in: context) == [
                "prog", "--a", "1.5", "--b", "x y", "--seed", "0", "k=K/3", "{literal}",
            ])
        #expect(spec.command!.unnamedParameters(of: spec.parameterNames).isEmpty)
    }

    @Test func theKeyCoversArgvEnvironmentWorkdirAndCodeButNotTheTimeout() throws {
        func key(_ command: String) throws -> String {
            try parser.parse("name: s\ncommand: \(command)\ngrid: {a: [1]}\n").expand().first { _ in true }!.key
        }
        let base = try key("{argv: [prog, \"{a}\"]}")
        #expect(try key("{argv: [prog, \"{a}\"], timeout: 10}") == base)
        #expect(try key("{argv: [prog, \"--a={a}\"]}") != base)
        #expect(try key("{argv: [prog, \"{a}\"], env: {X: \"1\"}}") != base)
        #expect(try key("{argv: [prog, \"{a}\"], workdir: sub}") != base)
        #expect(try key("{argv: [prog, \"{a}\"], code: [prog]}") != base)
        var spec = try parser.parse("name: s\ncommand: {argv: [prog], code: [prog]}\n").command!
        let before = spec.experimentName
        spec.codeHash = "abc"
        #expect(spec.experimentName != before)
        #expect(try key("{argv: [prog, \"{a}\"]}") == base)
    }

    static let badFiles: [(text: String, line: Int, field: String, fragment: String)] = [
        ("name: s\nexperiment: noop\ncommand: {argv: [x]}\n", 3, "command", "not both"),
        ("name: s\ngrid: {a: [1]}\n", 1, "experiment", "command"),
        (
            "name: s\ngrid: {a: [1]}\ncommand:\n  argv: [prog, \"{b}\"]\n", 4, "command.argv[1]",
            "unknown placeholder {b}"
        ),
        ("name: s\ncommand:\n  argv: [prog, \"{a\"]\n", 3, "command.argv[1]", "never closes"),
        ("name: s\ncommand:\n  argv: [prog, \"x}\"]\n", 3, "command.argv[1]", "closes nothing"),
        ("name: s\ncommand:\n  argv: [prog, \"--{args}\"]\n", 3, "command.argv[1]", "stand alone"),
        ("name: s\ncommand:\n  argv: []\n", 3, "command.argv", "non-empty"),
        ("name: s\ncommand:\n  workdir: .\n", 3, "command.argv", "missing"),
        ("name: s\ncommand:\n  argv: [x]\n  shell: true\n", 4, "command.shell", "unknown key"),
        ("name: s\ncommand:\n  argv: [x]\n  timeout: soon\n", 4, "command.timeout", "positive duration"),
        (
            "name: s\ncommand:\n  argv: [x]\n  env: {INFOSWEEP_TASK_DIR: a}\n", 4, "command.env.INFOSWEEP_TASK_DIR",
            "not"
        ),
        ("name: s\ncommand:\n  argv: [x]\n  code: [a, \"\"]\n", 4, "command.code[1]", "empty"),
    ]

    @Test(arguments: 0..<badFiles.count)
    func everyErrorNamesFileLineAndField(index: Int) {
        let bad = Self.badFiles[index]
        do {
            _ = try parser.parse(bad.text)
            Issue.record("parsed a bad file: \(bad.text)")
        } catch let error as SweepSpecError {
            #expect(error.location.line == bad.line, "\(error)")
            #expect(error.field == bad.field, "\(error)")
            #expect(error.message.contains(bad.fragment), "\(error)")
            #expect(error.description.hasPrefix("sweeps/cmd.yaml:\(bad.line):"))
        } catch {
            Issue.record("unexpected error \(error)")
        }
    }
}

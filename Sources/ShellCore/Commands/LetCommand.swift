import RosterData
import ShellLang

/// `let NAME = EXPR` — a variable for later expressions (`let 截止 = 2024-12-31`).
struct LetCommand: ShellCommand {
    static let name = "let"
    static let group = CommandGroup.session
    static let summary = "定义变量：let NAME = EXPR"
    static let usage = "let NAME = EXPR"
    static let examples = ["let 截止 = 2024-12-31", "let 学历们 = [\"本科\", \"硕士\"]"]

    static func run(_ input: CommandInput, _ session: Session) throws {
        var parser = try input.parser()
        guard let (name, nameRange) = parser.consumeIdentifier() else {
            throw Diagnostic.failure("let 后应为变量名", range: input.argumentsRange, help: "例如：let 截止 = 2024-12-31")
        }
        if FieldCatalog.types.slot(of: name) != nil {
            throw Diagnostic.failure("变量名 `\(name)` 与花名册字段重名", range: nameRange)
        }
        guard parser.consume("=") else {
            throw Diagnostic.failure("应为 `=`", range: parser.currentRange, help: "例如：let \(name) = 2024-12-31")
        }
        let e = try parser.parseExpression()
        try parser.expectEnd()
        let c = try session.compile(e, source: input.source.text(of: e.range), in: nil)
        let v = try c.evaluateConstant()
        session.environment.variables[name] = v
        session.info("\(name) = \(v.isNull ? "null" : formatValue(v))")
    }
}

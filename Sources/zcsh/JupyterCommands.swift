import ArgumentParser
import Foundation
import ShellCore
import ShellLang

// `zcsh report … -o X.ipynb`, `zcsh jupyter install`, `zcsh notebook export`: argument
// parsing only; the work is in ShellCore/Serve (docs/kernel.md).

extension Report {
    /// The script as a Jupyter notebook, run as the zcsh kernel runs cells.
    func writeNotebook() throws {
        let source: SourceFile
        do { source = try ScriptRunner.readScript(path: script) } catch let d as Diagnostic {
            FileHandle.standardError.write(Data(DiagnosticPrinter.render(d, source: nil, color: false).utf8))
            throw ExitCode(1)
        }
        let dir = (script as NSString).deletingLastPathComponent
        let nb = Notebook.fromScript(source, baseDirectory: dir.isEmpty ? nil : dir)
        do { try Notebook.writeAtomically(nb.json, to: output) } catch let d as Diagnostic { throw failure(d.message) }
        FileHandle.standardError.write(Data("已写入笔记本 \(output)：\(nb.codeCells) 个代码单元\(nb.succeeded ? "" : "（脚本出错，其后的单元未运行）")\n".utf8))
        if !nb.succeeded { throw ExitCode(1) }
    }
}

struct Jupyter: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Jupyter 内核", subcommands: [Install.self])

    struct Install: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "安装 Jupyter 内核描述（kernelspec）zcsh「zcsh (职称评审)」，指向本程序")
        @Flag(name: .long, help: "装到用户目录（~/.local/share/jupyter）") var user = false
        @Option(name: .long, help: "装到 PREFIX/share/jupyter（如虚拟环境）") var prefix: String?
        @Option(name: .long, help: "运行内核的 Python（需装有 ipykernel；默认 $VIRTUAL_ENV 或 PATH 中的 python3）") var python: String?
        @Option(name: .customLong("kernel-package"), help: "含 zcsh_kernel 的目录（默认源码中的 jupyter/）") var kernelPackage: String?

        func validate() throws {
            if user && prefix != nil { throw ValidationError("--user 与 --prefix 只能选一个") }
        }

        func run() throws {
            var o = KernelSpec.Options(binary: Bundle.main.executablePath ?? CommandLine.arguments[0])
            o.user = user; o.prefix = prefix; o.python = python; o.packageDirectory = kernelPackage
            do {
                let r = try KernelSpec.install(o)
                print("已安装 Jupyter 内核 zcsh（\(Notebook.displayName)）：\(r.directory)/kernel.json")
                print("  Python：\(r.python)；内核包：\(r.packageDirectory)")
                if let w = r.warning { FileHandle.standardError.write(Data("warning: \(w)\n".utf8)) }
            } catch let d as Diagnostic {
                FileHandle.standardError.write(Data(DiagnosticPrinter.render(d, source: nil, color: false).utf8))
                throw ExitCode(1)
            }
        }
    }
}

struct NotebookCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "notebook", abstract: "Jupyter 笔记本", subcommands: [Export.self])

    struct Export: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "把笔记本的代码单元写回脚本（Markdown 单元写作 # 注释），供 zcsh SCRIPT 与 --check 运行")
        @ArgumentParser.Argument(help: "笔记本（.ipynb）") var notebook: String
        @Option(name: .shortAndLong, help: "输出脚本（.zcs）；默认标准输出") var output: String?
        @Flag(name: .long, help: "覆盖已存在的文件") var force = false

        func run() throws {
            do {
                let text = try Notebook.script(fromNotebookAt: notebook)
                guard let output else { FileHandle.standardOutput.write(Data(text.utf8)); return }
                if FileManager.default.fileExists(atPath: output), !force {
                    throw failure("文件 \(output) 已存在，未覆盖（要覆盖请加 --force）")
                }
                try Notebook.writeAtomically(text, to: output)
                FileHandle.standardError.write(Data("已写入脚本 \(output)\n".utf8))
            } catch let d as Diagnostic {
                FileHandle.standardError.write(Data(DiagnosticPrinter.render(d, source: nil, color: false).utf8))
                throw ExitCode(1)
            }
        }
    }
}

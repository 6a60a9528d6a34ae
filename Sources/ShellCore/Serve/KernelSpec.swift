import Foundation
import ShellLang

/// `zcsh jupyter install [--user | --prefix P]`: writes the Jupyter kernelspec
/// `kernels/zcsh/kernel.json`. The kernel is the Python package `zcsh_kernel` under the
/// repository's `jupyter/` folder, run as `python -m zcsh_kernel` with that folder on
/// `PYTHONPATH`; it starts this binary (`ZCSH_BINARY`) as `zcsh --serve`.
public enum KernelSpec {
    public struct Options {
        public var user = false
        public var prefix: String?
        public var python: String?
        public var packageDirectory: String?
        public var binary: String
        public var environment: [String: String]
        public init(binary: String, environment: [String: String] = ProcessInfo.processInfo.environment) {
            self.binary = binary; self.environment = environment
        }
    }

    public struct Installed {
        public var directory: String
        public var python: String
        public var packageDirectory: String
        /// Set when that Python cannot import ipykernel.
        public var warning: String?
    }

    /// Jupyter's `kernels` folder: `PREFIX/share/jupyter/kernels`, the user's data folder
    /// (`$JUPYTER_DATA_DIR`, else `~/Library/Jupyter` on macOS, `$XDG_DATA_HOME/jupyter` or
    /// `~/.local/share/jupyter`), else the system's `/usr/local/share/jupyter`.
    public static func kernelsDirectory(user: Bool, prefix: String?, environment env: [String: String]) -> String {
        if let prefix { return absolute(prefix) + "/share/jupyter/kernels" }
        if user {
            if let d = env["JUPYTER_DATA_DIR"], !d.isEmpty { return absolute(d) + "/kernels" }
            let home = env["HOME"] ?? NSHomeDirectory()
            #if os(macOS)
            return home + "/Library/Jupyter/kernels"
            #else
            if let x = env["XDG_DATA_HOME"], !x.isEmpty { return x + "/jupyter/kernels" }
            return home + "/.local/share/jupyter/kernels"
            #endif
        }
        return "/usr/local/share/jupyter/kernels"
    }

    /// `kernel.json`: argv, names, language, interrupt by signal, and where things are.
    public static func kernelJSON(python: String, binary: String, packageDirectory: String) -> String {
        let spec: [String: Any] = [
            "argv": [python, "-m", "zcsh_kernel", "-f", "{connection_file}"],
            "display_name": Notebook.displayName,
            "language": "zcsh",
            "interrupt_mode": "signal",
            "env": ["ZCSH_BINARY": binary, "PYTHONPATH": packageDirectory],
            "metadata": ["debugger": false],
        ]
        let d = (try? JSONSerialization.data(withJSONObject: spec, options: [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes])) ?? Data()
        return String(decoding: d, as: UTF8.self) + "\n"
    }

    public static func install(_ o: Options) throws -> Installed {
        guard let pkg = o.packageDirectory.map(absolute) ?? findPackage(near: o.binary) else {
            throw Diagnostic.failure("找不到内核的 Python 包 jupyter/zcsh_kernel（应在 zcsh 源码目录中）",
                                     help: "用 --kernel-package 指定含 zcsh_kernel 的 jupyter 目录")
        }
        guard FileManager.default.fileExists(atPath: pkg + "/zcsh_kernel/__main__.py") else {
            throw Diagnostic.failure("\(pkg) 中没有 zcsh_kernel/__main__.py")
        }
        guard let python = o.python.map(absolute) ?? defaultPython(o.environment) else {
            throw Diagnostic.failure("找不到 python3", help: "用 --python 指定装有 ipykernel 的 Python")
        }
        let dir = kernelsDirectory(user: o.user, prefix: o.prefix, environment: o.environment) + "/" + Notebook.kernelName
        do { try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true) } catch {
            throw Diagnostic.failure("无法创建 \(dir)：\(error.localizedDescription)", help: o.user || o.prefix != nil ? nil : "没有写系统目录的权限时加 --user")
        }
        try Notebook.writeAtomically(kernelJSON(python: python, binary: absolute(o.binary), packageDirectory: pkg), to: dir + "/kernel.json")
        var warning: String? = nil
        if !canImportIPyKernel(python) {
            warning = "\(python) 无法 import ipykernel：请先 `\(python) -m pip install ipykernel`"
        }
        return Installed(directory: dir, python: python, packageDirectory: pkg, warning: warning)
    }

    /// The `jupyter` folder holding `zcsh_kernel`, looked for upward from the binary
    /// (`REPO/.build/…/zcsh`), then from the working folder.
    public static func findPackage(near binary: String) -> String? {
        let real = (try? FileManager.default.destinationOfSymbolicLink(atPath: binary)).map { $0.hasPrefix("/") ? $0 : (binary as NSString).deletingLastPathComponent + "/" + $0 } ?? binary
        for start in [absolute(real), FileManager.default.currentDirectoryPath + "/."] {
            var dir = (start as NSString).deletingLastPathComponent
            while dir.count > 1 {
                let candidate = dir + "/jupyter"
                if FileManager.default.fileExists(atPath: candidate + "/zcsh_kernel/__main__.py") { return candidate }
                dir = (dir as NSString).deletingLastPathComponent
            }
        }
        return nil
    }

    /// `$VIRTUAL_ENV/bin/python`, else `python3` on `PATH`.
    static func defaultPython(_ env: [String: String]) -> String? {
        if let v = env["VIRTUAL_ENV"], !v.isEmpty, FileManager.default.isExecutableFile(atPath: v + "/bin/python") { return v + "/bin/python" }
        for dir in (env["PATH"] ?? "/usr/bin:/bin").split(separator: ":") {
            let p = String(dir) + "/python3"
            if FileManager.default.isExecutableFile(atPath: p) { return p }
        }
        return nil
    }

    static func canImportIPyKernel(_ python: String) -> Bool {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: python)
        p.arguments = ["-c", "import ipykernel"]
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        do { try p.run() } catch { return false }
        p.waitUntilExit()
        return p.terminationStatus == 0
    }

    static func absolute(_ p: String) -> String {
        let expanded = NSString(string: p).expandingTildeInPath
        let full = expanded.hasPrefix("/") ? expanded : FileManager.default.currentDirectoryPath + "/" + expanded
        return URL(fileURLWithPath: full).standardizedFileURL.path
    }
}

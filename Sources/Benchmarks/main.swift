import Foundation
import RosterData
import ShellCore
import ShellLang

/// In-process phase timings on a roster file: load, filter, group, rule verdicts.
/// `scripts/bench` runs it after the hyperfine comparison; it is never a unit test.
///
///     zcsh-bench .bench/roster-100000.json
///     load                      0.512 s   cpu   0.700 s
///     filter (level, degree)    0.004 s   …
/// Wall-clock and CPU seconds of `body`.
func seconds(_ body: () throws -> Void) rethrows -> (Double, Double) {
    let t0 = DispatchTime.now().uptimeNanoseconds
    let c0 = cpuSeconds()
    try body()
    return (Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e9, cpuSeconds() - c0)
}

/// CPU time of the process (user + system), every thread: robust when other work shares the cores.
func cpuSeconds() -> Double {
    var u = rusage()
    getrusage(Int32(RUSAGE_SELF.rawValue), &u)
    return Double(u.ru_utime.tv_sec + u.ru_stime.tv_sec) + Double(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6
}


guard CommandLine.arguments.count >= 2 else {
    FileHandle.standardError.write(Data("usage: zcsh-bench ROSTER.json\n".utf8))
    exit(2)
}
let path = CommandLine.arguments[1]
let out = CapturingOutput()
let session = Session(output: out)
session.settings.asOf = builtinPack?.cutoff  // the built-in pack's cut-off
var results: [(String, Double, Double)] = []
/// Megabytes: the resident set (`VmRSS`) and its peak (`VmHWM`).
var memory: [(String, Double)] = [("before load: resident", peakRSS("VmRSS:"))]
func peakRSS(_ key: String = "VmHWM:") -> Double {
    guard let s = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
          let line = s.split(separator: "\n").first(where: { $0.hasPrefix(key) }),
          let kb = Double(line.split(separator: " ").dropFirst().first ?? "") else { return 0 }
    return kb / 1e3
}
do {
    var loaded: LoadResult? = nil
    let (tl, cl) = try seconds { loaded = try RosterLoader.load(path: path, name: "bench", options: LoadOptions(catalog: try session.catalog())) }
    results.append(("load", tl, cl))
    session.add(loaded!.dataset)
    memory.append(("after load: resident", peakRSS("VmRSS:")))
    memory.append(("after load: peak RSS", peakRSS()))
    let steps: [(String, String)] = [
        ("filter (level, degree)", "filter level == \"工程师\" and degree == \"本科\""),
        ("count", "count"),
        ("reset", "reset"),
        ("count by agency, level", "count by agency, level"),
        ("sort by title_since", "sort by title_since"),
        ("stats years(title_since) by level", "stats years(title_since) by level"),
        ("count by verdict() (cold)", "count by verdict()"),
        ("count by verdict() (cached)", "count by verdict()"),
        ("check --summary", "check --summary"),
        ("filter eligible(route:\"任意\")", "filter eligible(route:\"任意\")"),
    ]
    for (label, command) in steps {
        let (t, cpu) = seconds { _ = session.execute(SourceFile(name: "<bench>", text: command)) }
        results.append((label, t, cpu))
    }
} catch {
    FileHandle.standardError.write(Data("\(error)\n".utf8))
    exit(1)
}
if out.chunks.contains(where: { $0.isError }) {
    FileHandle.standardError.write(Data(out.text.utf8))
}
for (label, t, cpu) in results {
    print(label.padding(toLength: 36, withPad: " ", startingAt: 0) + String(format: "%8.3f s   cpu %7.3f s", t, cpu))
}
for (label, mb) in memory {
    print(label.padding(toLength: 36, withPad: " ", startingAt: 0) + String(format: "%8.1f MB", mb))
}

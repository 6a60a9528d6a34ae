import FuzzTargets

/// libFuzzer's entry point: one input to the `expr` target.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    FuzzTarget.expr.run(UnsafeRawBufferPointer(start: data, count: size))
    return 0
}

/// Built by scripts/fuzz (-sanitize=fuzzer -DFUZZING): libFuzzer runs. In the normal build: a
/// reproducer, `FuzzExpr FILE…` runs each file through the target.
@main enum Main {
    static func main() {
        #if FUZZING
        FuzzDriver.run(fuzzOneInput)
        #else
        FuzzReproducer.main(.expr)
        #endif
    }
}

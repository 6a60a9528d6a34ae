import FuzzTargets

// libFuzzer's entry point (scripts/fuzz builds this with -sanitize=fuzzer and -DFUZZING).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    FuzzTarget.eval.run(UnsafeRawBufferPointer(start: data, count: size))
    return 0
}

#if !FUZZING
// Without libFuzzer (the normal build): a reproducer, `FuzzEval FILE…` runs each file.
@main enum Main {
    static func main() { FuzzReproducer.main(.eval) }
}
#endif

#ifndef ZCSH_CLIBFUZZER_H
#define ZCSH_CLIBFUZZER_H
#include <stddef.h>
#include <stdint.h>

/// libFuzzer's driver (compiler-rt, linked by -sanitize=fuzzer): parses libFuzzer's flags from
/// argv and calls `callback` for every input. The fuzz executables call it from their own
/// `main`, because SwiftPM links an executable's entry point as `main` (see docs/reliability.md).
int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*callback)(const uint8_t *data, size_t size));

#endif

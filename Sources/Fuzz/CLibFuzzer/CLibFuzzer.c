// Declarations only (include/CLibFuzzer.h); the definitions come from libFuzzer when a fuzz
// executable is built with -sanitize=fuzzer.
#include "CLibFuzzer.h"

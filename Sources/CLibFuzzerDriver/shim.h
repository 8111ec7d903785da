// libFuzzer's driver, for a program that has its own main (a Swift @main): it is in the libFuzzer runtime
// that `-sanitize=fuzzer` links, so this module only declares it.
#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*UserCb)(const uint8_t *Data, size_t Size));

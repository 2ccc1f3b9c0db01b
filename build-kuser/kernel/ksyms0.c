#include <stdint.h>
const uint64_t ksyms_count = 0;
const uint64_t ksyms_addr[] = {0};
const char *const ksyms_name[] = {0};

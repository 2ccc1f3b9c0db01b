#pragma once
#include <stdint.h>

/* In-kernel tests: KTEST(name) { ... KT_ASSERT(cond); } registers a case in section .ktests. */
struct ktest {
    const char *name;
    void (*fn)(void);
};

void ktest_fail(const char *cond, const char *file, int line);
/* Runs every registered case and prints "ktest: N passed, N failed"; returns failures. */
int ktest_run_all(void);

#define KTEST(id)                                                                                  \
    static void ktest_fn_##id(void);                                                               \
    __attribute__((used, section(".ktests"))) static const struct ktest ktest_desc_##id = {       \
        #id, ktest_fn_##id};                                                                       \
    static void ktest_fn_##id(void)

#define KT_ASSERT(c)                                                                               \
    do {                                                                                           \
        if (!(c)) {                                                                                \
            ktest_fail(#c, __FILE__, __LINE__);                                                    \
            return;                                                                                \
        }                                                                                          \
    } while (0)
#define KT_EQ(a, b) KT_ASSERT((a) == (b))

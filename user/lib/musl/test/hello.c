/* The smallest musl program: stdio, formatting, exit status. Built by test-unit-musl with
 * x86_64-cluu-cc and checked to be a static executable that CLUU's loader accepts. */
#include <stdio.h>

int main(void)
{
    printf("hello from musl %d\n", 42);
    return 0;
}

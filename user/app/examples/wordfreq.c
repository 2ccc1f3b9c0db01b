/* wordfreq: counts the words of its input and prints the most frequent ones.
 *
 *     wordfreq [-n COUNT] [FILE...]      (standard input without FILE)
 *
 * A word is a run of letters, compared without case. Shows stdio, a hash table with
 * malloc/realloc, and qsort with a comparison of two keys. */
#define _POSIX_C_SOURCE 200809L
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct word {
    char *text;
    long count;
};

static struct word *table; /* open addressing, size a power of two */
static size_t table_size, nwords;

static size_t hash(const char *s)
{
    size_t h = 5381;
    while (*s)
        h = h * 33 + (unsigned char)*s++;
    return h;
}

static void grow(void);

static void add(const char *w)
{
    if (2 * (nwords + 1) > table_size) grow();
    size_t i = hash(w) & (table_size - 1);
    while (table[i].text && strcmp(table[i].text, w))
        i = (i + 1) & (table_size - 1);
    if (!table[i].text) {
        table[i].text = strdup(w);
        if (!table[i].text) {
            perror("wordfreq");
            exit(1);
        }
        nwords++;
    }
    table[i].count++;
}

static void grow(void)
{
    struct word *old = table;
    size_t old_size = table_size;
    table_size = table_size ? table_size * 2 : 64;
    table = calloc(table_size, sizeof *table);
    if (!table) {
        perror("wordfreq");
        exit(1);
    }
    nwords = 0;
    for (size_t i = 0; i < old_size; i++) {
        if (!old[i].text) continue;
        size_t j = hash(old[i].text) & (table_size - 1);
        while (table[j].text)
            j = (j + 1) & (table_size - 1);
        table[j] = old[i];
        nwords++;
    }
    free(old);
}

static long count_file(FILE *f)
{
    char w[64];
    size_t len = 0;
    long total = 0;
    int c;
    do {
        c = getc(f);
        if (c != EOF && isalpha(c)) {
            if (len < sizeof w - 1) w[len++] = (char)tolower(c);
        } else if (len) {
            w[len] = '\0';
            add(w);
            total++;
            len = 0;
        }
    } while (c != EOF);
    return total;
}

/* Most frequent first; equal counts in alphabetical order. */
static int by_count(const void *a, const void *b)
{
    const struct word *x = a, *y = b;
    if (x->count != y->count) return x->count < y->count ? 1 : -1;
    return strcmp(x->text, y->text);
}

int main(int argc, char **argv)
{
    long show = 10, total = 0;
    int i = 1;
    if (i + 1 < argc && !strcmp(argv[i], "-n")) {
        show = atol(argv[i + 1]);
        i += 2;
    }
    if (i == argc) total += count_file(stdin);
    for (; i < argc; i++) {
        FILE *f = fopen(argv[i], "r");
        if (!f) {
            perror(argv[i]);
            return 1;
        }
        total += count_file(f);
        fclose(f);
    }
    /* Pack the used slots to the front, then sort them. */
    size_t n = 0;
    for (size_t k = 0; k < table_size; k++)
        if (table[k].text) table[n++] = table[k];
    qsort(table, n, sizeof *table, by_count);
    printf("%ld words, %zu different\n", total, n);
    for (size_t k = 0; k < n && (long)k < show; k++)
        printf("%7ld %5.1f%% %s\n", table[k].count, 100.0 * (double)table[k].count / (double)total,
               table[k].text);
    for (size_t k = 0; k < n; k++)
        free(table[k].text);
    free(table);
    return 0;
}

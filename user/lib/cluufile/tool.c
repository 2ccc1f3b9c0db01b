/* cluufile-tool: the host side of the Cluufile parser, for the image build.
 *   cluufile-tool check FILE...            report every error; exit 1 if any
 *   cluufile-tool manifest FILE NAME       print the normalised manifest of image NAME
 *   cluufile-tool check-manifest FILE...   check manifests as the OS reads them */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cluufile.h"

#define FILE_MAX (1u << 20)

static struct cluufile cf;
static char text[FILE_MAX];
static char out[1u << 19];

/* Reads path into text; returns its length or -1 after reporting. */
static long read_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        fprintf(stderr, "%s: %s\n", path, strerror(errno));
        return -1;
    }
    size_t n = fread(text, 1, sizeof text, f);
    int bad = ferror(f) || !feof(f);
    if (!bad && n == sizeof text)
        bad = fgetc(f) != EOF;
    fclose(f);
    if (bad) {
        fprintf(stderr, "%s: unreadable or larger than %u bytes\n", path, FILE_MAX - 1);
        return -1;
    }
    return (long)n;
}

static int load(const char *path, bool manifest)
{
    char err[512];
    long n = read_file(path);
    if (n < 0)
        return -1;
    int r = manifest ? cluufile_parse_manifest(path, text, (size_t)n, &cf, err, sizeof err)
                     : cluufile_parse(path, text, (size_t)n, &cf, err, sizeof err);
    if (r) {
        fprintf(stderr, "%s\n", err);
        return -1;
    }
    return 0;
}

static int usage(void)
{
    fprintf(stderr, "usage: cluufile-tool check FILE...\n"
                    "       cluufile-tool manifest FILE NAME\n"
                    "       cluufile-tool check-manifest FILE...\n");
    return 2;
}

int main(int argc, char **argv)
{
    if (argc < 3)
        return usage();
    if (!strcmp(argv[1], "check") || !strcmp(argv[1], "check-manifest")) {
        bool manifest = !strcmp(argv[1], "check-manifest");
        int status = 0;
        for (int i = 2; i < argc; i++)
            if (load(argv[i], manifest))
                status = 1;
        return status;
    }
    if (!strcmp(argv[1], "manifest") && argc == 4) {
        if (load(argv[2], false))
            return 1;
        if (cluufile_set_name(&cf, argv[3])) {
            fprintf(stderr,
                    "cluufile-tool: bad image name \"%s\" (expected "
                    "[A-Za-z0-9_][A-Za-z0-9_.-]{0,62})\n",
                    argv[3]);
            return 1;
        }
        int n = cluufile_normalise(&cf, out, sizeof out);
        if (n < 0) {
            fprintf(stderr, "cluufile-tool: %s: cannot normalise (%s)\n", argv[2], strerror(-n));
            return 1;
        }
        fwrite(out, 1, (size_t)n, stdout);
        return fflush(stdout) ? 1 : 0;
    }
    return usage();
}

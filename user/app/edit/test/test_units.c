/* Unit tests of the editor's buffer, UTF-8, undo, syntax and file logic, on the host. */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../buffer.h"
#include "../fileio.h"
#include "../syntax.h"
#include "../undo.h"
#include "../utf8.h"

static int failures;

#define CHECK(cond)                                                                                \
    do {                                                                                           \
        if (!(cond)) {                                                                             \
            fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond);               \
            failures++;                                                                            \
        }                                                                                          \
    } while (0)

/* The buffer's text must equal want exactly. */
static void check_text(const struct buffer *b, const char *want, int line)
{
    size_t len;
    char *s = buf_text(b, &len);
    if (!s || len != strlen(want) || memcmp(s, want, len) != 0) {
        fprintf(stderr, "%s:%d: text \"%s\", want \"%s\"\n", __FILE__, line, s ? s : "(null)",
                want);
        failures++;
    }
    free(s);
}
#define CHECK_TEXT(b, want) check_text(b, want, __LINE__)

static void test_utf8_decode(void)
{
    size_t n;
    CHECK(utf8_decode("a", 1, 0, &n) == 'a' && n == 1);
    CHECK(utf8_decode("\xc3\xa9", 2, 0, &n) == 0xe9 && n == 2);
    CHECK(utf8_decode("\xe2\x82\xac", 3, 0, &n) == 0x20ac && n == 3);
    CHECK(utf8_decode("\xf0\x9f\x98\x80", 4, 0, &n) == 0x1f600 && n == 4);
    /* Truncated, overlong, surrogate and stray continuation bytes are one byte each. */
    CHECK(utf8_decode("\xe2\x82", 2, 0, &n) == 0xfffd && n == 1);
    CHECK(utf8_decode("\xc0\x80", 2, 0, &n) == 0xfffd && n == 1);
    CHECK(utf8_decode("\xed\xa0\x80", 3, 0, &n) == 0xfffd && n == 1);
    CHECK(utf8_decode("\x80", 1, 0, &n) == 0xfffd && n == 1);
    CHECK(utf8_decode("\xf4\x90\x80\x80", 4, 0, &n) == 0xfffd && n == 1);
}

static void test_utf8_encode_prev(void)
{
    char out[4];
    uint32_t cps[] = {0x41, 0xe9, 0x20ac, 0x1f600};
    for (size_t i = 0; i < 4; i++) {
        size_t n = utf8_encode(cps[i], out), m;
        CHECK(n == i + 1);
        CHECK(utf8_decode(out, n, 0, &m) == cps[i] && m == n);
    }
    const char *s = "a\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80"; /* aé€😀 */
    CHECK(utf8_prev(s, 10) == 6);
    CHECK(utf8_prev(s, 6) == 3);
    CHECK(utf8_prev(s, 3) == 1);
    CHECK(utf8_prev(s, 1) == 0);
    CHECK(utf8_prev(s, 0) == 0);
    CHECK(utf8_prev("a\x80\x80", 3) == 2); /* stray continuation bytes step back one */
}

static void test_utf8_columns(void)
{
    const char *s = "\tab\xe4\xb8\xad"
                    "c"; /* tab, a, b, a wide CJK character, c */
    size_t len = strlen(s);
    CHECK(utf8_col_to_rx(s, len, 0, 8) == 0);
    CHECK(utf8_col_to_rx(s, len, 1, 8) == 8);
    CHECK(utf8_col_to_rx(s, len, 3, 8) == 10);
    CHECK(utf8_col_to_rx(s, len, 6, 8) == 12);
    CHECK(utf8_col_to_rx(s, len, len, 8) == 13);
    CHECK(utf8_rx_to_col(s, len, 4, 8) == 0);  /* inside the tab */
    CHECK(utf8_rx_to_col(s, len, 11, 8) == 3); /* second half of the wide character */
    CHECK(utf8_rx_to_col(s, len, 12, 8) == 6);
    CHECK(utf8_rx_to_col(s, len, 99, 8) == len);
    CHECK(utf8_col_to_rx("a\tb", 3, 2, 4) == 4);
    CHECK(utf8_col_to_rx("\x01", 1, 1, 8) == 2); /* control characters show as ^A */
    CHECK(utf8_width(0x301) == 0 && utf8_width(0x4e2d) == 2 && utf8_width('x') == 1);
}

static void test_buffer_set_text(void)
{
    struct buffer b;
    CHECK(buf_init(&b) == 0);
    CHECK(b.nlines == 1 && b.lines[0].len == 0);
    CHECK_TEXT(&b, "");
    CHECK(buf_set_text(&b, "one\ntwo\n", 8) == 0);
    CHECK(b.nlines == 2 && b.trailing_nl);
    CHECK_TEXT(&b, "one\ntwo\n");
    CHECK(buf_set_text(&b, "x\n\ny", 4) == 0);
    CHECK(b.nlines == 3 && !b.trailing_nl);
    CHECK_TEXT(&b, "x\n\ny");
    /* One empty line is an empty file: a file holding only a newline is saved empty. */
    CHECK(buf_set_text(&b, "\n", 1) == 0);
    CHECK(b.nlines == 1);
    CHECK_TEXT(&b, "");
    CHECK(buf_set_text(&b, "\n\n", 2) == 0);
    CHECK(b.nlines == 2);
    CHECK_TEXT(&b, "\n\n");
    buf_free(&b);
}

static void test_buffer_insert(void)
{
    struct buffer b;
    int row;
    size_t col;
    buf_init(&b);
    buf_set_text(&b, "hello\nworld\n", 12);
    CHECK(buf_insert(&b, 0, 5, ",", 1, &row, &col) == 0 && row == 0 && col == 6);
    CHECK_TEXT(&b, "hello,\nworld\n");
    CHECK(buf_insert(&b, 0, 2, "\n", 1, &row, &col) == 0 && row == 1 && col == 0);
    CHECK(b.nlines == 3);
    CHECK_TEXT(&b, "he\nllo,\nworld\n");
    CHECK(buf_insert(&b, 2, 3, "A\nB\nC", 5, &row, &col) == 0 && row == 4 && col == 1);
    CHECK_TEXT(&b, "he\nllo,\nworA\nB\nCld\n");
    CHECK(buf_insert(&b, 0, 99, "!", 1, &row, &col) == 0 && col == 3); /* clamped */
    CHECK_TEXT(&b, "he!\nllo,\nworA\nB\nCld\n");
    /* Many lines at once grow the line array. */
    char big[200];
    memset(big, '\n', sizeof big);
    CHECK(buf_insert(&b, 0, 0, big, sizeof big, &row, &col) == 0 && row == 200);
    CHECK(b.nlines == 205);
    buf_free(&b);
}

static void test_buffer_delete(void)
{
    struct buffer b;
    char *out;
    size_t n;
    buf_init(&b);
    buf_set_text(&b, "abc\ndef\nghi\n", 12);
    CHECK(buf_delete(&b, 0, 1, 0, 2, &out, &n) == 0 && n == 1 && strcmp(out, "b") == 0);
    free(out);
    CHECK_TEXT(&b, "ac\ndef\nghi\n");
    CHECK(buf_delete(&b, 0, 2, 1, 0, &out, &n) == 0 && strcmp(out, "\n") == 0); /* join */
    free(out);
    CHECK_TEXT(&b, "acdef\nghi\n");
    CHECK(buf_delete(&b, 1, 1, 0, 1, &out, &n) == 0 && strcmp(out, "cdef\ng") == 0);
    free(out);
    CHECK_TEXT(&b, "ahi\n");
    CHECK(b.nlines == 1);
    CHECK(buf_delete(&b, 0, 0, 0, 3, NULL, NULL) == 0);
    CHECK_TEXT(&b, "");
    buf_free(&b);
}

static void test_undo_redo(void)
{
    struct buffer b;
    struct undo_stack u;
    int row, r;
    size_t col, c;
    buf_init(&b);
    undo_init(&u);
    buf_set_text(&b, "x\n", 2);
    CHECK(undo_state(&u) == 0);
    /* Typing "ab" merges into one op; a newline starts another. */
    buf_insert(&b, 0, 1, "a", 1, &row, &col);
    undo_record(&u, UNDO_INSERT, 0, 1, "a", 1, 1);
    buf_insert(&b, 0, 2, "b", 1, &row, &col);
    undo_record(&u, UNDO_INSERT, 0, 2, "b", 1, 1);
    buf_insert(&b, 0, 3, "\n", 1, &row, &col);
    undo_record(&u, UNDO_INSERT, 0, 3, "\n", 1, 0);
    CHECK_TEXT(&b, "xab\n\n");
    unsigned long saved = undo_state(&u);
    CHECK(saved != 0);
    /* Two backspaces merge too. */
    char *out;
    size_t n;
    buf_delete(&b, 0, 2, 0, 3, &out, &n);
    undo_record(&u, UNDO_DELETE, 0, 2, out, n, 1);
    free(out);
    buf_delete(&b, 0, 1, 0, 2, &out, &n);
    undo_record(&u, UNDO_DELETE, 0, 1, out, n, 1);
    free(out);
    CHECK_TEXT(&b, "x\n\n");
    CHECK(undo_undo(&u, &b, &r, &c) == 0 && r == 0 && c == 3);
    CHECK_TEXT(&b, "xab\n\n");
    CHECK(undo_state(&u) == saved);
    CHECK(undo_undo(&u, &b, &r, &c) == 0 && r == 0 && c == 3);
    CHECK_TEXT(&b, "xab\n");
    CHECK(undo_undo(&u, &b, &r, &c) == 0 && r == 0 && c == 1);
    CHECK_TEXT(&b, "x\n");
    CHECK(undo_undo(&u, &b, &r, &c) < 0);
    CHECK(undo_state(&u) == 0);
    CHECK(undo_redo(&u, &b, &r, &c) == 0 && r == 0 && c == 3);
    CHECK(undo_redo(&u, &b, &r, &c) == 0 && r == 1 && c == 0);
    CHECK_TEXT(&b, "xab\n\n");
    CHECK(undo_state(&u) == saved);
    /* A new change drops what could be redone. */
    buf_insert(&b, 1, 0, "z", 1, &row, &col);
    undo_record(&u, UNDO_INSERT, 1, 0, "z", 1, 1);
    CHECK(undo_redo(&u, &b, &r, &c) < 0);
    CHECK_TEXT(&b, "xab\nz\n");
    /* A merge after a save changes the state id, so the buffer reads as modified. */
    saved = undo_state(&u);
    buf_insert(&b, 1, 1, "y", 1, &row, &col);
    undo_record(&u, UNDO_INSERT, 1, 1, "y", 1, 1);
    CHECK(undo_state(&u) != saved);
    /* A cursor move breaks merging. */
    undo_break(&u);
    buf_insert(&b, 1, 2, "w", 1, &row, &col);
    undo_record(&u, UNDO_INSERT, 1, 2, "w", 1, 1);
    CHECK(undo_undo(&u, &b, &r, &c) == 0);
    CHECK_TEXT(&b, "xab\nzy\n");
    undo_free(&u);
    buf_free(&b);
}

static void test_syntax(void)
{
    CHECK(strcmp(syntax_name(syntax_detect("a/b.c", "")), "c") == 0);
    CHECK(strcmp(syntax_name(syntax_detect("x.h", "")), "c") == 0);
    CHECK(strcmp(syntax_name(syntax_detect("run.sh", "")), "sh") == 0);
    CHECK(strcmp(syntax_name(syntax_detect("script", "#!/bin/sh")), "sh") == 0);
    CHECK(strcmp(syntax_name(syntax_detect("t.py", "")), "python") == 0);
    CHECK(strcmp(syntax_name(syntax_detect("t", "#!/usr/bin/env python3")), "python") == 0);
    CHECK(strcmp(syntax_name(syntax_detect("containers/edit/Cluufile", "")), "cluufile") == 0);
    CHECK(syntax_detect("notes.txt", "hello") == NULL);
    CHECK(syntax_detect(NULL, "") == NULL);

    /* A block comment carries over lines and ends where it ends. */
    struct buffer b;
    buf_init(&b);
    const char *src = "int a; /* x\ny */ 7 \"s\"\n";
    buf_set_text(&b, src, strlen(src));
    const struct syntax *c = syntax_detect("t.c", "");
    syntax_update(c, &b, 1);
    CHECK(b.lines[0].hl[0] == HL_TYPE && b.lines[0].hl[4] == HL_NORMAL);
    CHECK(b.lines[0].hl[7] == HL_COMMENT && b.lines[0].hl[10] == HL_COMMENT);
    CHECK(b.lines[1].hl[0] == HL_COMMENT && b.lines[1].hl[3] == HL_COMMENT);
    CHECK(b.lines[1].hl[5] == HL_NUMBER && b.lines[1].hl[7] == HL_STRING);
    /* Editing the first line (closing the comment) re-highlights the next. */
    int row;
    size_t col;
    buf_insert(&b, 0, 11, "*/", 2, &row, &col);
    syntax_update(c, &b, 1);
    CHECK(b.lines[1].hl[0] == HL_NORMAL);
    buf_free(&b);

    buf_init(&b);
    const char *py = "s = '''a\nb''' # c\n";
    buf_set_text(&b, py, strlen(py));
    syntax_update(syntax_detect("t.py", ""), &b, 1);
    CHECK(b.lines[0].hl[4] == HL_STRING && b.lines[1].hl[0] == HL_STRING);
    CHECK(b.lines[1].hl[4] == HL_NORMAL && b.lines[1].hl[5] == HL_COMMENT);
    buf_free(&b);

    buf_init(&b);
    const char *sh = "echo a#b $HOME # c\n";
    buf_set_text(&b, sh, strlen(sh));
    syntax_update(syntax_detect("t.sh", ""), &b, 0);
    CHECK(b.lines[0].hl[0] == HL_KEYWORD && b.lines[0].hl[6] == HL_NORMAL);
    CHECK(b.lines[0].hl[9] == HL_TYPE && b.lines[0].hl[15] == HL_COMMENT);
    buf_free(&b);
}

static void test_file_roundtrip(void)
{
    char dir[] = "/tmp/edit-unit-XXXXXX", path[64], bad[96];
    CHECK(mkdtemp(dir) != NULL);
    snprintf(path, sizeof path, "%s/f.txt", dir);
    struct buffer b;
    buf_init(&b);
    CHECK(file_load(&b, path) == ENOENT);
    const char *text = "l\xc3\xa9ne 1\n\tline 2\r\nno newline";
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0640);
    CHECK(fd >= 0 && write(fd, text, strlen(text)) == (ssize_t)strlen(text));
    close(fd);
    CHECK(file_load(&b, path) == 0);
    CHECK(b.nlines == 3);
    size_t n;
    CHECK(file_save(&b, path, &n) == 0 && n == strlen(text));
    struct buffer c;
    buf_init(&c);
    CHECK(file_load(&c, path) == 0);
    CHECK_TEXT(&c, text);
    struct stat st;
    CHECK(stat(path, &st) == 0 && (st.st_mode & 0777) == 0640);
    /* A failed save reports the error and leaves the file alone. */
    snprintf(bad, sizeof bad, "%s/missing/f.txt", dir);
    CHECK(file_save(&b, bad, &n) == ENOENT);
    CHECK(file_load(&c, dir) == EISDIR);
    CHECK_TEXT(&c, text); /* a failed load keeps the buffer */
    unlink(path);
    rmdir(dir);
    buf_free(&b);
    buf_free(&c);
}

static const struct {
    void (*fn)(void);
    const char *name;
} tests[] = {
    {test_utf8_decode, "utf8_decode"},       {test_utf8_encode_prev, "utf8_encode_prev"},
    {test_utf8_columns, "utf8_columns"},     {test_buffer_set_text, "buffer_set_text"},
    {test_buffer_insert, "buffer_insert"},   {test_buffer_delete, "buffer_delete"},
    {test_undo_redo, "undo_redo"},           {test_syntax, "syntax"},
    {test_file_roundtrip, "file_roundtrip"},
};

int main(void)
{
    int failed_tests = 0;
    size_t count = sizeof tests / sizeof tests[0];
    for (size_t i = 0; i < count; i++) {
        int before = failures;
        tests[i].fn();
        printf("%s %s\n", failures == before ? "ok  " : "FAIL", tests[i].name);
        failed_tests += failures != before;
    }
    printf("edit unit tests: %zu/%zu passed\n", count - (size_t)failed_tests, count);
    return failed_tests ? 1 : 0;
}

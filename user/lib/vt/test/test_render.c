/* Host tests for PSF2 parsing (the real Terminus font and corrupted blobs) and the renderer. */
#include "util.h"
#include "psf.h"
#include "render.h"

static const char *font_path = "build/font/terminus16.psf";
static const char *font32_path = "build/tests/vt/terminus32x16.psf";
static uint8_t *font_blob;
static size_t font_len;
static struct psf_map font_map[2048];
static struct psf_font font;

/* Terminus 8x16 'A', row by row. */
static const uint8_t glyph_A[16] = {0,    0,    0x3c, 0x42, 0x42, 0x42, 0x42, 0x7e,
                                    0x42, 0x42, 0x42, 0x42, 0,    0,    0,    0};

static int setup(void **state)
{
    (void)state;
    font_blob = read_file(font_path, &font_len);
    if (!font_blob) {
        fprintf(stderr, "cannot read %s\n", font_path);
        return -1;
    }
    return psf_parse(&font, font_blob, font_len, font_map, 2048);
}

static int teardown(void **state)
{
    (void)state;
    free(font_blob);
    return 0;
}

static void test_psf_terminus(void **state)
{
    (void)state;
    assert_int_equal(font.width, 8);
    assert_int_equal(font.height, 16);
    assert_int_equal(font.count, 512);
    assert_int_equal(font.stride, 1);
    assert_true(font.unicode);
    assert_true(font.nmap > 500);
    assert_memory_equal(psf_glyph_bits(&font, psf_glyph_index(&font, 'A')), glyph_A, 16);
    assert_int_not_equal(psf_glyph_index(&font, 'A'), psf_glyph_index(&font, 'B'));
    /* non-ASCII entries come from the Unicode table */
    uint32_t e9 = psf_glyph_index(&font, 0xe9), box = psf_glyph_index(&font, 0x2500);
    assert_int_not_equal(e9, font.fallback);
    assert_int_not_equal(box, font.fallback);
    assert_int_not_equal(e9, psf_glyph_index(&font, 'e'));
    /* a code point the font lacks draws as U+FFFD */
    assert_int_equal(psf_glyph_index(&font, 0x4e00), psf_glyph_index(&font, 0xfffd));
    assert_int_equal(psf_glyph_index(&font, 0x10ffff), font.fallback);
    assert_ptr_equal(psf_glyph_bits(&font, 99999), psf_glyph_bits(&font, font.fallback));
    for (uint32_t i = 1; i < font.nmap; i++)
        assert_true(font.map[i - 1].cp < font.map[i].cp);
}

static void le32_put(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)v;
    p[1] = (uint8_t)(v >> 8);
    p[2] = (uint8_t)(v >> 16);
    p[3] = (uint8_t)(v >> 24);
}

static int parse_copy(const uint8_t *blob, size_t len)
{
    /* a tight heap copy so ASan sees any read past the end */
    uint8_t *copy = malloc(len ? len : 1);
    assert_non_null(copy);
    memcpy(copy, blob, len);
    struct psf_font f;
    static struct psf_map map[2048];
    int rc = psf_parse(&f, copy, len, map, 2048);
    if (rc == 0) {
        for (uint32_t cp = 0; cp < 0x300; cp++) {
            uint32_t g = psf_glyph_index(&f, cp);
            assert_true(g < f.count);
            (void)psf_glyph_bits(&f, g)[f.charsize - 1];
        }
    }
    free(copy);
    return rc;
}

static void test_psf_corrupt(void **state)
{
    (void)state;
    uint8_t *b = malloc(font_len);
    assert_non_null(b);
#define MUTATE(off, val, want)                                                                     \
    do {                                                                                           \
        memcpy(b, font_blob, font_len);                                                            \
        le32_put(b + (off), (val));                                                                \
        assert_int_equal(parse_copy(b, font_len), (want));                                         \
    } while (0)
    MUTATE(0, 0x12345678, -EINVAL);  /* magic */
    MUTATE(4, 1, -EINVAL);           /* version */
    MUTATE(8, 16, -EINVAL);          /* header size too small */
    MUTATE(8, 0x7fffffff, -EINVAL);  /* header past the end */
    MUTATE(16, 0, -EINVAL);          /* no glyphs */
    MUTATE(16, 0x40000000, -EINVAL); /* absurd glyph count */
    MUTATE(16, 600, -EINVAL);        /* glyphs past the end */
    MUTATE(20, 0xfffffff0, -EINVAL); /* charsize */
    MUTATE(20, 17, -EINVAL);         /* charsize disagrees with height */
    MUTATE(24, 0, -EINVAL);          /* height */
    MUTATE(24, 100000, -EINVAL);     /* absurd height */
    MUTATE(28, 1000, -EINVAL);       /* absurd width */
    MUTATE(28, 0, -EINVAL);          /* width */
    MUTATE(12, 0, 0);                /* no Unicode table: still a font */
    MUTATE(16, 100, -EINVAL);        /* fewer glyphs: table no longer parses */
    /* a bad byte in the Unicode table */
    memcpy(b, font_blob, font_len);
    b[32 + 512 * 16] = 0x80;
    assert_int_equal(parse_copy(b, font_len), -EINVAL);
    /* every truncation fails cleanly */
    for (size_t n = 0; n < font_len; n++)
        assert_int_equal(parse_copy(font_blob, n), -EINVAL);
    assert_int_equal(parse_copy(font_blob, font_len), 0);
    /* random byte flips never crash */
    uint32_t seed = 7;
    for (int i = 0; i < 3000; i++) {
        memcpy(b, font_blob, font_len);
        for (int k = 0; k < 4; k++) {
            seed = seed * 1103515245 + 12345;
            size_t off = (seed >> 8) % (i % 2 ? 32 : font_len);
            b[off] = (uint8_t)(seed >> 3);
        }
        int rc = parse_copy(b, font_len);
        assert_true(rc == 0 || rc == -EINVAL);
    }
    free(b);
    /* a small map: -ENOSPC and the size needed */
    struct psf_font f;
    struct psf_map small[8];
    assert_int_equal(psf_parse(&f, font_blob, font_len, small, 8), -ENOSPC);
    assert_true(f.nmap >= font.nmap);
    assert_int_equal(psf_parse(&f, NULL, 0, NULL, 0), -EINVAL);
}

static void test_psf_no_table(void **state)
{
    (void)state;
    uint8_t blob[32 + 3 * 2 * 10];
    memset(blob, 0, sizeof(blob));
    le32_put(blob, PSF2_MAGIC);
    le32_put(blob + 8, 32);
    le32_put(blob + 16, 3);
    le32_put(blob + 20, 20);
    le32_put(blob + 24, 10);
    le32_put(blob + 28, 12);
    blob[32 + 20 * 2] = 0xab;
    struct psf_font f;
    assert_int_equal(psf_parse(&f, blob, sizeof(blob), NULL, 0), 0);
    assert_int_equal(f.stride, 2);
    assert_int_equal(psf_glyph_index(&f, 2), 2);
    assert_int_equal(psf_glyph_index(&f, 'A'), 0);
    assert_int_equal(psf_glyph_bits(&f, 2)[0], 0xab);
}

/* A framebuffer of cols x rows cells with a padded pitch to catch overruns. */
struct fbuf {
    struct render r;
    struct render_fb fb;
    uint32_t *px;
    uint32_t stride; /* in pixels */
};

#define PAD 3
#define SENTINEL 0xdeadbeefu

static void fb_new(struct fbuf *f, int cols, int rows, int rshift, int bshift)
{
    uint32_t w = 8 * (uint32_t)cols + 5, h = 16 * (uint32_t)rows + 7;
    f->stride = w + PAD;
    f->px = malloc(sizeof(uint32_t) * f->stride * h);
    assert_non_null(f->px);
    for (uint32_t i = 0; i < f->stride * h; i++)
        f->px[i] = SENTINEL;
    f->fb = (struct render_fb){(uint8_t *)f->px, f->stride * 4, w, h, (uint8_t)rshift, 8,
                               (uint8_t)bshift};
    assert_int_equal(render_init(&f->r, &f->fb, &font), 0);
    assert_int_equal(f->r.cols, cols);
    assert_int_equal(f->r.rows, rows);
}

static uint32_t pix(struct fbuf *f, int x, int y)
{
    return f->px[(size_t)y * f->stride + x];
}

/* Checks cell (cx, cy) shows glyph bits in fg on bg. */
#define assert_cell(...) assert_cell_at(__LINE__, __VA_ARGS__)
static void assert_cell_at(int line, struct fbuf *f, int cx, int cy, const uint8_t *bits,
                           uint32_t fg, uint32_t bg)
{
    for (int y = 0; y < 16; y++)
        for (int x = 0; x < 8; x++) {
            uint32_t want = bits[y] & (0x80 >> x) ? fg : bg;
            if (pix(f, cx * 8 + x, cy * 16 + y) != want) {
                fprintf(stderr, "line %d: cell %d,%d pixel %d,%d: %08x, want %08x\n", line, cx, cy,
                        x, y, pix(f, cx * 8 + x, cy * 16 + y), want);
                fail();
            }
        }
}

static const uint8_t solid[16] = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
                                  0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff};
static const uint8_t empty[16];
static const uint8_t underline2[16] = {[14] = 0xff, [15] = 0xff};

static void test_render_glyph_and_cursor(void **state)
{
    (void)state;
    struct fbuf f;
    fb_new(&f, 4, 2, 16, 0);
    struct term *t = term_new(4, 2);
    put(t, "A");
    assert_int_equal(render_full(&f.r, &t->vt), 2);
    assert_cell(&f, 0, 0, glyph_A, 0xaaaaaa, 0x000000);
    assert_cell(&f, 1, 0, solid, 0xaaaaaa, 0); /* block cursor on a blank */
    assert_cell(&f, 2, 0, empty, 0xaaaaaa, 0);
    assert_cell(&f, 3, 1, empty, 0xaaaaaa, 0);
    /* the margin right and below the grid is cleared, the pitch padding untouched */
    assert_int_equal(pix(&f, 36, 3), 0);
    assert_int_equal(pix(&f, 3, 38), 0);
    assert_int_equal(pix(&f, 37, 0), SENTINEL);
    assert_int_equal(pix(&f, 39, 38), SENTINEL);

    /* a block cursor over a glyph inverts it */
    put(t, "\x1b[D");
    assert_int_equal(render_draw(&f.r, &t->vt), 1);
    assert_cell(&f, 0, 0, glyph_A, 0x000000, 0xaaaaaa);
    assert_cell(&f, 1, 0, empty, 0xaaaaaa, 0);

    /* hidden cursor */
    put(t, "\x1b[?25l");
    assert_int_equal(render_draw(&f.r, &t->vt), 1);
    assert_cell(&f, 0, 0, glyph_A, 0xaaaaaa, 0x000000);
    assert_int_equal(render_draw(&f.r, &t->vt), 0);

    /* underline cursor on the next row */
    put(t, "\x1b[?25h\x1b[4 q\x1b[2;3H");
    render_draw(&f.r, &t->vt);
    assert_cell(&f, 2, 1, underline2, 0xaaaaaa, 0);
    assert_cell(&f, 0, 0, glyph_A, 0xaaaaaa, 0x000000);

    /* scrolled back two lines (the 'A' row and the old row 1): no cursor */
    put(t, "\r\n\r\n");
    assert_int_equal(vt_scroll_view(&t->vt, 2), 2);
    render_draw(&f.r, &t->vt);
    assert_cell(&f, 0, 0, glyph_A, 0xaaaaaa, 0x000000);
    assert_cell(&f, 0, 1, empty, 0xaaaaaa, 0);
    free(f.px);
}

static void test_render_colours(void **state)
{
    (void)state;
    struct fbuf f;
    fb_new(&f, 8, 2, 16, 0);
    struct term *t = term_new(8, 2);
    put(t, "\x1b[31mA\x1b[1mA\x1b[0;7mA\x1b[0;38;5;196;48;5;244mA\x1b[0;1;97;44mA"
           "\x1b[0;4;32mA\x1b[0;1;7;34;43mA\x1b[0m\x1b[?25l");
    render_full(&f.r, &t->vt);
    assert_cell(&f, 0, 0, glyph_A, 0xaa0000, 0);
    assert_cell(&f, 1, 0, glyph_A, 0xff5555, 0); /* bold is bright */
    assert_cell(&f, 2, 0, glyph_A, 0x000000, 0xaaaaaa);
    assert_cell(&f, 3, 0, glyph_A, 0xff0000, 0x808080);
    assert_cell(&f, 4, 0, glyph_A, 0xffffff, 0x0000aa);
    uint8_t ul[16];
    memcpy(ul, glyph_A, 16);
    ul[15] = 0xff;
    assert_cell(&f, 5, 0, ul, 0x00aa00, 0);
    assert_cell(&f, 6, 0, glyph_A, 0xaa5500, 0x5555ff); /* bold then reverse */
    free(f.px);

    /* channel positions from the framebuffer description: BGR here */
    fb_new(&f, 8, 2, 0, 16);
    render_full(&f.r, &t->vt);
    assert_cell(&f, 0, 0, glyph_A, 0x0000aa, 0);
    free(f.px);

    assert_int_equal(render_palette_rgb(16), 0x000000);
    assert_int_equal(render_palette_rgb(21), 0x0000ff);
    assert_int_equal(render_palette_rgb(16 + 36 * 2 + 6 * 3 + 4), 0x87afd7);
    assert_int_equal(render_palette_rgb(231), 0xffffff);
    assert_int_equal(render_palette_rgb(232), 0x080808);
    assert_int_equal(render_palette_rgb(255), 0xeeeeee);
    assert_int_equal(render_palette_rgb(9), 0xff5555);
}

static void test_render_dirty_only(void **state)
{
    (void)state;
    struct fbuf f;
    fb_new(&f, 6, 4, 16, 0);
    struct term *t = term_new(6, 4);
    put(t, "ab\r\ncd");
    assert_int_equal(render_full(&f.r, &t->vt), 4);
    assert_int_equal(render_draw(&f.r, &t->vt), 0);
    /* scribble on row 0 and 3: only the changed row 2 (and the cursor's rows) are redrawn */
    f.px[0] = 0x123456;
    f.px[3 * 16 * f.stride] = 0x123456;
    put(t, "\x1b[3;1Hz\x1b[2;3H");
    assert_int_equal(render_draw(&f.r, &t->vt), 1);
    assert_int_equal(f.px[0], 0x123456);
    assert_int_equal(f.px[3 * 16 * f.stride], 0x123456);
    assert_cell(&f, 0, 2, psf_glyph_bits(&font, psf_glyph_index(&font, 'z')), 0xaaaaaa, 0);
    /* cursor moved from row 1 to row 3: both redrawn */
    put(t, "\x1b[4;1H");
    assert_int_equal(render_draw(&f.r, &t->vt), 2);
    assert_int_not_equal(f.px[3 * 16 * f.stride], 0x123456);
    assert_cell(&f, 0, 3, solid, 0xaaaaaa, 0);
    assert_cell(&f, 2, 1, empty, 0xaaaaaa, 0);
    free(f.px);

    struct render r;
    struct render_fb bad = f.fb;
    bad.pitch = 4;
    assert_int_equal(render_init(&r, &bad, &font), -EINVAL);
    bad = f.fb;
    bad.width = 7;
    assert_int_equal(render_init(&r, &bad, &font), -EINVAL);
}

/* Terminus 16x32: two bytes per glyph row; every pixel of a cell checked bit by bit. */
static void test_render_wide_font(void **state)
{
    (void)state;
    size_t len;
    uint8_t *blob = read_file(font32_path, &len);
    assert_non_null(blob);
    static struct psf_map map[2048];
    struct psf_font f32;
    assert_int_equal(psf_parse(&f32, blob, len, map, 2048), 0);
    assert_int_equal(f32.width, 16);
    assert_int_equal(f32.height, 32);
    assert_int_equal(f32.stride, 2);
    assert_int_equal(f32.charsize, 64);

    uint32_t px[3 * 16 * 32];
    struct render_fb fb = {(uint8_t *)px, 3 * 16 * 4, 3 * 16, 32, 16, 8, 0};
    struct render r;
    assert_int_equal(render_init(&r, &fb, &f32), 0);
    assert_int_equal(r.cols, 3);
    assert_int_equal(r.rows, 1);
    struct term *t = term_new(3, 2);
    put(t, "\x1b[32mW\x1b[4mM");
    render_full(&r, &t->vt);
    const char *s = "WM";
    for (int c = 0; c < 2; c++) {
        const uint8_t *g = psf_glyph_bits(&f32, psf_glyph_index(&f32, (uint8_t)s[c]));
        int ink = 0;
        for (int y = 0; y < 32; y++)
            for (int x = 0; x < 16; x++) {
                bool on = g[y * 2 + x / 8] >> (7 - x % 8) & 1;
                if (c == 1 && y == 31) on = true; /* underline */
                ink += on;
                assert_int_equal(px[y * 48 + c * 16 + x], on ? 0x00aa00 : 0);
            }
        assert_true(ink > 40 && ink < 400);
    }
    /* the block cursor fills the third cell */
    for (int y = 0; y < 32; y++)
        for (int x = 0; x < 16; x++)
            assert_int_equal(px[y * 48 + 32 + x], 0xaaaaaa);
    free(blob);
}

int main(int argc, char **argv)
{
    if (argc > 1) font_path = argv[1];
    if (argc > 2) font32_path = argv[2];
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_psf_terminus),     cmocka_unit_test(test_psf_corrupt),
        cmocka_unit_test(test_psf_no_table),     cmocka_unit_test(test_render_glyph_and_cursor),
        cmocka_unit_test(test_render_colours),   cmocka_unit_test(test_render_dirty_only),
        cmocka_unit_test(test_render_wide_font),
    };
    return cmocka_run_group_tests_name("render", tests, setup, teardown);
}

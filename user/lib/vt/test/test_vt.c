/* Host tests for the terminal state machine: every escape sequence's effect on grid and cursor. */
#include "util.h"

static void test_init_args(void **state)
{
    (void)state;
    static struct vt_cell buf[10 * 10];
    struct vt vt;
    assert_int_equal(vt_init(&vt, 1, 10, buf, NULL, NULL, 0), -EINVAL);
    assert_int_equal(vt_init(&vt, 10, 10, NULL, NULL, NULL, 0), -EINVAL);
    assert_int_equal(vt_init(&vt, VT_MAX_COLS + 1, 10, buf, NULL, NULL, 0), -EINVAL);
    assert_int_equal(vt_init(&vt, 10, VT_MAX_ROWS + 1, buf, NULL, NULL, 0), -EINVAL);
    assert_int_equal(vt_init(&vt, 10, 10, buf, NULL, NULL, 5), -EINVAL);
    assert_int_equal(vt_init(&vt, 10, 10, buf, NULL, NULL, 0), 0);
    vt_write(&vt, "hi\x1b[?1049h\x1b[6n", 13); /* no alt screen, no reply callback */
    assert_int_equal(buf[0].cp, 'h');
    assert_false(vt.alt_active);
}

static void test_print_cr_lf(void **state)
{
    (void)state;
    struct term *t = term_new(10, 4);
    put(t, "abc");
    assert_cursor(t, 3, 0);
    put(t, "\r\nde\rX");
    assert_string_equal(row(t, 0), "abc");
    assert_string_equal(row(t, 1), "Xe");
    assert_cursor(t, 1, 1);
    put(t, "\n");
    assert_cursor(t, 1, 2); /* LF alone keeps the column */
    put(t, "\v\f");
    assert_cursor(t, 1, 3);
    assert_int_equal(cell(t, 0, 0)->fg, VT_DEFAULT_FG);
    assert_int_equal(cell(t, 0, 0)->bg, VT_DEFAULT_BG);
}

static void test_autowrap(void **state)
{
    (void)state;
    struct term *t = term_new(5, 3);
    put(t, "abcde");
    assert_cursor(t, 4, 0); /* wrap pending: stays on the last column */
    assert_true(t->vt.wrap_pending);
    put(t, "f");
    assert_string_equal(row(t, 0), "abcde");
    assert_string_equal(row(t, 1), "f");
    assert_cursor(t, 1, 1);
    put(t, "\r\n\x1b[?7lxxxxxyz");
    assert_string_equal(row(t, 2), "xxxxz");
    assert_cursor(t, 4, 2);
    put(t, "\x1b[?7h\x1b[1;5Hq\rr");
    assert_string_equal(row(t, 0), "rbcdq"); /* CR cancels the pending wrap */
    /* the same through the non-ASCII path */
    put(t, "\x1b[3;1Habcd\xc3\xa9");
    assert_cursor(t, 4, 2);
    assert_true(t->vt.wrap_pending);
    put(t, "\xc3\xbc");
    assert_int_equal(cell(t, 4, 1)->cp, 0xe9); /* wrapped and scrolled */
    assert_int_equal(cell(t, 0, 2)->cp, 0xfc);
    assert_cursor(t, 1, 2);
}

static void test_bs_tab_bel(void **state)
{
    (void)state;
    struct term *t = term_new(20, 3);
    put(t, "ab\b\bX\a\x07");
    assert_string_equal(row(t, 0), "Xb");
    assert_cursor(t, 1, 0);
    put(t, "\b\b\b");
    assert_cursor(t, 0, 0);
    put(t, "\t");
    assert_cursor(t, 8, 0);
    put(t, "\t\t\t");
    assert_cursor(t, 19, 0); /* stops at the last column */
    put(t, "\r\x1b[3C\x1bH\r\t");
    assert_cursor(t, 3, 0); /* HTS set a stop at column 3 */
    put(t, "\x1b[g\r\t");
    assert_cursor(t, 8, 0); /* TBC 0 cleared it */
    put(t, "\x1b[3g\r\t");
    assert_cursor(t, 19, 0);
    put(t, "\x1b[?5h\x1b\x1b[?5l\x00\x0e\x0f");
    assert_string_equal(row(t, 0), "Xb");
}

static void test_cursor_moves(void **state)
{
    (void)state;
    struct term *t = term_new(20, 10);
    put(t, "\x1b[5;7H");
    assert_cursor(t, 6, 4);
    put(t, "\x1b[A");
    assert_cursor(t, 6, 3);
    put(t, "\x1b[2B");
    assert_cursor(t, 6, 5);
    put(t, "\x1b[3C");
    assert_cursor(t, 9, 5);
    put(t, "\x1b[4D");
    assert_cursor(t, 5, 5);
    put(t, "\x1b[99A");
    assert_cursor(t, 5, 0);
    put(t, "\x1b[99B");
    assert_cursor(t, 5, 9);
    put(t, "\x1b[99C");
    assert_cursor(t, 19, 9);
    put(t, "\x1b[99D");
    assert_cursor(t, 0, 9);
    put(t, "\x1b[4;4H\x1b[2E");
    assert_cursor(t, 0, 5);
    put(t, "\x1b[4;4H\x1b[F");
    assert_cursor(t, 0, 2);
    put(t, "\x1b[12G");
    assert_cursor(t, 11, 2);
    put(t, "\x1b[G");
    assert_cursor(t, 0, 2);
    put(t, "\x1b[8d");
    assert_cursor(t, 0, 7);
    put(t, "\x1b[3;9f");
    assert_cursor(t, 8, 2);
    put(t, "\x1b[H");
    assert_cursor(t, 0, 0);
    put(t, "\x1b[;5H");
    assert_cursor(t, 4, 0);
    put(t, "\x1b[100;100H");
    assert_cursor(t, 19, 9);
    put(t, "\x1b[0;0H");
    assert_cursor(t, 0, 0);
    put(t, "\x1b[0C"); /* 0 counts as 1 */
    assert_cursor(t, 1, 0);
    put(t, "\x1b[3a\x1b[2e");
    assert_cursor(t, 4, 2);
    put(t, "\x1b[7`");
    assert_cursor(t, 6, 2);
}

static void fill_rows(struct term *t, int rows)
{
    for (int y = 0; y < rows; y++)
        putf(t, "\x1b[%d;1H%c%c%c%c%c%c", y + 1, 'a' + y, 'a' + y, 'a' + y, 'a' + y, 'a' + y,
             'a' + y);
}

static void test_erase(void **state)
{
    (void)state;
    struct term *t = term_new(6, 4);
    fill_rows(t, 4);
    put(t, "\x1b[2;3H\x1b[K");
    assert_string_equal(row(t, 1), "bb");
    put(t, "\x1b[3;3H\x1b[1K");
    assert_string_equal(row(t, 2), "   ccc");
    put(t, "\x1b[4;3H\x1b[2K");
    assert_string_equal(row(t, 3), "");
    assert_cursor(t, 2, 3);
    fill_rows(t, 4);
    put(t, "\x1b[2;3H\x1b[J");
    assert_string_equal(row(t, 0), "aaaaaa");
    assert_string_equal(row(t, 1), "bb");
    assert_string_equal(row(t, 2), "");
    assert_string_equal(row(t, 3), "");
    fill_rows(t, 4);
    put(t, "\x1b[3;3H\x1b[1J");
    assert_string_equal(row(t, 0), "");
    assert_string_equal(row(t, 1), "");
    assert_string_equal(row(t, 2), "   ccc");
    assert_string_equal(row(t, 3), "dddddd");
    fill_rows(t, 4);
    put(t, "\x1b[2J");
    for (int y = 0; y < 4; y++)
        assert_string_equal(row(t, y), "");
    assert_cursor(t, 5, 3); /* ED leaves the cursor */
    fill_rows(t, 4);
    put(t, "\x1b[1;2H\x1b[3X");
    assert_string_equal(row(t, 0), "a   aa");
    put(t, "\x1b[1;5H\x1b[99X");
    assert_string_equal(row(t, 0), "a");
    /* erased cells take the current background */
    put(t, "\x1b[44m\x1b[2;1H\x1b[K\x1b[m");
    assert_int_equal(cell(t, 3, 1)->bg, 4);
    assert_int_equal(cell(t, 3, 1)->cp, ' ');
}

static void test_insert_delete(void **state)
{
    (void)state;
    struct term *t = term_new(6, 5);
    fill_rows(t, 5);
    put(t, "\x1b[2;4H\x1b[L");
    assert_cursor(t, 0, 1);
    assert_string_equal(row(t, 0), "aaaaaa");
    assert_string_equal(row(t, 1), "");
    assert_string_equal(row(t, 2), "bbbbbb");
    assert_string_equal(row(t, 4), "dddddd");
    put(t, "\x1b[M");
    assert_string_equal(row(t, 1), "bbbbbb");
    assert_string_equal(row(t, 3), "dddddd");
    assert_string_equal(row(t, 4), "");
    put(t, "\x1b[2;1H\x1b[2M");
    assert_string_equal(row(t, 1), "dddddd");
    assert_string_equal(row(t, 2), "");
    put(t, "\x1b[1;1H\x1b[9L");
    for (int y = 0; y < 5; y++)
        assert_string_equal(row(t, y), "");
    assert_int_equal(t->vt.sb_count, 0); /* DL/IL never feed scrollback */

    put(t, "\x1b[1;1Habcdef\x1b[1;2H\x1b[2@");
    assert_string_equal(row(t, 0), "a  bcd");
    assert_cursor(t, 1, 0);
    put(t, "\x1b[3P");
    assert_string_equal(row(t, 0), "acd");
    put(t, "\x1b[99P");
    assert_string_equal(row(t, 0), "a");
    put(t, "\x1b[2;1Habcdef\x1b[2;5H\x1b[9@");
    assert_string_equal(row(t, 1), "abcd");
    /* insert mode shifts the rest of the line right */
    put(t, "\x1b[3;1Habcd\x1b[3;2H\x1b[4hXY\x1b[4lZ");
    assert_string_equal(row(t, 2), "aXYZcd");
}

static void test_scroll_full(void **state)
{
    (void)state;
    struct term *t = term_new(6, 3);
    put(t, "one\r\ntwo\r\nthree\r\nfour");
    assert_string_equal(row(t, 0), "two");
    assert_string_equal(row(t, 1), "three");
    assert_string_equal(row(t, 2), "four");
    assert_cursor(t, 4, 2);
    assert_int_equal(t->vt.sb_count, 1);
    assert_string_equal(cells_text(vt_sb_line(&t->vt, 0), 6), "one");
    assert_null(vt_sb_line(&t->vt, 1));
    /* SU / SD */
    put(t, "\x1b[S");
    assert_string_equal(row(t, 0), "three");
    assert_string_equal(row(t, 2), "");
    put(t, "\x1b[2T");
    assert_string_equal(row(t, 0), "");
    assert_string_equal(row(t, 2), "three");
    /* reverse index at the top scrolls down */
    put(t, "\x1b[1;1Htop\x1bM");
    assert_string_equal(row(t, 0), "");
    assert_string_equal(row(t, 1), "top");
    assert_cursor(t, 3, 0);
    put(t, "\x1b[3;1H\x1bM");
    assert_cursor(t, 0, 1);
    put(t, "\x1b[3;1H\x1b"
           "D");
    assert_string_equal(row(t, 0), "top"); /* IND scrolled */
    put(t, "\x1b[2;3H\x1b"
           "E");
    assert_cursor(t, 0, 2);
}

static void test_scroll_region(void **state)
{
    (void)state;
    struct term *t = term_new(6, 6);
    fill_rows(t, 6);
    put(t, "\x1b[2;4r");
    assert_cursor(t, 0, 0); /* DECSTBM homes the cursor */
    assert_int_equal(t->vt.top, 1);
    assert_int_equal(t->vt.bot, 3);
    put(t, "\x1b[4;1H\nX");
    assert_string_equal(row(t, 0), "aaaaaa");
    assert_string_equal(row(t, 1), "cccccc");
    assert_string_equal(row(t, 2), "dddddd");
    assert_string_equal(row(t, 3), "X");
    assert_string_equal(row(t, 4), "eeeeee");
    assert_string_equal(row(t, 5), "ffffff");
    assert_int_equal(t->vt.sb_count, 0); /* region not at the top: no scrollback */
    put(t, "\x1b[2;1H\x1bM");
    assert_string_equal(row(t, 1), "");
    assert_string_equal(row(t, 2), "cccccc");
    assert_string_equal(row(t, 3), "dddddd");
    assert_string_equal(row(t, 4), "eeeeee");
    /* CUU stops at the top margin unless already above it; CUD likewise at the bottom */
    put(t, "\x1b[3;1H\x1b[9A");
    assert_cursor(t, 0, 1);
    put(t, "\x1b[9B");
    assert_cursor(t, 0, 3);
    put(t, "\x1b[6;1H\x1b[9A");
    assert_cursor(t, 0, 1);
    put(t, "\x1b[1;1H\x1b[9A");
    assert_cursor(t, 0, 0);
    put(t, "\x1b[6;1H\x1b[9B");
    assert_cursor(t, 0, 5);
    /* LF below the region at the last row does not scroll */
    put(t, "\x1b[6;1H\n\n");
    assert_cursor(t, 0, 5);
    assert_string_equal(row(t, 5), "ffffff");
    /* IL inside the region pushes lines out of its bottom only */
    put(t, "\x1b[2;1H\x1b[L");
    assert_string_equal(row(t, 3), "cccccc");
    assert_string_equal(row(t, 4), "eeeeee");
    /* SU in the region */
    put(t, "\x1b[S");
    assert_string_equal(row(t, 1), "");
    assert_string_equal(row(t, 2), "cccccc");
    assert_string_equal(row(t, 3), "");
    /* origin mode: addressing relative to the region, clamped to it */
    put(t, "\x1b[?6h");
    assert_cursor(t, 0, 1);
    put(t, "\x1b[2;2H");
    assert_cursor(t, 1, 2);
    put(t, "\x1b[9;1H");
    assert_cursor(t, 0, 3);
    put(t, "\x1b[6n");
    assert_string_equal(t->reply, "\x1b[3;1R");
    put(t, "\x1b[?6l");
    assert_cursor(t, 0, 0);
    /* a bad region is ignored; an empty one resets */
    put(t, "\x1b[4;2r");
    assert_int_equal(t->vt.top, 1);
    put(t, "\x1b[r");
    assert_int_equal(t->vt.top, 0);
    assert_int_equal(t->vt.bot, 5);
    /* region starting at the top feeds scrollback */
    put(t, "\x1b[1;3r\x1b[3;1H\n");
    assert_int_equal(t->vt.sb_count, 1);
    assert_string_equal(cells_text(vt_sb_line(&t->vt, 0), 6), "aaaaaa");
}

static void test_scrollback_ring(void **state)
{
    (void)state;
    struct term *t = term_new(20, 5);
    for (int i = 0; i < 1500; i++)
        putf(t, "line %d\r\n", i);
    /* 1500 lines plus an empty one: 1496 went up, the ring keeps the last 1000 */
    assert_int_equal(t->vt.sb_count, SB_LINES);
    assert_string_equal(cells_text(vt_sb_line(&t->vt, 0), 20), "line 496");
    assert_string_equal(cells_text(vt_sb_line(&t->vt, 999), 20), "line 1495");
    assert_string_equal(row(t, 3), "line 1499");
    assert_string_equal(cells_text(vt_row(&t->vt, 0), 20), "line 1496");

    vt_clean(&t->vt);
    assert_int_equal(vt_scroll_view(&t->vt, 3), 3);
    assert_true(vt_row_dirty(&t->vt, 0) && vt_row_dirty(&t->vt, 4));
    assert_string_equal(cells_text(vt_row(&t->vt, 0), 20), "line 1493");
    assert_string_equal(cells_text(vt_row(&t->vt, 3), 20), "line 1496");
    assert_false(vt_cursor_shown(&t->vt));
    assert_int_equal(vt_scroll_view(&t->vt, -1), 2);
    assert_string_equal(cells_text(vt_row(&t->vt, 0), 20), "line 1494");
    assert_int_equal(vt_scroll_view(&t->vt, 100000), SB_LINES);
    assert_string_equal(cells_text(vt_row(&t->vt, 0), 20), "line 496");
    assert_int_equal(vt_scroll_view(&t->vt, -100000), 0);
    vt_clean(&t->vt);
    assert_int_equal(vt_scroll_view(&t->vt, -1), 0);
    assert_false(vt_row_dirty(&t->vt, 0)); /* no change, nothing to redraw */

    /* new output snaps the view back */
    vt_scroll_view(&t->vt, 10);
    put(t, "x");
    assert_int_equal(t->vt.view, 0);
    assert_true(vt_cursor_shown(&t->vt));
    assert_string_equal(cells_text(vt_row(&t->vt, 4), 20), "x");
    /* ED 3 drops the scrollback */
    put(t, "\x1b[3J");
    assert_int_equal(t->vt.sb_count, 0);
    assert_int_equal(vt_scroll_view(&t->vt, 5), 0);
}

static void test_no_scrollback(void **state)
{
    (void)state;
    static struct vt_cell buf[4 * 2];
    struct vt vt;
    assert_int_equal(vt_init(&vt, 4, 2, buf, NULL, NULL, 0), 0);
    vt_write(&vt, "a\r\nb\r\nc\r\nd", 10);
    assert_int_equal(vt.sb_count, 0);
    assert_int_equal(vt_scroll_view(&vt, 1), 0);
    assert_int_equal(vt_screen_row(&vt, 0)[0].cp, 'c');
    assert_int_equal(vt_screen_row(&vt, 1)[0].cp, 'd');
}

static uint32_t cp_at(struct term *t, int x, int y)
{
    return cell(t, x, y)->cp;
}

static void test_utf8(void **state)
{
    (void)state;
    struct term *t = term_new(20, 3);
    put(t, "\xc3\xa9\xe2\x82\xac\xf0\x9d\x84\x9e!");
    assert_int_equal(cp_at(t, 0, 0), 0xe9);
    assert_int_equal(cp_at(t, 1, 0), 0x20ac);
    assert_int_equal(cp_at(t, 2, 0), 0x1d11e);
    assert_int_equal(cp_at(t, 3, 0), '!');
    assert_cursor(t, 4, 0);

    /* split across writes */
    put(t, "\r\n\xe2");
    put(t, "\x82");
    assert_cursor(t, 0, 1);
    put(t, "\xac");
    assert_int_equal(cp_at(t, 0, 1), 0x20ac);

    /* invalid: stray continuation, truncated, overlong, surrogate, out of range, bad lead */
    struct {
        const char *in;
        uint32_t out[4];
    } cases[] = {
        {"\x80"
         "a",
         {0xfffd, 'a'}},
        {"\xc3"
         "A",
         {0xfffd, 'A'}},
        {"\xc0\xaf", {0xfffd, 0xfffd}},
        {"\xe0\x80\x80", {0xfffd, 0xfffd, 0xfffd}},
        {"\xed\xa0\x80", {0xfffd, 0xfffd, 0xfffd}},
        {"\xf4\x90\x80\x80", {0xfffd, 0xfffd, 0xfffd, 0xfffd}},
        {"\xf5"
         "b",
         {0xfffd, 'b'}},
        {"\xff\xfe", {0xfffd, 0xfffd}},
        {"\xe2\x82"
         "c",
         {0xfffd, 'c'}},
        {"\xf0\x9f\x98\x80", {0x1f600}},
        {"\xef\xbf\xbd", {0xfffd}},
        {"\xc2\x85"
         "d",
         {'d'}}, /* C1 control: ignored */
        {"e\xcc\x81\xe2\x80\x8b"
         "f",
         {'e', 'f'}}, /* combining acute, ZWSP: no column */
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        put(t, "\x1b[3;1H\x1b[2K");
        put(t, cases[i].in);
        int n = 0;
        while (n < 4 && cases[i].out[n])
            n++;
        for (int k = 0; k < n; k++)
            assert_int_equal(cp_at(t, k, 2), cases[i].out[k]);
        assert_cursor(t, n, 2);
    }
    /* a control byte inside a sequence ends it and still acts */
    put(t, "\x1b[3;1H\x1b[2K\xe2\r");
    assert_int_equal(cp_at(t, 0, 2), 0xfffd);
    assert_cursor(t, 0, 2);
    put(t, "\xc3\x1b[2Cz");
    assert_int_equal(cp_at(t, 0, 2), 0xfffd);
    assert_int_equal(cp_at(t, 3, 2), 'z');
}

static void test_line_drawing(void **state)
{
    (void)state;
    struct term *t = term_new(20, 3);
    put(t, "\x1b(0lqkx~_\x1b(Bq");
    const uint32_t want[] = {0x250c, 0x2500, 0x2510, 0x2502, 0xb7, 0xa0, 'q'};
    for (int i = 0; i < 7; i++)
        assert_int_equal(cell(t, i, 0)->cp, want[i]);
    /* G1 through SO / SI; capitals are not remapped */
    put(t, "\r\n\x1b)0j\x0ejA\x0fj");
    assert_int_equal(cell(t, 0, 1)->cp, 'j');
    assert_int_equal(cell(t, 1, 1)->cp, 0x2518);
    assert_int_equal(cell(t, 2, 1)->cp, 'A');
    assert_int_equal(cell(t, 3, 1)->cp, 'j');
    /* DECSC saves the character sets, RIS resets them */
    put(t, "\x1b(0\x1b"
           "7\x1b(B\x1b"
           "8\r\nm");
    assert_int_equal(cell(t, 0, 2)->cp, 0x2514);
    put(t, "\x1b(B\x0e\x1b"
           "7\x0f\x1b"
           "8q\x0f");
    assert_int_equal(cell(t, 1, 2)->cp, 0x2500);
    put(t, "\x1b"
           "c"
           "m");
    assert_int_equal(cell(t, 0, 0)->cp, 'm');
}

static void test_sgr(void **state)
{
    (void)state;
    struct term *t = term_new(40, 3);
    put(t, "\x1b[1;4;5;7mA\x1b[22mB\x1b[24mC\x1b[25mD\x1b[27mE\x1b[1;7m\x1b[0mF\x1b[1m\x1b[mG");
    assert_int_equal(cell(t, 0, 0)->attr,
                     VT_ATTR_BOLD | VT_ATTR_UNDERLINE | VT_ATTR_BLINK | VT_ATTR_REVERSE);
    assert_int_equal(cell(t, 1, 0)->attr, VT_ATTR_UNDERLINE | VT_ATTR_BLINK | VT_ATTR_REVERSE);
    assert_int_equal(cell(t, 2, 0)->attr, VT_ATTR_BLINK | VT_ATTR_REVERSE);
    assert_int_equal(cell(t, 3, 0)->attr, VT_ATTR_REVERSE);
    assert_int_equal(cell(t, 4, 0)->attr, 0);
    assert_int_equal(cell(t, 5, 0)->attr, 0);
    assert_int_equal(cell(t, 6, 0)->attr, 0);

    put(t, "\r\n\x1b[31;42mA\x1b[93;104mB\x1b[39mC\x1b[49mD\x1b[37;40mE\x1b[90;100mF\x1b[97;107mG");
    const uint8_t want[][2] = {{1, 2}, {11, 12}, {7, 12}, {7, 0}, {7, 0}, {8, 8}, {15, 15}};
    for (int i = 0; i < 7; i++) {
        assert_int_equal(cell(t, i, 1)->fg, want[i][0]);
        assert_int_equal(cell(t, i, 1)->bg, want[i][1]);
    }
    put(t, "\r\n\x1b[0;38;5;196;48;5;21mA\x1b[38;2;255;0;0mB\x1b[48;2;128;128;128mC"
           "\x1b[38;5;300mD\x1b[38;5m\x1b[38;9;1mE\x1b[1;38;2;0;0;255;4mF");
    assert_int_equal(cell(t, 0, 2)->fg, 196);
    assert_int_equal(cell(t, 0, 2)->bg, 21);
    assert_int_equal(cell(t, 1, 2)->fg, 196);
    assert_int_equal(cell(t, 2, 2)->bg, 244);
    assert_int_equal(cell(t, 3, 2)->fg, 255); /* clamped */
    assert_int_equal(cell(t, 4, 2)->fg, 255); /* malformed 38 changes nothing */
    assert_int_equal(cell(t, 5, 2)->fg, 21);
    assert_int_equal(cell(t, 5, 2)->attr, VT_ATTR_BOLD | VT_ATTR_UNDERLINE);

    assert_int_equal(vt_rgb_to_256(0, 0, 0), 16);
    assert_int_equal(vt_rgb_to_256(255, 255, 255), 231);
    assert_int_equal(vt_rgb_to_256(0, 255, 0), 46);
    assert_int_equal(vt_rgb_to_256(95, 135, 175), 16 + 36 * 1 + 6 * 2 + 3);
    assert_int_equal(vt_rgb_to_256(100, 100, 100), 241);
    assert_int_equal(vt_rgb_to_256(238, 238, 238), 255);
    assert_int_equal(vt_rgb_to_256(500, -4, 0), 196);
}

static void test_save_restore(void **state)
{
    (void)state;
    struct term *t = term_new(20, 5);
    put(t, "\x1b[3;4H\x1b[1;31m\x1b"
           "7\x1b[H\x1b[0mx\x1b"
           "8y");
    assert_int_equal(cell(t, 3, 2)->cp, 'y');
    assert_int_equal(cell(t, 3, 2)->fg, 1);
    assert_int_equal(cell(t, 3, 2)->attr, VT_ATTR_BOLD);
    assert_int_equal(cell(t, 0, 0)->attr, 0);
    put(t, "\x1b[m\x1b[2;2H\x1b[s\x1b[5;5H\x1b[u");
    assert_cursor(t, 1, 1);
}

static void test_cursor_visibility(void **state)
{
    (void)state;
    struct term *t = term_new(10, 3);
    assert_true(vt_cursor_shown(&t->vt));
    put(t, "\x1b[?25l");
    assert_false(vt_cursor_shown(&t->vt));
    put(t, "\x1b[?25h");
    assert_true(vt_cursor_shown(&t->vt));
    put(t, "\x1b[4 q");
    assert_int_equal(t->vt.cursor_style, VT_CURSOR_UNDERLINE);
    put(t, "\x1b[6 q");
    assert_int_equal(t->vt.cursor_style, VT_CURSOR_BAR);
    put(t, "\x1b[ q");
    assert_int_equal(t->vt.cursor_style, VT_CURSOR_BLOCK);
    put(t, "\x1b[?1h");
    assert_true(t->vt.app_cursor);
    put(t, "\x1b[?1l");
    assert_false(t->vt.app_cursor);
}

static void test_alt_screen(void **state)
{
    (void)state;
    struct term *t = term_new(10, 3);
    put(t, "main\r\nscreen\x1b[?1049h");
    assert_true(t->vt.alt_active);
    assert_string_equal(row(t, 0), "");
    assert_cursor(t, 6, 1);
    put(t, "\x1b[Hfull\r\n1\r\n2\r\n3\r\n4");
    assert_int_equal(t->vt.sb_count, 0); /* the alt screen keeps no scrollback */
    put(t, "\x1b[3;3H\x1b"
           "7\x1b[H\x1b"
           "8"); /* DECSC on the alt screen has its own slot */
    assert_cursor(t, 2, 2);
    put(t, "\x1b[?1049l");
    assert_false(t->vt.alt_active);
    assert_string_equal(row(t, 0), "main");
    assert_string_equal(row(t, 1), "screen");
    assert_cursor(t, 6, 1);
    put(t, "\x1b[?1049l");
    assert_string_equal(row(t, 0), "main");
    put(t, "\x1b[?47hx\x1b[?47l");
    assert_string_equal(row(t, 0), "main");
    put(t, "\x1b[?1049h\x1b"
           "c"); /* RIS returns to the main screen */
    assert_false(t->vt.alt_active);
}

static void test_reports(void **state)
{
    (void)state;
    struct term *t = term_new(80, 24);
    put(t, "\x1b[5;10H\x1b[6n");
    assert_string_equal(t->reply, "\x1b[5;10R");
    t->nreply = 0;
    put(t, "\x1b[24;80H\x1b[6n");
    assert_string_equal(t->reply, "\x1b[24;80R");
    t->nreply = 0;
    put(t, "\x1b[5n");
    assert_string_equal(t->reply, "\x1b[0n");
    t->nreply = 0;
    put(t, "\x1b[c");
    assert_string_equal(t->reply, "\x1b[?6c");
    t->nreply = 0;
    put(t, "\x1b[>c");
    assert_string_equal(t->reply, "\x1b[>0;0;0c");
    t->nreply = 0;
    put(t, "\x1b[?6n\x1b[7n");
    assert_int_equal(t->nreply, 0);
}

static void test_reset(void **state)
{
    (void)state;
    struct term *t = term_new(10, 4);
    put(t, "hello\x1b[2;3r\x1b[?25l\x1b[1;33m\x1b[?6h\x1b[4h\x1b[?7l");
    put(t, "\x1b"
           "c");
    assert_string_equal(row(t, 0), "");
    assert_cursor(t, 0, 0);
    assert_int_equal(t->vt.top, 0);
    assert_int_equal(t->vt.bot, 3);
    assert_true(vt_cursor_shown(&t->vt));
    assert_false(t->vt.origin || t->vt.insert);
    assert_true(t->vt.autowrap);
    put(t, "A");
    assert_int_equal(cell(t, 0, 0)->fg, VT_DEFAULT_FG);
    assert_int_equal(cell(t, 0, 0)->attr, 0);
    /* soft reset keeps the screen */
    put(t, "\x1b[1m\x1b[!p"
           "B");
    assert_string_equal(row(t, 0), "AB");
    assert_int_equal(cell(t, 1, 0)->attr, 0);
}

static void test_ignored_sequences(void **state)
{
    (void)state;
    struct term *t = term_new(20, 3);
    put(t, "a\x1b]0;window title\x07"
           "b\x1b]2;t\x1b\\c\x1bP1$r\x1b\\d\x1b(Be\x1b)0f");
    assert_string_equal(row(t, 0), "abcdef");
    put(t,
        "\x1b[?1000h\x1b[>4;1m\x1b[12;13$zg\x1b[1;2;3;4;5;6;7;8;9;10;11;12;13;14;15;16;17;18;19mh");
    assert_string_equal(row(t, 0), "abcdefgh");
    put(t, "\x1b[1?2Ji\x1b=\x1b>j\x1b[\x18k\x1b[99999999999999999Cl");
    assert_string_equal(row(t, 0), "abcdefghijk        l");
    put(t, "\r\n\x1b#8");
    assert_string_equal(row(t, 2), "EEEEEEEEEEEEEEEEEEEE");
    /* C0 controls act in the middle of a CSI sequence */
    put(t, "\x1b[H\x1b[2\nB");
    assert_cursor(t, 0, 2);
}

static void test_rep_and_tabs(void **state)
{
    (void)state;
    struct term *t = term_new(20, 3);
    put(t, "x\x1b[4b|");
    assert_string_equal(row(t, 0), "xxxxx|");
    put(t, "\x1b[1;15H\x1b[Z");
    assert_cursor(t, 8, 0);
    put(t, "\x1b[2Z");
    assert_cursor(t, 0, 0);
    put(t, "\x1b[2I");
    assert_cursor(t, 16, 0);
}

static void test_dirty_rows(void **state)
{
    (void)state;
    struct term *t = term_new(10, 6);
    for (int y = 0; y < 6; y++)
        assert_true(vt_row_dirty(&t->vt, y));
    vt_clean(&t->vt);
    put(t, "\x1b[4;1Hz");
    for (int y = 0; y < 6; y++)
        assert_int_equal(vt_row_dirty(&t->vt, y), y == 3);
    vt_clean(&t->vt);
    put(t, "\x1b[2;5r\x1b[5;1H\n");
    for (int y = 0; y < 6; y++)
        assert_int_equal(vt_row_dirty(&t->vt, y), y >= 1 && y <= 4);
    vt_clean(&t->vt);
    put(t, "\x1b[H\x1b[3A");
    for (int y = 0; y < 6; y++)
        assert_false(vt_row_dirty(&t->vt, y));
    assert_false(vt_row_dirty(&t->vt, -1));
    assert_false(vt_row_dirty(&t->vt, 6));
}

static void test_fuzz(void **state)
{
    (void)state;
    struct term *t = term_new(13, 7);
    static const char alphabet[] = "\x1b[;?0123456789ABCDEFGHJKLMPSTXZ@bcdfghlmnqrsu78 \r\n\b\t"
                                   "\xc3\xa9\xe2\x82\xac\xf0\x90\x80\x80\xff]\x07\\#(!";
    uint32_t seed = 12345;
    uint8_t buf[4096];
    for (int round = 0; round < 100; round++) {
        for (size_t i = 0; i < sizeof(buf); i++) {
            seed = seed * 1103515245 + 12345;
            uint32_t r = seed >> 16;
            buf[i] = r % 4 ? (uint8_t)alphabet[r / 4 % (sizeof(alphabet) - 1)] : (uint8_t)r;
        }
        vt_write(&t->vt, buf, sizeof(buf));
        assert_true(t->vt.x >= 0 && t->vt.x < 13 && t->vt.y >= 0 && t->vt.y < 7);
        assert_true(t->vt.top >= 0 && t->vt.top < t->vt.bot && t->vt.bot < 7);
        assert_true(t->vt.sb_count <= SB_LINES);
        vt_scroll_view(&t->vt, (int)(seed % 50) - 20);
        for (int y = 0; y < 7; y++)
            assert_non_null(vt_row(&t->vt, y));
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_init_args),     cmocka_unit_test(test_print_cr_lf),
        cmocka_unit_test(test_autowrap),      cmocka_unit_test(test_bs_tab_bel),
        cmocka_unit_test(test_cursor_moves),  cmocka_unit_test(test_erase),
        cmocka_unit_test(test_insert_delete), cmocka_unit_test(test_scroll_full),
        cmocka_unit_test(test_scroll_region), cmocka_unit_test(test_scrollback_ring),
        cmocka_unit_test(test_no_scrollback), cmocka_unit_test(test_utf8),
        cmocka_unit_test(test_line_drawing),  cmocka_unit_test(test_sgr),
        cmocka_unit_test(test_save_restore),  cmocka_unit_test(test_cursor_visibility),
        cmocka_unit_test(test_alt_screen),    cmocka_unit_test(test_reports),
        cmocka_unit_test(test_reset),         cmocka_unit_test(test_ignored_sequences),
        cmocka_unit_test(test_rep_and_tabs),  cmocka_unit_test(test_dirty_rows),
        cmocka_unit_test(test_fuzz),
    };
    return cmocka_run_group_tests_name("vt", tests, NULL, NULL);
}

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "abi/errno.h"
#include "abi/proto/procmgr.h"
#include "cluufile.h"

/* procmgr enforces the profile bits exactly as the parser produces them. */
_Static_assert(CLUUFILE_CAP_IPC == PROFILE_IPC && CLUUFILE_CAP_VFS == PROFILE_VFS &&
                   CLUUFILE_CAP_REGISTRY == PROFILE_REGISTRY &&
                   CLUUFILE_CAP_ADMIN == PROFILE_ADMIN && CLUUFILE_CAP_DEVICE == PROFILE_DEVICE &&
                   CLUUFILE_CAP_SUPERVISOR == PROFILE_SUPERVISOR,
               "Cluufile profile bits differ from procmgr's");

#define F "containers/ls/Cluufile"
#define M "var/images/ls/manifest"
#define EP "ENTRYPOINT [\"/bin/ls\"]\n"

static struct cluufile cf, cf2;
static char err[512];
static char man[1 << 19], man2[1 << 19];

static int parse(const char *text)
{
    memset(err, 'x', sizeof err);
    return cluufile_parse(F, text, strlen(text), &cf, err, sizeof err);
}

#define OK(text)                                                                                   \
    do {                                                                                           \
        if (parse(text))                                                                           \
            fail_msg("unexpected error: %s", err);                                                 \
    } while (0)

#define BAD(text, msg)                                                                             \
    do {                                                                                           \
        assert_int_equal(parse(text), -EINVAL);                                                    \
        assert_string_equal(err, msg);                                                             \
    } while (0)

static const char *s(uint16_t off)
{
    return cluufile_str(&cf, off);
}

static const char *env_value(const char *key)
{
    for (unsigned i = 0; i < cf.nenv; i++)
        if (!strcmp(s(cf.env[i].key), key))
            return s(cf.env[i].value);
    return NULL;
}

/* parse -> normalise -> parse_manifest -> normalise must give the same text. */
static void round_trip(const struct cluufile *c, const char *name)
{
    static struct cluufile copy;
    copy = *c;
    assert_int_equal(cluufile_set_name(&copy, name), 0);
    int n = cluufile_normalise(&copy, man, sizeof man);
    assert_true(n > 0);
    assert_int_equal((size_t)n, strlen(man));
    if (cluufile_parse_manifest(M, man, (size_t)n, &cf2, err, sizeof err))
        fail_msg("manifest does not parse: %s\n%s", err, man);
    int n2 = cluufile_normalise(&cf2, man2, sizeof man2);
    assert_int_equal(n2, n);
    assert_string_equal(man2, man);
}

static void test_minimal_and_defaults(void **state)
{
    (void)state;
    OK(EP);
    assert_string_equal(cf.name, "");
    assert_string_equal(cf.from, "scratch");
    assert_int_equal(cf.profile, 0);
    assert_int_equal(cf.restart, CLUUFILE_RESTART_NO);
    assert_int_equal(cf.restart_max, 0);
    assert_int_equal(cf.restart_backoff_ms, 0);
    assert_int_equal(cf.nmounts + cf.nenv + cf.nargs + cf.nbuild, 0);
    assert_int_equal(cf.nentry, 1);
    assert_string_equal(s(cf.entrypoint[0]), "/bin/ls");
    assert_string_equal(err, "");
    /* Keywords are case-insensitive; a text without a final newline is fine. */
    OK("from SCRATCH\nentryPoint /bin/ls");
    assert_string_equal(cf.from, "scratch");
}

static void test_from(void **state)
{
    (void)state;
    OK("FROM base-image_1.2:latest\n" EP);
    assert_string_equal(cf.from, "base-image_1.2:latest");
    OK("ARG X=1\nFROM scratch\n" EP);
    BAD("FROM\n" EP, F ":1: FROM: expected an image name or scratch, got end of line");
    BAD("FROM -x\n" EP, F ":1: FROM: expected an image name or scratch, got \"-x\"");
    BAD("FROM a b\n" EP, F ":1: FROM: unexpected \"b\" after the image name");
    BAD("FROM a\nFROM b\n" EP, F ":2: FROM: only one FROM allowed (first on line 1)");
    BAD("PROFILE IPC\nFROM a\n" EP,
        F ":2: FROM: must come before other instructions (only ARG may precede it)");
    char big[200];
    snprintf(big, sizeof big, "FROM %064d\n" EP, 0);
    BAD(big, F ":1: FROM: expected an image name or scratch, got "
               "\"0000000000000000000000000000000000000000000000000000000000000000\"");
}

static void test_profile(void **state)
{
    (void)state;
    OK("PROFILE ipc Vfs\nPROFILE SUPERVISOR\n" EP);
    assert_int_equal(cf.profile, CLUUFILE_CAP_IPC | CLUUFILE_CAP_VFS | CLUUFILE_CAP_SUPERVISOR);
    OK("PROFILE IPC VFS REGISTRY ADMIN DEVICE SUPERVISOR\n" EP);
    assert_int_equal(cf.profile, (1u << CLUUFILE_CAP_COUNT) - 1);
    BAD("PROFILE\n" EP,
        F ":1: PROFILE: expected one or more of IPC VFS REGISTRY ADMIN DEVICE SUPERVISOR");
    BAD("PROFILE IPC NET\n" EP,
        F ":1: PROFILE: expected IPC|VFS|REGISTRY|ADMIN|DEVICE|SUPERVISOR, got \"NET\"");
    BAD("PROFILE IPC\n\nPROFILE vfs ipc\n" EP, F ":3: PROFILE: duplicate capability IPC");
    assert_string_equal(cluufile_cap_name(0), "IPC");
    assert_string_equal(cluufile_cap_name(5), "SUPERVISOR");
    assert_null(cluufile_cap_name(6));
}

static void test_mount(void **state)
{
    (void)state;
    OK("MOUNT /tmp inherit\nMOUNT / READONLY\nMOUNT /var/log/x.d private\nMOUNT /dev none\n" EP);
    assert_int_equal(cf.nmounts, 4);
    assert_string_equal(s(cf.mounts[0].path), "/tmp");
    assert_int_equal(cf.mounts[0].mode, CLUUFILE_MOUNT_INHERIT);
    assert_string_equal(s(cf.mounts[1].path), "/");
    assert_int_equal(cf.mounts[1].mode, CLUUFILE_MOUNT_READONLY);
    assert_string_equal(s(cf.mounts[2].path), "/var/log/x.d");
    assert_int_equal(cf.mounts[2].mode, CLUUFILE_MOUNT_PRIVATE);
    assert_int_equal(cf.mounts[3].mode, CLUUFILE_MOUNT_NONE);
    OK("MOUNT /.hidden/..x none\n" EP);

    BAD("# ls\nPROFILE IPC\nMOUNT /tmp shared\n" EP,
        F ":3: MOUNT: expected inherit|private|readonly|none, got \"shared\"");
    BAD("MOUNT\n" EP, F ":1: MOUNT: expected <path> inherit|private|readonly|none");
    BAD("MOUNT /tmp\n" EP, F ":1: MOUNT: expected inherit|private|readonly|none after /tmp");
    BAD("MOUNT /tmp none x\n" EP, F ":1: MOUNT: unexpected \"x\" after the mode");
    BAD("MOUNT tmp none\n" EP, F ":1: MOUNT: expected an absolute path, got \"tmp\"");
    BAD("MOUNT /tmp/ none\n" EP, F ":1: MOUNT: path \"/tmp/\" has a trailing slash");
    BAD("MOUNT /a//b none\n" EP, F ":1: MOUNT: path \"/a//b\" has an empty component");
    BAD("MOUNT /a/./b none\n" EP, F ":1: MOUNT: path \"/a/./b\" has a '.' or '..' component");
    BAD("MOUNT /a/.. none\n" EP, F ":1: MOUNT: path \"/a/..\" has a '.' or '..' component");
    BAD("MOUNT /.. none\n" EP, F ":1: MOUNT: path \"/..\" has a '.' or '..' component");
    BAD("MOUNT /tmp none\nMOUNT /x none\nMOUNT /tmp private\n" EP,
        F ":3: MOUNT: duplicate path /tmp");
    BAD("ARG D=\"a b\"\nMOUNT /$D none\n" EP, F ":2: MOUNT: path \"/a b\" contains whitespace");

    static char text[2048];
    memset(text, 0, sizeof text);
    strcat(text, "MOUNT /");
    memset(text + 7, 'a', 255);
    strcat(text, " none\n" EP);
    BAD(text, F ":1: MOUNT: path longer than 255 characters");
    text[7 + 254] = ' '; /* 255 characters in all */
    memcpy(text + 7 + 255, "none\n", 5);
    OK(text);

    char *p = text;
    for (int i = 0; i < CLUUFILE_MOUNT_MAX; i++)
        p += sprintf(p, "MOUNT /m%d none\n", i);
    strcpy(p, EP);
    OK(text);
    assert_int_equal(cf.nmounts, CLUUFILE_MOUNT_MAX);
    sprintf(p, "MOUNT /m%d none\n" EP, CLUUFILE_MOUNT_MAX);
    BAD(text, F ":33: MOUNT: too many mounts (max 32)");
    assert_string_equal(cluufile_mount_mode_name(CLUUFILE_MOUNT_READONLY), "readonly");
    assert_null(cluufile_mount_mode_name(4));
}

static void test_restart(void **state)
{
    (void)state;
    OK("RESTART always\n" EP);
    assert_int_equal(cf.restart, CLUUFILE_RESTART_ALWAYS);
    OK("RESTART On-Failure backoff=250 MAX=5\n" EP);
    assert_int_equal(cf.restart, CLUUFILE_RESTART_ON_FAILURE);
    assert_int_equal(cf.restart_max, 5);
    assert_int_equal(cf.restart_backoff_ms, 250);
    OK("RESTART always max=65535 backoff=3600000\n" EP);
    assert_int_equal(cf.restart_max, 65535);
    assert_int_equal(cf.restart_backoff_ms, 3600000);
    OK("RESTART no\n" EP);
    assert_int_equal(cf.restart, CLUUFILE_RESTART_NO);

    BAD("RESTART\n" EP, F ":1: RESTART: expected no|on-failure|always, got end of line");
    BAD("RESTART sometimes\n" EP,
        F ":1: RESTART: expected no|on-failure|always, got \"sometimes\"");
    BAD("RESTART always tries=3\n" EP,
        F ":1: RESTART: expected max=<N> or backoff=<ms>, got \"tries=3\"");
    BAD("RESTART always max\n" EP, F ":1: RESTART: expected max=<N> or backoff=<ms>, got \"max\"");
    BAD("RESTART always max=0\n" EP, F ":1: RESTART: max: expected a number 1..65535, got \"0\"");
    BAD("RESTART always max=65536\n" EP,
        F ":1: RESTART: max: expected a number 1..65535, got \"65536\"");
    BAD("RESTART always max=99999999999999999999\n" EP,
        F ":1: RESTART: max: expected a number 1..65535, got \"99999999999999999999\"");
    BAD("RESTART always max=\n" EP, F ":1: RESTART: max: expected a number 1..65535, got \"\"");
    BAD("RESTART always max=-1\n" EP, F ":1: RESTART: max: expected a number 1..65535, got \"-1\"");
    BAD("RESTART always backoff=1s\n" EP,
        F ":1: RESTART: backoff: expected milliseconds 0..3600000, got \"1s\"");
    BAD("RESTART always backoff=3600001\n" EP,
        F ":1: RESTART: backoff: expected milliseconds 0..3600000, got \"3600001\"");
    BAD("RESTART always max=1 max=2\n" EP, F ":1: RESTART: max= given twice");
    BAD("RESTART always backoff=1 backoff=1\n" EP, F ":1: RESTART: backoff= given twice");
    BAD("RESTART no max=3\n" EP,
        F ":1: RESTART: max= and backoff= only apply to on-failure and always");
    BAD("RESTART no\nRESTART always\n" EP,
        F ":2: RESTART: only one RESTART allowed (first on line 1)");
    assert_string_equal(cluufile_restart_name(CLUUFILE_RESTART_ON_FAILURE), "on-failure");
    assert_null(cluufile_restart_name(3));
}

static void test_build(void **state)
{
    (void)state;
    OK("BUILD make -C user/app ls   \nBUILD  strip $OUT/ls # not a comment\n" EP);
    assert_int_equal(cf.nbuild, 2);
    assert_string_equal(s(cf.build[0]), "make -C user/app ls");
    assert_string_equal(s(cf.build[1]), "strip $OUT/ls # not a comment"); /* no substitution */
    BAD("BUILD   \n" EP, F ":1: BUILD: expected a command");
    static char text[4096];
    char *p = text;
    for (int i = 0; i <= CLUUFILE_BUILD_MAX; i++)
        p += sprintf(p, "BUILD step %d\n", i);
    strcpy(p, EP);
    BAD(text, F ":33: BUILD: too many BUILD instructions (max 32)");
}

static void test_entrypoint_json(void **state)
{
    (void)state;
    OK("ENTRYPOINT  [ \"/bin/echo\" ,\"a b\",\"q\\\"uote\", \"back\\\\slash\" , \"\" ]  \n");
    assert_int_equal(cf.nentry, 5);
    assert_string_equal(s(cf.entrypoint[0]), "/bin/echo");
    assert_string_equal(s(cf.entrypoint[1]), "a b");
    assert_string_equal(s(cf.entrypoint[2]), "q\"uote");
    assert_string_equal(s(cf.entrypoint[3]), "back\\slash");
    assert_string_equal(s(cf.entrypoint[4]), "");

    BAD("ENTRYPOINT\n", F ":1: ENTRYPOINT: expected [\"exec\", \"arg\", ...] or exec arg ...");
    BAD("ENTRYPOINT [ ]\n", F ":1: ENTRYPOINT: expected at least one string");
    BAD("ENTRYPOINT [/bin/ls]\n", F ":1: ENTRYPOINT: expected a string, got \"/bin/ls]\"");
    BAD("ENTRYPOINT [\"/bin/ls\",]\n", F ":1: ENTRYPOINT: expected a string, got \"]\"");
    BAD("ENTRYPOINT [\"/bin/ls\"\n", F ":1: ENTRYPOINT: expected ',' or ']', got end of line");
    BAD("ENTRYPOINT [\"/bin/ls\" \"-l\"]\n",
        F ":1: ENTRYPOINT: expected ',' or ']', got \"\"-l\"]\"");
    BAD("ENTRYPOINT [\"/bin/ls]\n", F ":1: ENTRYPOINT: unterminated string");
    BAD("ENTRYPOINT [\"/bin/ls\\\n", F ":1: ENTRYPOINT: unterminated string");
    BAD("ENTRYPOINT [\"/bin/ls\\n\"]\n",
        F ":1: ENTRYPOINT: unknown escape \\n (only \\\" and \\\\ are allowed)");
    BAD("ENTRYPOINT [\"/bin/ls\"] extra\n", F ":1: ENTRYPOINT: unexpected \"extra\" after ']'");
    BAD("ENTRYPOINT [\"\", \"x\"]\n", F ":1: ENTRYPOINT: the program (first element) is empty");
    BAD(EP "ENTRYPOINT [\"/bin/cat\"]\n",
        F ":2: ENTRYPOINT: only one ENTRYPOINT allowed (first on line 1)");
    BAD("FROM scratch\n\n", F ":2: missing ENTRYPOINT (exactly one is required)");
    BAD("", F ":1: missing ENTRYPOINT (exactly one is required)");

    static char text[4096];
    char *p = text + sprintf(text, "ENTRYPOINT [\"/bin/x\"");
    for (int i = 1; i < CLUUFILE_ENTRY_MAX; i++)
        p += sprintf(p, ",\"%d\"", i);
    strcpy(p, "]\n");
    OK(text);
    assert_int_equal(cf.nentry, CLUUFILE_ENTRY_MAX);
    assert_string_equal(s(cf.entrypoint[63]), "63");
    strcpy(p, ",\"64\"]\n");
    BAD(text, F ":1: ENTRYPOINT: too many arguments (max 64)");
}

static void test_entrypoint_shell(void **state)
{
    (void)state;
    OK("ENTRYPOINT   /bin/echo  hello\t\"world\"  a\\b  \n");
    assert_int_equal(cf.nentry, 4);
    assert_string_equal(s(cf.entrypoint[0]), "/bin/echo");
    assert_string_equal(s(cf.entrypoint[1]), "hello");
    assert_string_equal(s(cf.entrypoint[2]), "\"world\""); /* no quoting in the shell form */
    assert_string_equal(s(cf.entrypoint[3]), "a\\b");
    static char text[4096];
    char *p = text + sprintf(text, "ENTRYPOINT /bin/x");
    for (int i = 1; i <= CLUUFILE_ENTRY_MAX; i++)
        p += sprintf(p, " %d", i);
    strcpy(p, "\n");
    BAD(text, F ":1: ENTRYPOINT: too many arguments (max 64)");
}

static void test_env(void **state)
{
    (void)state;
    OK("ENV A=1 B=\"two words\" C= D=\"q\\\"\\\\\" E=a=b F=x\"y\n"
       "ENV _under_9=ok\n" EP);
    assert_int_equal(cf.nenv, 7);
    assert_string_equal(env_value("A"), "1");
    assert_string_equal(env_value("B"), "two words");
    assert_string_equal(env_value("C"), "");
    assert_string_equal(env_value("D"), "q\"\\");
    assert_string_equal(env_value("E"), "a=b");
    assert_string_equal(env_value("F"), "x\"y");
    assert_string_equal(env_value("_under_9"), "ok");
    assert_string_equal(s(cf.env[0].key), "A"); /* file order until normalised */

    BAD("ENV\n" EP, F ":1: ENV: expected KEY=VALUE");
    BAD("ENV A\n" EP, F ":1: ENV: expected KEY=VALUE, got \"A\"");
    BAD("ENV A=1 B\n" EP, F ":1: ENV: expected KEY=VALUE, got \"B\"");
    BAD("ENV 1A=x\n" EP,
        F ":1: ENV: expected KEY=VALUE with KEY matching [A-Za-z_][A-Za-z0-9_]*, got \"1A=x\"");
    BAD("ENV =x\n" EP,
        F ":1: ENV: expected KEY=VALUE with KEY matching [A-Za-z_][A-Za-z0-9_]*, got \"=x\"");
    BAD("ENV A-B=x\n" EP,
        F ":1: ENV: expected KEY=VALUE with KEY matching [A-Za-z_][A-Za-z0-9_]*, got \"A-B=x\"");
    BAD("ENV A=1\nENV B=2 A=3\n" EP, F ":2: ENV: duplicate key A");
    BAD("ENV A=\"open\n" EP, F ":1: ENV: unterminated string");
    BAD("ENV A=\"x\\t\"\n" EP, F ":1: ENV: unknown escape \\t (only \\\" and \\\\ are allowed)");
    BAD("ENV A=\"x\"y\n" EP, F ":1: ENV: unexpected \"y\" after the closing quote");

    static char text[8192];
    char *p = text;
    for (int i = 0; i < CLUUFILE_ENV_MAX; i++)
        p += sprintf(p, "ENV V%d=%d\n", i, i);
    strcpy(p, EP);
    OK(text);
    assert_int_equal(cf.nenv, CLUUFILE_ENV_MAX);
    sprintf(p, "ENV LAST=1\n" EP);
    BAD(text, F ":65: ENV: too many variables (max 64)");
}

static void test_arg_substitution(void **state)
{
    (void)state;
    OK("ARG DIR=/srv\n"
       "ARG NAME=app\n"
       "ARG EMPTY\n"
       "ARG FULL=\"$DIR/${NAME} x\"\n"
       "MOUNT $DIR/${NAME}/data private\n"
       "ENV A=$NAME B=\"${DIR}\" C=pre${NAME}post D=$$HOME E=$ F=a$-b G=$EMPTY H=\"$FULL\"\n"
       "ENTRYPOINT [\"$DIR/bin/$NAME\", \"${NAME}_x\", \"$$\"]\n");
    assert_int_equal(cf.nargs, 4);
    assert_string_equal(s(cf.args[0].name), "DIR");
    assert_string_equal(s(cf.args[0].value), "/srv");
    assert_string_equal(s(cf.args[2].value), "");
    assert_string_equal(s(cf.args[3].value), "/srv/app x");
    assert_string_equal(s(cf.mounts[0].path), "/srv/app/data");
    assert_string_equal(env_value("A"), "app");
    assert_string_equal(env_value("B"), "/srv");
    assert_string_equal(env_value("C"), "preapppost");
    assert_string_equal(env_value("D"), "$HOME");
    assert_string_equal(env_value("E"), "$");
    assert_string_equal(env_value("F"), "a$-b");
    assert_string_equal(env_value("G"), "");
    assert_string_equal(env_value("H"), "/srv/app x");
    assert_string_equal(s(cf.entrypoint[0]), "/srv/bin/app");
    assert_string_equal(s(cf.entrypoint[1]), "app_x");
    assert_string_equal(s(cf.entrypoint[2]), "$");
    /* $NAME is greedy: $NAMEx names the variable NAMEx. */
    BAD("ARG NAME=a\nENV X=$NAMEx\n" EP,
        F ":2: ENV: unknown variable NAMEx (declare it with ARG first)");
    OK("ARG P=/bin/ls\nENTRYPOINT $P -l\n");
    assert_string_equal(s(cf.entrypoint[0]), "/bin/ls");
    assert_string_equal(s(cf.entrypoint[1]), "-l");

    BAD("ENV X=$NOPE\n" EP, F ":1: ENV: unknown variable NOPE (declare it with ARG first)");
    BAD("ENV X=$LATER\nARG LATER=1\n" EP,
        F ":1: ENV: unknown variable LATER (declare it with ARG first)");
    BAD("MOUNT /${NOPE} none\n" EP,
        F ":1: MOUNT: unknown variable NOPE (declare it with ARG first)");
    BAD("ENTRYPOINT [\"$NOPE\"]\n",
        F ":1: ENTRYPOINT: unknown variable NOPE (declare it with ARG first)");
    BAD("ARG A=$A\n" EP, F ":1: ARG: unknown variable A (declare it with ARG first)");
    BAD("ARG A=1\nENV X=${A\n" EP, F ":2: ENV: expected '}' to close ${A");
    BAD("ARG A=1\nENV X=\"${A:-x}\"\n" EP, F ":2: ENV: expected '}' to close ${A");
    BAD("ENV X=${}\n" EP, F ":1: ENV: expected a variable name after ${");
    BAD("ENV X=${1}\n" EP, F ":1: ENV: expected a variable name after ${");
    BAD("ARG EMPTY\nENTRYPOINT $EMPTY x\n",
        F ":2: ENTRYPOINT: the program (first element) is empty");
    BAD("ARG\n" EP, F ":1: ARG: expected NAME[=default]");
    BAD("ARG 9=x\n" EP,
        F ":1: ARG: expected NAME[=default] with NAME matching [A-Za-z_][A-Za-z0-9_]*, got "
          "\"9=x\"");
    BAD("ARG A B\n" EP, F ":1: ARG: unexpected \"B\" after NAME[=default]");
    BAD("ARG A=1\nARG A=2\n" EP, F ":2: ARG: duplicate ARG A");

    static char text[8192];
    char *p = text;
    for (int i = 0; i < CLUUFILE_ARG_MAX; i++)
        p += sprintf(p, "ARG A%d=%d\n", i, i);
    strcpy(p, "ENV X=$A31\n" EP);
    OK(text);
    assert_string_equal(env_value("X"), "31");
    sprintf(p, "ARG LAST\n" EP);
    BAD(text, F ":33: ARG: too many ARGs (max 32)");
}

static void test_lines_comments_continuations(void **state)
{
    (void)state;
    OK("# comment\n"
       "   \t# indented comment\n"
       "\n"
       "  \t \n"
       "ENV A=#not-a-comment \\\n"
       "    B=2\n"
       "ENTRYPOINT [\"/bin/ls\", \\\n"
       "# a comment inside a continuation is skipped\n"
       "            \"-l\"]\n");
    assert_string_equal(env_value("A"), "#not-a-comment");
    assert_string_equal(env_value("B"), "2");
    assert_int_equal(cf.nentry, 2);
    assert_string_equal(s(cf.entrypoint[1]), "-l");

    /* The backslash and newline vanish: the next line is glued on as it is. */
    OK("ENV A=x\\\ny\n" EP);
    assert_string_equal(env_value("A"), "xy");
    /* CRLF line endings. */
    OK("PROFILE IPC\r\nENV A=1 \\\r\n B=2\r\n" EP);
    assert_string_equal(env_value("B"), "2");
    /* A continuation on the last line is accepted. */
    OK("ENTRYPOINT /bin/ls \\");
    OK(EP "\\\n");
    /* A backslash that is not last does not continue. */
    BAD("ENV A=x\\ \nB=2\n" EP, F ":2: unknown instruction \"B=2\" (expected FROM, PROFILE, MOUNT, "
                                  "RESTART, BUILD, ENTRYPOINT, ENV or ARG)");
    /* An empty line ends a continuation. */
    BAD("ENV A=1 \\\n\nB=2\n" EP, F ":3: unknown instruction \"B=2\" (expected FROM, PROFILE, "
                                    "MOUNT, RESTART, BUILD, ENTRYPOINT, ENV or ARG)");
    /* Errors name the first line of a continued instruction. */
    BAD("\n\nMOUNT \\\n  /tmp \\\n  shared\n" EP,
        F ":3: MOUNT: expected inherit|private|readonly|none, got \"shared\"");
    BAD("RUN make\n" EP, F ":1: unknown instruction \"RUN\" (expected FROM, PROFILE, MOUNT, "
                           "RESTART, BUILD, ENTRYPOINT, ENV or ARG)");
    BAD("NAME ls\n" EP, F ":1: unknown instruction \"NAME\" (expected FROM, PROFILE, MOUNT, "
                          "RESTART, BUILD, ENTRYPOINT, ENV or ARG)");
    BAD(EP "ENV A=1\x01\n", F ":2: control character 0x01");
    BAD(EP "ENV A=1\rB=2\n", F ":2: control character 0x0d");
    BAD(EP "\x7f\n", F ":2: control character 0x7f");
    const char nul[] = EP "ENV A=\0\n";
    assert_int_equal(cluufile_parse(F, nul, sizeof nul - 1, &cf, err, sizeof err), -EINVAL);
    assert_string_equal(err, F ":2: control character 0x00");
    /* The text need not be NUL-terminated, and only len bytes count. */
    const char *text = EP "garbage after len";
    assert_int_equal(cluufile_parse(F, text, strlen(EP), &cf, err, sizeof err), 0);
}

static void test_line_limit(void **state)
{
    (void)state;
    static char text[3 * CLUUFILE_LINE_MAX];
    /* "ENV A=" + value: exactly 4096 characters is fine, 4097 is not. */
    strcpy(text, "ENV A=");
    size_t v = CLUUFILE_LINE_MAX - 6;
    memset(text + 6, 'v', v);
    strcpy(text + 6 + v, "\n" EP);
    OK(text);
    assert_int_equal(strlen(env_value("A")), v);
    strcpy(text + 6 + v, "w\n" EP);
    BAD(text, F ":1: line too long (max 4096 characters)");
    /* The limit is on the logical line: two short physical lines joined are too long. */
    char *p = text + sprintf(text, "\nENV A=");
    memset(p, 'v', 3000);
    p += 3000;
    p += sprintf(p, "\\\n");
    memset(p, 'w', 1200);
    strcpy(p + 1200, "\n" EP);
    BAD(text, F ":2: line too long (max 4096 characters)");
    /* A physical line far longer than the buffer. */
    memset(text, 'x', sizeof text - 1);
    text[sizeof text - 1] = '\0';
    BAD(text, F ":1: line too long (max 4096 characters)");
}

static void test_storage_limits(void **state)
{
    (void)state;
    static char text[1 << 16];
    /* Substitution can make a manifest line longer than a Cluufile line may be. */
    char *p = text + sprintf(text, "ARG X=");
    memset(p, 'x', 2000);
    p += 2000;
    *p++ = '\n';
    sprintf(p, "ENTRYPOINT /bin/a $X $X $X\n");
    BAD(text, F ":2: ENTRYPOINT: too long after substitution (the manifest line would exceed "
                "4096 characters)");
    sprintf(p, "ENV A=$X$X$X\n" EP);
    BAD(text, F ":2: ENV: too long after substitution (the manifest line would exceed 4096 "
                "characters)");
    /* At the limit: "entrypoint [" "/bin/a", "x...", "y..." "]" is 2029 + 2067 = 4096. */
    static char ys[3000];
    memset(ys, 'y', sizeof ys - 1);
    sprintf(p, "ENTRYPOINT /bin/a $X %.*s\n", 2067, ys);
    OK(text);
    assert_int_equal(cluufile_set_name(&cf, "n"), 0);
    assert_int_equal(cluufile_normalise(&cf, man, sizeof man), 5 + 2 + 13 + 8 + 11 + 4097);
    sprintf(p, "ENTRYPOINT /bin/a $X %.*s\n", 2068, ys);
    BAD(text, F ":2: ENTRYPOINT: too long after substitution (the manifest line would exceed "
                "4096 characters)");
    /* The string pool fills up before anything overflows. */
    p = text + sprintf(text, "ARG X=");
    memset(p, 'x', 2000);
    p += 2000;
    *p++ = '\n';
    for (int i = 0; i < 10; i++)
        p += sprintf(p, "ENV A%d=$X\n", i);
    strcpy(p, EP);
    BAD(text, F ":9: Cluufile too large (string storage of 16384 bytes is full)");
}

static void test_error_buffer(void **state)
{
    (void)state;
    const char *text = "MOUNT /tmp shared\n" EP;
    char small[8];
    memset(small, 'x', sizeof small);
    assert_int_equal(cluufile_parse(F, text, strlen(text), &cf, small, sizeof small), -EINVAL);
    assert_string_equal(small, "contain");
    assert_int_equal(cluufile_parse(F, text, strlen(text), &cf, NULL, 0), -EINVAL);
    assert_int_equal(cluufile_parse(F, text, strlen(text), &cf, small, 1), -EINVAL);
    assert_string_equal(small, "");
    /* Long tokens are cut in messages. */
    char big[300];
    memset(big, 0, sizeof big);
    strcpy(big, "PROFILE ");
    memset(big + 8, 'Q', 100);
    strcat(big, "\n" EP);
    BAD(big, F ":1: PROFILE: expected IPC|VFS|REGISTRY|ADMIN|DEVICE|SUPERVISOR, got "
               "\"QQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQ...\"");
}

static void test_normalise(void **state)
{
    (void)state;
    OK("FROM base\n"
       "ARG V=1.0\n"
       "PROFILE SUPERVISOR vfs\n"
       "PROFILE IPC\n"
       "MOUNT /var none\n"
       "MOUNT /tmp inherit\n"
       "MOUNT /tmp/a private\n"
       "MOUNT / readonly\n"
       "RESTART on-failure backoff=100 max=5\n"
       "BUILD make\n"
       "ENV VERSION=$V ZED=\"two words\" ALPHA=\"q\\\"\\\\\" EMPTY= DOLLAR=$$\n"
       "ENTRYPOINT /bin/app --name \"x\\y\"\n");
    char buf[1024];
    assert_int_equal(cluufile_normalise(&cf, buf, sizeof buf), -EINVAL); /* no name yet */
    assert_int_equal(cluufile_set_name(&cf, "app"), 0);
    const char *want = "name app\n"
                       "from base\n"
                       "profile IPC VFS SUPERVISOR\n"
                       "mount / readonly\n"
                       "mount /tmp inherit\n"
                       "mount /tmp/a private\n"
                       "mount /var none\n"
                       "restart on-failure max=5 backoff=100\n"
                       "env ALPHA=\"q\\\"\\\\\"\n"
                       "env DOLLAR=$\n"
                       "env EMPTY=\"\"\n"
                       "env VERSION=1.0\n"
                       "env ZED=\"two words\"\n"
                       "entrypoint [\"/bin/app\", \"--name\", \"\\\"x\\\\y\\\"\"]\n";
    int n = cluufile_normalise(&cf, buf, sizeof buf);
    assert_string_equal(buf, want);
    assert_int_equal(n, strlen(want));
    /* Too small a buffer: -ENOSPC, never a partial manifest. */
    assert_int_equal(cluufile_normalise(&cf, buf, (size_t)n), -ENOSPC);
    assert_string_equal(buf, "");
    assert_int_equal(cluufile_normalise(&cf, buf, 0), -ENOSPC);
    assert_int_equal(cluufile_normalise(&cf, buf, (size_t)n + 1), n);
    round_trip(&cf, "app");
    assert_string_equal(cf2.name, "app");
    assert_int_equal(cf2.nmounts, 4);
    assert_string_equal(cluufile_str(&cf2, cf2.env[1].value), "$");
    assert_int_equal(cf2.nargs + cf2.nbuild, 0); /* build-time only */

    OK("RESTART always\n" EP);
    assert_int_equal(cluufile_set_name(&cf, "ls"), 0);
    cluufile_normalise(&cf, buf, sizeof buf);
    assert_string_equal(buf, "name ls\nfrom scratch\nprofile\nrestart always\n"
                             "entrypoint [\"/bin/ls\"]\n");
    round_trip(&cf, "ls");

    assert_int_equal(cluufile_set_name(&cf, "a.b-c_9"), 0);
    assert_int_equal(cluufile_set_name(&cf, "_x"), 0);
    assert_int_equal(cluufile_set_name(&cf, ""), -EINVAL);
    assert_int_equal(cluufile_set_name(&cf, "."), -EINVAL);
    assert_int_equal(cluufile_set_name(&cf, ".."), -EINVAL);
    assert_int_equal(cluufile_set_name(&cf, "-x"), -EINVAL);
    assert_int_equal(cluufile_set_name(&cf, "a/b"), -EINVAL);
    assert_int_equal(cluufile_set_name(&cf, "a b"), -EINVAL);
    char longname[80];
    memset(longname, 'n', sizeof longname);
    longname[63] = '\0';
    assert_int_equal(cluufile_set_name(&cf, longname), 0);
    longname[63] = 'n';
    longname[64] = '\0';
    assert_int_equal(cluufile_set_name(&cf, longname), -EINVAL);
}

static int mparse(const char *text)
{
    return cluufile_parse_manifest(M, text, strlen(text), &cf, err, sizeof err);
}

#define MBAD(text, msg)                                                                            \
    do {                                                                                           \
        assert_int_equal(mparse(text), -EINVAL);                                                   \
        assert_string_equal(err, msg);                                                             \
    } while (0)

static void test_manifest_parse(void **state)
{
    (void)state;
    const char *good = "name ls\nfrom scratch\nprofile IPC VFS\nmount /tmp inherit\n"
                       "restart on-failure max=5 backoff=100\nenv P=$X\\\nenv Q=\"a\\\\\"\n"
                       "entrypoint [\"/bin/ls\", \"-l\"]\n";
    if (mparse(good))
        fail_msg("%s", err);
    assert_string_equal(cf.name, "ls");
    assert_int_equal(cf.profile, CLUUFILE_CAP_IPC | CLUUFILE_CAP_VFS);
    assert_string_equal(cluufile_str(&cf, cf.env[0].value), "$X\\"); /* no substitution */
    assert_string_equal(cluufile_str(&cf, cf.env[1].value), "a\\");
    assert_int_equal(cf.restart_max, 5);
    assert_int_equal(cf.nentry, 2);

    MBAD("from scratch\nentrypoint [\"/bin/ls\"]\n", M ":2: missing name");
    MBAD("name ls\n", M ":1: missing entrypoint (exactly one is required)");
    MBAD("name ls\nARG X=1\nentrypoint [\"/bin/ls\"]\n",
         M ":2: unknown key \"ARG\" (expected name, from, profile, mount, restart, env or "
           "entrypoint)");
    MBAD("name ls\nbuild make\nentrypoint [\"/bin/ls\"]\n",
         M ":2: unknown key \"build\" (expected name, from, profile, mount, restart, env or "
           "entrypoint)");
    MBAD("name ls\nname cat\nentrypoint [\"/bin/ls\"]\n",
         M ":2: name: only one name allowed (first on line 1)");
    MBAD("name ../x\nentrypoint [\"/bin/ls\"]\n",
         M ":1: name: expected an image name matching [A-Za-z0-9_][A-Za-z0-9_.-]*, got \"../x\"");
    MBAD("name ls x\nentrypoint [\"/bin/ls\"]\n", M ":1: name: unexpected \"x\" after the name");
    MBAD("name ls\nmount /tmp shared\nentrypoint [\"/bin/ls\"]\n",
         M ":2: mount: expected inherit|private|readonly|none, got \"shared\"");
    MBAD("name ls\nprofile IPC IPC\nentrypoint [\"/bin/ls\"]\n",
         M ":2: profile: duplicate capability IPC");
    /* No continuations in a manifest. */
    MBAD("name ls\nenv A=1 \\\n B=2\nentrypoint [\"/bin/ls\"]\n",
         M ":2: env: expected KEY=VALUE with KEY matching [A-Za-z_][A-Za-z0-9_]*, got \"\\\"");
}

/* Every Cluufile in the tree parses and survives the manifest round trip. */
static void test_tree_containers(void **state)
{
    (void)state;
    DIR *d = opendir("containers");
    if (!d)
        fail_msg("run from the repository root: containers/ not found");
    int count = 0;
    struct dirent *de;
    while ((de = readdir(d))) {
        if (de->d_name[0] == '.')
            continue;
        char path[512];
        snprintf(path, sizeof path, "containers/%s/Cluufile", de->d_name);
        FILE *f = fopen(path, "rb");
        if (!f)
            continue;
        static char text[1 << 16];
        size_t n = fread(text, 1, sizeof text, f);
        fclose(f);
        if (cluufile_parse(path, text, n, &cf, err, sizeof err))
            fail_msg("%s", err);
        round_trip(&cf, de->d_name);
        char want[300];
        snprintf(want, sizeof want, "/bin/%s", de->d_name);
        assert_string_equal(s(cf.entrypoint[0]), want);
        count++;
    }
    closedir(d);
    assert_true(count >= 13);
}

/* xorshift64*: deterministic, so a failure reproduces. */
static uint64_t rng = 0x9e3779b97f4a7c15ull;
static uint32_t rnd(uint32_t n)
{
    rng ^= rng >> 12;
    rng ^= rng << 25;
    rng ^= rng >> 27;
    return (uint32_t)((rng * 2685821657736338717ull) >> 32) % n;
}

static const char *const seeds[] = {
    "FROM scratch\nARG D=/srv\nPROFILE IPC VFS\nMOUNT $D/x private\nMOUNT /tmp inherit\n"
    "RESTART on-failure max=5 backoff=100\nBUILD make it\nENV A=1 B=\"x y\" C=${D}\n"
    "ENTRYPOINT [\"/bin/ls\", \"-l\", \"q\\\"\"]\n",
    "# c\nENV A=x \\\n  B=y\r\nENTRYPOINT /bin/sh -c \"echo\"\n",
    "name ls\nfrom scratch\nprofile IPC\nmount /tmp inherit\nrestart always\nenv A=\"\\\\\"\n"
    "entrypoint [\"/bin/ls\"]\n",
};
static const char *const dict[] = {"\\",       "\"",      "$",           "${",   "}",   "\n",
                                   "[",        "]",       ",",           "=",    "#",   " ",
                                   "\t",       "\\\n",    "\r\n",        "ENV ", "A=",  "$D",
                                   "MOUNT / ", "ARG X\n", "ENTRYPOINT ", "max=", "/..", "\0"};

/* One fuzz case: must not crash, must report a well-formed error, and anything accepted
 * must survive the manifest round trip. */
static bool fuzz_one(const char *data, size_t len, bool manifest)
{
    char *copy = malloc(len ? len : 1); /* exact size: ASan catches reads past len */
    memcpy(copy, data, len);
    size_t errlen = 1 + rnd(200);
    char *e = malloc(errlen);
    int r = manifest ? cluufile_parse_manifest("f", copy, len, &cf, e, errlen)
                     : cluufile_parse("f", copy, len, &cf, e, errlen);
    if (r) {
        assert_int_equal(r, -EINVAL);
        assert_true(strlen(e) < errlen);
        assert_true(errlen < 3 || !strncmp(e, "f:", 2));
    } else {
        round_trip(&cf, "fz");
    }
    free(e);
    free(copy);
    return r == 0;
}

static void test_fuzz(void **state)
{
    (void)state;
    static char buf[8192];
    for (int iter = 0; iter < 50000; iter++) {
        size_t len = rnd(600);
        for (size_t i = 0; i < len; i++)
            buf[i] = (char)rnd(256);
        fuzz_one(buf, len, iter & 1);
    }
    int accepted = 0;
    for (int iter = 0; iter < 250000; iter++) {
        const char *seed = seeds[rnd(sizeof seeds / sizeof seeds[0])];
        size_t len = strlen(seed);
        memcpy(buf, seed, len);
        int edits = 1 + rnd(4);
        for (int k = 0; k < edits; k++) {
            size_t at = len ? rnd((uint32_t)len + 1) : 0;
            switch (rnd(4)) {
            case 0: /* flip a byte */
                if (at < len)
                    buf[at] = (char)rnd(256);
                break;
            case 1: /* delete a run */
                if (at < len) {
                    size_t n = 1 + rnd((uint32_t)(len - at));
                    memmove(buf + at, buf + at + n, len - at - n);
                    len -= n;
                }
                break;
            default: { /* insert a dictionary word */
                const char *w = dict[rnd(sizeof dict / sizeof dict[0])];
                size_t n = strlen(w) ? strlen(w) : 1;
                if (len + n < sizeof buf) {
                    memmove(buf + at + n, buf + at, len - at);
                    memcpy(buf + at, w, n);
                    len += n;
                }
            }
            }
        }
        accepted += fuzz_one(buf, len, seed == seeds[2]);
    }
    assert_true(accepted > 10000); /* the mutations do reach the deep paths */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_minimal_and_defaults),
        cmocka_unit_test(test_from),
        cmocka_unit_test(test_profile),
        cmocka_unit_test(test_mount),
        cmocka_unit_test(test_restart),
        cmocka_unit_test(test_build),
        cmocka_unit_test(test_entrypoint_json),
        cmocka_unit_test(test_entrypoint_shell),
        cmocka_unit_test(test_env),
        cmocka_unit_test(test_arg_substitution),
        cmocka_unit_test(test_lines_comments_continuations),
        cmocka_unit_test(test_line_limit),
        cmocka_unit_test(test_storage_limits),
        cmocka_unit_test(test_error_buffer),
        cmocka_unit_test(test_normalise),
        cmocka_unit_test(test_manifest_parse),
        cmocka_unit_test(test_tree_containers),
        cmocka_unit_test(test_fuzz),
    };
    return cmocka_run_group_tests_name("cluufile", tests, NULL, NULL);
}

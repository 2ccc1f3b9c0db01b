#define _XOPEN_SOURCE 700
#define _DEFAULT_SOURCE
/* Host tests of the account library (auth.c) in a scratch root. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "../auth.h"

static char *admin_hash;

static void write_file(const char *rel, const char *text, mode_t mode)
{
    char path[400];
    snprintf(path, sizeof path, "%s%s", auth_root, rel);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
    chmod(path, mode);
}

static int setup(void **state)
{
    (void)state;
    char tmpl[] = "/tmp/cluu-auth-XXXXXX";
    assert_non_null(mkdtemp(tmpl));
    snprintf(auth_root, sizeof auth_root, "%s", tmpl);
    char d[400];
    snprintf(d, sizeof d, "%s/etc", auth_root);
    mkdir(d, 0755);
    snprintf(d, sizeof d, "%s/home", auth_root);
    mkdir(d, 0755);
    snprintf(d, sizeof d, "%s/var", auth_root);
    mkdir(d, 0755);
    snprintf(d, sizeof d, "%s/var/log", auth_root);
    mkdir(d, 0755);
    write_file("/etc/passwd",
               "root:x:0:0:root:/root:/bin/sh\n"
               "bad line without fields\n"
               "evil:x:notanumber:0::/:/bin/sh\n"
               "too:many:1:1:a:/b:/c:d\n"
               "admin:x:1000:1000:Admin:/home/admin:/bin/sh\n"
               "guest:x:1001:1001::/home/guest:\n",
               0644);
    write_file("/etc/group", "root:x:0:\nwheel:x:10:admin,other\nadmin:x:1000:\nguest:x:1001:\n",
               0644);
    if (!admin_hash)
        admin_hash = auth_hash("admin");
    assert_non_null(admin_hash);
    char shadow[1024];
    snprintf(shadow, sizeof shadow,
             "root:*:19000:0:99999:7:::\nadmin:%s:19000:0:99999:7:::\n"
             "guest:!locked:19000:0:99999:7:::\n",
             admin_hash);
    write_file("/etc/shadow", shadow, 0600);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    char cmd[400];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", auth_root);
    assert_int_equal(system(cmd), 0);
    return 0;
}

static void test_lookup_skips_malformed_lines(void **state)
{
    (void)state;
    struct auth_user u;
    assert_int_equal(auth_user_by_name("admin", &u), 0);
    assert_int_equal(u.uid, 1000);
    assert_string_equal(u.home, "/home/admin");
    assert_int_equal(auth_user_by_uid(1001, &u), 0);
    assert_string_equal(u.name, "guest");
    assert_string_equal(u.shell, "/bin/sh"); /* empty shell field: the default */
    assert_int_equal(auth_user_by_name("evil", &u), -ENOENT);
    assert_int_equal(auth_user_by_name("too", &u), -ENOENT);
    assert_int_equal(auth_user_by_name("nobody", &u), -ENOENT);
}

static void test_groups(void **state)
{
    (void)state;
    struct auth_user a, g;
    assert_int_equal(auth_user_by_name("admin", &a), 0);
    assert_int_equal(auth_user_by_name("guest", &g), 0);
    assert_true(auth_in_group(&a, "wheel"));
    assert_false(auth_in_group(&g, "wheel"));
    assert_true(auth_in_group(&g, "guest")); /* primary group */
}

static void test_passwords(void **state)
{
    (void)state;
    assert_true(strncmp(admin_hash, "$6$rounds=100000$", 17) == 0);
    assert_true(auth_check_password("admin", "admin"));
    assert_false(auth_check_password("admin", "Admin"));
    assert_false(auth_check_password("admin", ""));
    assert_false(auth_check_password("guest", "locked"));
    assert_false(auth_check_password("root", ""));
    assert_false(auth_check_password("nobody", "admin"));
    assert_true(auth_equal("abc", "abc"));
    assert_false(auth_equal("abc", "abd"));
    assert_false(auth_equal("abc", "abcd"));
}

static void test_set_hash_is_atomic_and_private(void **state)
{
    (void)state;
    char *h = auth_hash("s3cret");
    assert_non_null(h);
    assert_int_equal(auth_set_hash("admin", h), 0);
    free(h);
    assert_true(auth_check_password("admin", "s3cret"));
    assert_false(auth_check_password("admin", "admin"));
    assert_true(auth_check_password("root", "x") == false);
    char path[400];
    struct stat st;
    snprintf(path, sizeof path, "%s/etc/shadow", auth_root);
    assert_int_equal(stat(path, &st), 0);
    assert_int_equal(st.st_mode & 0777, 0600);
    snprintf(path, sizeof path, "%s/etc/shadow.new", auth_root);
    assert_int_not_equal(access(path, F_OK), 0);
    assert_int_equal(auth_set_hash("nobody", "$6$x$y"), -ENOENT);
    assert_int_equal(auth_set_hash("admin", "a:b"), -EINVAL);
    struct auth_user u;
    assert_int_equal(auth_user_by_name("guest", &u), 0); /* other lines intact */
}

static void test_add_and_delete_users(void **state)
{
    (void)state;
    uid_t uid = 0;
    assert_int_equal(auth_add_user("carol", &uid), 0);
    assert_int_equal(uid, 1002);
    struct auth_user u;
    assert_int_equal(auth_user_by_name("carol", &u), 0);
    assert_string_equal(u.home, "/home/carol");
    assert_false(auth_check_password("carol", "")); /* locked until passwd */
    char path[400];
    struct stat st;
    snprintf(path, sizeof path, "%s/home/carol", auth_root);
    assert_int_equal(stat(path, &st), 0);
    assert_int_equal(st.st_mode & 0777, 0700);
    assert_int_equal(auth_add_user("carol", &uid), -EEXIST);
    assert_int_equal(auth_add_user("Bad:Name", &uid), -EINVAL);
    assert_int_equal(auth_add_user("", &uid), -EINVAL);
    assert_int_equal(auth_del_user("carol"), 0);
    assert_int_equal(auth_user_by_name("carol", &u), -ENOENT);
    assert_int_equal(auth_del_user("root"), -EPERM);
    assert_int_equal(auth_del_user("nobody"), -ENOENT);
}

static void test_log(void **state)
{
    (void)state;
    auth_log("test", "hello %d", 42);
    char path[400], line[256] = "";
    snprintf(path, sizeof path, "%s/var/log/auth.log", auth_root);
    FILE *f = fopen(path, "r");
    assert_non_null(f);
    assert_non_null(fgets(line, sizeof line, f));
    fclose(f);
    assert_non_null(strstr(line, "test["));
    assert_non_null(strstr(line, "hello 42"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_lookup_skips_malformed_lines, setup, teardown),
        cmocka_unit_test_setup_teardown(test_groups, setup, teardown),
        cmocka_unit_test_setup_teardown(test_passwords, setup, teardown),
        cmocka_unit_test_setup_teardown(test_set_hash_is_atomic_and_private, setup, teardown),
        cmocka_unit_test_setup_teardown(test_add_and_delete_users, setup, teardown),
        cmocka_unit_test_setup_teardown(test_log, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

/* crun NAME [ARG...]: runs the container NAME (/var/images/NAME) in the foreground and exits
 * with its status. procmgr starts it with exactly its image's profile, environment and
 * mounts; it is crun's child, in crun's process group, so job control reaches it. The
 * shell's `container run` uses this. */
#define _DEFAULT_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

/* CLUU's private system call (user/lib/musl/include/cluu_hooks.h): (name, argv, envp) ->
 * pid; elsewhere it does not exist (ENOSYS). */
#define CLUU_SYS_SPAWN_CONTAINER 0x10000

extern char **environ;

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: crun NAME [ARG...]\n");
        return 2;
    }
    long pid = syscall(CLUU_SYS_SPAWN_CONTAINER, argv[1], argv + 1, environ);
    if (pid < 0) {
        int e = errno;
        fprintf(stderr, "container: %s: %s\n", argv[1],
                e == ENOENT    ? "no such image in /var/images"
                : e == ENOSYS  ? "containers are not supported here"
                : e == ENOEXEC ? "malformed manifest or missing entrypoint (the reason is in "
                                 "the system log)"
                               : strerror(e));
        return e == ENOENT ? 127 : 126;
    }
    int st;
    while (waitpid((pid_t)pid, &st, 0) < 0)
        if (errno != EINTR)
            return 126;
    if (WIFSIGNALED(st)) {
        signal(WTERMSIG(st), SIG_DFL);
        raise(WTERMSIG(st));
        return 128 + WTERMSIG(st);
    }
    return WEXITSTATUS(st);
}

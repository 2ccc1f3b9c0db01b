#pragma once
#include <sys/types.h>

/* A job is one pipeline (or background list): a process group of one or more processes. */
struct job;

/* Start a job for the given command text; processes are added as they are forked. */
struct job *job_new(const char *text);
pid_t job_pgid(struct job *j);
void job_add_proc(struct job *j, pid_t pid);
/* Wait for a foreground job, handing it the terminal; returns its status. A job that
 * stops stays in the table and is announced. */
int job_wait_fg(struct job *j);
/* Leave a job running in the background (announced as "[n] pid" when interactive). */
void job_background(struct job *j);
/* Collect finished children without blocking; with notify, announce Done/Stopped jobs. */
void jobs_reap(int notify);
/* Forget all jobs without waiting (in a forked child). */
void jobs_forget(void);
/* Hang up and continue stopped jobs when the shell exits. */
void jobs_hangup(void);
/* Is there any stopped job? */
int jobs_stopped(void);

/* Builtins. */
int bi_jobs(int argc, char **argv);
int bi_fg(int argc, char **argv);
int bi_bg(int argc, char **argv);
int bi_stop(int argc, char **argv);
int bi_kill(int argc, char **argv);
int bi_wait(int argc, char **argv);
/* Signal number for a name like "TERM", "SIGTERM" or "15"; -1 if unknown. */
int sig_number(const char *name);
const char *sig_name(int sig);

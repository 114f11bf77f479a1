/*
 * The process of a pod's sandbox ("pause") container. It only keeps the pod's namespaces alive.
 * As PID 1 of its namespace, the kernel drops signals it has no handler for, so it installs
 * handlers: SIGTERM and SIGINT end it with status 0, and SIGCHLD reaps children that were
 * re-parented to it when the pod shares one PID namespace. Built static, so the image needs no libc.
 */
#include <errno.h>
#include <signal.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static void on_stop(int signo) {
    (void) signo;
    _exit(0);
}

static void on_child(int signo) {
    int saved_errno = errno;
    (void) signo;
    while (waitpid(-1, NULL, WNOHANG) > 0) {
        /* keep reaping until no exited child is left */
    }
    errno = saved_errno;
}

static int handle(int signo, void (*handler)(int), int flags) {
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_handler = handler;
    action.sa_flags = flags;
    sigemptyset(&action.sa_mask);
    return sigaction(signo, &action, NULL);
}

int main(void) {
    if (handle(SIGTERM, on_stop, 0) != 0 || handle(SIGINT, on_stop, 0) != 0
            || handle(SIGCHLD, on_child, SA_NOCLDSTOP | SA_RESTART) != 0) {
        return 1;
    }
    for (;;) {
        pause();
    }
}

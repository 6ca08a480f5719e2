// The commit log's durable write on this disk, measured apart from the UpdateServer (issue 21):
// appends of SIZE bytes at the tail of a preallocated, zero-filled file opened with O_DIRECT (as
// UpdateServer/CommitLog/DirectCommitLogFile.cs writes it), made durable four ways:
//   fsync  pwrite + fdatasync (what the UPS does)
//   rwf    one pwritev2(RWF_DSYNC) (a FUA write where the device takes FUA, else write + flush in the kernel)
//   odsync pwrite on a file opened O_DSYNC
//   write  pwrite alone (not durable: the write's own share)
// THREADS writers share the file's tail (each claims the next SIZE bytes, then writes and syncs it),
// so THREADS=2 has the next batch's write issued while the previous batch's flush is in flight.
// Prints the median, p90 and p99 latency of one durable append, the appends per second and the process's
// CPU (user + system) per append: the figure to compare on a loaded machine, where latency is mostly run-queue wait.
//   gcc -O2 -pthread -o /tmp/logsync tests/Benchmarks/logsync.c
//   /tmp/logsync DIR MODE SIZE_KIB THREADS SECONDS
#define _GNU_SOURCE
#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/uio.h>
#include <time.h>
#include <unistd.h>

#define FILE_BYTES (256L << 20)
#define MAX_SAMPLES 2000000

static int fd;
static const char *mode;
static size_t size;
static double seconds;
static atomic_long tail;
static atomic_long count;
static double *samples;
static atomic_long sampled;

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec / 1e9;
}

static void *writer(void *arg)
{
    (void)arg;
    void *buf;
    if (posix_memalign(&buf, 4096, size) != 0)
        abort();
    memset(buf, 'x', size);
    double end = now() + seconds;
    while (now() < end)
    {
        long at = atomic_fetch_add(&tail, (long)size) % (FILE_BYTES - (long)size);
        at -= at % 4096;
        double t0 = now();
        if (strcmp(mode, "rwf") == 0)
        {
            struct iovec v = {buf, size};
            if (pwritev2(fd, &v, 1, at, RWF_DSYNC) != (ssize_t)size)
                perror("pwritev2"), exit(1);
        }
        else
        {
            if (pwrite(fd, buf, size, at) != (ssize_t)size)
                perror("pwrite"), exit(1);
            if (strcmp(mode, "fsync") == 0 && fdatasync(fd) != 0)
                perror("fdatasync"), exit(1);
        }
        double t1 = now();
        long i = atomic_fetch_add(&sampled, 1);
        if (i < MAX_SAMPLES)
            samples[i] = (t1 - t0) * 1e6;
        atomic_fetch_add(&count, 1);
    }
    free(buf);
    return NULL;
}

static int compare(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

int main(int argc, char **argv)
{
    if (argc != 6)
    {
        fprintf(stderr, "usage: %s DIR fsync|rwf|odsync|write SIZE_KIB THREADS SECONDS\n", argv[0]);
        return 2;
    }
    mode = argv[2];
    size = (size_t)atol(argv[3]) << 10;
    int threads = atoi(argv[4]);
    seconds = atof(argv[5]);
    char path[4096];
    snprintf(path, sizeof path, "%s/logsync.dat", argv[1]);
    // Zero-filled and synced first, so every append overwrites an allocated, written extent.
    int init = open(path, O_RDWR | O_CREAT, 0644);
    if (init < 0)
        perror("open"), exit(1);
    if (lseek(init, 0, SEEK_END) < FILE_BYTES)
    {
        char *zeros = calloc(1, 1 << 20);
        for (long at = 0; at < FILE_BYTES; at += 1 << 20)
            if (pwrite(init, zeros, 1 << 20, at) != 1 << 20)
                perror("zero"), exit(1);
        free(zeros);
        fsync(init);
    }
    close(init);
    fd = open(path, O_RDWR | O_DIRECT | (strcmp(mode, "odsync") == 0 ? O_DSYNC : 0));
    if (fd < 0)
        perror("open O_DIRECT"), exit(1);
    samples = malloc(sizeof(double) * MAX_SAMPLES);
    pthread_t t[64];
    for (int i = 0; i < threads; i++)
        pthread_create(&t[i], NULL, writer, NULL);
    for (int i = 0; i < threads; i++)
        pthread_join(t[i], NULL);
    struct rusage usage;
    getrusage(RUSAGE_SELF, &usage);
    double cpu = usage.ru_utime.tv_sec + usage.ru_stime.tv_sec + (usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
    long n = atomic_load(&sampled) < MAX_SAMPLES ? atomic_load(&sampled) : MAX_SAMPLES;
    qsort(samples, (size_t)n, sizeof(double), compare);
    printf("%-6s %3zu KiB x%d: %7.0f appends/s  median %6.0f us  p90 %6.0f us  p99 %6.0f us  cpu %5.1f us/append\n", mode, size >> 10,
        threads, atomic_load(&count) / seconds, samples[n / 2], samples[n * 9 / 10], samples[n * 99 / 100], cpu * 1e6 / atomic_load(&count));
    close(fd);
    return 0;
}

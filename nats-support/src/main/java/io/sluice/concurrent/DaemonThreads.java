package io.sluice.concurrent;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The one way Sluice makes its background threads: named (so a thread dump says what each does)
 * and daemon (a service's shutdown never waits on a loop that was not told to stop; each owner
 * stops its executor on its own lifecycle's stop).
 */
public final class DaemonThreads {

    private DaemonThreads() {
    }

    /** Threads named {@code name}. */
    public static ThreadFactory named(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }

    /** Threads named {@code name-1}, {@code name-2}, … in the order they are made. */
    private static ThreadFactory numbered(String name) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> named(name + "-" + count.incrementAndGet()).newThread(runnable);
    }

    /** One thread running tasks in order. */
    public static ExecutorService single(String name) {
        return Executors.newSingleThreadExecutor(named(name));
    }

    /**
     * Up to {@code threads} threads ({@code name-1}, {@code name-2}, …) running tasks side by side,
     * the rest queued; a thread with nothing to do for 30 s ends, so an idle pool holds none.
     */
    public static ExecutorService pool(String name, int threads) {
        ThreadPoolExecutor pool = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                numbered(name));
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }

    /**
     * Threads ({@code name-1}, {@code name-2}, …) made as tasks come and none is free, each ending
     * after 30 s with nothing to do: for tasks that run long but only while they have work, so
     * that the threads follow the work rather than its owners.
     */
    public static ExecutorService cached(String name) {
        return new ThreadPoolExecutor(0, Integer.MAX_VALUE, 30, TimeUnit.SECONDS, new SynchronousQueue<>(), numbered(name));
    }

    /** A started thread running {@code task}: a loop its owner stops and joins on its own lifecycle's stop. */
    public static Thread start(String name, Runnable task) {
        Thread thread = named(name).newThread(task);
        thread.start();
        return thread;
    }

    /** One thread running scheduled tasks. */
    public static ScheduledExecutorService scheduled(String name) {
        return Executors.newSingleThreadScheduledExecutor(named(name));
    }

    /**
     * {@code threads} threads ({@code name-1}, {@code name-2}, …) running scheduled tasks side by
     * side: for short periodic tasks of many owners (one per pipeline), so that a service's thread
     * count does not grow with the pipelines it runs. Each owner cancels its own tasks.
     */
    public static ScheduledExecutorService scheduled(String name, int threads) {
        ScheduledThreadPoolExecutor pool = new ScheduledThreadPoolExecutor(threads, numbered(name));
        // A cancelled owner's task leaves the queue at once rather than at its next turn.
        pool.setRemoveOnCancelPolicy(true);
        return pool;
    }
}

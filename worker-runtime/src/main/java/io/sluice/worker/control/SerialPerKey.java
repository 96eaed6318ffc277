package io.sluice.worker.control;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * Runs the tasks of one key one after another, in the order they were submitted, and the tasks of
 * different keys side by side on a shared executor. Each task sees what the one before it of its
 * key did (a future's completion happens before its dependents run).
 */
final class SerialPerKey {

    private final Executor executor;

    // The last task submitted per key, while it is not done; absent when the key has nothing queued.
    private final Map<String, CompletableFuture<Void>> tails = new ConcurrentHashMap<>();

    SerialPerKey(Executor executor) {
        this.executor = executor;
    }

    /**
     * Runs {@code task} once every task submitted before for {@code key} is done, however those
     * ended. The future completes when it has run; exceptionally with
     * {@link RejectedExecutionException} when the executor was shut down before it could.
     */
    CompletableFuture<Void> submit(String key, Runnable task) {
        CompletableFuture<Void> queued = new CompletableFuture<>();
        CompletableFuture<Void> before = tails.put(key, queued);
        Runnable run = () -> {
            try {
                executor.execute(() -> {
                    try {
                        task.run();
                        queued.complete(null);
                    } catch (Throwable e) {
                        queued.completeExceptionally(e);
                    }
                });
            } catch (RejectedExecutionException e) {
                queued.completeExceptionally(e);
            }
        };
        if (before == null) {
            run.run();
        } else {
            // Whether the one before failed or not, this one runs after it.
            before.whenComplete((ignored, failure) -> run.run());
        }
        queued.whenComplete((ignored, failure) -> tails.remove(key, queued));
        return queued;
    }
}

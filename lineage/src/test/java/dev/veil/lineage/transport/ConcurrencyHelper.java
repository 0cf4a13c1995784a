package dev.veil.lineage.transport;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** Runs {@code perThread} actions on each of {@code threads} threads, all released together. */
final class ConcurrencyHelper {
  private ConcurrencyHelper() {}

  interface Action {
    void run(int thread, int index) throws Exception;
  }

  static void run(int threads, int perThread, Action action) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch start = new CountDownLatch(1);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int thread = t;
        futures.add(
            pool.submit(
                () -> {
                  start.await();
                  for (int i = 0; i < perThread; i++) {
                    action.run(thread, i);
                  }
                  return null;
                }));
      }
      start.countDown();
      for (Future<?> f : futures) {
        f.get(); // rethrows the first failure
      }
    } finally {
      pool.shutdownNow();
    }
  }
}

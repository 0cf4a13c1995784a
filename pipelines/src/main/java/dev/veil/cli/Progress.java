package dev.veil.cli;

import dev.veil.pipelines.EngineRunner;
import java.io.PrintStream;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/** A terminal progress bar for long runs, shown only when stderr is a terminal (or when forced). */
final class Progress implements EngineRunner.ProgressListener, AutoCloseable {
  private final ProgressBar bar;

  Progress(String task, String unit, long unitSize, boolean enabled) {
    this.bar = enabled ? new ProgressBarBuilder().setTaskName(task).setUnit(unit, unitSize).setStyle(ProgressBarStyle.ASCII)
        .setConsumer(new me.tongfei.progressbar.ConsoleProgressBarConsumer(new PrintStream(System.err, true))).setInitialMax(-1).build() : null;
  }

  static boolean interactive() {
    return System.console() != null;
  }

  void step(long done, long total) {
    if (bar == null) return;
    if (total > 0 && bar.getMax() != total) bar.maxHint(total);
    bar.stepTo(done);
  }

  @Override
  public void recordsRead(long total) {
    step(total, -1);
  }

  @Override
  public void bytesRead(long done, long total) {
    step(done, total);
  }

  @Override
  public void close() {
    if (bar != null) bar.close();
  }
}

package dev.lanegrad.nn;

import java.io.PrintStream;
import java.util.Locale;
import java.util.Map;

/**
 * One epoch's progress line, Keras's Progbar in one line: {@code Epoch 2/10 12/32
 * [==========>...................] ETA 0.4s - loss: 0.3512 - accuracy: 0.8750 - 5120 examples/s}:
 * the loss and every compiled metric, and at the end of the epoch the validation's {@code val_}
 * values after them, as Keras prints them. On a terminal it is redrawn in place with {@code \r};
 * otherwise only the finished line prints.
 */
final class Progress {
  private static final int BAR = 30;
  private static final long REDRAW_NANOS = 50_000_000L;

  private final PrintStream out;
  private final boolean live;
  private final int verbose;
  private final String prefix;

  /** Batches per epoch, or -1 when unknown (a dataset of unknown length): then no bar. */
  private int steps;

  private final long start = System.nanoTime();
  private long lastDraw;
  private int lastLength;
  private long seen;
  private int lastStep;

  Progress(PrintStream out, boolean terminal, int verbose, int epoch, int epochs, int steps) {
    this.out = out;
    this.verbose = verbose;
    this.live = terminal && verbose == 1;
    String e = String.valueOf(epochs);
    this.prefix = String.format(Locale.ROOT, "Epoch %" + e.length() + "d/%s", epoch, e);
    this.steps = steps;
  }

  /** Redraws the live line with the running {@code logs} (loss first, then the metrics). */
  void update(int step, long seen, Map<String, Double> logs) {
    this.seen = seen;
    this.lastStep = step;
    if (!live || steps < 0) {
      return;
    }
    long now = System.nanoTime();
    if (step < steps && now - lastDraw < REDRAW_NANOS) {
      return;
    }
    lastDraw = now;
    double elapsed = (now - start) / 1e9;
    double eta = step == 0 ? 0 : elapsed / step * (steps - step);
    StringBuilder b = new StringBuilder();
    b.append(prefix).append(' ').append(counter(step)).append(' ').append(bar(step));
    b.append(" ETA ").append(duration(eta));
    for (Map.Entry<String, Double> e : logs.entrySet()) {
      b.append(" - ").append(e.getKey()).append(": ").append(number(e.getValue()));
    }
    b.append(" - ").append(rate(seen, elapsed));
    draw(b.toString(), false);
  }

  void end(Map<String, Double> logs) {
    if (verbose == 0) {
      return;
    }
    double elapsed = (System.nanoTime() - start) / 1e9;
    if (steps < 0) {
      steps = lastStep; // known at the end of the pass
    }
    StringBuilder b = new StringBuilder();
    b.append(prefix).append(' ').append(counter(steps)).append(' ').append(bar(steps));
    b.append(' ').append(duration(elapsed)).append(' ');
    b.append(duration(steps == 0 ? 0 : elapsed / steps)).append("/step");
    for (Map.Entry<String, Double> e : logs.entrySet()) {
      b.append(" - ").append(e.getKey()).append(": ").append(number(e.getValue()));
    }
    b.append(" - ").append(rate(seen, elapsed));
    draw(b.toString(), true);
  }

  private void draw(String line, boolean last) {
    if (live) {
      int pad = Math.max(0, lastLength - line.length());
      out.print("\r" + line + " ".repeat(pad) + (last ? "\n" : ""));
      // the screen still shows the widest frame so far: pad over all of it next time
      lastLength = line.length() + pad;
    } else {
      out.println(line);
    }
    out.flush();
  }

  private String counter(int step) {
    String s = String.valueOf(steps);
    return String.format(Locale.ROOT, "%" + s.length() + "d/%s", step, s);
  }

  private String bar(int step) {
    int done = steps == 0 ? BAR : (int) ((long) BAR * step / steps);
    StringBuilder b = new StringBuilder(BAR + 2).append('[');
    if (step >= steps) {
      b.append("=".repeat(BAR));
    } else {
      b.append("=".repeat(Math.max(0, done - 1))).append('>');
      b.append(".".repeat(BAR - Math.max(1, done)));
    }
    return b.append(']').toString();
  }

  /** As Keras's Progbar: 4 decimals, scientific below 1e-3. */
  static String number(double v) {
    if (v != 0 && Math.abs(v) < 1e-3) {
      return String.format(Locale.ROOT, "%.4e", v);
    }
    return String.format(Locale.ROOT, "%.4f", v);
  }

  static String duration(double seconds) {
    if (seconds >= 1) {
      return String.format(Locale.ROOT, "%.1fs", seconds);
    }
    if (seconds >= 1e-3) {
      return String.format(Locale.ROOT, "%dms", Math.round(seconds * 1e3));
    }
    return String.format(Locale.ROOT, "%dus", Math.round(seconds * 1e6));
  }

  private static String rate(long seen, double elapsed) {
    return (elapsed > 0 ? Math.round(seen / elapsed) : 0) + " examples/s";
  }
}

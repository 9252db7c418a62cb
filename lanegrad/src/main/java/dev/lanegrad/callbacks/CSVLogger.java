package dev.lanegrad.callbacks;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Writes one CSV row per epoch, as Keras's {@code tf.keras.callbacks.CSVLogger}: a header {@code
 * epoch,accuracy,loss,val_accuracy,val_loss} (the first epoch's keys sorted, with {@code val_}
 * twins added when there were none, their cells {@code NA}), then rows of numbers printed as Python
 * prints them ({@code 0,0.5,0.6931471824645996,NA,NA}), epochs from 0, flushed each epoch.
 *
 * <pre>{@code
 * new CSVLogger(Path.of("run/log.csv"))                 // replaces the file at the start of fit
 * new CSVLogger(Path.of("run/log.csv"), ";", true)      // appends; a header only if it is empty
 * }</pre>
 */
public final class CSVLogger extends Callback implements AutoCloseable {
  private final Path file;
  private final String separator;
  private final boolean append;
  private BufferedWriter out;
  private List<String> keys;
  private boolean writeHeader;

  /** A logger that replaces {@code file}, with {@code ','} between cells. */
  public CSVLogger(Path file) {
    this(file, ",", false);
  }

  /**
   * A logger with a separator of one character, appending to an existing file if {@code append}.
   *
   * @throws IllegalArgumentException for a null file, or a separator that is not one character (or
   *     is a quote or line break)
   */
  public CSVLogger(Path file, String separator, boolean append) {
    if (file == null) {
      throw new IllegalArgumentException("CSVLogger: the file is null");
    }
    if (separator == null
        || separator.length() != 1
        || separator.equals("\"")
        || separator.equals("\n")
        || separator.equals("\r")) {
      throw new IllegalArgumentException(
          "CSVLogger: the separator must be one character (not a quote or line break), got "
              + (separator == null ? "null" : "\"" + separator + "\""));
    }
    this.file = file;
    this.separator = separator;
    this.append = append;
  }

  /**
   * @throws UncheckedIOException if the file cannot be opened (naming it)
   */
  @Override
  public void onTrainBegin(Map<String, Double> logs) {
    closeQuietly();
    keys = null;
    try {
      writeHeader = !(append && Files.exists(file) && Files.size(file) > 0);
      out =
          Files.newBufferedWriter(
              file,
              StandardCharsets.UTF_8,
              StandardOpenOption.CREATE,
              StandardOpenOption.WRITE,
              append ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException("CSVLogger: cannot open " + file + ": " + e, e);
    }
  }

  /**
   * @throws UncheckedIOException if the row cannot be written (naming the file)
   */
  @Override
  public void onEpochEnd(int epoch, Map<String, Double> logs) {
    if (out == null) {
      throw new IllegalStateException("CSVLogger.onEpochEnd: onTrainBegin was not called");
    }
    logs = orEmpty(logs);
    if (keys == null) {
      keys = new ArrayList<>(logs.keySet());
      keys.sort(null);
      if (keys.stream().noneMatch(k -> k.startsWith("val_"))) {
        List<String> val = new ArrayList<>();
        for (String k : keys) {
          val.add("val_" + k);
        }
        keys.addAll(val);
      }
    }
    try {
      if (writeHeader) {
        List<String> h = new ArrayList<>();
        h.add("epoch");
        for (String k : keys) {
          h.add(cell(k));
        }
        out.write(String.join(separator, h) + "\r\n");
        writeHeader = false;
      }
      List<String> row = new ArrayList<>();
      row.add(Integer.toString(epoch));
      for (String k : keys) {
        Double v = logs.get(k);
        row.add(v == null ? "NA" : Monitor.pythonFloat(v));
      }
      // Python's csv module (the excel dialect Keras uses) ends rows with \r\n
      out.write(String.join(separator, row) + "\r\n");
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException("CSVLogger: cannot write " + file + ": " + e, e);
    }
  }

  @Override
  public void onTrainEnd(Map<String, Double> logs) {
    try {
      if (out != null) {
        out.close();
      }
    } catch (IOException e) {
      throw new UncheckedIOException("CSVLogger: cannot close " + file + ": " + e, e);
    } finally {
      out = null;
    }
  }

  private String cell(String s) {
    if (s.contains(separator) || s.contains("\"") || s.contains("\n") || s.contains("\r")) {
      return "\"" + s.replace("\"", "\"\"") + "\"";
    }
    return s;
  }

  /**
   * Closes the file if it is open, keeping the rows written so far; {@code fit} calls it when
   * training fails ({@link #onTrainEnd} closes it when training ends normally). Idempotent.
   */
  @Override
  public void close() {
    closeQuietly();
  }

  private void closeQuietly() {
    if (out != null) {
      try {
        out.close();
      } catch (IOException ignored) {
        // a previous run's stream: its rows were flushed each epoch
      }
      out = null;
    }
  }
}

package dev.lanegrad.nn;

import dev.lanegrad.DType;
import dev.lanegrad.Shape;
import dev.lanegrad.Variable;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;

/**
 * Keras 2.15's {@code model.summary()} text, line for line ({@code keras/src/utils/layer_utils.py},
 * {@code print_summary} for sequential-like models: 65 columns, fields ending at 29, 55 and 65).
 */
final class Summary {
  private static final int LINE = 65;
  private static final int[] POSITIONS = {29, 55, 65}; // int(65 * p) for p in [.45, .85, 1.]

  private Summary() {}

  static String of(Model model) {
    List<Layer> layers;
    List<String> shapes = new ArrayList<>();
    if (model instanceof Sequential s) {
      layers = s.layers();
      Shape in = model.buildShape();
      if (in == null) {
        throw new IllegalStateException(
            "Model \""
                + model.name()
                + "\".summary: this model has not yet been built. Build the model first by"
                + " calling it on a batch of data, or give its first layer an input shape"
                + " (inputShape(...))");
      }
      Layer.Spec spec = new Layer.Spec(in, DType.FLOAT32);
      for (Layer l : layers) {
        Layer.Spec next = null;
        if (spec != null) {
          try {
            next = l.checkInput(spec.shape(), spec.dtype());
          } catch (IllegalArgumentException | IllegalStateException e) {
            next = null;
          }
        }
        shapes.add(next == null ? "?" : batchless(next.shape()));
        spec = next;
      }
    } else {
      // a subclassed model's layers have no recorded connections: Keras prints "multiple"
      layers = model.childLayers();
      for (int i = 0; i < layers.size(); i++) {
        shapes.add("multiple");
      }
    }
    StringBuilder b = new StringBuilder();
    b.append("Model: \"").append(model.name()).append("\"\n");
    b.append("_".repeat(LINE)).append('\n');
    row(b, "Layer (type)", "Output Shape", "Param #");
    b.append("=".repeat(LINE)).append('\n');
    for (int i = 0; i < layers.size(); i++) {
      Layer l = layers.get(i);
      String params = l.built() ? Long.toString(l.countParams()) : "0 (unused)";
      row(b, l.name() + " (" + typeName(l) + ")", shapes.get(i), params);
      b.append(" ".repeat(LINE)).append('\n'); // Keras prints this blank row after every layer
    }
    b.append("=".repeat(LINE)).append('\n');
    long trainable = count(model.trainableVariables());
    long nonTrainable = count(model.nonTrainableVariables());
    long trainableBytes = bytes(model.trainableVariables());
    long nonTrainableBytes = bytes(model.nonTrainableVariables());
    b.append("Total params: ")
        .append(trainable + nonTrainable)
        .append(" (")
        .append(readable(trainableBytes + nonTrainableBytes))
        .append(")\n");
    b.append("Trainable params: ")
        .append(trainable)
        .append(" (")
        .append(readable(trainableBytes))
        .append(")\n");
    b.append("Non-trainable params: ")
        .append(nonTrainable)
        .append(" (")
        .append(readable(nonTrainableBytes))
        .append(")\n");
    b.append("_".repeat(LINE)).append('\n');
    return b.toString();
  }

  /** A Python tuple with None for the batch axis: {@code (None, 28, 28, 32)}, {@code (None,)}. */
  static String batchless(Shape s) {
    StringBuilder b = new StringBuilder("(None");
    for (int i = 1; i < s.rank(); i++) {
      b.append(", ").append(s.dim(i));
    }
    if (s.rank() <= 1) {
      b.append(',');
    }
    return b.append(')').toString();
  }

  private static String typeName(Layer l) {
    Class<?> c = l.getClass();
    while (c.getSimpleName().isEmpty() && c.getSuperclass() != null) {
      c = c.getSuperclass();
    }
    // Keras's class is Activation; ours is ActivationLayer beside the enum
    return c == ActivationLayer.class ? "Activation" : c.getSimpleName();
  }

  /** Keras's {@code print_row}: each field cut to its column, wrapped onto further lines. */
  private static void row(StringBuilder b, String... fields) {
    String[] left = fields.clone();
    while (anyLeft(left)) {
      StringBuilder line = new StringBuilder();
      for (int col = 0; col < left.length; col++) {
        int start = col > 0 ? POSITIONS[col - 1] : 0;
        int end = POSITIONS[col];
        boolean last = col == POSITIONS.length - 1;
        int space = last ? 0 : 2;
        int cutoff = end - start - space;
        if (!last) {
          cutoff -= 1;
        }
        String fit = left[col].substring(0, Math.min(cutoff, left[col].length()));
        int best = -1;
        for (String cond : new String[] {"),", "},", "],", "',"}) {
          int at = fit.indexOf(cond);
          if (at >= 0 && (best < 0 || at + cond.length() < best)) {
            best = at + cond.length();
          }
        }
        if (best >= 0) {
          cutoff = best;
          fit = fit.substring(0, cutoff);
        }
        if (col == 0) {
          line.append(' ');
        }
        line.append(fit).append(" ".repeat(space));
        left[col] = left[col].substring(Math.min(cutoff, left[col].length()));
        line.append(" ".repeat(Math.max(0, POSITIONS[col] - line.length())));
      }
      b.append(line).append('\n');
    }
  }

  private static boolean anyLeft(String[] a) {
    for (String s : a) {
      if (!s.isEmpty()) {
        return true;
      }
    }
    return false;
  }

  private static long count(List<Variable> vs) {
    long n = 0;
    for (Variable v : vs) {
      n += v.size();
    }
    return n;
  }

  /** Keras's {@code weight_memory_size}: float32 is 4 bytes, float64 8, as the dtype's width. */
  private static long bytes(List<Variable> vs) {
    long n = 0;
    for (Variable v : vs) {
      n += v.size() * v.dtype().byteSize();
    }
    return n;
  }

  /** Keras's {@code readable_memory_size}: {@code 397.54 KB}, {@code 0.00 Byte}. */
  static String readable(double size) {
    String[] units = {"Byte", "KB", "MB", "GB", "TB", "PB"};
    for (String unit : units) {
      if (size / 1024 < 1) {
        return twoDecimals(size) + " " + unit;
      }
      size /= 1024;
    }
    return twoDecimals(size) + " " + units[units.length - 1];
  }

  /** Python's {@code "{:.2f}"}: the exact binary value rounded half to even (1.125 → 1.12). */
  private static String twoDecimals(double x) {
    return new BigDecimal(x).setScale(2, RoundingMode.HALF_EVEN).toPlainString();
  }
}

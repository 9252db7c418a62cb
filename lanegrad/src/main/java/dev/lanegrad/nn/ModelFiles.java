package dev.lanegrad.nn;

import dev.lanegrad.DType;
import dev.lanegrad.Shape;
import dev.lanegrad.Tensor;
import dev.lanegrad.Variable;
import dev.lanegrad.internal.io.AtomicFiles;
import dev.lanegrad.internal.io.Json;
import dev.lanegrad.internal.io.Safetensors;
import dev.lanegrad.metrics.AUC;
import dev.lanegrad.metrics.Accuracy;
import dev.lanegrad.metrics.BinaryAccuracy;
import dev.lanegrad.metrics.CategoricalAccuracy;
import dev.lanegrad.metrics.Mean;
import dev.lanegrad.metrics.MeanAbsoluteError;
import dev.lanegrad.metrics.MeanMetricWrapper;
import dev.lanegrad.metrics.MeanSquaredError;
import dev.lanegrad.metrics.Metric;
import dev.lanegrad.metrics.Precision;
import dev.lanegrad.metrics.Recall;
import dev.lanegrad.metrics.RootMeanSquaredError;
import dev.lanegrad.metrics.SparseCategoricalAccuracy;
import dev.lanegrad.metrics.SparseTopKCategoricalAccuracy;
import dev.lanegrad.metrics.TopKCategoricalAccuracy;
import dev.lanegrad.optimizers.Optimizer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * The whole-model file of {@link Model#save} (a zip, in the manner of Keras 3's {@code .keras}) and
 * the weights file of {@link Model#saveWeights} (safetensors). The layout is in docs/formats.md.
 */
final class ModelFiles {
  static final String FORMAT = "lanegrad.model";
  static final int VERSION = 1;
  static final String METADATA = "metadata.json";
  static final String CONFIG = "config.json";
  static final String WEIGHTS = "model.weights.safetensors";
  static final String OPTIMIZER = "optimizer.safetensors";

  private ModelFiles() {}

  // ---------------------------------------------------------------- whole model

  static void save(Model model, Path file) {
    String op = "Model.save";
    Map<String, Object> config = new LinkedHashMap<>(Serialization.serialize(op, model));
    Map<String, Object> compile = new LinkedHashMap<>();
    Optimizer opt = model.optimizer();
    compile.put("optimizer", opt == null ? null : Serialization.serialize(op, opt));
    String lossName = Losses.name(model.loss());
    compile.put(
        "loss",
        lossName == null
            ? null
            : Serialization.map(
                "class_name", lossName, "from_logits", Losses.fromLogits(model.loss())));
    List<Object> metrics = new ArrayList<>();
    for (Object spec : model.metrics()) {
      metrics.add(spec instanceof Metric m ? metricConfig(m) : spec);
    }
    compile.put("metrics", metrics);
    config.put("compile_config", opt == null ? null : compile);

    Map<String, byte[]> entries = new LinkedHashMap<>();
    entries.put(CONFIG, Json.write(config).getBytes(StandardCharsets.UTF_8));
    entries.put(WEIGHTS, Safetensors.encode(op, weights(op, model), Map.of("format", FORMAT)));
    if (opt != null) {
      Map<String, Tensor> state = new LinkedHashMap<>();
      state.put("iterations", Tensor.of(opt.iterations()));
      for (Variable v : model.trainableVariables()) {
        for (String slot : opt.slotNames()) {
          Tensor t = opt.slot(v, slot);
          if (t != null) {
            state.put(v.name() + "/" + slot, t);
          }
        }
      }
      entries.put(OPTIMIZER, Safetensors.encode(op, state, Map.of("format", FORMAT)));
    }
    Map<String, Object> hashes = new LinkedHashMap<>();
    for (Map.Entry<String, byte[]> e : entries.entrySet()) {
      hashes.put(e.getKey(), sha256(e.getValue()));
    }
    byte[] meta =
        Json.write(Serialization.map("format", FORMAT, "version", (long) VERSION, "sha256", hashes))
            .getBytes(StandardCharsets.UTF_8);
    AtomicFiles.write(
        op,
        file,
        out -> {
          ZipOutputStream zip = new ZipOutputStream(out);
          put(zip, METADATA, meta);
          for (Map.Entry<String, byte[]> e : entries.entrySet()) {
            put(zip, e.getKey(), e.getValue());
          }
          zip.finish();
        });
  }

  private static void put(ZipOutputStream zip, String name, byte[] data) throws IOException {
    ZipEntry e = new ZipEntry(name);
    e.setTime(0); // the same model gives the same bytes
    zip.putNextEntry(e);
    zip.write(data);
    zip.closeEntry();
  }

  @SuppressWarnings("unchecked")
  static Model load(Path file) {
    String op = "Model.load";
    Map<String, byte[]> entries = readZip(op, file);
    String where = op + ": " + file;
    byte[] metaBytes = entry(where, entries, METADATA);
    Map<String, Object> meta = object(where + " " + METADATA, metaBytes);
    if (!FORMAT.equals(meta.get("format"))) {
      throw new IllegalArgumentException(
          where + " is not a lanegrad model file (format " + meta.get("format") + ")");
    }
    if (!(meta.get("version") instanceof Long version) || version < 1) {
      throw new IllegalArgumentException(
          where + " has a bad format version " + meta.get("version"));
    }
    if (version > VERSION) {
      throw new IllegalArgumentException(
          where
              + " has format version "
              + version
              + ", newer than this lanegrad reads ("
              + VERSION
              + ")");
    }
    if (!(meta.get("sha256") instanceof Map<?, ?> hashes)) {
      throw new IllegalArgumentException(where + ": " + METADATA + " has no checksums");
    }
    for (Map.Entry<?, ?> h : hashes.entrySet()) {
      byte[] data = entry(where, entries, (String) h.getKey());
      if (!sha256(data).equals(h.getValue())) {
        throw new IllegalArgumentException(
            where
                + ": entry "
                + h.getKey()
                + " does not match its checksum; the file was altered or damaged");
      }
    }
    if (!hashes.containsKey(CONFIG) || !hashes.containsKey(WEIGHTS)) {
      throw new IllegalArgumentException(
          where + ": " + METADATA + " does not cover the config and weights");
    }
    Map<String, Object> config = object(where + " " + CONFIG, entry(where, entries, CONFIG));
    Model model = Serialization.deserialize(op, config, Model.class);
    Object inner = config.get("config");
    if (!model.built()
        && inner instanceof Map<?, ?> ic
        && ic.get("build_input_shape") instanceof List<?> dims) {
      int[] d = new int[dims.size()];
      d[0] = 1;
      for (int a = 1; a < d.length; a++) {
        d[a] = (int) (long) (Long) dims.get(a);
      }
      model.apply(Tensor.zeros(Shape.of(d), DType.FLOAT32), false);
    }
    Map<String, Tensor> weights =
        Safetensors.decode(op, file + "[" + WEIGHTS + "]", entry(where, entries, WEIGHTS))
            .tensors();
    assign(op, file + "[" + WEIGHTS + "]", model, weights);

    Object cc = config.get("compile_config");
    if (cc instanceof Map<?, ?> compile) {
      Optimizer opt = Serialization.deserialize(op, compile.get("optimizer"), Optimizer.class);
      if (hashes.containsKey(OPTIMIZER)) {
        String name = file + "[" + OPTIMIZER + "]";
        Map<String, Tensor> state =
            Safetensors.decode(op, name, entry(where, entries, OPTIMIZER)).tensors();
        restoreOptimizer(op, name, model, opt, state);
      }
      Loss loss = null;
      if (compile.get("loss") instanceof Map<?, ?> l) {
        loss =
            Losses.byName((String) l.get("class_name"), Boolean.TRUE.equals(l.get("from_logits")));
      }
      if (loss == null) {
        loss =
            (t, p) -> {
              throw new IllegalStateException(
                  "Model \""
                      + model.name()
                      + "\": its loss was not saved (only Losses' factories are); call"
                      + " compile(model.optimizer(), loss) after Model.load");
            };
      }
      List<?> saved = compile.get("metrics") instanceof List<?> m ? m : List.of();
      List<Object> metrics = new ArrayList<>();
      for (Object spec : saved) {
        if (spec instanceof Map<?, ?> mc) {
          Metric m = metric(where, (Map<String, Object>) mc);
          if (m != null) {
            metrics.add(m);
          }
        } else {
          metrics.add(String.valueOf(spec));
        }
      }
      model.compileSpecs(opt, loss, metrics);
    }
    return model;
  }

  private static void restoreOptimizer(
      String op, String name, Model model, Optimizer opt, Map<String, Tensor> state) {
    Tensor it = state.get("iterations");
    if (it == null || it.dtype() != DType.INT64 || it.rank() != 0) {
      throw new IllegalArgumentException(op + ": " + name + " has no int64 scalar \"iterations\"");
    }
    Map<String, Variable> vars = new LinkedHashMap<>();
    for (Variable v : model.trainableVariables()) {
      vars.put(v.name(), v);
    }
    for (Map.Entry<String, Tensor> e : state.entrySet()) {
      if (e.getKey().equals("iterations")) {
        continue;
      }
      int cut = e.getKey().lastIndexOf('/');
      Variable v = cut < 0 ? null : vars.get(e.getKey().substring(0, cut));
      if (v == null) {
        throw new IllegalArgumentException(
            op
                + ": "
                + name
                + " holds state \""
                + e.getKey()
                + "\" for no trainable variable of the model");
      }
      opt.setSlot(v, e.getKey().substring(cut + 1), e.getValue());
    }
    opt.setIterations(it.longValue());
  }

  // ---------------------------------------------------------------- metrics

  /**
   * A metric object's configuration, Keras's names: {@code {"class_name": "AUC", "config": {"name":
   * "auc", "num_thresholds": 200, ...}}}. A metric of another class (a user's own, or a {@link
   * MeanMetricWrapper} around a function) is written with its class name and is not rebuilt.
   */
  private static Map<String, Object> metricConfig(Metric m) {
    Map<String, Object> c = Serialization.map("name", m.name());
    String cls = m.getClass().getSimpleName();
    if (m.getClass().getPackage() != Metric.class.getPackage() || m instanceof Mean) {
      cls = "custom:" + m.getClass().getName();
    } else if (m instanceof AUC a) {
      c.put("num_thresholds", (long) a.numThresholds());
      c.put("curve", a.curve());
      c.put("summation_method", a.summationMethod());
      c.put("from_logits", a.fromLogits());
      c.put("multi_label", a.multiLabel());
      c.put(
          "num_labels", a.multiLabel() && a.numLabels() > 0 ? (Object) (long) a.numLabels() : null);
      double[] lw = a.labelWeights();
      if (lw != null) {
        List<Object> l = new ArrayList<>();
        for (double w : lw) {
          l.add(w);
        }
        c.put("label_weights", l);
      } else {
        c.put("label_weights", null);
      }
    } else if (m instanceof BinaryAccuracy b) {
      c.put("threshold", b.threshold());
    } else if (m instanceof Precision p) {
      c.put("thresholds", p.threshold());
    } else if (m instanceof Recall r) {
      c.put("thresholds", r.threshold());
    } else if (m instanceof TopKCategoricalAccuracy k) {
      c.put("k", (long) k.k());
    } else if (m instanceof SparseTopKCategoricalAccuracy k) {
      c.put("k", (long) k.k());
    } else if (m instanceof dev.lanegrad.metrics.BinaryCrossentropy b) {
      c.put("from_logits", b.fromLogits());
      c.put("label_smoothing", b.labelSmoothing());
    } else if (m instanceof dev.lanegrad.metrics.CategoricalCrossentropy b) {
      c.put("from_logits", b.fromLogits());
      c.put("label_smoothing", b.labelSmoothing());
      c.put("axis", (long) b.axis());
    } else if (m instanceof dev.lanegrad.metrics.SparseCategoricalCrossentropy b) {
      c.put("from_logits", b.fromLogits());
      c.put("ignore_class", b.ignoreClass() == null ? null : (long) (int) b.ignoreClass());
      c.put("axis", (long) b.axis());
    } else if (m instanceof dev.lanegrad.metrics.TruePositives x) {
      c.put("thresholds", x.threshold());
    } else if (m instanceof dev.lanegrad.metrics.TrueNegatives x) {
      c.put("thresholds", x.threshold());
    } else if (m instanceof dev.lanegrad.metrics.FalsePositives x) {
      c.put("thresholds", x.threshold());
    } else if (m instanceof dev.lanegrad.metrics.FalseNegatives x) {
      c.put("thresholds", x.threshold());
    } else if (m instanceof dev.lanegrad.metrics.PrecisionAtRecall x) {
      sweep(c, "recall", x.recall(), x.numThresholds(), x.classId());
    } else if (m instanceof dev.lanegrad.metrics.RecallAtPrecision x) {
      sweep(c, "precision", x.precision(), x.numThresholds(), x.classId());
    } else if (m instanceof dev.lanegrad.metrics.SensitivityAtSpecificity x) {
      sweep(c, "specificity", x.specificity(), x.numThresholds(), x.classId());
    } else if (m instanceof dev.lanegrad.metrics.SpecificityAtSensitivity x) {
      sweep(c, "sensitivity", x.sensitivity(), x.numThresholds(), x.classId());
    } else if (m instanceof dev.lanegrad.metrics.FBetaScore x) {
      c.put("average", x.average());
      if (!(m instanceof dev.lanegrad.metrics.F1Score)) {
        c.put("beta", x.beta());
      }
      c.put("threshold", x.threshold());
    } else if (m instanceof dev.lanegrad.metrics.R2Score x) {
      c.put("class_aggregation", x.classAggregation());
      c.put("num_regressors", (long) x.numRegressors());
    } else if (m instanceof dev.lanegrad.metrics.IoU x) {
      // Keras's get_config keys of each IoU class
      boolean mean = m instanceof dev.lanegrad.metrics.MeanIoU;
      boolean oneHot =
          m instanceof dev.lanegrad.metrics.OneHotIoU
              || m instanceof dev.lanegrad.metrics.OneHotMeanIoU;
      if (m instanceof dev.lanegrad.metrics.BinaryIoU b) {
        c.put("target_class_ids", ids(b.targetClassIds()));
        c.put("threshold", b.threshold());
      } else {
        c.put("num_classes", (long) x.numClasses());
        if (!mean) {
          c.put("target_class_ids", ids(x.targetClassIds()));
        }
        c.put("ignore_class", x.ignoreClass() == null ? null : (long) (int) x.ignoreClass());
        if (!oneHot) {
          c.put("sparse_y_true", x.sparseYTrue());
        }
        c.put("sparse_y_pred", x.sparseYPred());
        c.put("axis", (long) x.axis());
      }
    } else if (m.getClass() == MeanMetricWrapper.class) {
      cls = "custom:" + MeanMetricWrapper.class.getName();
    }
    return Serialization.map("class_name", cls, "config", c);
  }

  private static void sweep(
      Map<String, Object> c, String key, double value, int numThresholds, int classId) {
    c.put(key, value);
    c.put("num_thresholds", (long) numThresholds);
    c.put("class_id", classId < 0 ? null : (Object) (long) classId);
  }

  private static List<Object> ids(int[] ids) {
    List<Object> l = new ArrayList<>();
    for (int id : ids) {
      l.add((long) id);
    }
    return l;
  }

  private static int[] ids(String where, Map<String, Object> c) {
    if (!(c.get("target_class_ids") instanceof List<?> l)) {
      throw new IllegalArgumentException(
          where + ": target_class_ids must be a list, got " + c.get("target_class_ids"));
    }
    int[] out = new int[l.size()];
    for (int i = 0; i < out.length; i++) {
      if (!(l.get(i) instanceof Number x)) {
        throw new IllegalArgumentException(where + ": target_class_ids must be numbers, got " + l);
      }
      out[i] = x.intValue();
    }
    return out;
  }

  private static Integer optionalInt(Map<String, Object> c, String key) {
    return c.get(key) == null ? null : (int) Serialization.num(c, key);
  }

  private static String optionalString(String where, Map<String, Object> c, String key) {
    Object v = c.get(key);
    if (v != null && !(v instanceof String)) {
      throw new IllegalArgumentException(where + ": " + key + " must be a string, got " + v);
    }
    return (String) v;
  }

  /** The metric of {@link #metricConfig}, or null for one that cannot be rebuilt (a custom one). */
  private static Metric metric(String where, Map<String, Object> spec) {
    Object cls = spec.get("class_name");
    if (!(spec.get("config") instanceof Map<?, ?> raw) || !(cls instanceof String name)) {
      throw new IllegalArgumentException(where + ": a malformed metric entry " + spec);
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> c = (Map<String, Object>) raw;
    if (name.startsWith("custom:")) {
      return null;
    }
    if (!(c.get("name") instanceof String n)) {
      throw new IllegalArgumentException(where + ": metric " + name + " has no name: " + spec);
    }
    switch (name) {
      case "AUC":
        {
          AUC.Builder b =
              AUC.builder()
                  .name(n)
                  .numThresholds((int) Serialization.num(c, "num_thresholds"))
                  .curve((String) c.get("curve"))
                  .summationMethod((String) c.get("summation_method"))
                  .fromLogits(Serialization.bool(c, "from_logits"));
          // files written before multi-label AUCs have none of these keys
          if (c.containsKey("multi_label")) {
            b.multiLabel(Serialization.bool(c, "multi_label"));
          }
          if (c.get("num_labels") != null) {
            b.numLabels((int) Serialization.num(c, "num_labels"));
          }
          if (c.get("label_weights") instanceof List<?> lw) {
            double[] w = new double[lw.size()];
            for (int i = 0; i < w.length; i++) {
              if (!(lw.get(i) instanceof Number x)) {
                throw new IllegalArgumentException(
                    where + ": AUC label_weights must be numbers, got " + lw);
              }
              w[i] = x.doubleValue();
            }
            b.labelWeights(w);
          }
          return b.build();
        }
      case "BinaryAccuracy":
        return new BinaryAccuracy(n, Serialization.num(c, "threshold"));
      case "Precision":
        return new Precision(n, Serialization.num(c, "thresholds"));
      case "Recall":
        return new Recall(n, Serialization.num(c, "thresholds"));
      case "TopKCategoricalAccuracy":
        return new TopKCategoricalAccuracy(n, (int) Serialization.num(c, "k"));
      case "SparseTopKCategoricalAccuracy":
        return new SparseTopKCategoricalAccuracy(n, (int) Serialization.num(c, "k"));
      case "Accuracy":
        return new Accuracy(n);
      case "CategoricalAccuracy":
        return new CategoricalAccuracy(n);
      case "SparseCategoricalAccuracy":
        return new SparseCategoricalAccuracy(n);
      case "MeanSquaredError":
        return new MeanSquaredError(n);
      case "MeanAbsoluteError":
        return new MeanAbsoluteError(n);
      case "RootMeanSquaredError":
        return new RootMeanSquaredError(n);
      case "BinaryCrossentropy":
        return new dev.lanegrad.metrics.BinaryCrossentropy(
            n, Serialization.bool(c, "from_logits"), Serialization.num(c, "label_smoothing"));
      case "CategoricalCrossentropy":
        return new dev.lanegrad.metrics.CategoricalCrossentropy(
            n,
            Serialization.bool(c, "from_logits"),
            Serialization.num(c, "label_smoothing"),
            c.containsKey("axis") ? (int) Serialization.num(c, "axis") : -1);
      case "SparseCategoricalCrossentropy":
        // files written before ignore_class and axis have neither key
        return new dev.lanegrad.metrics.SparseCategoricalCrossentropy(
            n,
            Serialization.bool(c, "from_logits"),
            optionalInt(c, "ignore_class"),
            c.containsKey("axis") ? (int) Serialization.num(c, "axis") : -1);
      case "TruePositives":
        return new dev.lanegrad.metrics.TruePositives(n, Serialization.num(c, "thresholds"));
      case "TrueNegatives":
        return new dev.lanegrad.metrics.TrueNegatives(n, Serialization.num(c, "thresholds"));
      case "FalsePositives":
        return new dev.lanegrad.metrics.FalsePositives(n, Serialization.num(c, "thresholds"));
      case "FalseNegatives":
        return new dev.lanegrad.metrics.FalseNegatives(n, Serialization.num(c, "thresholds"));
      case "PrecisionAtRecall":
        return new dev.lanegrad.metrics.PrecisionAtRecall(
            n, Serialization.num(c, "recall"), thresholdCount(c), classId(c));
      case "RecallAtPrecision":
        return new dev.lanegrad.metrics.RecallAtPrecision(
            n, Serialization.num(c, "precision"), thresholdCount(c), classId(c));
      case "SensitivityAtSpecificity":
        return new dev.lanegrad.metrics.SensitivityAtSpecificity(
            n, Serialization.num(c, "specificity"), thresholdCount(c), classId(c));
      case "SpecificityAtSensitivity":
        return new dev.lanegrad.metrics.SpecificityAtSensitivity(
            n, Serialization.num(c, "sensitivity"), thresholdCount(c), classId(c));
      case "FBetaScore":
        return new dev.lanegrad.metrics.FBetaScore(
            n,
            optionalString(where, c, "average"),
            Serialization.num(c, "beta"),
            c.get("threshold") == null ? null : Serialization.num(c, "threshold"));
      case "F1Score":
        return new dev.lanegrad.metrics.F1Score(
            n,
            optionalString(where, c, "average"),
            c.get("threshold") == null ? null : Serialization.num(c, "threshold"));
      case "R2Score":
        return new dev.lanegrad.metrics.R2Score(
            n,
            optionalString(where, c, "class_aggregation"),
            (int) Serialization.num(c, "num_regressors"));
      case "IoU":
        return new dev.lanegrad.metrics.IoU(
            n,
            (int) Serialization.num(c, "num_classes"),
            ids(where, c),
            optionalInt(c, "ignore_class"),
            Serialization.bool(c, "sparse_y_true"),
            Serialization.bool(c, "sparse_y_pred"),
            (int) Serialization.num(c, "axis"));
      case "MeanIoU":
        return new dev.lanegrad.metrics.MeanIoU(
            n,
            (int) Serialization.num(c, "num_classes"),
            optionalInt(c, "ignore_class"),
            Serialization.bool(c, "sparse_y_true"),
            Serialization.bool(c, "sparse_y_pred"),
            (int) Serialization.num(c, "axis"));
      case "OneHotIoU":
        return new dev.lanegrad.metrics.OneHotIoU(
            n,
            (int) Serialization.num(c, "num_classes"),
            ids(where, c),
            optionalInt(c, "ignore_class"),
            Serialization.bool(c, "sparse_y_pred"),
            (int) Serialization.num(c, "axis"));
      case "OneHotMeanIoU":
        return new dev.lanegrad.metrics.OneHotMeanIoU(
            n,
            (int) Serialization.num(c, "num_classes"),
            optionalInt(c, "ignore_class"),
            Serialization.bool(c, "sparse_y_pred"),
            (int) Serialization.num(c, "axis"));
      case "BinaryIoU":
        return new dev.lanegrad.metrics.BinaryIoU(
            n, ids(where, c), Serialization.num(c, "threshold"));
      case "MeanAbsolutePercentageError":
      case "MeanSquaredLogarithmicError":
      case "KLDivergence":
      case "Poisson":
      case "CosineSimilarity":
      case "LogCoshError":
      case "Hinge":
      case "SquaredHinge":
      case "CategoricalHinge":
        return byClass(where, name, n);
      default:
        throw new IllegalArgumentException(where + ": unknown metric class \"" + name + "\"");
    }
  }

  private static int thresholdCount(Map<String, Object> c) {
    return (int) Serialization.num(c, "num_thresholds");
  }

  private static int classId(Map<String, Object> c) {
    return c.get("class_id") == null ? -1 : (int) Serialization.num(c, "class_id");
  }

  /** A metric of this package with a name as its only option, rebuilt by its class name. */
  private static Metric byClass(String where, String cls, String name) {
    try {
      return (Metric)
          Class.forName(Metric.class.getPackageName() + "." + cls)
              .getConstructor(String.class)
              .newInstance(name);
    } catch (ReflectiveOperationException e) {
      throw new IllegalArgumentException(
          where + ": cannot rebuild metric class \"" + cls + "\"", e);
    }
  }

  // ---------------------------------------------------------------- weights only

  static void saveWeights(Model model, Path file) {
    String op = "Model.saveWeights";
    byte[] bytes = Safetensors.encode(op, weights(op, model), Map.of("format", "pt"));
    AtomicFiles.write(op, file, out -> out.write(bytes));
  }

  static void loadWeights(Model model, Path file) {
    String op = "Model.loadWeights";
    assign(op, file.toString(), model, Safetensors.read(op, file).tensors());
  }

  /** The model's variables by name, all of them; a duplicate name is an error. */
  private static Map<String, Tensor> weights(String op, Model model) {
    List<Variable> vars = model.variables();
    if (vars.isEmpty()) {
      throw new IllegalArgumentException(
          op + ": model \"" + model.name() + "\" has no variables yet (build it first)");
    }
    Map<String, Tensor> out = new LinkedHashMap<>();
    for (Variable v : vars) {
      if (out.put(v.name(), v.readValue()) != null) {
        throw new IllegalArgumentException(
            op + ": two variables are named \"" + v.name() + "\"; name the layers apart");
      }
    }
    return out;
  }

  /** Checks every name, dtype and shape first; then assigns all (all or nothing). */
  private static void assign(String op, String name, Model model, Map<String, Tensor> values) {
    List<Variable> vars = model.variables();
    if (vars.isEmpty()) {
      throw new IllegalArgumentException(
          op + ": model \"" + model.name() + "\" has no variables yet (build it first)");
    }
    Set<String> mine = new TreeSet<>();
    for (Variable v : vars) {
      mine.add(v.name());
      Tensor t = values.get(v.name());
      if (t == null) {
        continue;
      }
      if (t.dtype() != v.dtype() || !t.shape().equals(v.shape())) {
        throw new IllegalArgumentException(
            op
                + ": "
                + name
                + " holds \""
                + v.name()
                + "\" as "
                + t.dtype()
                + " "
                + t.shape()
                + ", the model's is "
                + v.dtype()
                + " "
                + v.shape());
      }
    }
    Set<String> theirs = new TreeSet<>(values.keySet());
    if (!mine.equals(theirs)) {
      Set<String> missing = new TreeSet<>(mine);
      missing.removeAll(theirs);
      Set<String> extra = new TreeSet<>(theirs);
      extra.removeAll(mine);
      throw new IllegalArgumentException(
          op
              + ": "
              + name
              + " does not hold the model's weights: missing "
              + missing
              + ", unknown "
              + extra);
    }
    for (Variable v : vars) {
      v.assign(values.get(v.name()));
    }
  }

  // ---------------------------------------------------------------- zip and JSON

  private static Map<String, byte[]> readZip(String op, Path file) {
    Map<String, byte[]> out = new LinkedHashMap<>();
    Set<String> seen = new HashSet<>();
    try (ZipFile zip = new ZipFile(file.toFile())) {
      var es = zip.entries();
      while (es.hasMoreElements()) {
        ZipEntry e = es.nextElement();
        if (!seen.add(e.getName())) {
          throw new IllegalArgumentException(op + ": " + file + " has two entries " + e.getName());
        }
        try (InputStream in = zip.getInputStream(e)) {
          out.put(e.getName(), in.readAllBytes());
        }
      }
    } catch (NoSuchFileException | java.io.FileNotFoundException e) {
      throw new UncheckedIOException(op + ": cannot read " + file + ": no such file", e);
    } catch (ZipException | java.io.EOFException e) {
      throw new IllegalArgumentException(
          op
              + ": "
              + file
              + " is not a lanegrad model file, or it is truncated or damaged: "
              + e.getMessage(),
          e);
    } catch (IOException e) {
      throw new UncheckedIOException(op + ": cannot read " + file + ": " + e, e);
    }
    return out;
  }

  private static byte[] entry(String where, Map<String, byte[]> entries, String name) {
    byte[] b = entries.get(name);
    if (b == null) {
      throw new IllegalArgumentException(
          where + " has no entry " + name + "; it is not a complete lanegrad model file");
    }
    return b;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> object(String where, byte[] b) {
    Object o = Json.parse(where, new String(b, StandardCharsets.UTF_8));
    if (!(o instanceof Map)) {
      throw new IllegalArgumentException(where + ": expected a JSON object");
    }
    return (Map<String, Object>) o;
  }

  private static String sha256(byte[] b) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("Model.save: the JDK has no SHA-256", e);
    }
  }
}

package dev.lanegrad.data;

import dev.lanegrad.DType;
import dev.lanegrad.Shape;
import dev.lanegrad.Tensor;
import dev.lanegrad.internal.Internal;
import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/**
 * Loaders that make a {@link Dataset} from files.
 *
 * <pre>{@code
 * Dataset train = Datasets.idx(dir.resolve("train-images-idx3-ubyte.gz"),
 *     dir.resolve("train-labels-idx1-ubyte.gz"));      // [(28, 28) float32 0..255, () int32]
 * Dataset rows = Datasets.csv(Path.of("iris.csv"), CsvOptions.builder().labelColumn("species")
 *     .columnType("species", DType.INT32).build());   // [(4,) float32, () int32], streamed
 * Dataset arrays = Datasets.npz(Path.of("data.npz"), "x", "y");
 * }</pre>
 *
 * <p>An I/O failure (a missing file, a read error) is an {@link UncheckedIOException} naming the
 * file; a malformed file is an {@link IllegalArgumentException} naming the file and, for a CSV
 * file, the line and column.
 */
public final class Datasets {
  private Datasets() {}

  // ---------------------------------------------------------------- CSV

  /**
   * A CSV file, read line by line on each pass (a file larger than memory streams; add {@link
   * Dataset#cache()} to read it once). The header (or the first line, without a header) is read
   * here to learn the columns; the rest is read as the dataset is iterated, and a bad cell then
   * throws {@code IllegalArgumentException("Datasets.csv: iris.csv line 17, column 3 (\"petal\"):
   * cannot read \"x\" as float32")}. See {@link CsvOptions} for the element's layout.
   *
   * @throws UncheckedIOException if the file cannot be read (naming it)
   * @throws IllegalArgumentException for an empty file, a label or typed column not in the header,
   *     a column-type count that does not match, or packed features of different dtypes
   */
  public static Dataset csv(Path file, CsvOptions options) {
    String op = "Datasets.csv";
    if (file == null || options == null) {
      throw new IllegalArgumentException(op + ": file and options must not be null");
    }
    return new Csv(op, file, options);
  }

  /** {@link #csv(Path, CsvOptions)} with {@link CsvOptions#defaults()}. */
  public static Dataset csv(Path file) {
    return csv(file, CsvOptions.defaults());
  }

  private static final class Csv extends Dataset {
    private final Path file;
    private final CsvOptions o;
    private final String[] names;
    private final DType[] types;
    private final int label;
    private final int[] features;
    private final DType featureType;

    Csv(String op, Path file, CsvOptions o) {
      super(null);
      this.file = file;
      this.o = o;
      String first;
      try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
        first = r.readLine();
        while (first != null && first.isBlank()) {
          first = r.readLine();
        }
      } catch (IOException e) {
        throw new UncheckedIOException(op + ": cannot read " + file + ": " + e, e);
      }
      if (first == null) {
        throw new IllegalArgumentException(op + ": " + file + " is empty");
      }
      List<String> cells = split(op, file, 1, first, o.separator);
      int n = cells.size();
      names = new String[n];
      for (int c = 0; c < n; c++) {
        names[c] = o.header ? cells.get(c).trim() : "column " + c;
      }
      types = new DType[n];
      if (o.typesByIndex != null) {
        if (o.typesByIndex.length != n) {
          throw new IllegalArgumentException(
              op
                  + ": "
                  + file
                  + " has "
                  + n
                  + " columns but columnTypes gives "
                  + o.typesByIndex.length);
        }
        System.arraycopy(o.typesByIndex, 0, types, 0, n);
      } else {
        Arrays.fill(types, o.defaultType);
        for (Map.Entry<String, DType> e : o.typesByName.entrySet()) {
          types[column(op, e.getKey(), "columnType")] = e.getValue();
        }
      }
      if (o.noLabel) {
        label = -1;
      } else if (o.labelName != null) {
        label = column(op, o.labelName, "labelColumn");
      } else {
        int i = o.labelIndex < 0 ? n + o.labelIndex : o.labelIndex;
        if (i < 0 || i >= n) {
          throw new IllegalArgumentException(
              op
                  + ": labelColumn "
                  + o.labelIndex
                  + " is out of range for "
                  + file
                  + "'s "
                  + n
                  + " columns");
        }
        label = i;
      }
      List<Integer> f = new ArrayList<>();
      for (int c = 0; c < n; c++) {
        if (c != label) {
          f.add(c);
        }
      }
      features = f.stream().mapToInt(Integer::intValue).toArray();
      DType ft = features.length == 0 ? o.defaultType : types[features[0]];
      if (o.packFeatures) {
        for (int c : features) {
          if (types[c] != ft) {
            throw new IllegalArgumentException(
                op
                    + ": packed features need one dtype, but column \""
                    + names[c]
                    + "\" of "
                    + file
                    + " is "
                    + types[c]
                    + " and \""
                    + names[features[0]]
                    + "\" is "
                    + ft
                    + "; set the types or packFeatures(false)");
          }
        }
      }
      featureType = ft;
    }

    private int column(String op, String name, String what) {
      for (int c = 0; c < names.length; c++) {
        if (names[c].equals(name)) {
          return c;
        }
      }
      throw new IllegalArgumentException(
          op
              + ": "
              + what
              + " \""
              + name
              + "\" is not a column of "
              + file
              + (o.header
                  ? "; its header has " + Arrays.toString(names)
                  : " (no header: use an index)"));
    }

    @Override
    public long cardinality() {
      return UNKNOWN;
    }

    @Override
    DatasetIterator open() {
      String op = "Datasets.csv";
      BufferedReader r;
      try {
        r = Files.newBufferedReader(file, StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new UncheckedIOException(op + ": cannot read " + file + ": " + e, e);
      }
      return new Dataset.Pass() {
        long line;
        boolean headerSkipped = !o.header;

        @Override
        List<Tensor> advance() {
          try {
            String s;
            while (true) {
              s = r.readLine();
              line++;
              if (s == null) {
                return null;
              }
              if (s.isBlank()) {
                continue;
              }
              if (!headerSkipped) {
                headerSkipped = true;
                continue;
              }
              break;
            }
            return row(op, s, line);
          } catch (IOException e) {
            throw new UncheckedIOException(
                op + ": cannot read " + file + " near line " + line + ": " + e, e);
          }
        }

        @Override
        void release() {
          try {
            r.close();
          } catch (IOException ignored) {
            // nothing was lost: the pass only read the file
          }
        }
      };
    }

    private List<Tensor> row(String op, String s, long line) {
      List<String> cells = split(op, file, line, s, o.separator);
      if (cells.size() != names.length) {
        throw new IllegalArgumentException(
            op
                + ": "
                + file
                + " line "
                + line
                + " has "
                + cells.size()
                + " cells, expected "
                + names.length);
      }
      List<Tensor> out = new ArrayList<>(features.length + 1);
      if (o.packFeatures) {
        Object data = allocate(featureType, features.length);
        for (int i = 0; i < features.length; i++) {
          parseInto(op, line, features[i], cells.get(features[i]), data, i);
        }
        out.add(Internal.make(featureType, Shape.of(features.length), data));
      } else {
        for (int c : features) {
          out.add(scalar(op, line, c, cells.get(c)));
        }
      }
      if (label >= 0) {
        out.add(scalar(op, line, label, cells.get(label)));
      }
      return List.copyOf(out);
    }

    private Tensor scalar(String op, long line, int c, String cell) {
      Object data = allocate(types[c], 1);
      parseInto(op, line, c, cell, data, 0);
      return Internal.make(types[c], Shape.scalar(), data);
    }

    private void parseInto(String op, long line, int c, String cell, Object data, int at) {
      String t = cell.trim();
      DType d = types[c];
      try {
        if (t.isEmpty()) {
          throw new NumberFormatException("empty");
        }
        switch (d) {
          case FLOAT32 -> ((float[]) data)[at] = Float.parseFloat(plainNumber(t));
          case FLOAT64 -> ((double[]) data)[at] = Double.parseDouble(plainNumber(t));
          case INT32 -> ((int[]) data)[at] = Integer.parseInt(t);
          case INT64 -> ((long[]) data)[at] = Long.parseLong(t);
          case BOOL -> ((boolean[]) data)[at] = parseBool(t);
          default -> throw new NumberFormatException(d.toString());
        }
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(
            op
                + ": "
                + file
                + " line "
                + line
                + ", column "
                + (c + 1)
                + " (\""
                + names[c]
                + "\"): cannot read \""
                + cell
                + "\" as "
                + d);
      }
    }

    /** Java's parser also takes {@code 1f}, {@code 2d} and hex; a CSV number is decimal. */
    private static String plainNumber(String t) {
      char last = t.charAt(t.length() - 1);
      if (last == 'f'
          || last == 'F'
          || last == 'd'
          || last == 'D'
          || t.contains("x")
          || t.contains("X")) {
        throw new NumberFormatException(t);
      }
      return t;
    }

    private static boolean parseBool(String t) {
      return switch (t.toLowerCase(java.util.Locale.ROOT)) {
        case "true", "1" -> true;
        case "false", "0" -> false;
        default -> throw new NumberFormatException(t);
      };
    }
  }

  /**
   * Splits one line at the separator, honouring {@code "quoted, cells"} with {@code ""} escapes.
   */
  static List<String> split(String op, Path file, long line, String s, char sep) {
    List<String> out = new ArrayList<>();
    StringBuilder cell = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < s.length(); i++) {
      char ch = s.charAt(i);
      if (quoted) {
        if (ch == '"') {
          if (i + 1 < s.length() && s.charAt(i + 1) == '"') {
            cell.append('"');
            i++;
          } else {
            quoted = false;
          }
        } else {
          cell.append(ch);
        }
      } else if (ch == '"') {
        quoted = true;
      } else if (ch == sep) {
        out.add(cell.toString());
        cell.setLength(0);
      } else {
        cell.append(ch);
      }
    }
    if (quoted) {
      throw new IllegalArgumentException(
          op + ": " + file + " line " + line + " has an unclosed quote (a cell cannot span lines)");
    }
    out.add(cell.toString());
    return out;
  }

  private static Object allocate(DType d, int n) {
    return switch (d) {
      case FLOAT32 -> new float[n];
      case FLOAT64 -> new double[n];
      case INT32 -> new int[n];
      case INT64 -> new long[n];
      case BOOL -> new boolean[n];
      default -> throw new IllegalStateException("Datasets: no column of dtype " + d);
    };
  }

  // ---------------------------------------------------------------- IDX (MNIST)

  /**
   * The IDX files of MNIST and Fashion-MNIST (gzipped or not, told by their first bytes): elements
   * {@code [image, label]}, the image FLOAT32 with the file's values (0 to 255 for {@code ubyte}
   * pixels; divide by 255 in a {@link Dataset#map} to scale, as the Keras tutorials do) and shape
   * {@code (28, 28)}, the label an INT32 scalar. Both files are read into memory once, as bytes.
   *
   * @throws UncheckedIOException if a file cannot be read (naming it)
   * @throws IllegalArgumentException for a file that is not IDX, is truncated, or counts differ
   */
  public static Dataset idx(Path images, Path labels) {
    String op = "Datasets.idx";
    if (images == null || labels == null) {
      throw new IllegalArgumentException(op + ": images and labels must not be null");
    }
    Idx x = Idx.read(op, images);
    Idx y = Idx.read(op, labels);
    if (x.dims[0] != y.dims[0]) {
      throw new IllegalArgumentException(
          op
              + ": "
              + images
              + " holds "
              + x.dims[0]
              + " items but "
              + labels
              + " holds "
              + y.dims[0]);
    }
    int n = x.dims[0];
    int[] rowDims = Arrays.copyOfRange(x.dims, 1, x.dims.length);
    int[] labelDims = Arrays.copyOfRange(y.dims, 1, y.dims.length);
    return new Dataset(null) {
      @Override
      public long cardinality() {
        return n;
      }

      @Override
      DatasetIterator open() {
        return new Dataset.Pass() {
          int i;

          @Override
          List<Tensor> advance() {
            if (i >= n) {
              return null;
            }
            Tensor img = Internal.make(DType.FLOAT32, Shape.of(rowDims), x.floats(i));
            Tensor lab =
                y.type == 0x0D || y.type == 0x0E
                    ? Internal.make(DType.FLOAT32, Shape.of(labelDims), y.floats(i))
                    : Internal.make(DType.INT32, Shape.of(labelDims), y.ints(i));
            i++;
            return List.of(img, lab);
          }
        };
      }
    };
  }

  /** An IDX file: type code, dims, and the raw big-endian payload. */
  private record Idx(int type, int[] dims, int width, int size, ByteBuffer data) {
    static Idx read(String op, Path file) {
      byte[] b;
      try (InputStream raw = new BufferedInputStream(Files.newInputStream(file))) {
        raw.mark(2);
        int b0 = raw.read();
        int b1 = raw.read();
        raw.reset();
        InputStream in = b0 == 0x1f && b1 == 0x8b ? new GZIPInputStream(raw, 1 << 16) : raw;
        b = in.readAllBytes();
      } catch (java.util.zip.ZipException e) {
        throw new IllegalArgumentException(
            op + ": " + file + " is a damaged gzip file: " + e.getMessage());
      } catch (java.io.EOFException e) {
        throw new IllegalArgumentException(op + ": " + file + " is a truncated gzip file");
      } catch (IOException e) {
        throw new UncheckedIOException(op + ": cannot read " + file + ": " + e, e);
      }
      ByteBuffer buf = ByteBuffer.wrap(b); // IDX is big-endian, ByteBuffer's default
      if (b.length < 4 || b[0] != 0 || b[1] != 0) {
        throw new IllegalArgumentException(
            op + ": " + file + " is not an IDX file (its first two bytes are not 0)");
      }
      int type = b[2] & 0xff;
      int size =
          switch (type) {
            case 0x08, 0x09 -> 1;
            case 0x0B -> 2;
            case 0x0C, 0x0D -> 4;
            case 0x0E -> 8;
            default ->
                throw new IllegalArgumentException(
                    op
                        + ": "
                        + file
                        + " has an unknown IDX element type 0x"
                        + Integer.toHexString(type));
          };
      int rank = b[3] & 0xff;
      if (rank < 1 || b.length < 4 + 4L * rank) {
        throw new IllegalArgumentException(
            op + ": " + file + " has a bad IDX header (rank " + rank + ", " + b.length + " bytes)");
      }
      int[] dims = new int[rank];
      long count = 1;
      for (int a = 0; a < rank; a++) {
        dims[a] = buf.getInt(4 + 4 * a);
        if (dims[a] < 0) {
          throw new IllegalArgumentException(
              op + ": " + file + " has a negative dimension " + dims[a]);
        }
        count *= dims[a];
      }
      long need = 4 + 4L * rank + count * size;
      if (b.length != need) {
        throw new IllegalArgumentException(
            op
                + ": "
                + file
                + " is "
                + (b.length < need ? "truncated" : "longer than its header says")
                + ": its header "
                + Arrays.toString(dims)
                + " needs "
                + need
                + " bytes, it has "
                + b.length);
      }
      int width = dims[0] == 0 ? 0 : (int) (count / dims[0]);
      return new Idx(type, dims, width, size, buf.slice(4 + 4 * rank, (int) (count * size)));
    }

    float[] floats(int item) {
      float[] out = new float[width];
      int at = item * width * size;
      for (int j = 0; j < width; j++) {
        out[j] = (float) value(at + j * size);
      }
      return out;
    }

    int[] ints(int item) {
      int[] out = new int[width];
      int at = item * width * size;
      for (int j = 0; j < width; j++) {
        out[j] = (int) value(at + j * size);
      }
      return out;
    }

    private double value(int at) {
      return switch (type) {
        case 0x08 -> data.get(at) & 0xff;
        case 0x09 -> data.get(at);
        case 0x0B -> data.getShort(at);
        case 0x0C -> data.getInt(at);
        case 0x0D -> data.getFloat(at);
        default -> data.getDouble(at);
      };
    }
  }

  // ---------------------------------------------------------------- NPZ

  /**
   * Slices of arrays in a NumPy {@code .npz} file ({@code np.savez(f, x=x, y=y)}), as {@link
   * Dataset#fromTensorSlices} of the named arrays in the given order; with no key, all arrays in
   * the file's order.
   *
   * @throws UncheckedIOException if the file cannot be read (naming it)
   * @throws IllegalArgumentException for a malformed file, a key not in it (the message lists the
   *     keys), or arrays of different lengths
   */
  public static Dataset npz(Path file, String... keys) {
    String op = "Datasets.npz";
    if (file == null) {
      throw new IllegalArgumentException(op + ": file must not be null");
    }
    Map<String, Tensor> arrays;
    try {
      arrays = Tensor.loadNpz(file);
    } catch (UncheckedIOException e) {
      throw new UncheckedIOException(op + ": " + e.getMessage(), e.getCause());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(op + ": " + e.getMessage(), e);
    }
    List<String> names =
        keys == null || keys.length == 0 ? new ArrayList<>(arrays.keySet()) : Arrays.asList(keys);
    if (names.isEmpty()) {
      throw new IllegalArgumentException(op + ": " + file + " holds no array");
    }
    Tensor[] parts = new Tensor[names.size()];
    for (int i = 0; i < parts.length; i++) {
      parts[i] = arrays.get(names.get(i));
      if (parts[i] == null) {
        throw new IllegalArgumentException(
            op + ": " + file + " has no array \"" + names.get(i) + "\"; it has " + arrays.keySet());
      }
    }
    try {
      return Dataset.fromTensorSlices(parts);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          op + ": arrays " + names + " of " + file + ": " + e.getMessage(), e);
    }
  }
}
